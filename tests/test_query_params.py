"""`htkg query` and `htkg queries`: parameters bound as RDF terms (never as text), prefixed
names, usage errors, the SPARQL 1.1 results formats, and the queries' logic on small data
made for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery

from htkg.cli import main
from htkg.errors import UsageError
from htkg.query import LibraryQuery, bind_parameters, load_query, parse_header, prepare, run
from htkg.results import from_oxigraph
from htkg.store import OxigraphStore

GOLDEN = Path(__file__).resolve().parent / "golden" / "queries"
HTKG = "https://w3id.org/htkg/ontology#"
ACTOR = "https://w3id.org/htkg/id/actor/"
EVIL = '"x" } ; DROP ALL ; SELECT * {'

def _query(text: str, name: str = "t") -> LibraryQuery:
    header = parse_header(text)
    return LibraryQuery(name=name, path=None, text=text, summary=header["summary"], question=header["question"],
                        params=tuple(header["params"]), tags=tuple(header["tags"]))


SEARCH = _query(
    "#+ summary: s\n#+ question: q?\n#+ params:\n#+   - text: string = ministry ; part of a name\n"
    "#+   - actor: iri ; an actor\n#+ tags: t\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?actor ?name ?text WHERE { ?actor rdfs:label ?name FILTER (CONTAINS(LCASE(STR(?name)), LCASE(STR(?text)))) } ORDER BY ?actor\n"
)


@pytest.fixture
def small_store() -> OxigraphStore:
    data = f"""
    <{ACTOR}a> <http://www.w3.org/2000/01/rdf-schema#label> "Ministry of A" <https://w3id.org/htkg/graph/g> .
    <{ACTOR}b> <http://www.w3.org/2000/01/rdf-schema#label> "Office of B" <https://w3id.org/htkg/graph/g> .
    """
    return OxigraphStore.from_nquads(data)


def _dump(store: OxigraphStore) -> bytes:
    return store.store.dump(format=ox.RdfFormat.N_QUADS)


# --------------------------------------------------------------------------- binding safely


def test_a_value_that_looks_like_sparql_is_bound_as_one_literal_and_changes_nothing(small_store):
    """The classic injection: the value closes the string and the group and starts an update.
    It must become one literal in a VALUES block: the store is unchanged and the query keeps
    its structure (one SELECT whose only new part is the VALUES data)."""
    before = _dump(small_store)
    prepared = prepare(SEARCH, {"text": EVIL})
    assert prepared.bindings["text"] == Literal(EVIL)
    result = run(SEARCH, params={"text": EVIL}, store=small_store)
    assert result.rows == []
    assert _dump(small_store) == before
    # Same structure as the query bound with a harmless value: parse both (rdflib's parser)
    # and compare with the literal replaced.
    harmless = prepare(SEARCH, {"text": "harmless"}).text
    parsed_evil = parseQuery(prepared.text)
    parsed_harmless = parseQuery(harmless)
    assert str(parsed_evil).replace(EVIL, "harmless") == str(parsed_harmless)
    assert len(parsed_evil) == 2  # the prologue and one query: nothing was added after it


def test_the_injection_value_is_found_as_data_when_it_is_data():
    """Bound as a literal, the hostile value is just text: a label that contains it matches."""
    store = OxigraphStore.from_nquads(
        f'<{ACTOR}x> <http://www.w3.org/2000/01/rdf-schema#label> {ox.Literal("a " + EVIL + " b")} <https://w3id.org/htkg/graph/g> .\n'
    )
    result = run(SEARCH, params={"text": EVIL}, store=store)
    assert [str(r[0]) for r in result.rows] == [ACTOR + "x"]


@pytest.mark.parametrize("value", ["<http://x> } ; DROP ALL ; SELECT * {", "actor:a> } DROP ALL {", 'http://x/"y'])
def test_an_iri_parameter_refuses_what_is_not_one_iri(value):
    with pytest.raises(UsageError):
        prepare(SEARCH, {"actor": value})


def test_prefixed_names_are_expanded_with_the_project_prefixes(small_store):
    result = run(SEARCH, params={"actor": "actor:a", "text": ""}, store=small_store)
    assert [str(r[0]) for r in result.rows] == [ACTOR + "a"]
    assert prepare(SEARCH, {"actor": f"<{ACTOR}b>"}).bindings["actor"] == URIRef(ACTOR + "b")


def test_defaults_apply_and_an_unset_parameter_without_default_means_all(small_store):
    result = run(SEARCH, store=small_store)  # text defaults to "ministry"; actor unset
    assert [str(r[1]) for r in result.rows] == ["Ministry of A"]


def test_typed_parameters_become_typed_literals():
    query = _query("#+ summary: s\n#+ question: q?\n#+ params:\n#+   - year: year\n#+   - day: date\n#+ tags: t\nSELECT ?year ?day WHERE { } ORDER BY ?year\n")
    bound = prepare(query, {"year": "2010", "day": "2012-12-01"}).bindings
    assert bound == {"year": Literal("2010", datatype=XSD.integer), "day": Literal("2012-12-01", datatype=XSD.date)}
    for bad in ({"year": "twenty ten"}, {"day": "1 May 2004"}):
        with pytest.raises(UsageError):
            prepare(query, bad)


def test_an_unknown_parameter_is_a_usage_error_that_names_the_parameters():
    with pytest.raises(UsageError) as info:
        prepare(SEARCH, {"colour": "red"})
    assert info.value.exit_code == 2
    assert "colour" in str(info.value) and "text (string" in str(info.value) and "actor (iri" in str(info.value)


def test_values_block_goes_into_the_where_group_not_the_construct_template():
    text = 'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }'
    bound = bind_parameters(text, {"o": Literal(1)})
    assert bound.startswith('CONSTRUCT { ?s ?p "{" } WHERE {\n  VALUES ?o { "1"^^<http://www.w3.org/2001/XMLSchema#integer> }')


# --------------------------------------------------------------------------- the queries' logic on made data

TRIG = """
@prefix htkg: <https://w3id.org/htkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix c: <https://w3id.org/htkg/id/claim/> .
@prefix a: <https://w3id.org/htkg/id/actor/> .
@prefix p: <https://w3id.org/htkg/id/place/> .
@prefix cpt: <https://w3id.org/htkg/concept/> .
<https://w3id.org/htkg/graph/g> {
  <https://w3id.org/htkg/id/period/2010> time:hasBeginning [ time:inXSDDate "2010-01-01"^^xsd:date ] ;
      time:hasEnd [ time:inXSDDate "2010-12-31"^^xsd:date ] .
  c:one htkg:claimant a:ministry ; htkg:about p:AZ ; dcterms:source <https://w3id.org/htkg/id/document/d1> ;
      htkg:referencePeriod <https://w3id.org/htkg/id/period/2010> ;
      htkg:quantity [ htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ; schema:value 34 ; htkg:destination p:TR ] .
  c:two htkg:claimant a:ngo ; htkg:about p:AZ ; dcterms:source <https://w3id.org/htkg/id/document/d2> ;
      htkg:referencePeriod <https://w3id.org/htkg/id/period/2010> ;
      htkg:quantity [ htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ; schema:value 50 ; htkg:destination p:TR ] .
  c:three htkg:claimant a:ngo ; htkg:about p:AZ ; dcterms:source <https://w3id.org/htkg/id/document/d2> ;
      htkg:referencePeriod <https://w3id.org/htkg/id/period/2010> ;
      htkg:quantity [ htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ; schema:value 9 ; htkg:destination p:IR ] .
  c:yes htkg:about a:x ; htkg:predicate htkg:cooperatesWith ; htkg:object a:y .
  c:no htkg:about a:x ; htkg:predicate htkg:cooperatesWith ; htkg:object a:z ; htkg:negated true .
  c:notno htkg:about a:x ; htkg:predicate htkg:cooperatesWith ; htkg:object a:w ; htkg:negated false .
}
"""


@pytest.fixture
def made_store(repo_project) -> OxigraphStore:
    """The made data with what the build derives from it (the direct layer's time, among
    others), in the derived graph, as a build would leave it."""
    from htkg.build import DERIVED_GRAPH
    from htkg.compile import derivation, derive, skolemize

    store = OxigraphStore()
    store.store.load(TRIG.encode("utf-8"), format=ox.RdfFormat.TRIG)
    triples = skolemize([q.triple for q in store.store])
    store.store.clear()
    store.store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("https://w3id.org/htkg/graph/g")) for t in triples)
    store.store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DERIVED_GRAPH))
                       for t in derive(triples, derivation(repo_project)))
    return store


def test_conflicting_figures_finds_two_sources_that_disagree(repo_project, made_store):
    from htkg.query import resolve_query

    result = run(resolve_query(repo_project, "conflicting-figures"), store=made_store)
    rows = result.as_dicts()
    assert len(rows) == 1
    assert (str(rows[0]["claim"]).endswith("one"), int(rows[0]["value"]), int(rows[0]["otherValue"])) == (True, 34, 50)
    assert rows[0]["recorded"] == Literal(False)


def test_conflicting_figures_pairs_only_figures_about_the_same_subject(repo_project, made_store):
    """Two countries' figures for the same indicator, year and destination are not a
    disagreement (at 10^6 triples the unrestricted pairing gave 309,520 rows)."""
    from htkg.query import resolve_query

    made_store.store.load(b"""
        @prefix htkg: <https://w3id.org/htkg/ontology#> . @prefix schema: <https://schema.org/> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix cpt: <https://w3id.org/htkg/concept/> .
        <https://w3id.org/htkg/graph/h> {
          <https://w3id.org/htkg/id/claim/georgia> htkg:claimant <https://w3id.org/htkg/id/actor/ge-ministry> ;
              htkg:about <https://w3id.org/htkg/id/place/GE> ; dcterms:source <https://w3id.org/htkg/id/document/d3> ;
              htkg:referencePeriod <https://w3id.org/htkg/id/period/2010> ;
              htkg:quantity [ htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ; schema:value 77 ;
                              htkg:destination <https://w3id.org/htkg/id/place/TR> ] .
        }""", format=ox.RdfFormat.TRIG)
    rows = run(resolve_query(repo_project, "conflicting-figures"), store=made_store).as_dicts()
    assert [(str(r["claim"]).rsplit("/", 1)[-1], str(r["otherClaim"]).rsplit("/", 1)[-1]) for r in rows] == [("one", "two")]


def test_construct_statements_leaves_out_negated_claims(repo_project, made_store):
    from htkg.query import resolve_query

    graph: Graph = run(resolve_query(repo_project, "construct-statements"), store=made_store).graph
    objects = sorted(str(o).rsplit("/", 1)[-1] for o in graph.objects())
    assert objects == ["w", "y"]


def test_victims_by_destination_sums_per_destination_and_year(repo_project, made_store):
    from htkg.query import resolve_query

    result = run(resolve_query(repo_project, "victims-by-destination-year"), store=made_store)
    sums = {str(r["destination"]).rsplit("/", 1)[-1]: int(r["victims"]) for r in result.as_dicts()}
    assert sums == {"TR": 84, "IR": 9}


# --------------------------------------------------------------------------- the command line


def _patch_project(monkeypatch, project):
    import htkg.cli.queries as queries_cli
    import htkg.cli.query as query_cli

    monkeypatch.setattr(query_cli, "project_of", lambda args: project)
    monkeypatch.setattr(queries_cli, "project_of", lambda args: project)


@pytest.fixture
def run_cli(built_project, capsys, monkeypatch):
    _patch_project(monkeypatch, built_project)

    def call(*argv: str):
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_formats_are_sparql_results_that_parse_back_to_the_same_terms(run_cli, built_project, fmt):
    code, out, _ = run_cli("query", "victims-by-destination-year", "--format", fmt)
    assert code == 0
    embedded = run(load_query(built_project.queries_dir / "victims-by-destination-year.rq"),
                   store=OxigraphStore.from_file(built_project.dataset_path))
    if fmt == "csv":  # CSV carries plain values only (SPARQL 1.1 CSV); pyoxigraph will not read it
        import csv
        import io

        header, *rows = list(csv.reader(io.StringIO(out, newline="")))
        assert header == embedded.variables
        assert rows == [["" if t is None else str(t) for t in row] for row in embedded.rows]
        return
    again = from_oxigraph(ox.parse_query_results(out.encode("utf-8"), format=getattr(ox.QueryResultsFormat, fmt.upper())))
    assert again.variables == embedded.variables
    assert again.comparable() == embedded.comparable()


def test_json_output_is_sparql_json_with_typed_numbers(run_cli):
    code, out, _ = run_cli("query", "victims-by-destination-year", "--format", "json")
    doc = json.loads(out)
    first = doc["results"]["bindings"][0]
    assert first["victims"] == {"type": "literal", "value": "23", "datatype": str(XSD.integer)}
    assert first["destinationLabel"]["xml:lang"] == "en"


def test_tsv_is_the_default_when_stdout_is_not_a_terminal(run_cli):
    code, out, _ = run_cli("query", "documents")
    assert code == 0 and out.startswith("?document\t?title\t")


def test_table_format_shows_prefixed_names(run_cli):
    code, out, _ = run_cli("query", "victims-by-destination-year", "--format", "table")
    rows = len((GOLDEN / "victims-by-destination-year.tsv").read_text(encoding="utf-8").splitlines()) - 1
    assert code == 0 and "place:TR" in out and f"{rows} row(s)" in out


@pytest.mark.parametrize("fmt,check", [
    ("turtle", lambda text: Graph().parse(data=text, format="turtle")),
    ("ntriples", lambda text: Graph().parse(data=text, format="nt")),
    ("jsonld", lambda text: Graph().parse(data=text, format="json-ld")),
])
def test_construct_formats(run_cli, fmt, check):
    code, out, _ = run_cli("query", "construct-statements", "--format", fmt)
    assert code == 0
    graph = check(out)
    assert (URIRef(ACTOR + "chistiy-mir"), URIRef(HTKG + "cooperatesWith"), URIRef(ACTOR + "government-of-azerbaijan")) in graph


def test_a_select_format_for_a_construct_is_a_usage_error(run_cli):
    code, _, err = run_cli("query", "construct-statements", "--format", "csv")
    assert code == 2 and "turtle" in err


def test_query_by_file_and_by_expression(run_cli, built_project, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?s a <https://w3id.org/htkg/ontology#Claim> }", encoding="utf-8")
    assert run_cli("query", str(path), "-f", "json")[1] == '{"head":{},"boolean":true}\n'
    code, out, _ = run_cli("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/htkg/ontology#SourceDocument> }", "-f", "csv")
    assert (code, out) == (0, "n\r\n2\r\n")


def test_param_on_the_command_line(run_cli):
    code, out, _ = run_cli("query", "actor-profile", "--param", "actor=actor:osce", "-f", "csv")
    assert code == 0 and "Organization for Security and Co-operation in Europe" in out and "Ministry" not in out


@pytest.mark.parametrize("argv,words", [
    (["query", "actor-profile", "--param", "colour=red"], ["colour", "actor (iri"]),
    (["query", "actor-profile", "--param", "actor=nope:x"], ["unknown prefix"]),
    (["query", "no-such-query"], ["no query named"]),
    (["query", "-e", "SELECT WHERE {"], ["syntax error"]),
    (["query", "-e", "DROP ALL"], ["Update"]),
    (["query"], ["exactly one"]),
])
def test_usage_errors_exit_2_and_say_why(run_cli, argv, words):
    code, out, err = run_cli(*argv)
    assert code == 2 and out == ""
    assert err.startswith("Error: ")
    for word in words:
        assert word in err


def test_queries_lists_each_question_with_its_parameters(run_cli):
    code, out, _ = run_cli("queries")
    assert code == 0
    assert "destination-reports\n    Who reported which destination countries, in which year, and on whose figures?" in out
    assert "--param actor (iri, default actor:azerbaijan-ministry-of-internal-affairs)" in out
    assert "-violation" not in out and "construct-" not in out
    assert "-violation" in run_cli("queries", "--all")[1]


# --------------------------------------------------------------------------- -e, errors, timing


def test_an_expression_may_use_the_projects_prefixes(run_cli):
    code, out, err = run_cli("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?d a htkg:SourceDocument ; dcterms:title ?t }", "-f", "csv")
    assert (code, out, err) == (0, "n\r\n2\r\n", "")
    # a prefix the query declares itself is its own, not replaced by the project's
    own = "PREFIX htkg: <http://example.org/elsewhere#> SELECT (COUNT(*) AS ?n) WHERE { ?d a htkg:SourceDocument }"
    assert run_cli("query", "-e", own, "-f", "csv")[1] == "n\r\n0\r\n"
    # words like prefixes inside strings, IRIs and comments are not prefixes
    text = 'SELECT ?x WHERE { BIND("cpt:nothing" AS ?x) } # actor:none'
    from htkg.query import add_prefixes

    assert add_prefixes(text) == (text, 0)
    assert add_prefixes("ASK { ?s a htkg:Claim ; rdfs:label ?l }")[1] == 1


def test_the_help_says_that_expressions_know_the_prefixes():
    import subprocess
    import sys

    help_text = subprocess.run([sys.executable, "-m", "htkg", "query", "--help"], capture_output=True, text=True).stdout
    assert "project's prefixes" in " ".join(help_text.split())


@pytest.mark.parametrize("text,line,column,words", [
    ("SELECT * WHERE {\n  ?s nope:thing ?o }", 2, 6, ["unknown prefix nope:"]),
    ("SELECT ?s WHERE { ?s a htkg:Claim }\nGROUP ?s", 2, 9, ["expected BY"]),
    ("SELECT ?s WHERE { ?s ?p ?o ", 1, 28, ["at the end of the query", "`}`"]),
])
def test_a_syntax_error_is_one_line_with_its_position(run_cli, text, line, column, words):
    """Counted in the text as written, even with the project's prefixes put before it; no
    parser dump (the lists of character classes) reaches the user."""
    code, out, err = run_cli("query", "-e", text)
    assert code == 2 and out == ""
    first, *more = err.rstrip("\n").split("\n")
    assert not more, err
    assert first.startswith("Error: -e: SPARQL syntax error at ") and f"line {line}, column {column}" in first, first
    for word in words:
        assert word in first
    assert "\\u{" not in first and "[_]" not in first


def test_rows_and_time_on_a_terminal_only(run_cli, monkeypatch):
    """Nothing on standard error when it is not a terminal (output bytes stay the result's); on
    a terminal, the count and the time taken."""
    code, out, err = run_cli("query", "victims-by-destination-year", "-f", "tsv")
    rows = out.count("\n") - 1  # the header line
    assert code == 0 and err == "" and rows > 1
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run_cli("query", "victims-by-destination-year", "-f", "tsv")
    assert re.search(rf"(?<!\d){rows} rows in \d+(\.\d)? (ms|s)$", err, re.M), err
    assert out.count("\n") == rows + 1
    code, out, err = run_cli("query", "-e", "ASK { ?c a htkg:Claim }", "-f", "json")
    assert re.search(r"yes in \d+", err), err
    code, out, err = run_cli("query", "construct-statements", "-f", "ntriples")
    assert re.search(rf"(?<!\d){out.count(chr(10))} triples in \d+", err), err
    code, out, err = run_cli("query", "victims-by-destination-year", "-f", "table")
    assert re.search(rf"(?<!\d){rows} rows in ", err) and "row(s)" not in out


@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "xml"])
def test_a_triple_term_in_a_select_is_printed_in_every_format(run_cli, fmt):
    code, out, err = run_cli("query", "-e", 'SELECT ?t WHERE { BIND(TRIPLE(actor:osce, rdfs:label, "OSCE") AS ?t) }', "-f", fmt)
    assert (code, err) == (0, "")
    assert "https://w3id.org/htkg/id/actor/osce" in out or "actor:osce" in out
    # RDF-star's `<< s p o >>`: a reified triple in a pattern; as an expression, one readable error
    code, out, err = run_cli("query", "-e", 'SELECT ?t WHERE { BIND(<< actor:osce rdfs:label "OSCE" >> AS ?t) }', "-f", fmt)
    assert (code == 0 and err == "") or (code == 2 and err.startswith("Error: -e: SPARQL syntax error at line 1") and err.count("\n") == 1)
    code, out, err = run_cli("query", "-e", "SELECT ?s ?t WHERE { << ?s ?p ?o >> ?q ?t } LIMIT 1", "-f", fmt)
    assert (code, err) == (0, "")
