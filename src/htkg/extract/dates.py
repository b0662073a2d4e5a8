"""Dates of events and instruments in a text: a date ("on 6 June 2005", "September 20, 2002",
"in March 2004", "in 2009") in the same clause as a verb that dates something (adopted,
approved, ratified, signed, entered into force; launched, opened, held...). The words are found
by pattern and read by dateparser (so "31 February 2005" is no date), as precise as the text:
a day (xsd:date), a month (xsd:gYearMonth) or a year (xsd:gYear). Open periods ("by March
2004", "since 2001", "until 2010"), ranges ("between 2005 and 2010") and denied verbs ("was not
ratified in 2005") date nothing and are left to the curator.

For an instrument's date the subject is the instrument the clause names: the object of an
active verb ("The Presidential Decree of 6 May 2004 approved the National Action Plan": the
plan's approval), else the nearest instrument named before a passive verb or a participle
("the Convention, which was approved in May 2003"; "the Declaration, adopted on 20 September
2002"). Each date says which rules found it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Mention
from .numbers import sentences

__all__ = ["DateMention", "find_dates", "parse_date", "DATE_PREDICATES"]

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DATE = re.compile(
    rf"\b(?P<dmy>(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTHS})\s*,?\s+(?P<y1>{_YEAR}))\b"
    rf"|\b(?P<mdy>(?P<m2>{_MONTHS})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR}))\b"
    rf"|\b(?P<my>(?P<m3>{_MONTHS})\s+(?:of\s+)?(?P<y3>{_YEAR}))\b"
    rf"|\b(?P<y>(?<![-–/.\d])(?P<y4>{_YEAR})(?![-–/]\d|\d|’s|'s|s\b))",
)
#: Words before a date that make it one end of an open period, not the date of an event.
_OPEN = re.compile(r"\b(?:by|since|until|till|before|after|from|through|to|between|as of|up to|prior to|the end of|end of)\s+(?:the\s+)?(?:month\s+of\s+)?$"
                   r"|\bbetween\s+\S+(?:\s+\S+){0,2}\s+and\s+$", re.IGNORECASE)
#: Words before a verb that deny it ("was not ratified", "has yet to adopt"): nothing is dated.
_NEGATED = re.compile(r"\b(?:not|never|n't|yet to|failed to)\s+(?:\w+\s+)?$", re.IGNORECASE)
#: (the verb's pattern, the instrument's date property it gives, or None for an event's date)
DATE_PREDICATES: list[tuple[re.Pattern, str | None, str]] = [
    (re.compile(p, re.IGNORECASE), prop, name)
    for p, prop, name in [
        (r"\b(?:entered|enters|came|comes|went)\s+into\s+(?:force|effect)\b", "dateEnteredIntoForce", "entered into force"),
        (r"\bratifi(?:ed|es|cation)\b", "dateApproved", "ratified"),
        (r"\bapprov(?:ed|es|al)\b", "dateApproved", "approved"),
        (r"\bendorsed\b", "dateApproved", "endorsed"),
        (r"\bacceded\b", "dateApproved", "acceded"),
        (r"\badopt(?:ed|s|ion)\b", "dateAdopted", "adopted"),
        (r"\bsign(?:ed|s|ing)\b", "dateAdopted", "signed"),
        (r"\benacted\b", "dateAdopted", "enacted"),
        (r"\b(?:launched|opened|established|founded|created|set up|held|organi[sz]ed|joined|translated|began|started|introduced|hosted|summari[sz]ed|published|released|presented|amended|revised)\b", None, "an event"),
    ]
]
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|had|has|have)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_INSTRUMENT_WORDS = (
    "Law|Code|Convention|Protocol|Plan|Decree|Programme|Program|Strategy|Agreement|Declaration|"
    "Resolution|Act|Memorandum|Constitution|Regulation|Order|Charter|Treaty|Directive|Amendments?"
)
_CAP = r"[A-Z“\"][\w'’.“”\"-]*"
_CONN = r"(?:(?:of|for|on|against|in|to|and|the|of the|on the|against the|in the|to the),?)"
_INSTRUMENT_NAME = re.compile(rf"\b{_CAP}(?:\s+(?:{_CONN}\s+)*{_CAP})*")
_INSTRUMENT_WORD = re.compile(rf"\b(?:{_INSTRUMENT_WORDS})\b")


@dataclass
class DateMention:
    start: int  # the quote: from the subject (or the date, or the verb) to the end of the last
    end: int
    value: str  # "2005-06-06", "2004-03" or "2009"
    precision: str  # "day", "month" or "year"
    date_start: int
    date_end: int
    predicate: str | None  # an instrument's date property, or None for an event's date
    verb: str
    subject: str | None = None  # the instrument's IRI, when the graph knows it
    subject_name: str | None = None  # the instrument's words, known or not
    rules: list[str] = field(default_factory=list)


@lru_cache(maxsize=512)
def parse_date(words: str, precision: str) -> str | None:
    """An ISO date ("2005-06-06"), month ("2004-03") or year ("2009") for the words of a date
    of that precision ("day", "month" or "year"); None when they are no date. dateparser reads
    the day and the month ("6 June 2005", "Sept. 20, 2002")."""
    words = " ".join(words.split())
    if precision == "year":
        return words if re.fullmatch(_YEAR, words) else None
    import dateparser

    parsed = dateparser.parse(
        words,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"] if precision == "day" else ["month", "year"],
                  "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"},
    )
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%d") if precision == "day" else parsed.strftime("%Y-%m")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut further at a full stop or semicolon before a closing quote ("... violence.”
    In 2003, ..."), which the sentence splitter keeps together."""
    spans, lo = [], start
    for m in re.finditer(r"[.;!?][”\"’)]*\s+(?=[A-Z“\"])", text[start:end]):
        spans.append((lo, start + m.end()))
        lo = start + m.end()
    spans.append((lo, end))
    return spans


