"""The answers of the cross-year library queries (tier-history, indicator-over-years,
destinations-first-last-reported, figures-changing-between-reports) computed another way: by
walking the curated statements of a built dataset with rdflib (periods by their
time:hasBeginning / time:hasEnd, documents by their dcterms:issued), never the direct layer
the queries read. Used on the repository's graph (test_query_answers.py) and on a project with
the synthetic yearly reports added (test_query_crossyear.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from htkg.namespaces import HTKG, SCHEMA, TIME


def issued(g, document) -> dt.date | None:
    """The first day of a document's date of issue ("2013-05" is 1 May 2013)."""
    value = g.value(document, DCTERMS.issued)
    if value is None:
        return None
    text = str(value)
    return dt.date(int(text[:4]), int(text[5:7]) if len(text) >= 7 else 1, int(text[8:10]) if len(text) >= 10 else 1)


def day(g, period, link) -> dt.date | None:
    instant = g.value(period, link) if period is not None else None
    value = g.value(instant, TIME.inXSDDate) if instant is not None else None
    return value.toPython() if isinstance(value, Literal) else None


def years(g, claim) -> tuple[int | None, int | None]:
    """The first and last year of a claim's reference period (None where it gives no date)."""
    period = g.value(claim, HTKG.referencePeriod)
    begin, end = day(g, period, TIME.hasBeginning), day(g, period, TIME.hasEnd)
    return (begin.year if begin else None, end.year if end else None)


def quantity_claims(g) -> set:
    return {c for c in g.subjects(HTKG.claimant, None) if g.value(c, HTKG.quantity) is not None}


def tier_history(g) -> set[tuple]:
    """(country, claim, year of issue, tier) of every tier placement of a country or of an
    actor whose jurisdiction is a country, not negated."""
    rows = set()
    for claim in g.subjects(HTKG.predicate, HTKG.tierPlacement):
        if g.value(claim, HTKG.negated) == Literal(True):
            continue
        about = g.value(claim, HTKG.about)
        countries = {about} if (about, RDF.type, HTKG.Country) in g else set(g.objects(about, HTKG.jurisdiction))
        document = g.value(claim, DCTERMS.source)
        for country in countries:
            rows.add((country, claim, issued(g, document).year, g.value(claim, HTKG.object)))
    return rows


def indicator_over_years(g) -> set[tuple]:
    """(indicator, first year, last year, claim, document, year of issue) of every figure."""
    rows = set()
    for claim in quantity_claims(g):
        document = g.value(claim, DCTERMS.source)
        rows.add((g.value(g.value(claim, HTKG.quantity), HTKG.indicator), *years(g, claim), claim, document, issued(g, document).year))
    return rows


def destination_documents(g) -> dict:
    """Each destination with the documents that report it: a claim about a route to it, or a
    figure of victims taken there."""
    documents = defaultdict(set)
    for claim, route in g.subject_objects(HTKG.about):
        if (route, RDF.type, HTKG.Route) in g:
            for destination in g.objects(route, HTKG.destination):
                documents[destination].add(g.value(claim, DCTERMS.source))
    for claim in quantity_claims(g):
        destination = g.value(g.value(claim, HTKG.quantity), HTKG.destination)
        if destination is not None:
            documents[destination].add(g.value(claim, DCTERMS.source))
    return documents


def destinations_first_last(g) -> set[tuple]:
    """(destination, number of documents, first document, last document): one row for each
    pair when documents of the same day tie."""
    rows = set()
    for destination, documents in destination_documents(g).items():
        dates = {d: issued(g, d) for d in documents}
        first, last = min(dates.values()), max(dates.values())
        for a in (d for d in documents if dates[d] == first):
            for b in (d for d in documents if dates[d] == last):
                rows.add((destination, len(documents), a, b))
    return rows


def figures_changing(g) -> set[tuple]:
    """(earlier claim, later claim) of every two figures of two documents with the same
    subject, indicator, unit, destination and one same calendar year, whose exact values differ;
    the earlier by its document's date of issue, then by the document's IRI."""
    def key(claim):
        q = g.value(claim, HTKG.quantity)
        first, last = years(g, claim)
        return (g.value(claim, HTKG.about), g.value(q, HTKG.indicator), g.value(q, HTKG.unit), first, g.value(q, HTKG.destination))

    figures = [c for c in quantity_claims(g) if g.value(g.value(c, HTKG.quantity), SCHEMA.value) is not None
               and years(g, c)[0] is not None and years(g, c)[0] == years(g, c)[1]]
    rows = set()
    for a in figures:
        for b in figures:
            da, db = g.value(a, DCTERMS.source), g.value(b, DCTERMS.source)
            if da == db or key(a) != key(b):
                continue
            if float(g.value(g.value(a, HTKG.quantity), SCHEMA.value)) == float(g.value(g.value(b, HTKG.quantity), SCHEMA.value)):
                continue
            if (issued(g, da), str(da)) < (issued(g, db), str(db)):
                rows.add((a, b))
    return rows
