"""SPARQL results as plain Python objects of rdflib terms, whichever engine answered: the
embedded Oxigraph store or a remote SPARQL 1.1 endpoint (through SPARQLWrapper). Results from
two engines are compared as RDF terms, never as raw JSON, because servers spell the same term
differently (Virtuoso's JSON uses SPARQL 1.0's `typed-literal`, some servers omit
`xsd:string`). The writers implement the SPARQL 1.1 Query Results formats (JSON, XML, CSV,
TSV) and are deterministic: same rows, same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = [
    "QueryResult",
    "from_oxigraph",
    "from_sparql_json",
    "term_from_oxigraph",
    "term_from_json",
    "term_to_sparql",
    "SELECT_FORMATS",
    "GRAPH_FORMATS",
    "INTEGER_TYPES",
]

#: Output formats for SELECT and ASK results (SPARQL 1.1 Query Results formats, plus a table).
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Output formats for CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")

_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


@dataclass
class QueryResult:
    """The answer to one query. `kind` is "select", "ask" or "graph"; `variables` and `rows`
    (tuples of rdflib terms, None for unbound) for SELECT, `boolean` for ASK, `graph` for
    CONSTRUCT and DESCRIBE. A result read with `lazy=True` has an iterator as `rows`, made
    as it is read and good for one pass (`write`); `materialize` makes it a list."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: Iterable[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    #: A lazy CONSTRUCT or DESCRIBE result: pyoxigraph's triples, not read yet (`graph` is
    #: made from them when asked for; `write_graph` writes Turtle and N-Triples without it).
    triples: Iterable | None = None

    def materialize(self) -> "QueryResult":
        """Read every row of a lazy result into a list (for the table, which needs widths), or
        every triple into `graph`."""
        if not isinstance(self.rows, list):
            self.rows = list(self.rows)
        if self.triples is not None:
            graph = Graph()
            for triple in self.triples:
                graph.add((term_from_oxigraph(triple.subject), term_from_oxigraph(triple.predicate), term_from_oxigraph(triple.object)))
            self.graph, self.triples = graph, None
        return self

    def __len__(self) -> int:
        self.materialize()
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.graph) if self.graph is not None else 0
        return int(bool(self.boolean))

    def as_dicts(self) -> list[dict[str, Node]]:
        """Rows as dictionaries of the bound variables."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def comparable(self):
        """A value equal for two results that hold the same answer as RDF terms, whatever engine
        gave them and in whatever order (rows as a sorted multiset; triples as a set)."""
        self.materialize()
        if self.kind == "select":
            return (tuple(self.variables), sorted((tuple(_key(t) for t in row) for row in self.rows)))
        if self.kind == "ask":
            return self.boolean
        return sorted(tuple(_key(t) for t in triple) for triple in self.graph)

    # ------------------------------------------------------------------ writers

    def write(self, fmt: str, out: TextIO) -> None:
        """Write the result in a SPARQL 1.1 results format ("tsv", "csv", "json" or "xml") to a
        text stream, row by row as the rows come: a result asked for with `lazy=True` (see
        `htkg.query.run`) is never held whole. The same text as `to_<fmt>()`."""
        writer = {"tsv": self._write_tsv, "csv": self._write_csv, "json": self._write_json, "xml": self._write_xml}.get(fmt)
        if writer is None:
            raise ValueError(f"unsupported results format {fmt!r}")
        writer(out)

    def _text(self, fmt: str) -> str:
        buffer = io.StringIO(newline="")
        self.write(fmt, buffer)
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: terms in Turtle syntax, unbound as empty fields."""
        return self._text("tsv")

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, no datatypes or languages."""
        return self._text("csv")

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        return self._text("json")

    def to_xml(self) -> str:
        """SPARQL Query Results XML Format."""
        return self._text("xml")

    def _write_tsv(self, out: TextIO) -> None:
        if self.kind == "ask":
            out.write(("true" if self.boolean else "false") + "\n")
            return
        out = _Batched(out)
        out.write("\t".join("?" + v for v in self.variables) + "\n")
        for row in self.rows:
            out.write("\t".join("" if t is None else term_to_sparql(t) for t in row) + "\n")
        out.flush()

    def _write_csv(self, out: TextIO) -> None:
        if self.kind == "ask":
            out.write(("true" if self.boolean else "false") + "\r\n")
            return
        out = _Batched(out)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
        out.flush()

    def _write_json(self, out: TextIO) -> None:
        # Written piece by piece, the same text as json.dumps(document, ensure_ascii=False,
        # indent=2): each binding is dumped on its own and indented to its depth (json escapes
        # line breaks inside strings, so every line break in a dump is its own).
        if self.kind == "ask":
            out.write(json.dumps({"head": {}, "boolean": bool(self.boolean)}, ensure_ascii=False, indent=2) + "\n")
            return
        head = json.dumps({"vars": list(self.variables)}, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out = _Batched(out)
        out.write('{\n  "head": ' + head + ',\n  "results": {\n    "bindings": [')
        first = True
        names = [(v, _json_string(v)) for v in self.variables]
        for row in self.rows:
            out.write(("\n      " if first else ",\n      ") + _json_binding(names, row))
            first = False
        out.write(("]" if first else "\n    ]") + "\n  }\n}\n")
        out.flush()

    def _write_xml(self, out: TextIO) -> None:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_RESULTS_NS}">', "  <head>"]
        for v in self.variables:
            lines.append(f"    <variable name={quoteattr(v)}/>")
        lines.append("  </head>")
        if self.kind == "ask":
            lines.append(f"  <boolean>{'true' if self.boolean else 'false'}</boolean>")
            out.write("\n".join(lines) + "\n</sparql>\n")
            return
        lines.append("  <results>")
        out = _Batched(out)
        out.write("\n".join(lines) + "\n")
        for row in self.rows:
            parts = ["    <result>\n"]
            for v, t in zip(self.variables, row):
                if t is not None:
                    parts.append(f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>\n")
            parts.append("    </result>\n")
            out.write("".join(parts))
        out.write("  </results>\n</sparql>\n")
        out.flush()

    def write_graph(self, fmt: str, out: BinaryIO) -> None:
        """A CONSTRUCT or DESCRIBE result written to a binary file, the same bytes as
        `serialize_graph`. Turtle and N-Triples of a lazy result are written from pyoxigraph's
        triples without an rdflib Graph: each term goes through rdflib once, as it did on its
        way through the Graph (rdflib writes some literals in canonical form: "01"^^xsd:integer
        as "1"), then the sorted statements are written as they are serialized."""
        if fmt in ("turtle", "ntriples") and self.triples is not None and self.graph is None:
            from .serialize import write_quads

            carry = _through_rdflib
            quads = [ox.Quad(carry(t.subject), t.predicate, carry(t.object)) for t in self.triples]
            self.triples = None
            write_quads(quads, fmt, out)
            return
        out.write(self.serialize_graph(fmt).encode("utf-8"))

    def serialize_graph(self, fmt: str) -> str:
        """A CONSTRUCT or DESCRIBE result as Turtle, N-Triples (sorted lines) or JSON-LD."""
        from .namespaces import bind_prefixes
        from .serialize import serialize_graph

        self.materialize()
        graph = self.graph if self.graph is not None else Graph()
        if fmt in ("turtle", "ntriples"):
            return serialize_graph(graph, fmt)
        if fmt == "jsonld":
            bind_prefixes(graph)
            data = json.loads(graph.serialize(format="json-ld"))
            if isinstance(data, list):
                data.sort(key=lambda node: node.get("@id", ""))
            return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        raise ValueError(f"unsupported graph format {fmt!r}")


class _Batched:
    """A text stream's writes gathered into fewer, larger ones."""

    def __init__(self, out: TextIO, size: int = 1 << 16):
        self.out, self.size = out, size
        self.parts: list[str] = []
        self.length = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts))
            self.parts, self.length = [], 0


