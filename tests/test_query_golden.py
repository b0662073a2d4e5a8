"""The library's answers on the built graph, checked against golden results that were read
against the source texts (tests/golden/queries/manifest.json; regenerate with
`python3 tests/golden/queries/goldens.py`), and the `*-violation` queries that must return
no rows — and that do find rows in data made to break them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from htkg.query import library, resolve_query, run
from htkg.store import OxigraphStore

from conftest import REPO

sys.path.insert(0, str(Path(__file__).parent / "golden" / "queries"))
import goldens  # noqa: E402

ENTRIES = goldens.entries()

@pytest.fixture(scope="module")
def built_store(built_project) -> OxigraphStore:
    return OxigraphStore.from_file(built_project.dataset_path)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_query_gives_its_golden_result(entry, built_project, built_store):
    query = resolve_query(built_project, entry["query"])
    result = run(query, params=entry["params"], store=built_store)
    expected = goldens.read_golden(goldens.HERE / entry["result"])
    assert result.variables == expected.variables
    assert result.comparable() == expected.comparable(), (
        f"{entry['id']}: the answer changed; if the data changed on purpose, regenerate "
        "(python3 tests/golden/queries/goldens.py) and check the diff against sources/*.txt"
    )


def test_every_golden_was_checked_against_the_sources():
    unchecked = [e["id"] for e in ENTRIES if not e.get("checked", "").strip()]
    assert not unchecked, f"goldens without a note of what was checked: {unchecked}"


def test_every_question_has_a_golden():
    questions = {q.name for q in library(REPO_PROJECT) if q.role == "question"}
    covered = {e["query"] for e in ENTRIES}
    assert questions <= covered, f"questions without a golden: {sorted(questions - covered)}"


def test_golden_files_are_in_the_query_order(built_project, built_store):
    """The golden files are the query's own output (ORDER BY), byte for byte: regenerating
    unchanged data changes no file."""
    for entry in ENTRIES:
        query = resolve_query(built_project, entry["query"])
        text = run(query, params=entry["params"], store=built_store).to_tsv()
        assert text == (goldens.HERE / entry["result"]).read_text(encoding="utf-8"), entry["id"]


from htkg.project import Project  # noqa: E402

REPO_PROJECT = Project(REPO)
VIOLATIONS = [q for q in library(REPO_PROJECT) if q.role == "violation"]


@pytest.mark.parametrize("query", VIOLATIONS, ids=[q.name for q in VIOLATIONS])
def test_violation_query_returns_no_rows_on_the_built_graph(query, built_store):
    result = run(query, store=built_store)
    assert result.rows == [] if result.kind == "select" else result.boolean is False, result.to_tsv()


# Data that breaks every violation query at least once: a claim with no anchor, two claimants
# and no subject, another with no claimant; a quantity written as a string; an assessment without stance; a
# discrepancy with one claim and no kind; a person named in the comment of a route.
BROKEN = """
@prefix htkg: <https://w3id.org/htkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://w3id.org/htkg/id/claim/> .
<https://w3id.org/htkg/graph/broken> {
  ex:a a htkg:Claim ; htkg:claimant ex:x, ex:y ;
     htkg:quantity ex:a-quantity .
  ex:a-quantity schema:value "34" ; htkg:indicator ex:i .
  ex:b a htkg:Assessment ; htkg:claimant ex:x ; htkg:about ex:a .
  ex:c a htkg:Claim ; htkg:about ex:a .
  ex:d a htkg:Discrepancy ; htkg:involves ex:a .
  ex:person a htkg:Person ; rdfs:label "Aysel Mammadova" ; skos:altLabel "AM" .
  ex:route a htkg:Route ; rdfs:comment "As Aysel Mammadova was taken: the route of AM"@en .
}
"""

EXPECTED_PROBLEMS = {
    "claim-anchor-violation": {"no quote", "no position", "anchor and claim name different documents, or none"},
    "claim-shape-violation": {"several claimants", "no subject (htkg:about)", "no claimant"},
    "untyped-number-violation": None,
    "assessment-violation": {"assesses no claim", "no stance from cpt:stances"},
    "discrepancy-violation": {"involves 1 claim(s)", "no kind"},
    "privacy-names-violation": None,
}


@pytest.mark.parametrize("query", VIOLATIONS, ids=[q.name for q in VIOLATIONS])
def test_violation_query_finds_broken_data(query):
    """A violation query that returned no rows on anything would pass the test above for nothing."""
    import pyoxigraph as ox

    store = OxigraphStore()
    store.store.load(BROKEN.encode("utf-8"), format=ox.RdfFormat.TRIG)
    result = run(query, store=store)
    assert result.rows, f"{query.name} does not see the broken data"
    expected = EXPECTED_PROBLEMS.get(query.name)
    if expected is not None:
        assert {str(row[result.variables.index("problem")]) for row in result.rows} == expected


def test_privacy_names_violation_finds_a_persons_name_in_what_is_said_of_victims():
    """The person's label is found in the route's comment, whatever its case; a name of fewer
    than four characters ("AM") is too short to compare."""
    import pyoxigraph as ox

    store = OxigraphStore()
    store.store.load(BROKEN.replace("As Aysel", "As aysel").encode("utf-8"), format=ox.RdfFormat.TRIG)
    result = run(resolve_query(REPO_PROJECT, "privacy-names-violation"), store=store)
    found = [(str(r["record"]).rsplit("/", 1)[-1], str(r["name"])) for r in result.as_dicts()]
    assert found == [("route", "Aysel Mammadova")]


def test_claim_provenance_quotes_are_in_the_source_texts():
    """The golden of claim-provenance holds, for every claim, the quote and its offsets: each
    quote must be the source text between them (a check of the golden against sources/*.txt)."""
    result = goldens.read_golden(goldens.HERE / "claim-provenance.tsv")
    assert len(result.rows) > 100
    texts = {}
    for row in result.as_dicts():
        slug = str(row["document"]).rsplit("/", 1)[-1]
        text = texts.setdefault(slug, (REPO / "sources" / f"{slug}.txt").read_text(encoding="utf-8"))
        assert text[int(row["start"]):int(row["end"])] == str(row["quote"]), row["claim"]


def test_construct_statements_derives_the_truthy_layer(built_project, built_store):
    """construct-statements gives ?s ?p ?o for each claim's predicate and object, and the build
    put those triples into the derived graph, unless the claim's own document states them
    already (a triple is in one graph only; negation: test_query_params.py)."""
    from rdflib import URIRef

    from htkg.results import from_oxigraph

    HTKG = "https://w3id.org/htkg/ontology#"
    ID = "https://w3id.org/htkg/id/"
    result = run(resolve_query(built_project, "construct-statements"), store=built_store)
    derived = from_oxigraph(built_store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/htkg/graph/derived> { ?s ?p ?o } }"
    ))
    others = from_oxigraph(built_store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://w3id.org/htkg/graph/derived>) }"
    ))
    missing = set(result.graph) - set(derived.graph)
    assert missing and missing <= set(others.graph)
    assert set(result.graph) & set(derived.graph)
    # CARIM 2013: "The NGO “Chistiy Mir” ... co-operating with the government"
    assert (URIRef(ID + "actor/chistiy-mir"), URIRef(HTKG + "cooperatesWith"),
            URIRef(ID + "actor/government-of-azerbaijan")) in result.graph
