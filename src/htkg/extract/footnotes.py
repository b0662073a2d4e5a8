"""Footnotes as citation candidates: a paragraph that opens with a superscript number ("⁹
Azerbaijan Migration Center (2010). Annual report ...") or a bracketed one ("[9] ..."), with
its number, its text (quote and offsets), the addresses and access dates it gives, and where in
the main text its marker stands."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Footnote", "find_footnotes", "iso_date", "cited_title"]

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_OPENING = re.compile(r"^(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])[ \t]+(?P<body>\S[^\n]*)$", re.M)
_URL = re.compile(r"https?://[^\s<>)\]]+")
_ACCESSED = re.compile(r"(?:date of access|accessed(?: on)?|retrieved(?: on)?)[:\s]+(?P<date>\d{1,2}[ .]\w+[ .]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})", re.I)


@dataclass
class Footnote:
    number: int
    start: int
    end: int
    urls: list[str] = field(default_factory=list)
    accessed: str | None = None
    markers: list[int] = field(default_factory=list)  # offsets of the marker in the main text
    rules: list[str] = field(default_factory=list)


def iso_date(value: str | None) -> str | None:
    """An access date as printed ("02.03.2013", "31 May 2012", "2013-03-02") as YYYY-MM-DD."""
    from datetime import datetime

    if not value:
        return None
    for fmt in ("%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    return None


_LEAD = re.compile(r"^(?:for (?:more|details)(?:,)? see:?|see(?:,? for instance,)?:?|cf\.)\s*", re.I)


def cited_title(body: str) -> str:
    """A first guess at the cited work's title: the footnote without "See:" and without what
    follows "Available at"."""
    title = _LEAD.sub("", body)
    title = re.split(r"\.?\s*Available at|\s*<http", title)[0]
    return title.replace("*", "").strip().rstrip(".,;:") or body.strip()


def _number(mark: str) -> int:
    return int(mark.strip("[]").translate(_SUPERSCRIPT))


def find_footnotes(text: str) -> list[Footnote]:
    notes = []
    for m in _OPENING.finditer(text):
        number = _number(m.group("mark"))
        body_start, body_end = m.start("body"), m.end("body")
        while body_end > body_start and text[body_end - 1] in " \t":
            body_end -= 1
        note = Footnote(number, body_start, body_end, rules=[f"pattern: a line opening with the footnote mark {m.group('mark')}"])
        body = text[body_start:body_end]
        note.urls = [u.rstrip(".,;>") for u in _URL.findall(body)]
        accessed = _ACCESSED.search(body)
        note.accessed = accessed.group("date") if accessed else None
        mark = m.group("mark")
        for marker in re.finditer(re.escape(mark), text):
            if marker.start() != m.start() and (marker.start() == 0 or text[marker.start() - 1] != "\n"):
                if mark.startswith("[") or not (text[marker.end():marker.end() + 1] in "⁰¹²³⁴⁵⁶⁷⁸⁹" or text[marker.start() - 1:marker.start()] in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
                    note.markers.append(marker.start())
        notes.append(note)
    return notes
