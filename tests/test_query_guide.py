"""The query guide (docs/querying.md): every SPARQL example in it runs on the built graph and
answers something, and the examples whose answer the guide states give the answer computed
here another way, with rdflib over the built dataset. The guide's picture is its script's
output, and the README points to the guide."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, DCTERMS

from htkg.namespaces import HTKG, OA, SCHEMA, TIME
from htkg.store import OxigraphStore

from conftest import REPO

GUIDE = REPO / "docs" / "querying.md"
_BLOCK = re.compile(r"<!-- example: ([\w-]+) -->\s*```sparql\n(.*?)```", re.S)
ID = "https://w3id.org/htkg/id/"


def examples() -> dict[str, str]:
    return dict(_BLOCK.findall(GUIDE.read_text(encoding="utf-8")))


EXAMPLES = examples()


def test_every_sparql_block_of_the_guide_is_a_named_example():
    text = GUIDE.read_text(encoding="utf-8")
    assert text.count("```sparql") == len(EXAMPLES) > 8


@pytest.fixture(scope="module")
def store(built_project) -> OxigraphStore:
    return OxigraphStore.from_file(built_project.dataset_path)


def rows(store, name: str) -> list[dict]:
    """The example's rows as rdflib terms, unbound variables left out."""
    from htkg.results import term_from_oxigraph

    solutions = store.query(EXAMPLES[name], where=f"docs/querying.md: {name}")
    return [{v.value: term_from_oxigraph(s[v]) for v in solutions.variables if s[v] is not None} for s in solutions]


@pytest.fixture(scope="module")
def union(built_dataset):
    """Every graph of the built dataset together, read by rdflib: the independent side."""
    from htkg.rdfio import union_graph

    return union_graph(built_dataset)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_answers(store, name):
    assert rows(store, name), f"the guide's example {name} answers nothing"


# --------------------------------------------------------------------------- answers computed another way


def _day(graph, instant):
    value = graph.value(instant, TIME.inXSDDate)
    return value.toPython() if value is not None else None


def _years_of(graph, period) -> set[int]:
    begin = _day(graph, graph.value(period, TIME.hasBeginning))
    end = _day(graph, graph.value(period, TIME.hasEnd))
    if not isinstance(begin, dt.date) or not isinstance(end, dt.date):
        return set()
    return set(range(begin.year, end.year + 1))


def test_claims_with_their_year_are_each_claim_and_year_once(store, union):
    """The basic graph pattern of the direct layer gives one row per claim and year of its
    reference period, with no duplicate row (no DISTINCT), as the curated periods say."""
    got = rows(store, "claims-with-year")
    pairs = Counter((str(r["claim"]), int(r["year"])) for r in got)
    assert max(pairs.values()) == 1
    expected = set()
    for claim in set(union.subjects(HTKG.claimant, None)):
        period = union.value(claim, HTKG.referencePeriod)
        if period is not None and (claim, HTKG.textAnchor, None) in union:
            expected |= {(str(claim), year) for year in _years_of(union, period)}
    assert set(pairs) == expected
    quotes = {str(r["claim"]): str(r["quote"]) for r in got}
    claim = ID + "claim/carim2013-victims-2010"
    assert quotes[claim] == "the number of victims of trafficking who were discovered (34 people)"


def test_claims_in_2010_are_those_whose_period_covers_it(store, union):
    got = {str(r["claim"]) for r in rows(store, "claims-in-2010")}
    expected = {str(c) for c, p in union.subject_objects(HTKG.referencePeriod) if 2010 in _years_of(union, p)}
    assert got == expected and len(got) > 10


