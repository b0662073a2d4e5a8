"""SPARQL results writers. The embedded store's results are pyoxigraph's own bytes, every term
as the store gives it (numbers, `oa:start`, triple terms), written as the rows come and counted
on the way. The project's writers (for a remote endpoint's results): rows written as they come
(a lazy result is read once, never held) give the same text as the whole result written at
once, and the JSON written by hand is the text json.dumps writes."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from htkg.results import QueryResult, from_oxigraph, term_to_json

ROWS = [
    (URIRef("http://example.org/a"), Literal("plain"), None),
    (BNode("b1"), Literal("Ünïcode \u2028 line\nbreak \"quoted\" \\ tab\t", lang="az-latn"), Literal("7", datatype=XSD.integer)),
    (None, None, None),
    (URIRef("http://example.org/ü?q=x&y"), Literal("<xml> & 'attr'", datatype=URIRef("http://example.org/dt")), Literal("x", datatype=XSD.string)),
]
VARIABLES = ["s", "label", "n"]


def reference_json(result: QueryResult) -> str:
    """What the writer wrote before it streamed: the whole document through json.dumps."""
    bindings = [{v: term_to_json(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("rows", [ROWS, [], [(None, None, None)]])
@pytest.mark.parametrize("variables", [VARIABLES, []])
def test_json_is_what_json_dumps_writes(rows, variables):
    rows = [row[: len(variables)] for row in rows]
    result = QueryResult(kind="select", variables=variables, rows=rows)
    assert result.to_json() == reference_json(result)
    json.loads(result.to_json())


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "xml"])
def test_a_lazy_result_is_written_row_by_row_with_the_same_text(fmt):
    whole = getattr(QueryResult(kind="select", variables=VARIABLES, rows=list(ROWS)), f"to_{fmt}")()
    read: list[int] = []

    def rows():
        for index, row in enumerate(ROWS):
            read.append(index)
            yield row

    out = io.BytesIO()
    assert QueryResult(kind="select", variables=VARIABLES, rows=rows()).write(fmt, out) == len(ROWS)
    assert out.getvalue().decode("utf-8") == whole
    assert read == [0, 1, 2, 3]


def test_rows_reach_the_stream_before_the_last_row_is_read():
    """Written as they come: with many rows, text is out before the query has given them all."""
    seen_at_row: list[int] = []

    class Stream(io.BytesIO):
        def write(self, text):
            seen_at_row.append(len(produced))
            return super().write(text)

    produced: list[int] = []

    def rows():
        for i in range(50_000):
            produced.append(i)
            yield (URIRef(f"http://example.org/{i}"),)

    QueryResult(kind="select", variables=["s"], rows=rows()).write("tsv", Stream())
    assert min(seen_at_row) < 50_000 and len(seen_at_row) > 2


def test_lazy_oxigraph_results_are_the_same_as_eager_ones():
    store = ox.Store()
    for i in range(20):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(f"0{i}", datatype=ox.NamedNode(str(XSD.integer))), ox.NamedNode("http://example.org/g")))
    select = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    for fmt in ("tsv", "csv", "json", "xml"):
        lazy = from_oxigraph(store.query(select, use_default_graph_as_union=True), lazy=True)
        assert not isinstance(lazy.rows, list)
        eager = from_oxigraph(store.query(select, use_default_graph_as_union=True))
        assert getattr(lazy, f"to_{fmt}")() == getattr(eager, f"to_{fmt}")()
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for fmt in ("turtle", "ntriples", "jsonld"):
        lazy = from_oxigraph(store.query(construct, use_default_graph_as_union=True), lazy=True)
        out = io.BytesIO()
        assert lazy.write_graph(fmt, out) == 20
        eager = from_oxigraph(store.query(construct, use_default_graph_as_union=True))
        assert out.getvalue().decode("utf-8") == eager.serialize_graph(fmt)
    # the store's own lexical form: Oxigraph stores "01"^^xsd:integer as the value 1
    assert '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .' in eager.serialize_graph("ntriples")
    lazy = from_oxigraph(store.query(construct, use_default_graph_as_union=True), lazy=True)
    assert len(lazy) == 20


# --------------------------------------------------------------------------- the store's own results

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = """
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:g {
  ex:a ex:double 1.0e3 ; ex:year 2010 ; ex:decimal 2.50 ; ex:padded "007"^^xsd:integer ;
       ex:label "[accessed 5 October 2015]"@en .
  ex:position oa:start "7"^^xsd:nonNegativeInteger ; oa:end "12"^^xsd:nonNegativeInteger .
}
"""
SELECT_ALL = "SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p"
OX = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
      "tsv": ox.QueryResultsFormat.TSV}


@pytest.fixture
def numbers_store():
    from htkg.store import OxigraphStore

    store = OxigraphStore()
    store.store.load(NUMBERS.encode("utf-8"), format=ox.RdfFormat.TRIG)
    return store


def _stored(store) -> dict[str, ox.Literal]:
    """Each predicate's object as the store itself holds it."""
    return {q.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]: q.object for q in store.store}


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("lazy", [True, False])
def test_embedded_results_are_pyoxigraphs_own_bytes(numbers_store, fmt, lazy):
    """Written by pyoxigraph from the store's answer, lazy (as the CLI runs) or held whole."""
    result = from_oxigraph(numbers_store.query(SELECT_ALL), lazy=lazy)
    out = io.BytesIO()
    assert result.write(fmt, out) == 7
    expected = numbers_store.query(SELECT_ALL).serialize(format=OX[fmt])
    assert out.getvalue() == expected + (b"" if expected.endswith(b"\n") else b"\n")