#: What json.dumps(..., ensure_ascii=False) writes a string with (C where there is C).
from json.encoder import encode_basestring as _json_string  # noqa: E402


def _json_binding(names: list[tuple[str, str]], row) -> str:
    """One row of SPARQL JSON results, the same text as json.dumps(binding,
    ensure_ascii=False, indent=2) nested three levels deep (six spaces), written by hand:
    json's indenting encoder is pure Python and several times slower."""
    members = []
    for (_, name), term in zip(names, row):
        if term is None:
            continue
        fields = ",\n".join(f"          {_json_string(key)}: {_json_string(value)}" for key, value in term_to_json(term).items())
        members.append(f"        {name}: {{\n{fields}\n        }}")
    if not members:
        return "{}"
    return "{\n" + ",\n".join(members) + "\n      }"


#: XSD types derived from xsd:integer. Oxigraph stores a value of any of them as xsd:integer
#: (so `oa:start "7"^^xsd:nonNegativeInteger` comes back as xsd:integer), rdflib and Virtuoso
#: keep the type: results are compared with these folded into xsd:integer.
INTEGER_TYPES = frozenset(
    str(XSD[name])
    for name in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                 "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")
)


def _key(term: Node | None) -> tuple:
    """A sort key that orders any mix of terms (and unbound values) without comparing across
    types; integers are keyed by value as xsd:integer, whatever derived type they carry."""
    if term is None:
        return (0, "", "", "")
    if isinstance(term, URIRef):
        return (1, str(term), "", "")
    if isinstance(term, BNode):
        return (2, str(term), "", "")
    datatype = str(term.datatype or "")
    if datatype in INTEGER_TYPES:
        try:
            return (3, str(int(str(term).strip())), str(XSD.integer), "")
        except ValueError:
            pass
    if datatype == str(XSD.string):
        datatype = ""
    return (3, str(term), datatype, term.language or "")