def test_the_2010_breakdown_adds_up_to_the_stated_total(store, union):
    got = rows(store, "breakdown-2010")
    by_total: dict[str, list[int]] = {}
    for r in got:
        by_total.setdefault(str(r["total"]), []).append(int(r["victims"]))
    total = ID + "claim/carim2013-victims-2010"
    stated = next(int(r["stated"]) for r in got if str(r["total"]) == total)
    parts = [o for o in union.subjects(HTKG.breakdownOf, URIRef(total))]
    assert sorted(by_total[total]) == sorted(int(union.value(union.value(p, HTKG.quantity), SCHEMA.value)) for p in parts)
    assert sum(by_total[total]) == stated == 34
    assert sum(1 for r in got if str(r["total"]) == total and "destination" not in r) == 1  # "the remaining 4 to other countries"


def test_doubted_ministry_figures(store, union):
    ministry = URIRef(ID + "actor/azerbaijan-ministry-of-internal-affairs")
    expected = set()
    for figure in union.subjects(HTKG.claimant, ministry):
        if union.value(figure, HTKG.quantity) is None:
            continue
        for doubt in union.subjects(HTKG.assesses, figure):
            if (doubt, HTKG.stance, URIRef("https://w3id.org/htkg/concept/doubts")) in union:
                expected.add((str(figure), str(doubt)))
    got = rows(store, "doubted-ministry-figures")
    assert len(got) == len(expected) > 5
    assert {str(r["figure"]) for r in got} == {f for f, _ in expected}


ROLES = (HTKG.participant, HTKG.organiser, HTKG.supporter, HTKG.agent, HTKG.attendee, HTKG.affected)


def test_participants_are_every_role_as_stated(store, built_project):
    """Every actor in any role, with the role written in the curated files (read from the
    documents' graphs only, not from the build's)."""
    from htkg.rdfio import load_dataset

    dataset = load_dataset(built_project.dataset_path)
    stated = set()
    for graph in dataset.graphs():
        if str(graph.identifier).endswith(("/derived", "/ontology")):
            continue
        for role in ROLES:
            stated |= {(str(e), str(a), str(role)) for e, a in graph.subject_objects(role)}
    got = rows(store, "participants")
    assert {(str(r["event"]), str(r["actor"])) for r in got} == {(e, a) for e, a, _ in stated}
    as_stated = {(str(r["event"]), str(r["actor"]), str(r.get("role", HTKG.participant))) for r in got}
    assert as_stated == stated


def test_imprecise_events_are_the_open_and_undated_ones(store, union):
    expected = set()
    for event in set(union.subjects(RDF.type, HTKG.Event)):
        period = union.value(event, HTKG.time)
        if period is None or union.value(period, TIME.hasBeginning) is None:
            expected.add(str(event))
    got = {str(r["event"]) for r in rows(store, "imprecise-events")}
    assert got == expected and len(got) > 5


def test_names_in_any_form(store, union):
    expected = set()
    for prop in (RDFS.label, SKOS.altLabel, DCTERMS.title):
        for s, o in union.subject_objects(prop):
            if "baku" in str(o).lower():
                expected.add((str(s), str(o)))
    got = {(str(r["entity"]), str(r["name"])) for r in rows(store, "names")}
    assert got == expected
    assert (ID + "place/baku", "Baku") in got


def test_discrepancy_sides_are_every_claim_involved(store, union):
    involved = list(union.subject_objects(HTKG.involves))
    got = rows(store, "discrepancy-sides")
    assert len(got) == len(involved)
    assert {(str(r["discrepancy"]), str(r["quote"])) for r in got} >= {
        (ID + "discrepancy/carim2013-2012-destinations-sum", "14 to Russia")}


def test_plain_statements_are_the_claims_not_negated(store, union):
    expected = set()
    for claim in union.subjects(HTKG.predicate, HTKG.cooperatesWith):
        if union.value(claim, HTKG.negated) != Literal(True):
            expected.add((str(union.value(claim, HTKG.about)), str(union.value(claim, HTKG.object))))
    got = {(str(r["actor"]), str(r["partner"])) for r in rows(store, "plain-statements")}
    assert got == expected and len(got) > 3