def test_numbers_and_oa_start_come_out_as_the_store_holds_them(numbers_store):
    """No term is re-spelled on its way out: each value, datatype and language in every format
    is the one the store gives (rdflib would write the double as "1000.0"). Oxigraph itself
    keeps a number's value, not its spelling (oxigraph/oxigraph#526): what it holds for 1.0e3
    and for oa:start is what is checked, whatever that is."""
    stored = _stored(numbers_store)
    assert stored["double"].datatype.value == XSD_NS + "double"
    result = from_oxigraph(numbers_store.query(SELECT_ALL))
    # JSON and XML carry every term whole: read back, they are the store's terms
    for fmt in ("json", "xml"):
        again = ox.parse_query_results(getattr(result, f"to_{fmt}")().encode("utf-8"), format=OX[fmt])
        written = {s["p"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]: s["o"] for s in again}
        assert written == stored, fmt
    doc = json.loads(result.to_json())
    by_name = {b["p"]["value"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]: b["o"] for b in doc["results"]["bindings"]}
    assert by_name["double"] == {"type": "literal", "value": stored["double"].value, "datatype": XSD_NS + "double"}
    assert by_name["double"]["value"] != "1000.0"  # rdflib's spelling
    assert by_name["start"]["datatype"] == stored["start"].datatype.value
    # TSV: xsd:integer in the spec's short form, the double with its datatype
    tsv = result.to_tsv().splitlines()
    assert "<http://example.org/year>\t2010" in tsv
    assert f'<http://example.org/double>\t"{stored["double"].value}"^^<{XSD_NS}double>' in tsv \
        or f"<http://example.org/double>\t{stored['double'].value}" in tsv
    # the rdflib rows keep the store's spelling too (the table shows them)
    rows = {str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1]: o for p, o in result.rows}
    assert {name: str(term) for name, term in rows.items()} == {name: term.value for name, term in stored.items()}
    assert str(rows["start"].datatype) == stored["start"].datatype.value


TRIPLES = """
@prefix ex: <http://example.org/> .
ex:g { << ex:ministry ex:reports "34 victims"@en >> ex:source ex:report . }
"""


@pytest.mark.parametrize("query", [
    "SELECT ?t WHERE { BIND(TRIPLE(<http://example.org/a>, <http://example.org/b>, 1) AS ?t) }",
    "SELECT ?r ?t WHERE { ?r <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> ?t }",
])
def test_a_triple_term_in_a_select_is_written_in_every_format(query):
    from htkg.store import OxigraphStore

    store = OxigraphStore()
    store.store.load(TRIPLES.encode("utf-8"), format=ox.RdfFormat.TRIG)
    for fmt in ("json", "xml", "tsv", "csv"):
        text = getattr(from_oxigraph(store.query(query), lazy=True), f"to_{fmt}")()
        assert "http://example.org/" in text, fmt
        if fmt != "csv":
            again = list(ox.parse_query_results(text.encode("utf-8"), format=OX[fmt]))
            assert len(again) == 1 and isinstance(again[0]["t"], ox.Triple), fmt
    # as rdflib terms (the table, and comparisons between engines)
    result = from_oxigraph(store.query(query))
    term = result.rows[0][-1]
    assert str(term).startswith("<<( <http://example.org/") and term.subject is not None
    assert result.comparable() == from_oxigraph(store.query(query)).comparable()
    # the project's own writers (remote results) write it too, and read it back
    remote = QueryResult(kind="select", variables=result.variables, rows=result.rows)
    assert from_oxigraph(ox.parse_query_results(remote.to_json().encode("utf-8"), format=ox.QueryResultsFormat.JSON)).comparable() \
        == result.comparable()
    assert from_oxigraph(ox.parse_query_results(remote.to_xml().encode("utf-8"), format=ox.QueryResultsFormat.XML)).comparable() \
        == result.comparable()


