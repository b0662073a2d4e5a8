"""Text anchors: find a quote in a source text, check it stands at its offsets, and say where the
nearest match is when it does not. Offsets count Unicode code points; `end` is exclusive
(the Web Annotation TextPositionSelector)."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["Span", "find_all", "nearest_match", "context", "CONTEXT_CHARS"]

#: How many code points of text around a quote go into oa:prefix and oa:suffix.
CONTEXT_CHARS = 32


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