def test_instrument_dates_are_one_row_per_date_or_undated(store, union):
    dates = (HTKG.dateAdopted, HTKG.dateApproved, HTKG.dateEnteredIntoForce)
    instruments = {s for s in union.subjects(RDF.type, HTKG.LegalInstrument) if str(s).startswith(ID)}
    expected = 0
    for instrument in instruments:
        values = {o for p in dates for o in union.objects(instrument, p)}
        expected += len(values) or 1
    assert len(rows(store, "instrument-dates")) == expected


def test_the_anchor_example_is_the_text_at_its_offsets(store):
    (row,) = rows(store, "anchor")
    text = (REPO / "sources" / "us-tip-2004-azerbaijan.txt").read_text(encoding="utf-8")
    start, end = int(row["start"]), int(row["end"])
    assert text[start:end] == str(row["exact"])
    # the report may be passed on, so the text around the quote is there, and is the text's
    assert text[:start].endswith(str(row["prefix"])) and text[end:].startswith(str(row["suffix"]))
    assert str(row["prefix"]) and str(row["suffix"])


# --------------------------------------------------------------------------- the picture, the README


def test_the_picture_is_its_scripts_output():
    spec = importlib.util.spec_from_file_location("claim_diagram", REPO / "docs" / "claim_diagram.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (REPO / "docs" / "claim.svg").read_text(encoding="utf-8") == module.svg()
    assert "claim.svg" in GUIDE.read_text(encoding="utf-8")


def test_the_readme_points_to_the_guide():
    assert "docs/querying.md" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_one_pattern_of_the_issue_runs_through_the_command_line(built_project, capsys, monkeypatch):
    """`htkg query -e` answers "every claim with its claimant, document, quote and year" with one
    short basic graph pattern and no DISTINCT."""
    import htkg.cli.query as query_cli
    from htkg.cli import main

    monkeypatch.setattr(query_cli, "project_of", lambda args: built_project)
    text = EXAMPLES["claims-with-year"]
    assert "DISTINCT" not in text
    assert main(["query", "-e", text, "--format", "tsv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "?claim\t?claimant\t?document\t?quote\t?year" and len(out) > 100


# --------------------------------------------------------------------------- what a document does besides stating facts


def test_document_names_are_its_mentions_and_its_references(store, union):
    """One row per mention of the TIP 2004 report (each entity has one kind there), the same
    entities the build states the document references."""
    document = URIRef(ID + "document/us-tip-2004-azerbaijan")
    got = rows(store, "document-names")
    mentions = [m for m in union.subjects(RDF.type, HTKG.Mention) if (m, DCTERMS.source, document) in union]
    assert len(got) == len(mentions) > 20
    entities = {str(r["entity"]) for r in got}
    assert entities == {str(union.value(m, OA.hasBody)) for m in mentions}
    assert entities == {str(e) for e in union.objects(document, DCTERMS.references)}
    words = {str(r["entity"]): str(r["words"]) for r in got}
    assert words[ID + "place/AE"] == "United Arab Emirates"


def test_recommendations_are_every_recommendation_claim(store, union):
    got = rows(store, "recommendations")
    expected = set(union.subjects(RDF.type, HTKG.RecommendationClaim))
    assert {r["recommendation"] for r in got} == expected and len(got) == len(expected) >= 3
    for r in got:
        assert (r["recommendation"], HTKG.addressee, r["addressee"]) in union


def test_reasons_are_every_reason_link(store, union):
    got = {(r["reason"], r["claim"]) for r in rows(store, "reasons")}
    assert got == set(union.subject_objects(HTKG.reasonFor)) and len(got) >= 3


def test_inferences_are_every_value_and_basis_of_every_inference(store, union):
    got = {(r["holder"], r["value"], r["restsOn"]) for r in rows(store, "inferences")}
    expected = {
        (holder, value, basis)
        for holder, inference in union.subject_objects(HTKG.inference)
        for value in union.objects(inference, HTKG.inferredValue)
        for basis in union.objects(inference, HTKG.restsOn)
    }
    assert got == expected and len({h for h, _, _ in got}) >= 5
