"""The cross-year library queries on a project that holds several yearly reports: the project's
two documents plus the synthetic 2023 and 2024 reports (tests/data/reports/), each added,
extracted, accepted and built as the README's walkthrough does. The answers span four
documents and are checked against the fixtures' expected claims and against a walk over the
curated statements (crossyear.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest
from rdflib import URIRef

from htkg.query import resolve_query, run
from htkg.store import OxigraphStore

import crossyear
from extract_project import FIXTURES, copy_project

ID = "https://w3id.org/htkg/id/"
CPT = "https://w3id.org/htkg/concept/"
#: The synthetic reports, as added: slug, file, date of issue.
REPORTS = [("tip-2023", "azerbaijan-2023.txt", "2023-06-15"), ("tip-2024", "azerbaijan-2024.html", "2024-06-24")]


def htkg(cwd, *args):
    result = subprocess.run([sys.executable, "-m", "htkg", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("crossyear")
    project = copy_project(root)
    author = ["--author", "Office to Monitor and Combat Trafficking in Persons", "--rights", "public-domain"]
    for slug, name, date in REPORTS:
        htkg(root, "add", str(FIXTURES / name), "--slug", slug, "--date", date, *author)
        htkg(root, "extract", slug)
        htkg(root, "accept", slug)
    built = htkg(root, "build")
    assert "SHACL: conforms" in built.stdout
    return project


@pytest.fixture(scope="module")
def g(project):
    from htkg.rdfio import load_dataset, union_graph

    return union_graph(load_dataset(project.dataset_path))


@pytest.fixture(scope="module")
def answer(project):
    store = OxigraphStore.from_file(project.dataset_path)

    def ask(name: str, **params) -> list[dict]:
        return run(resolve_query(project, name), params=params, store=store).as_dicts()

    return ask


def expected(slug: str) -> dict:
    name = next(n for s, n, _ in REPORTS if s == slug)
    return json.loads((FIXTURES / name.rsplit(".", 1)[0]).with_suffix(".expected.json").read_text())


def doc(slug: str) -> URIRef:
    return URIRef(ID + f"document/{slug}")


def local(term) -> str:
    return str(term).rsplit("/", 1)[-1]


def test_tier_history_follows_the_country_report_by_report(g, answer):
    rows = answer("tier-history", country="place:AZ")
    assert {(r["country"], r["claim"], int(r["reportYear"]), r["tier"]) for r in rows} == \
        {row for row in crossyear.tier_history(g) if row[0] == URIRef(ID + "place/AZ")}
    for slug, _, date in REPORTS:  # each report's placement, as its expected claims have it
        tiers = [s["object"] for s in expected(slug)["statements"] if s["predicate"] == "tierPlacement"]
        assert [(int(r["reportYear"]), local(r["tier"])) for r in rows if r["document"] == doc(slug)] == [(int(date[:4]), t) for t in tiers]
    years = [int(r["reportYear"]) for r in rows]
    assert years == sorted(years) and len(set(years)) == 1 + len(REPORTS)  # TIP 2004, then the two new reports


def test_indicator_over_years_gives_each_reports_figures_by_year(g, answer):
    rows = answer("indicator-over-years")
    year = lambda r, k: int(r[k]) if k in r else None  # noqa: E731
    assert {(r["indicator"], year(r, "fromYear"), year(r, "toYear"), r["claim"], r["document"], int(r["reportYear"])) for r in rows} == \
        crossyear.indicator_over_years(g)
    convicted = answer("indicator-over-years", indicator="cpt:persons-convicted")
    assert all(r["indicator"] == URIRef(CPT + "persons-convicted") for r in convicted)
    for slug, _, date in REPORTS:
        want = sorted((int(f["period"]), f["value"]) for f in expected(slug)["figures"]
                      if f["indicator"] == "persons-convicted" and f.get("proposed", True))
        got = sorted((int(r["fromYear"]), int(r["value"])) for r in convicted if r["document"] == doc(slug))
        assert got == want and all(int(r["reportYear"]) == int(date[:4]) for r in convicted if r["document"] == doc(slug))
    order = [(str(r["indicator"]), year(r, "fromYear") or 0) for r in rows]
    assert order == sorted(order)
    assert {int(r["fromYear"]) for r in convicted} >= {2010, 2021, 2022, 2023}  # CARIM's 2010 and the new reports' years


def test_destinations_are_first_and_last_reported_across_the_reports(g, answer):
    rows = answer("destinations-first-last-reported")
    got = {(r["destination"], int(r["documents"]), r["firstDocument"], r["lastDocument"]) for r in rows}
    assert got == crossyear.destinations_first_last(g)
    last = {}
    for slug, _, _ in REPORTS:  # the later report that names a destination is its last
        for route in expected(slug)["routes"]:
            last[route["destination"]] = slug
    by_place = {local(r["destination"]): r for r in rows}
    for place, slug in last.items():
        assert by_place[place]["lastDocument"] == doc(slug), place
        assert int(by_place[place]["lastYear"]) == int(next(d for s, _, d in REPORTS if s == slug)[:4])
    russia = by_place["RU"]  # TIP 2004, CARIM 2013, the 2023 and the 2024 reports
    assert (int(russia["documents"]), local(russia["firstDocument"]), int(russia["firstYear"])) == (4, "us-tip-2004-azerbaijan", 2004)


def test_figures_changing_between_reports_pair_the_same_years_figures(g, answer):
    rows = answer("figures-changing-between-reports")
    assert {(r["claim"], r["otherClaim"]) for r in rows} == crossyear.figures_changing(g)
    figures = defaultdict(dict)  # (indicator, year) -> report -> value, from the expected claims
    for slug, _, _ in REPORTS:
        for f in expected(slug)["figures"]:
            if f.get("value") is not None and f.get("period") and f.get("proposed", True) and "destination" not in f:
                figures[(f["indicator"], f["period"])][slug] = f["value"]
    changed = {(key, tuple(v[s] for s, _, _ in REPORTS)) for key, v in figures.items() if len(v) == len(REPORTS) and len(set(v.values())) > 1}
    assert changed  # the fixtures restate a year's figure differently
    got = {((local(r["indicator"]), str(r["year"])), (int(r["value"]), int(r["otherValue"]))) for r in rows
           if (r["document"], r["otherDocument"]) == (doc(REPORTS[0][0]), doc(REPORTS[1][0]))}
    assert got == changed
    for r in rows:  # each side in its own words, the earlier report first
        assert str(r["value"]) in str(r["quote"]) and str(r["otherValue"]) in str(r["otherQuote"])


def test_the_accepted_reports_hold_their_mentions_as_data(project):
    """The drafts' mention records go through accept and build: each report's graph names
    every entity its expected mentions list, once."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(project.dataset_path), format=ox.RdfFormat.N_QUADS)
    for slug, _, _ in REPORTS:
        rows = store.query(
            f"""SELECT ?body WHERE {{ GRAPH <https://w3id.org/htkg/graph/{slug}> {{
              ?m a <https://w3id.org/htkg/ontology#Mention> ; <http://www.w3.org/ns/oa#hasBody> ?body }} }}""")
        bodies = [local(r["body"].value) for r in rows]
        assert len(bodies) == len(set(bodies))
        if "mentions" in expected(slug):
            assert set(bodies) == set(expected(slug)["mentions"])
        assert "AZ" in bodies and "RU" in bodies


def test_an_accepted_instrument_date_is_in_the_graph_and_dates_the_instrument(project, answer):
    """The 2023 report's "ratified the Trafficking Protocol in October 2003", proposed by
    extract and accepted, is a claim of the report's graph; the direct layer dates the
    instrument by it."""
    want = next(d for d in expected("tip-2023")["dates"] if d["proposed"])
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(project.dataset_path), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query(
        f"""PREFIX htkg: <https://w3id.org/htkg/ontology#> PREFIX time: <http://www.w3.org/2006/time#>
        PREFIX schema: <https://schema.org/>
        SELECT ?value ?start WHERE {{ GRAPH <https://w3id.org/htkg/graph/tip-2023> {{
          ?c htkg:about <{ID}instrument/{want['about']}> ; htkg:predicate htkg:{want['predicate']} ; htkg:object ?value }}
          GRAPH <https://w3id.org/htkg/graph/derived> {{ <{ID}instrument/{want['about']}> time:hasTime ?t . ?t schema:startDate ?start }} }}"""))
    assert [(r["value"].value, r["start"].value) for r in rows] == [(want["value"], want["value"] + "-01")]