def _instrument_names(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    names = []
    for m in _INSTRUMENT_NAME.finditer(text, lo, hi):
        words = m.group(0).rstrip(",.")
        if _INSTRUMENT_WORD.search(words) and len(words.split()) >= 2:
            cut = len(words) - len(re.sub(r"^(?:The|A|An|This|Its|Their)\s+", "", words))
            names.append((m.start() + cut, m.start() + len(words)))
    return names


def find_dates(text: str, mentions: list[Mention]) -> list[DateMention]:
    found: list[DateMention] = []
    instruments = [m for m in mentions if m.iri and m.kind == "instrument"]
    for s_start, s_end in sentences(text):
        for lo, hi in _clauses(text, s_start, s_end):
            verbs = [(m.start(), m.end(), prop, name) for pattern, prop, name in DATE_PREDICATES for m in pattern.finditer(text, lo, hi)
                     if not _NEGATED.search(text[max(lo, m.start() - 24):m.start()])]
            if not verbs:
                continue
            for d in _DATE.finditer(text, lo, hi):
                if _OPEN.search(text[max(lo, d.start() - 30):d.start()]):
                    continue
                precision = "day" if d.group("dmy") or d.group("mdy") else "month" if d.group("my") else "year"
                value = parse_date(d.group(0), precision)
                if value is None:
                    continue
                # the verb nearest the date in the clause (an instrument's verb before an event's)
                v_start, v_end, prop, verb = min(verbs, key=lambda v: (min(abs(v[0] - d.end()), abs(d.start() - v[1])), v[2] is None))
                found.append(_dated(text, lo, hi, d.start(), d.end(), value, precision, v_start, v_end, prop, verb, instruments))
    return found


def _dated(text, lo, hi, d_start, d_end, value, precision, v_start, v_end, prop, verb, instruments) -> DateMention:
    rule = {"day": "a day", "month": "a month", "year": "a year"}[precision]
    read = ", read by dateparser" if precision != "year" else ""
    lead = re.search(r"\b(?:in|on|during|of)\s+$", text[max(lo, d_start - 8):d_start], re.IGNORECASE)
    q_start = d_start - len(lead.group(0)) if lead else d_start  # "In 2003, ...", "on 6 June 2005"
    date = DateMention(min(q_start, v_start), max(d_end, v_end), value, precision, d_start, d_end, prop, verb,
                       rules=[f"pattern: {rule} ({text[d_start:d_end]!r}{read})",
                              f"verb: {text[v_start:v_end]!r} in the same clause" + ("" if prop else " (an event)")])
    if prop is None:
        return date
    # "X approved Y": Y is dated; "Y, which was approved", "Y, adopted on", "Y entered into force": Y
    transitive = prop != "dateEnteredIntoForce"
    active = transitive and not _PASSIVE.search(text[lo:v_start]) and not re.search(r",\s*$", text[lo:v_start])
    after = [(m.start, m.end, m.iri) for m in instruments if v_end <= m.start and m.end <= hi]
    after = after or [(a, b, None) for a, b in _instrument_names(text, v_end, hi)]
    before = [(m.start, m.end, m.iri) for m in instruments if lo <= m.start and m.end <= v_start]
    before = before or [(a, b, None) for a, b in _instrument_names(text, lo, v_start) if not (a <= d_start < b)]
    subject = None
    if active and after:
        subject, how = min(after), "the object of the active verb"
    elif before:
        subject, how = max(before, key=lambda p: p[1]), "the instrument named before the verb"
    if subject is not None:
        s_start, s_end, iri = subject
        date.subject, date.subject_name = iri, text[s_start:s_end]
        date.start, date.end = min(date.start, s_start), max(date.end, s_end)
        date.rules.append(f"subject: {how}, {text[s_start:s_end]!r}" + (" (known to the graph)" if iri else " (not known to the graph)"))
    return date
