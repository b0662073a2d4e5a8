"""SPARQL results writers: rows written as they come (a lazy result is read once, never held)
give the same text as the whole result written at once, and the JSON written by hand is the
text json.dumps writes."""

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

    out = io.StringIO(newline="")
    QueryResult(kind="select", variables=VARIABLES, rows=rows()).write(fmt, out)
    assert out.getvalue() == whole
    assert read == [0, 1, 2, 3]


def test_rows_reach_the_stream_before_the_last_row_is_read():
    """Written as they come: with many rows, text is out before the query has given them all."""
    seen_at_row: list[int] = []

    class Stream(io.StringIO):
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
    lazy = from_oxigraph(store.query(select, use_default_graph_as_union=True), lazy=True)
    assert not isinstance(lazy.rows, list)
    eager = from_oxigraph(store.query(select, use_default_graph_as_union=True))
    assert lazy.to_tsv() == eager.to_tsv()
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for fmt in ("turtle", "ntriples"):
        lazy = from_oxigraph(store.query(construct, use_default_graph_as_union=True), lazy=True)
        out = io.BytesIO()
        lazy.write_graph(fmt, out)
        eager = from_oxigraph(store.query(construct, use_default_graph_as_union=True))
        # rdflib's lexical forms, as before: "01"^^xsd:integer is written "1"
        assert out.getvalue().decode("utf-8") == eager.serialize_graph(fmt)
        assert '"1"^^' in eager.serialize_graph("ntriples")
    lazy = from_oxigraph(store.query(construct, use_default_graph_as_union=True), lazy=True)
    assert len(lazy) == 20