def test_construct_output_keeps_the_stores_terms(numbers_store):
    result = from_oxigraph(numbers_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), lazy=True)
    out = io.BytesIO()
    assert result.write_graph("ntriples", out) == 7
    written = {q.object for q in ox.parse(out.getvalue(), format=ox.RdfFormat.N_TRIPLES)}
    assert written == set(_stored(numbers_store).values())


def test_pyoxigraph_writes_as_the_rows_come():
    """The store's results reach the stream in pieces as pyoxigraph makes them, not as one block
    at the end; each piece is passed on as it comes."""
    from htkg.store import OxigraphStore

    store = OxigraphStore()
    store.store.bulk_extend(
        ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)),
                ox.NamedNode("http://example.org/g"))
        for i in range(20_000)
    )
    for fmt in ("tsv", "csv", "json", "xml"):
        sizes: list[int] = []

        class Stream(io.BytesIO):
            def write(self, data):
                sizes.append(len(data))
                return super().write(data)

        stream = Stream()
        rows = from_oxigraph(store.query("SELECT ?s ?o WHERE { ?s ?p ?o }"), lazy=True).write(fmt, stream)
        assert rows == 20_000
        assert len(sizes) > 10 and max(sizes) < len(stream.getvalue()) / 10, fmt


TRICKY = [
    'a,{"b"}', "[{", "},{", "x\\", '\\"', "<result>", "<result/>", 'say "hi", then\nnew line\r\n,{', "\t\\\\\"", "",
]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_are_counted_whatever_the_values_hold(fmt):
    """The rows of pyoxigraph's output are counted as they pass, wherever the writes cut it:
    values that look like the marks of a row (`,{`, `<result>`, quotes, escapes, line breaks)
    are not counted."""
    from htkg.results import _Counted

    store = ox.Store()
    for i, value in enumerate(TRICKY):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(value)))
    store.add(ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://example.org/q"), ox.NamedNode("http://example.org/x")))
    query = "SELECT ?s ?v ?none WHERE { { ?s <http://example.org/p> ?v } UNION { ?s <http://example.org/q> ?o } UNION { BIND(1 AS ?x) } }"
    data = store.query(query).serialize(format=OX[fmt])
    expected = len(list(store.query(query)))
    for step in (1, 2, 3, 7, len(data)):
        for start in range(0, min(step, 5)):
            out = io.BytesIO()
            counted = _Counted(out, fmt)
            pieces = [data[:start]] + [data[i:i + step] for i in range(start, len(data), step)]
            for piece in pieces:
                counted.write(piece)
            assert counted.close() == expected, (fmt, step, start)
            assert out.getvalue().rstrip(b"\n") == data.rstrip(b"\n")


def test_a_construct_with_triple_terms_and_blank_nodes_is_written_the_same_every_time():
    """Blank nodes, inside triple terms too, get labels from the structure (not the store's),
    so the output is the same bytes each time; JSON-LD, which has no triple terms, says so."""
    from htkg.errors import UsageError

    data = b"<http://g> { << <http://a> <http://b> _:x >> <http://s> <http://d> . _:y <http://p> 1.0e3 . }"
    written = set()
    for _ in range(2):
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.TRIG)
        for fmt in ("turtle", "ntriples"):
            out = io.BytesIO()
            result = from_oxigraph(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True), lazy=True)
            assert result.write_graph(fmt, out) == 3
            written.add((fmt, out.getvalue()))
        assert "<<( <http://a> <http://b> _:" in out.getvalue().decode("utf-8")
    assert len(written) == 2
    result = from_oxigraph(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    with pytest.raises(UsageError, match="JSON-LD"):
        result.write_graph("jsonld", io.BytesIO())


def test_control_characters_give_well_formed_xml_results(built_project):
    """XML 1.0 forbids U+0001 even escaped, and pyoxigraph writes it as it is: the written
    results replace it with U+FFFD, the embedded store's (written by pyoxigraph) and a remote
    endpoint's (the project's writer) alike."""
    import xml.etree.ElementTree as ET

    from htkg.query import run_local
    from htkg.results import from_sparql_json
    from htkg.store import OxigraphStore

    query = 'SELECT ?x WHERE { BIND("a\\u0001b\\u000bc" AS ?x) }'
    embedded = run_local(OxigraphStore(), query, lazy=True).to_xml()
    remote = from_sparql_json({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "a\u0001b\u000bc"}}]}}).to_xml()
    for text in (embedded, remote):
        ET.fromstring(text)
        assert "a\ufffdb\ufffdc" in text
