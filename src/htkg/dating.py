"""One representation of time for everything the graph dates: claims, events, routes,
documents and legal instruments.

The curated files give time in four forms: a claim's `htkg:referencePeriod`, an event's
`htkg:time` and a route's `htkg:period` name an OWL-Time interval (`time:hasBeginning` /
`time:hasEnd`, each an instant with `time:inXSDDate`); a document's `dcterms:issued` and an
instrument's `htkg:dateAdopted`, `htkg:dateApproved` and `htkg:dateEnteredIntoForce` are
literals (`xsd:date`, `xsd:gYearMonth` or `xsd:gYear`). The build states, in the derived graph:

- `?thing time:hasTime ?t`: the one link from a dated thing to its time node, which is the
  period the curated file names, or for a literal date the period named after it
  (`period:2013-05` for "2013-05"^^xsd:gYearMonth, the name a curator would give it), or
  `period:undated` when the thing's file gives no time at all ("undated" is stated, not left
  out);
- on each time node: `schema:startDate` and `schema:endDate` (xsd:date, the first and last day
  it covers, where known), `htkg:year` (each calendar year it covers, when both ends are known)
  and `htkg:timePrecision` (a concept of `cpt:time-precisions`: a day, a calendar month, a
  calendar year, several calendar years, a range of dates, open at the start, open at the end,
  undated).

Everything is derived per curated file, like the rest of the derived graph: a period's facts
come from the file that defines it, a thing's link from the file that dates it. One thing is
settled when the files' parts are merged (`settle`): a thing typed in one file and dated in
another (the national action plan, typed in graph/reference.ttl and dated in a document) is
undated in the first; the merge drops that `period:undated` link."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import CPT, DCTERMS, HTKG, PERIOD, SCHEMA, TIME

__all__ = ["VERSION", "READ", "UNDATED", "derive_time", "settle", "superseded", "period_of_literal", "time_facts"]

#: Part of each compiled file's cache key: a change to what this module (or htkg.direct) derives
#: recompiles.
VERSION = "dating-1, quotes-1"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_HAS_TIME = ox.NamedNode(str(TIME.hasTime))
_HAS_BEGINNING, _HAS_END = ox.NamedNode(str(TIME.hasBeginning)), ox.NamedNode(str(TIME.hasEnd))
_IN_XSD_DATE = ox.NamedNode(str(TIME.inXSDDate))
_START_DATE, _END_DATE = ox.NamedNode(str(SCHEMA.startDate)), ox.NamedNode(str(SCHEMA.endDate))
_YEAR, _PRECISION = ox.NamedNode(str(HTKG.year)), ox.NamedNode(str(HTKG.timePrecision))
_DATE, _INTEGER = ox.NamedNode(_XSD + "date"), ox.NamedNode(_XSD + "integer")

#: The time node of a thing its file gives no time for.
UNDATED = ox.NamedNode(str(PERIOD.undated))

#: Properties that link a thing to a period (an OWL-Time interval).
_PERIOD_LINKS = tuple(ox.NamedNode(str(HTKG[p])) for p in ("referencePeriod", "time", "period"))
#: Properties whose value is a date literal.
_DATE_LINKS = (
    ox.NamedNode(str(DCTERMS.issued)),
    *(ox.NamedNode(str(HTKG[p])) for p in ("dateAdopted", "dateApproved", "dateEnteredIntoForce")),
)
#: Every property this module reads (derive_time needs the statements through these only).
READ = frozenset((_RDF_TYPE, _HAS_BEGINNING, _HAS_END, _IN_XSD_DATE, *_PERIOD_LINKS, *_DATE_LINKS))
#: The classes whose members have a time (or are stated to be undated), with their subclasses.
DATED_CLASSES = tuple(str(HTKG[c]) for c in ("Claim", "Event", "Route", "Document", "LegalInstrument"))


def _precision(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(CPT[name]))


DAY, MONTH, YEAR = _precision("exact-day"), _precision("calendar-month"), _precision("calendar-year")
YEARS, RANGE = _precision("calendar-years"), _precision("date-range")
OPEN_START, OPEN_END, UNDATED_PRECISION = _precision("open-start"), _precision("open-end"), _precision("undated")

_LEXICAL = {
    "date": re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$"),
    "dateTime": re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})T"),
    "gYearMonth": re.compile(r"^(-?\d{4,})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$"),
    "gYear": re.compile(r"^(-?\d{4,})(?:Z|[+-]\d{2}:\d{2})?$"),
}


def _bounds_of_literal(literal: ox.Literal) -> tuple[str, dt.date, dt.date] | None:
    """(name of its period, first day, last day) of a date literal, or None when it is not one."""
    kind = literal.datatype.value.removeprefix(_XSD)
    pattern = _LEXICAL.get(kind)
    match = pattern.match(literal.value) if pattern else None
    if match is None:
        return None
    try:
        parts = [int(g) for g in match.groups()]
        if kind in ("date", "dateTime"):
            day = dt.date(*parts)
            return day.isoformat(), day, day
        if kind == "gYearMonth":
            year, month = parts
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last)
        (year,) = parts
        return f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def period_of_literal(literal: ox.Literal) -> ox.NamedNode | None:
    """The period a date literal stands for, named as a curator names one (`period:2004-05-06`,
    `period:2013-05`, `period:1995`), or None when the literal is not a date."""
    bounds = _bounds_of_literal(literal)
    return ox.NamedNode(str(PERIOD[bounds[0]])) if bounds else None


def _day(value: ox.Literal) -> dt.date | None:
    match = _LEXICAL["date"].match(value.value) or _LEXICAL["dateTime"].match(value.value)
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def time_facts(node: ox.NamedNode, begin: dt.date | None, end: dt.date | None) -> list[ox.Triple]:
    """The direct statements of a time node from its first and last day (either may be unknown)."""
    out = []
    if begin is not None:
        out.append(ox.Triple(node, _START_DATE, ox.Literal(begin.isoformat(), datatype=_DATE)))
    if end is not None:
        out.append(ox.Triple(node, _END_DATE, ox.Literal(end.isoformat(), datatype=_DATE)))
    if begin is not None and end is not None:
        out += [ox.Triple(node, _YEAR, ox.Literal(str(y), datatype=_INTEGER)) for y in range(begin.year, end.year + 1)]
    out.append(ox.Triple(node, _PRECISION, _classify(begin, end)))
    return out


def _classify(begin: dt.date | None, end: dt.date | None) -> ox.NamedNode:
    if begin is None and end is None:
        return UNDATED_PRECISION
    if begin is None:
        return OPEN_START
    if end is None:
        return OPEN_END
    if begin == end:
        return DAY
    whole_years = begin.month == 1 and begin.day == 1 and end.month == 12 and end.day == 31
    if whole_years:
        return YEAR if begin.year == end.year else YEARS
    if (begin.year, begin.month) == (end.year, end.month) and begin.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return MONTH
    return RANGE


def derive_time(triples: Iterable[ox.Triple], superclasses: dict[str, list[str]]) -> set[ox.Triple]:
    """What one file's statements give of the one representation of time (the module's
    docstring): the facts of the periods it defines and of the dates it states, and for each
    thing it types or dates, its time node (`period:undated` when the file gives none)."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if t.predicate in READ:
            by_subject[t.subject][t.predicate].append(t.object)
    dated_classes = set(DATED_CLASSES)
    out: set[ox.Triple] = set()
    for subject, props in by_subject.items():
        if not isinstance(subject, ox.NamedNode):
            continue
        # A period: its first and last day, from its instants.
        if _HAS_BEGINNING in props or _HAS_END in props:
            begins, ends = (
                [d for instant in props.get(link, ()) for v in by_subject.get(instant, {}).get(_IN_XSD_DATE, ())
                 if isinstance(v, ox.Literal) and (d := _day(v)) is not None]
                for link in (_HAS_BEGINNING, _HAS_END)
            )
            out.update(time_facts(subject, min(begins) if begins else None, max(ends) if ends else None))
        times = [p for link in _PERIOD_LINKS for p in props.get(link, ()) if isinstance(p, ox.NamedNode)]
        for link in _DATE_LINKS:
            for value in props.get(link, ()):
                if isinstance(value, ox.Literal) and (bounds := _bounds_of_literal(value)) is not None:
                    node = ox.NamedNode(str(PERIOD[bounds[0]]))
                    times.append(node)
                    out.update(time_facts(node, bounds[1], bounds[2]))
        types = {o.value for o in props.get(_RDF_TYPE, ()) if isinstance(o, ox.NamedNode)}
        kinds = types | {c for t in types for c in superclasses.get(t, ())}
        if times:
            out.update(ox.Triple(subject, _HAS_TIME, t) for t in times)
        elif kinds & dated_classes:
            out.add(ox.Triple(subject, _HAS_TIME, UNDATED))
            out.add(ox.Triple(UNDATED, _PRECISION, UNDATED_PRECISION))
    return out


_HAS_TIME_BYTES = b" <" + _HAS_TIME.value.encode() + b"> "
_UNDATED_BYTES = b" <" + UNDATED.value.encode() + b"> "


def settle(lines: set[bytes]) -> None:
    """Drop, from the merged derived graph's N-Quads lines, the `period:undated` link of each
    thing that another file dates (the module's docstring)."""
    dated: set[bytes] = set()
    undated: list[tuple[bytes, bytes]] = []
    for line in lines:
        if _HAS_TIME_BYTES in line:
            subject = line.split(b" ", 1)[0]
            if _UNDATED_BYTES in line:
                undated.append((subject, line))
            else:
                dated.add(subject)
    for subject, line in undated:
        if subject in dated:
            lines.discard(line)


def superseded(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The `period:undated` links among these derived statements that `settle` drops."""
    triples = list(triples)
    dated = {t.subject for t in triples if t.predicate == _HAS_TIME and t.object != UNDATED}
    return [t for t in triples if t.predicate == _HAS_TIME and t.object == UNDATED and t.subject in dated]
