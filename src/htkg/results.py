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
from dataclasses import dataclass, field
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
    CONSTRUCT and DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
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
        if self.kind == "select":
            return (tuple(self.variables), sorted((tuple(_key(t) for t in row) for row in self.rows)))
        if self.kind == "ask":
            return self.boolean
        return sorted(tuple(_key(t) for t in triple) for triple in self.graph)

    # ------------------------------------------------------------------ writers

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: terms in Turtle syntax, unbound as empty fields."""
        if self.kind == "ask":
            return ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join("?" + v for v in self.variables)]
        for row in self.rows:
            lines.append("\t".join("" if t is None else term_to_sparql(t) for t in row))
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, no datatypes or languages."""
        if self.kind == "ask":
            return ("true" if self.boolean else "false") + "\r\n"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.kind == "ask":
            doc = {"head": {}, "boolean": bool(self.boolean)}
        else:
            bindings = []
            for row in self.rows:
                bindings.append({v: term_to_json(t) for v, t in zip(self.variables, row) if t is not None})
            doc = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def to_xml(self) -> str:
        """SPARQL Query Results XML Format."""
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_RESULTS_NS}">', "  <head>"]
        for v in self.variables:
            out.append(f"    <variable name={quoteattr(v)}/>")
        out.append("  </head>")
        if self.kind == "ask":
            out.append(f"  <boolean>{'true' if self.boolean else 'false'}</boolean>")
        else:
            out.append("  <results>")
            for row in self.rows:
                out.append("    <result>")
                for v, t in zip(self.variables, row):
                    if t is not None:
                        out.append(f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
                out.append("    </result>")
            out.append("  </results>")
        out.append("</sparql>")
        return "\n".join(out) + "\n"

    def serialize_graph(self, fmt: str) -> str:
        """A CONSTRUCT or DESCRIBE result as Turtle, N-Triples (sorted lines) or JSON-LD."""
        from .namespaces import bind_prefixes
        from .serialize import serialize_graph

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


def from_oxigraph(answer) -> QueryResult:
    """The answer of pyoxigraph's `Store.query` as a QueryResult."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        graph = Graph()
        for triple in answer:
            graph.add((term_from_oxigraph(triple.subject), term_from_oxigraph(triple.predicate), term_from_oxigraph(triple.object)))
        return QueryResult(kind="graph", graph=graph)
    variables = [v.value for v in answer.variables]
    rows = [tuple(term_from_oxigraph(solution[v]) for v in variables) for solution in answer]
    return QueryResult(kind="select", variables=variables, rows=rows)


def from_sparql_json(doc: dict) -> QueryResult:
    """SPARQL 1.1 Query Results JSON (as a parsed document) as a QueryResult."""
    if "boolean" in doc:
        return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    rows = []
    for binding in doc.get("results", {}).get("bindings", []):
        rows.append(tuple(term_from_json(binding[v]) if v in binding else None for v in variables))
    return QueryResult(kind="select", variables=variables, rows=rows)
