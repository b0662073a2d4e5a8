"""Figures that change between reports, linked in the derived graph.

Two figure claims (claims with an `htkg:quantity` that has an exact `schema:value`) give "the
same figure" when they share the indicator, the subject, the unit (or both have none), the
destination (or both have none) and one and the same calendar year (each claim's time node
covers that year only). When two different documents give the same figure with different
values, the build states `?earlier htkg:changesTo ?later`: ?earlier is the claim of the
document issued first (the document's IRI decides between documents of the same day).
`queries/figures-changing-between-reports.rq` then reads the few links instead of comparing
every figure of every report with every other, which no engine does fast at 10^6 triples.

A report's figures are in its own file, but the figure it changes is in another: each compiled
file keeps what its figure claims give (`facts`, in the build cache), and the merge of the
derived graph pairs them across files (`links`), with the years of each time node read off the
merged derived graph (a period's years are derived in the file that defines it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from itertools import combinations, product

import pyoxigraph as ox

from .namespaces import DCTERMS, HTKG, SCHEMA, TIME

__all__ = ["VERSION", "facts", "links", "years_of_lines", "years_of_triples", "link_triples"]

#: Part of each compiled file's cache key: change it when what this module keeps changes.
VERSION = "figures-1"

_QUANTITY, _INDICATOR, _VALUE = ox.NamedNode(str(HTKG.quantity)), ox.NamedNode(str(HTKG.indicator)), ox.NamedNode(str(SCHEMA.value))
_UNIT, _DESTINATION, _ABOUT = ox.NamedNode(str(HTKG.unit)), ox.NamedNode(str(HTKG.destination)), ox.NamedNode(str(HTKG.about))
_HAS_TIME, _START, _SOURCE = ox.NamedNode(str(TIME.hasTime)), ox.NamedNode(str(SCHEMA.startDate)), ox.NamedNode(str(DCTERMS.source))
_YEAR = ox.NamedNode(str(HTKG.year))
CHANGES_TO = ox.NamedNode(str(HTKG.changesTo))
_YEAR_BYTES = f" <{_YEAR.value}> ".encode()


def _number(literal) -> str | None:
    """An exact value in one canonical form, so that 39 and 39.0 are the same figure."""
    if not isinstance(literal, ox.Literal):
        return None
    try:
        number = Decimal(literal.value)
    except InvalidOperation:
        return None
    return str(number.normalize()) if number.is_finite() else None


def facts(triples: Iterable[ox.Triple]) -> list[list[str]]:
    """What each figure claim among one file's statements (stated and derived) gives, as
    [claim, indicator, value, unit, destination, subject, time node, document, issued], unit and
    destination "" when it has none, issued the first day of the document's time node. Sorted,
    for a deterministic cache."""
    by: dict = defaultdict(lambda: defaultdict(list))
    for t in triples:
        by[t.subject][t.predicate].append(t.object)
    rows = set()
    for claim, props in by.items():
        if _QUANTITY not in props:
            continue
        issues = [(document, issued) for document in props.get(_SOURCE, ())
                  for issue in by.get(document, {}).get(_HAS_TIME, ()) for issued in by.get(issue, {}).get(_START, ())]
        for quantity in props.get(_QUANTITY, ()):
            q = by.get(quantity, {})
            units, destinations = q.get(_UNIT, []), q.get(_DESTINATION, [])
            if len(units) > 1 or len(destinations) > 1:
                continue
            unit = units[0].value if units else ""
            destination = destinations[0].value if destinations else ""
            for indicator, raw, subject, time, (document, issued) in product(
                    q.get(_INDICATOR, ()), q.get(_VALUE, ()), props.get(_ABOUT, ()), props.get(_HAS_TIME, ()), issues):
                value = _number(raw)
                if value is not None:
                    rows.add((claim.value, indicator.value, value, unit, destination, subject.value,
                              time.value, document.value, issued.value))
    return [list(row) for row in sorted(rows)]


def years_of_triples(triples: Iterable[ox.Triple]) -> dict[str, set[str]]:
    """Each time node's calendar years (`htkg:year`), from the derived graph's statements."""
    years: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate == _YEAR:
            years[t.subject.value].add(t.object.value)
    return years


def years_of_lines(lines: Iterable[bytes]) -> dict[str, set[str]]:
    """The same, from the merged derived graph's N-Quads lines."""
    years: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if _YEAR_BYTES in line:
            subject, _predicate, rest = line.split(b" ", 2)
            value = rest.split(b'"', 2)[1]
            years[subject[1:-1].decode("utf-8")].add(value.decode("utf-8"))
    return years


def links(rows: Iterable[list[str]], years: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(earlier claim, later claim) for each pair of figures that two documents give
    differently (the module's docstring), sorted."""
    groups: dict[tuple, set[tuple]] = defaultdict(set)
    for claim, indicator, value, unit, destination, subject, time, document, issued in rows:
        covered = years.get(time, set())
        if len(covered) != 1:
            continue
        groups[(indicator, subject, next(iter(covered)), unit, destination)].add((issued, document, claim, value))
    pairs = set()
    for figures in groups.values():
        for a, b in combinations(sorted(figures), 2):
            if a[1] != b[1] and Decimal(a[3]) != Decimal(b[3]):
                pairs.add((a[2], b[2]))  # sorted: a's document was issued first (or has the smaller IRI)
    return sorted(pairs)


def link_triples(pairs: Iterable[tuple[str, str]]) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(a), CHANGES_TO, ox.NamedNode(b)) for a, b in pairs]

