"""Text anchors: find a quote in a source text, check it stands at its offsets, and say where the
nearest match is when it does not. Offsets count Unicode code points; `end` is exclusive
(the Web Annotation TextPositionSelector)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from .errors import InputError

__all__ = ["Span", "find_all", "nearest_match", "context", "read_text", "CONTEXT_CHARS", "MAX_TEXT_BYTES"]

#: How many code points of text around a quote go into oa:prefix and oa:suffix.
CONTEXT_CHARS = 32
#: The largest source text `read_text` reads with a limit (`htkg anchor`): a document of some
#: twenty thousand pages. Anything bigger is not a document's text (or never ends: /dev/zero).
MAX_TEXT_BYTES = 50 * 1024 * 1024


def read_text(path: str | os.PathLike, *, where: str | None = None, limit: int | None = None) -> tuple[str, bytes]:
    """A source text, decoded as UTF-8, and its bytes. InputError (naming the file and line)
    when it cannot be read, is not UTF-8, or, with `limit`, is bigger than `limit` bytes (read
    no further than that, whatever the file: a pipe or a device may never end)."""
    path = Path(path)
    where = where or str(path)
    try:
        with open(path, "rb") as handle:
            if limit is not None:
                data = handle.read(limit + 1)
                if len(data) > limit:
                    raise InputError(
                        f"more than {limit // (1024 * 1024)} MB: too big for a source text (or a file that never ends)",
                        where=where,
                        hint="name the text file of one document, under sources/",
                    )
            else:
                data = handle.read()
    except IsADirectoryError:
        raise InputError("is a directory", where=where, hint="name a text file under sources/") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=where, hint="name a text file under sources/") from None
    text = decode_utf8(data, where, hint="source texts are UTF-8: convert it (`iconv -f <its encoding> -t UTF-8`), "
                                         "then record its new SHA-256")
    return text, data


def decode_utf8(data: bytes, where: str, *, hint: str) -> str:
    """A text's bytes as UTF-8, or an InputError naming the first bad byte and its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text: the byte 0x{data[exc.start]:02x} at byte {exc.start} (line {line}) is not valid UTF-8",
            where=f"{where}:{line}",
            hint=hint,
        ) from None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def find_all(text: str, quote: str) -> list[Span]:
    """Every place the quote stands in the text, in order."""
    if not quote:
        return []
    spans, at = [], text.find(quote)
    while at != -1:
        spans.append(Span(at, at + len(quote), quote))
        at = text.find(quote, at + 1)
    return spans


def nearest_match(text: str, quote: str, near: int | None = None) -> Span | None:
    """The place the quote stands, or, when it is nowhere exactly, the passage that shares the
    longest run of characters with it (widened to the quote's length) — what a curator needs to
    see to repair a quote that was mistyped or whose text moved."""
    exact = find_all(text, quote)
    if exact:
        if near is None:
            return exact[0]
        return min(exact, key=lambda s: abs(s.start - near))
    if not quote or not text:
        return None
    matcher = SequenceMatcher(None, text, quote, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(quote))
    if block.size == 0:
        return None
    start = max(0, block.a - block.b)
    end = min(len(text), start + len(quote))
    return Span(start, end, text[start:end])


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The prefix and suffix of a span, for an oa:TextQuoteSelector."""
    return text[max(0, start - width) : start], text[end : end + width]
