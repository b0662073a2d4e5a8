"""Leave-one-out evaluation of `htkg extract` on the curated documents.

For each document with a curated file graph/<slug>.ttl: build the gazetteer without that file
and its record (so the document's own entities are unknown), propose its claims, and compare
with its curated claims:

- figures: a proposed figure is right when a curated quantity claim has the same value (or
  bounds) and the same indicator, and their quotes overlap; "+ year" also asks for the same
  reference period (curated periods that are not calendar years, such as a report's reporting
  period, can never match a year found in the text);
- tier placements and country roles: right when a curated claim has the same predicate, object
  and subject, and their quotes overlap;
- the claimant of each figure found (right value and indicator): the curated claimant or not;
- routes: a proposed route is right when a curated claim about a route with the same
  destination and form of exploitation has a quote that overlaps the proposal's; recall is
  over the curated routes;
- footnotes: a proposed footnote is right when a curated citation's quote overlaps it (a
  footnote citing two works has two citations);
- mentions: judged inside curated quotes only. A mention inside a claim's quote is right when
  the claim (or its quantity) names the linked IRI, wrong when the claim names another entity
  whose label (in the full graph) is the mention's words, unjudged otherwise (the curated
  claim says nothing about those words). Recall: of the places and actors the curated
  claims name whose label (in the full graph) stands in the claim's quote, how many were found
  there with the right IRI (and, on a second line, the same among the entities the held-out
  gazetteer knows: the others can only be proposed as new names);
- new actors: a proposed name is right when it is a label of an actor that only the held-out
  document declares and its claims name; recall over those actors;
- dates: the curated dates of instruments and events are the claims that give an instrument a
  date (htkg:predicate htkg:dateAdopted, htkg:dateApproved or htkg:dateEnteredIntoForce, and
  the date as object) and the claims about an event whose time is one day, one calendar month
  or one calendar year, each (thing dated, date) counted once, with the quotes of all its
  claims. A proposed date is right when a curated one has the same date, as precise, and a
  quote that overlaps the proposal's; recall is over the curated (thing, date) pairs. Dates the
  draft writes commented out (an event's, an unknown instrument's) are proposals too.

The synthetic yearly reports of tests/data/reports/ (written for the tests, with the claims a
curator would record in *.expected.json) are measured too, each added to a copy of the project:
figures by value (or bounds), indicator and year; dates by date and the instrument's date
property (none for an event's date).

    python3 bench/extract.py            # prints the Markdown tables of bench/README.md
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import rdflib
from rdflib import RDF, URIRef

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from htkg.extract.draft import propose  # noqa: E402
from htkg.extract.graphindex import load_index  # noqa: E402
from htkg.project import Project  # noqa: E402

H = rdflib.Namespace("https://w3id.org/htkg/ontology#")
S = rdflib.Namespace("https://schema.org/")
ID = "https://w3id.org/htkg/id/"


def _local(term) -> str | None:
    return str(term).rsplit("/", 1)[-1] if term is not None else None


def curated(project: Project, slug: str):
    g = rdflib.Graph().parse(project.graph_dir / f"{slug}.ttl")
    figures, claims, statements, citations, routes = [], [], [], [], []
    for claim in set(g.subjects(H.quote, None)):
        if (claim, RDF.type, H.Citation) in g:
            citations.append((int(g.value(claim, H.start)), int(g.value(claim, H.end))))
            continue
        if (claim, RDF.type, H.Claim) not in g and (claim, RDF.type, H.Assessment) not in g:
            continue
        start, end = int(g.value(claim, H.start)), int(g.value(claim, H.end))
        named = set()
        for p, o in g.predicate_objects(claim):
            if isinstance(o, URIRef) and str(o).startswith(ID):
                named.add(str(o))
            if p == H.quantity:
                named |= {str(x) for x in g.objects(o, None) if isinstance(x, URIRef) and str(x).startswith(ID)}
        claims.append((start, end, named))
        about = g.value(claim, H.about)
        if about is not None and (about, RDF.type, H.Route) in g:
            routes.append({"span": (start, end), "route": str(about), "key": (str(g.value(about, H.destination)), _local(g.value(about, H.exploitationForm)))})
        predicate = g.value(claim, H.predicate)
        if predicate in (H.tierPlacement, H.countryRole):
            statements.append({"span": (start, end), "key": (_local(predicate).split("#")[-1], _local(g.value(claim, H.object)), str(g.value(claim, H.about)))})
        q = g.value(claim, H.quantity)
        if q is None:
            continue
        num = lambda p: int(g.value(q, p)) if g.value(q, p) is not None else None  # noqa: E731
        figures.append({"span": (start, end), "value": (num(S.value), num(S.minValue), num(S.maxValue)), "indicator": _local(g.value(q, H.indicator)), "period": _local(g.value(claim, H.referencePeriod)), "claimant": str(g.value(claim, H.claimant))})
    return figures, claims, statements, citations, routes


_DATE_PROPERTIES = (H.dateAdopted, H.dateApproved, H.dateEnteredIntoForce)
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")


def _period_value(g, period) -> str | None:
    """A period as the words of a date would give it: "2004-05-06", "2003-05" or "2001"; None
    for anything else (an open period, several years, an undated one)."""
    import calendar
    import datetime as dt

    def day(link):
        instant = g.value(period, link)
        value = g.value(instant, TIME.inXSDDate) if instant is not None else None
        return value.toPython() if value is not None else None

    begin, end = day(TIME.hasBeginning), day(TIME.hasEnd)
    if not isinstance(begin, dt.date) or not isinstance(end, dt.date):
        return None
    if begin == end:
        return begin.isoformat()
    if begin.year == end.year and begin.month == end.month and begin.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return begin.isoformat()[:7]
    if begin == dt.date(begin.year, 1, 1) and end == dt.date(begin.year, 12, 31):
        return str(begin.year)
    return None


def curated_dates(project: Project, slug: str, everything) -> dict:
    """(thing dated, date) -> the spans of the claims that give it."""
    g = rdflib.Graph().parse(project.graph_dir / f"{slug}.ttl")
    dates: dict = defaultdict(list)
    for claim in set(g.subjects(H.quote, None)):
        if (claim, RDF.type, H.Claim) not in g:
            continue
        span = (int(g.value(claim, H.start)), int(g.value(claim, H.end)))
        about = g.value(claim, H.about)
        if g.value(claim, H.predicate) in _DATE_PROPERTIES:
            dates[(str(about), str(g.value(claim, H.object)))].append(span)
        elif any(H.Event in set(everything.transitive_objects(t, rdflib.RDFS.subClassOf)) for t in everything.objects(about, RDF.type)):
            value = _period_value(everything, everything.value(about, H.time))
            if value:
                dates[(str(about), value)].append(span)
    return dates


_EVERYTHING = {}


def everything(project: Project):
    """The curated files and the ontology in one rdflib graph (periods, event classes)."""
    if project.root not in _EVERYTHING:
        g = rdflib.Graph()
        for path in sorted(project.graph_dir.glob("*.ttl")) + list(project.ontology_files()):
            g.parse(path)
        _EVERYTHING[project.root] = g
    return _EVERYTHING[project.root]


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(project: Project, slug: str, full_index) -> dict:
    held = load_index(project, exclude=(slug,))
    draft = propose(project, slug, index=held)
    gold, claims, gold_statements, citations, gold_routes = curated(project, slug)
    predicted = [
        {"span": (c.start, c.end), "value": (c.figure.value, c.figure.min_value, c.figure.max_value), "indicator": c.figure.indicator, "period": c.figure.period, "claimant": c.claimant}
        for c in draft.of_kind("figure")
    ]
    result = {}
    for name, strict in (("figures (value + indicator)", False), ("figures (value + indicator + year)", True)):
        def same(p, e):
            return p["value"] == e["value"] and p["indicator"] == e["indicator"] and overlap(p["span"], e["span"]) and (not strict or p["period"] == e["period"])
        tp_p = sum(1 for p in predicted if any(same(p, e) for e in gold))
        tp_g = sum(1 for e in gold if any(same(p, e) for p in predicted))
        result[name] = (tp_p, len(predicted), tp_g, len(gold))
        if not strict:
            pairs = [(p, e) for p in predicted for e in gold if same(p, e)]
            right_claimant = sum(1 for p, e in pairs if p["claimant"] == e["claimant"])
            claimant_counts = (right_claimant, len(pairs), right_claimant, len(pairs))
    result["claimant of the figures found"] = claimant_counts
    proposed = [{"span": (c.start, c.end), "key": (c.statement.predicate, c.statement.object, c.about)} for c in draft.of_kind("statement")]
    same = lambda p, e: p["key"] == e["key"] and overlap(p["span"], e["span"])  # noqa: E731
    result["tier placements and country roles"] = (
        sum(1 for p in proposed if any(same(p, e) for e in gold_statements)), len(proposed),
        sum(1 for e in gold_statements if any(same(p, e) for p in proposed)), len(gold_statements),
    )
    proposed_routes = [{"span": (c.start, c.end), "key": (c.route.destination, c.route.form)} for c in draft.of_kind("route")]
    same_route = lambda p, e: p["key"] == e["key"] and overlap(p["span"], e["span"])  # noqa: E731
    gold_route_ids = {e["route"] for e in gold_routes}
    result["routes (destination + form of exploitation)"] = (
        sum(1 for p in proposed_routes if any(same_route(p, e) for e in gold_routes)), len(proposed_routes),
        len({e["route"] for e in gold_routes if any(same_route(p, e) for p in proposed_routes)}), len(gold_route_ids),
    )
    notes = [(n.start, n.end) for n in draft.footnotes]
    result["footnotes (citation candidates)"] = (
        sum(1 for n in notes if any(overlap(n, c) for c in citations)), len(notes),
        sum(1 for c in citations if any(overlap(n, c) for n in notes)), len(citations),
    )
    mentions = draft.of_kind("mention")
    right = wrong = 0
    for m in mentions:
        surface = " ".join(m.quote.split()).casefold()
        verdicts = []
        for start, end, named in claims:
            if start <= m.start and m.end <= end:
                if m.iri in named:
                    verdicts.append(True)
                elif any(surface in {" ".join(lab.split()).casefold() for lab, _ in full_index.labels.get(n, [])} for n in named):
                    verdicts.append(False)  # the curator linked these words to another entity
        if verdicts:
            right += any(verdicts)
            wrong += not any(verdicts)
    text = draft.text
    expected = found = known = known_found = 0
    for start, end, named in claims:
        quote = text[start:end].lower()
        for iri in named:
            if not iri.startswith((ID + "place/", ID + "actor/")):
                continue
            labels = [lab for lab, _ in full_index.labels.get(iri, []) if len(lab) >= 3]
            if not any(lab.lower() in quote for lab in labels):
                continue
            hit = any(m.iri == iri and start <= m.start and m.end <= end for m in mentions)
            expected += 1
            found += hit
            if iri in held.labels:
                known += 1
                known_found += hit
    new_actors = {iri: labels for iri, labels in full_index.labels.items() if iri.startswith(ID + "actor/") and iri not in held.labels and iri in {n for _, _, named in claims for n in named}}
    new_names = {" ".join(lab.split()).casefold(): iri for iri, labels in new_actors.items() for lab, _ in labels}
    proposed_new = draft.of_kind("new-actor")
    right_new = sum(1 for c in proposed_new if " ".join(c.quote.split()).casefold() in new_names)
    found_new = len({new_names[" ".join(c.quote.split()).casefold()] for c in proposed_new if " ".join(c.quote.split()).casefold() in new_names})
    result["new actors (names only the held-out document introduces)"] = (right_new, len(proposed_new), found_new, len(new_actors))
    gold_dates = curated_dates(project, slug, everything(project))
    proposed_dates = [((c.start, c.end), c.date.value) for c in draft.of_kind("date")]
    same_date = lambda p, key, spans: p[1] == key[1] and any(overlap(p[0], span) for span in spans)  # noqa: E731
    result["dates of instruments and events"] = (
        sum(1 for p in proposed_dates if any(same_date(p, k, v) for k, v in gold_dates.items())), len(proposed_dates),
        sum(1 for k, v in gold_dates.items() if any(same_date(p, k, v) for p in proposed_dates)), len(gold_dates),
    )
    result["mentions of known entities"] = (right, right + wrong, found, expected)
    result["mentions, of entities the gazetteer knows"] = (right, right + wrong, known_found, known)
    return result


FIXTURES = ROOT / "tests" / "data" / "reports"
#: The synthetic reports and the date of issue each is added with.
SYNTHETIC = [("azerbaijan-2023.txt", "2023-06-15"), ("azerbaijan-2024.html", "2024-06-24")]


def synthetic() -> dict[str, dict[str, tuple[int, int, int, int]]]:
    """Per synthetic report, per kind: (right proposals, proposals, expected found, expected)."""
    import json
    import shutil
    import tempfile

    from htkg.extract.register import Metadata, add_document

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("ontology", "shapes", "graph", "queries", "sources"):
            shutil.copytree(ROOT / folder, root / folder)
        project = Project(root, out=root / "out")
        for name, date in SYNTHETIC:
            slug = Path(name).stem
            add_document(project, FIXTURES / name, Metadata(author="Office to Monitor and Combat Trafficking in Persons", date=date, slug=slug), today="2026-01-01")
            expected = json.loads((FIXTURES / f"{slug}.expected.json").read_text(encoding="utf-8"))
            draft = propose(project, slug)
            figures = [(c.figure.value, c.figure.min_value, c.figure.max_value, c.figure.indicator, c.figure.period) for c in draft.of_kind("figure")]
            gold = [(e.get("value"), e.get("min", e.get("minValue")), e.get("max", e.get("maxValue")), e["indicator"], e["period"]) for e in expected["figures"]]
            dates = [(c.date.value, c.date.predicate) for c in draft.of_kind("date")]
            gold_dates = [(e["value"], e["predicate"]) for e in expected.get("dates", [])]
            results[slug] = {
                "figures (value + indicator + year)": (sum(f in gold for f in figures), len(figures), sum(g in figures for g in gold), len(gold)),
                "dates (date + property)": (sum(d in gold_dates for d in dates), len(dates), sum(g in dates for g in gold_dates), len(gold_dates)),
            }
    return results


def main() -> int:
    project = Project(ROOT)
    full = load_index(project)
    slugs = sorted(p.stem for p in project.graph_dir.glob("*.ttl") if (project.sources_dir / f"{p.stem}.txt").exists())
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    print("| held-out document | kind | precision | recall |")
    print("| --- | --- | --- | --- |")
    for slug in slugs:
        for kind, counts in evaluate(project, slug, full).items():
            for i, n in enumerate(counts):
                totals[kind][i] += n
            print(f"| {slug} | {kind} | {_ratio(counts[0], counts[1])} | {_ratio(counts[2], counts[3])} |")
    for kind, counts in totals.items():
        print(f"| **all** | {kind} | {_ratio(counts[0], counts[1])} | {_ratio(counts[2], counts[3])} |")
    print()
    print("| synthetic report | kind | precision | recall |")
    print("| --- | --- | --- | --- |")
    for slug, kinds in synthetic().items():
        for kind, counts in kinds.items():
            print(f"| {slug} | {kind} | {_ratio(counts[0], counts[1])} | {_ratio(counts[2], counts[3])} |")
    return 0


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.0f}%" if b else "—"


if __name__ == "__main__":
    sys.exit(main())