# --------------------------------------------------------------------------- terms


def term_from_oxigraph(term) -> Node | None:
    """A pyoxigraph term as the equal rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def _through_rdflib(term):
    """A pyoxigraph term as it comes out of an rdflib Graph written as N-Triples and read back
    by pyoxigraph: IRIs and blank nodes unchanged, literals with rdflib's lexical form."""
    if type(term) is not ox.Literal:
        return term
    literal = term_from_oxigraph(term)
    if literal.language:
        return ox.Literal(str(literal), language=literal.language)
    if literal.datatype is not None:
        return ox.Literal(str(literal), datatype=ox.NamedNode(str(literal.datatype)))
    return ox.Literal(str(literal))


def term_from_json(binding: dict) -> Node:
    """A term of SPARQL 1.1 Query Results JSON (and SPARQL 1.0's `typed-literal`) as rdflib."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = binding.get("datatype")
        if datatype in (None, str(XSD.string)):
            return Literal(value)
        return Literal(value, datatype=URIRef(datatype))
    raise ValueError(f"unsupported term in SPARQL JSON results: {binding!r}")


def term_to_json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        data["datatype"] = str(term.datatype)
    return data


def term_to_sparql(term: Node) -> str:
    """A term in N-Triples syntax (what SPARQL TSV results and VALUES blocks take), escaped by
    pyoxigraph so that no value can break out of its quotes or angle brackets."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.language:
        return str(ox.Literal(str(term), language=term.language))
    if term.datatype is not None and term.datatype != XSD.string:
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
    return str(ox.Literal(str(term)))


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


# --------------------------------------------------------------------------- readers


def from_oxigraph(answer, *, lazy: bool = False) -> QueryResult:
    """The answer of pyoxigraph's `Store.query` as a QueryResult; with `lazy`, SELECT rows are
    converted as they are read (pyoxigraph evaluates as they are asked for)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples) and lazy:
        return QueryResult(kind="graph", triples=answer)
    if isinstance(answer, ox.QueryTriples):
        graph = Graph()
        for triple in answer:
            graph.add((term_from_oxigraph(triple.subject), term_from_oxigraph(triple.predicate), term_from_oxigraph(triple.object)))
        return QueryResult(kind="graph", graph=graph)
    variables = [v.value for v in answer.variables]
    rows = (tuple(term_from_oxigraph(solution[v]) for v in variables) for solution in answer)
    return QueryResult(kind="select", variables=variables, rows=rows if lazy else list(rows))


def from_sparql_json(doc: dict, *, lazy: bool = False) -> QueryResult:
    """SPARQL 1.1 Query Results JSON (as a parsed document) as a QueryResult; with `lazy`, rows
    are converted to rdflib terms as they are read."""
    if "boolean" in doc:
        return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    rows = (
        tuple(term_from_json(binding[v]) if v in binding else None for v in variables)
        for binding in doc.get("results", {}).get("bindings", [])
    )
    return QueryResult(kind="select", variables=variables, rows=rows if lazy else list(rows))
