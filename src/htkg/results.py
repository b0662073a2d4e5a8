"""SPARQL results as plain Python objects of rdflib terms, whichever engine answered: the
embedded Oxigraph store or a remote SPARQL 1.1 endpoint. Results from two engines are compared
as RDF terms, never as raw JSON, because servers spell the same term differently (Virtuoso's
JSON uses SPARQL 1.0's `typed-literal`, some servers omit `xsd:string`).

The embedded store's answers are written by pyoxigraph itself, in the four SPARQL 1.1 Query
Results formats (JSON, XML, CSV, TSV) and, for CONSTRUCT and DESCRIBE, by the project's
serializer from pyoxigraph's triples: every term goes out as the store gives it, never
re-spelled through rdflib (which writes "1000"^^xsd:double as "1000.0"). The rdflib terms of
`rows` keep the same lexical forms (`normalize=False`). The project's own writers remain for
what pyoxigraph does not answer: results read from a remote endpoint. (Oxigraph's store keeps a
number's value, not its spelling: `1.0e3` is stored as the double 1000 and written "1000", and
a value of a type derived from xsd:integer, such as `oa:start`'s xsd:nonNegativeInteger, comes
back as xsd:integer; oxigraph/oxigraph#526.)

Every writer is deterministic (same rows, same bytes) and streams: rows are written as they
come, never all held first."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from .xmlsafe import xml_safe, xml_safe_bytes

__all__ = [
    "QueryResult",
    "TripleTerm",
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

#: pyoxigraph's writers of the SPARQL 1.1 Query Results formats.
_OX_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


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
    #: A CONSTRUCT or DESCRIBE result as pyoxigraph's triples: a list, or an iterator not read
    #: yet (lazy); `graph` is made from them when asked for, `write_graph` writes them as they are.
    triples: Iterable | None = None
    #: The embedded store's own answer, for pyoxigraph to write (`write`): a QuerySolutions not
    #: read yet (lazy; reading `rows` reads it instead), a QueryBoolean, or, for a result held
    #: whole, its SPARQL JSON results as pyoxigraph wrote them.
    source: object | None = None

    def materialize(self) -> "QueryResult":
        """Read every row of a lazy result into a list (for the table, which needs widths), or
        every triple into `graph`."""
        if not isinstance(self.rows, list):
            self.rows = list(self.rows)
        if self.triples is not None and self.graph is None:
            if not isinstance(self.triples, list):
                self.triples = list(self.triples)
            graph = Graph()
            for triple in self.triples:
                graph.add((term_from_oxigraph(triple.subject), term_from_oxigraph(triple.predicate), term_from_oxigraph(triple.object)))
            self.graph = graph
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

    def write(self, fmt: str, out: BinaryIO, *, advance: Callable[[float], None] | None = None) -> int:
        """Write the result in a SPARQL 1.1 results format ("tsv", "csv", "json" or "xml") to a
        binary stream, row by row as the rows come: a result asked for with `lazy=True` (see
        `htkg.query.run`) is never held whole. The embedded store's answers are written by
        pyoxigraph; others (a remote endpoint's) by the writers below. Returns the number of rows
        written (0 for ASK); `advance` is told as rows go out (for a progress bar). The same
        bytes as `to_<fmt>()`."""
        if fmt not in _OX_FORMATS:
            raise ValueError(f"unsupported results format {fmt!r}")
        if self.source is not None:
            answer = self.source
            if isinstance(answer, bytes):
                answer = ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON)
            elif isinstance(answer, ox.QuerySolutions):  # read once, here: no rows are left after
                self.source, self.rows = None, []
            counted = _Counted(out, fmt, advance)
            answer.serialize(counted, format=_OX_FORMATS[fmt])
            return counted.close()
        writer = {"tsv": self._write_tsv, "csv": self._write_csv, "json": self._write_json, "xml": self._write_xml}[fmt]
        batched = _Batched(out, advance)
        writer(batched)
        batched.flush()
        return batched.rows

    def _text(self, fmt: str) -> str:
        buffer = io.BytesIO()
        self.write(fmt, buffer)
        return buffer.getvalue().decode("utf-8")

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

    def _write_tsv(self, out: "_Batched") -> None:
        if self.kind == "ask":
            out.write(("true" if self.boolean else "false") + "\n")
            return
        out.write("\t".join("?" + v for v in self.variables) + "\n")
        for row in self.rows:
            out.row("\t".join("" if t is None else term_to_sparql(t) for t in row) + "\n")

    def _write_csv(self, out: "_Batched") -> None:
        if self.kind == "ask":
            out.write(("true" if self.boolean else "false") + "\r\n")
            return
        line = io.StringIO(newline="")
        writer = csv.writer(line, lineterminator="\r\n")

        def text(row) -> str:
            line.seek(0)
            line.truncate()
            writer.writerow(row)
            return line.getvalue()

        out.write(text(self.variables))
        for row in self.rows:
            out.row(text(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]))

    def _write_json(self, out: "_Batched") -> None:
        # Written piece by piece, the same text as json.dumps(document, ensure_ascii=False,
        # indent=2): each binding is dumped on its own and indented to its depth (json escapes
        # line breaks inside strings, so every line break in a dump is its own).
        if self.kind == "ask":
            out.write(json.dumps({"head": {}, "boolean": bool(self.boolean)}, ensure_ascii=False, indent=2) + "\n")
            return
        head = json.dumps({"vars": list(self.variables)}, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write('{\n  "head": ' + head + ',\n  "results": {\n    "bindings": [')
        first = True
        names = [(v, _json_string(v)) for v in self.variables]
        for row in self.rows:
            out.row(("\n      " if first else ",\n      ") + _json_binding(names, row))
            first = False
        out.write(("]" if first else "\n    ]") + "\n  }\n}\n")

    def _write_xml(self, out: "_Batched") -> None:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_RESULTS_NS}">', "  <head>"]
        for v in self.variables:
            lines.append(f"    <variable name={quoteattr(v)}/>")
        lines.append("  </head>")
        if self.kind == "ask":
            lines.append(f"  <boolean>{'true' if self.boolean else 'false'}</boolean>")
            out.write("\n".join(lines) + "\n</sparql>\n")
            return
        lines.append("  <results>")
        out.write("\n".join(lines) + "\n")
        for row in self.rows:
            parts = ["    <result>\n"]
            for v, t in zip(self.variables, row):
                if t is not None:
                    parts.append(f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>\n")
            parts.append("    </result>\n")
            out.row("".join(parts))
        out.write("  </results>\n</sparql>\n")

    def write_graph(self, fmt: str, out: BinaryIO, *, advance: Callable[[float], None] | None = None) -> int:
        """A CONSTRUCT or DESCRIBE result written to a binary file ("turtle", "ntriples" or
        "jsonld"), the same bytes as `serialize_graph`, by the project's serializer (sorted,
        stable blank node labels, pyoxigraph's writers): pyoxigraph's triples go as they are,
        each term as the store gave it. Returns the number of triples written."""
        from .serialize import quads_of, write_quads

        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"unsupported graph format {fmt!r}")
        if self.triples is not None:
            triples = self.triples
            if not isinstance(triples, list):  # read once, here
                self.triples = None
            quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        else:
            quads = quads_of(self.graph if self.graph is not None else Graph())
        if fmt == "jsonld" and any(type(t) is ox.Triple for q in quads for t in (q.subject, q.object)):
            from .errors import UsageError

            raise UsageError("JSON-LD cannot hold the triple terms of this result", hint="use --format turtle or ntriples")
        return write_quads(quads, fmt, out, advance=advance)

    def serialize_graph(self, fmt: str) -> str:
        """A CONSTRUCT or DESCRIBE result as Turtle, N-Triples (sorted lines) or JSON-LD."""
        buffer = io.BytesIO()
        self.write_graph(fmt, buffer)
        return buffer.getvalue().decode("utf-8")


class _Batched:
    """A binary stream's writes gathered into fewer, larger ones, text encoded as UTF-8; `row`
    writes one row's text and counts it."""

    def __init__(self, out: BinaryIO, advance: Callable[[float], None] | None = None, size: int = 1 << 16):
        self.out, self.advance, self.size = out, advance, size
        self.parts: list[str] = []
        self.length = 0
        self.rows = 0
        self.pending = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.size:
            self.flush()

    def row(self, text: str) -> None:
        self.rows += 1
        self.pending += 1
        self.write(text)

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts).encode("utf-8"))
            self.parts, self.length = [], 0
        if self.pending and self.advance is not None:
            self.advance(self.pending)
        self.pending = 0


#: A JSON string once its escaped backslashes and quotes are taken out (see `_Counted`).
_JSON_STRING = re.compile(rb'"[^"]*"')


class _Counted:
    """A binary stream that pyoxigraph writes results to: the bytes go on as they come, and the
    rows in them are counted on the way, by a mark that each format gives a row and that no
    value can hold. TSV: a line (line breaks in values are escaped). CSV: a line break outside
    quotes (quotes inside values are doubled, so the parity of the quotes says which). XML:
    `<result>` (a `<` in a value is escaped). JSON: `[{` or `,{` outside strings (once the
    escaped backslashes and quotes are taken out, the strings are the runs between quotes)."""

    def __init__(self, out: BinaryIO, fmt: str, advance: Callable[[float], None] | None = None):
        self.out, self.fmt, self.advance = out, fmt, advance
        self.rows = 0
        self.header = fmt in ("tsv", "csv")  # its first line names the variables
        self.quoted = False  # CSV: inside a quoted field
        self.carry = b""  # JSON: an unfinished string or escape; XML: the last bytes
        self.previous = b""  # JSON: the last byte outside strings
        self.last = b""

    def write(self, data) -> int:
        data = bytes(data)
        taken = len(data)
        if self.fmt == "xml":
            # pyoxigraph writes a control character of a value as it is, which XML 1.0 forbids
            # even escaped: it becomes U+FFFD, as in every XML the project writes (htkg.xmlsafe).
            data = xml_safe_bytes(data)
        found = getattr(self, "_count_" + self.fmt)(data)
        if self.header and found:
            found -= 1
            self.header = False
        self.out.write(data)
        if data:
            self.last = data[-1:]
        if found:
            self.rows += found
            if self.advance is not None:
                self.advance(found)
        return taken

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> int:
        """End the output with a line break (pyoxigraph ends JSON, XML and booleans without
        one) and give the number of rows."""
        if self.last != b"\n":
            self.out.write(b"\n")
        return self.rows

    def _count_tsv(self, data: bytes) -> int:
        return data.count(b"\n")

    def _count_csv(self, data: bytes) -> int:
        found = 0
        *lines, rest = data.split(b"\n")
        for line in lines:
            self.quoted ^= bool(line.count(b'"') & 1)
            if not self.quoted:
                found += 1
        self.quoted ^= bool(rest.count(b'"') & 1)
        return found

    def _count_xml(self, data: bytes) -> int:
        text = self.carry + data
        found = sum(text.count(mark) - self.carry.count(mark) for mark in (b"<result>", b"<result/>"))
        self.carry = text[-8:]
        return found

    def _count_json(self, data: bytes) -> int:
        text = self.carry + data
        body = text.rstrip(b"\\")  # an escape cut in two waits for its second half
        tail = text[len(body):]
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
        if body.count(b'"') & 1:  # a string still open: kept for the next write
            cut = body.rindex(b'"')
            body, tail = body[:cut], body[cut:] + tail
        self.carry = tail
        outside = _JSON_STRING.sub(b"", body)
        joined = self.previous + outside
        if outside:
            self.previous = outside[-1:]
        return joined.count(b",{") + joined.count(b"[{")


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
        fields = ",\n".join(f"          {_json_string(key)}: {_json_value(value)}" for key, value in term_to_json(term).items())
        members.append(f"        {name}: {{\n{fields}\n        }}")
    if not members:
        return "{}"
    return "{\n" + ",\n".join(members) + "\n      }"


def _json_value(value) -> str:
    if isinstance(value, str):
        return _json_string(value)
    # a triple term's parts, nested five levels deep (ten spaces)
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n          ")


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
    types. Literals are keyed by their canonical form, as engines spell the same value
    differently ("1.5" and "1.50"); integers by value as xsd:integer, whatever derived type
    they carry."""
    if term is None:
        return (0, "", "", "")
    if isinstance(term, URIRef):
        return (1, str(term), "", "")
    if isinstance(term, BNode):
        return (2, str(term), "", "")
    if isinstance(term, TripleTerm):
        return (4, str(term), "", "")
    datatype = str(term.datatype or "")
    if datatype in INTEGER_TYPES:
        try:
            return (3, str(int(str(term).strip())), str(XSD.integer), "")
        except ValueError:
            pass
    if datatype == str(XSD.string):
        datatype = ""
    canonical = str(Literal(str(term), datatype=term.datatype)) if datatype else str(term)
    return (3, canonical, datatype, term.language or "")


# --------------------------------------------------------------------------- terms


class TripleTerm(Identifier):
    """A triple term (RDF 1.2; RDF-star's quoted triple) in a result, which rdflib has no term
    for. Its text is its N-Triples form, `<<( s p o )>>`; `subject`, `predicate` and `object`
    are its parts."""

    def __new__(cls, subject: Node, predicate: Node, object: Node):  # noqa: A002
        text = f"<<( {term_to_sparql(subject)} {term_to_sparql(predicate)} {term_to_sparql(object)} )>>"
        self = super().__new__(cls, text)
        self.subject, self.predicate, self.object = subject, predicate, object
        return self

    def n3(self, namespace_manager=None) -> str:
        return str(self)


def term_from_oxigraph(term) -> Node | None:
    """A pyoxigraph term as the equal rdflib term, with the lexical form the store gave
    (rdflib would write "1000"^^xsd:double as "1000.0")."""
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
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    if isinstance(term, ox.Triple):
        return TripleTerm(term_from_oxigraph(term.subject), term_from_oxigraph(term.predicate), term_from_oxigraph(term.object))
    raise TypeError(f"unsupported term {term!r}")


def term_from_json(binding: dict) -> Node:
    """A term of SPARQL 1.1 Query Results JSON (and SPARQL 1.0's `typed-literal`, and a triple
    term, SPARQL 1.2's `triple`) as rdflib, with the lexical form the server gave."""
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
        return Literal(value, datatype=URIRef(datatype), normalize=False)
    if kind == "triple" and isinstance(value, dict):
        parts = [value.get(name, value.get(name[0])) for name in ("subject", "predicate", "object")]
        if all(isinstance(part, dict) for part in parts):
            return TripleTerm(*(term_from_json(part) for part in parts))
    raise ValueError(f"unsupported term in SPARQL JSON results: {binding!r}")


def term_to_json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, TripleTerm):
        return {"type": "triple", "value": {"subject": term_to_json(term.subject), "predicate": term_to_json(term.predicate),
                                            "object": term_to_json(term.object)}}
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
    if isinstance(term, TripleTerm):
        return str(term)
    if term.language:
        return str(ox.Literal(str(term), language=term.language))
    if term.datatype is not None and term.datatype != XSD.string:
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
    return str(ox.Literal(str(term)))


def _xml_term(term: Node) -> str:
    return xml_safe(_xml_term_raw(term))


def _xml_term_raw(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if isinstance(term, TripleTerm):
        return (f"<triple><subject>{_xml_term_raw(term.subject)}</subject><predicate>{_xml_term_raw(term.predicate)}</predicate>"
                f"<object>{_xml_term_raw(term.object)}</object></triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


# --------------------------------------------------------------------------- readers


def from_oxigraph(answer, *, lazy: bool = False) -> QueryResult:
    """The answer of pyoxigraph's `Store.query` (or of `parse_query_results`) as a QueryResult
    that pyoxigraph writes (`QueryResult.write`). With `lazy`, nothing is read yet: SELECT rows
    are evaluated and converted as they are read, or written by pyoxigraph as they come.
    Without, the rows are read into a list, and pyoxigraph's SPARQL JSON of them is kept, from
    which it writes any format."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer), source=answer)
    if isinstance(answer, ox.QueryTriples):
        if lazy:
            return QueryResult(kind="graph", triples=answer)
        return QueryResult(kind="graph", triples=list(answer)).materialize()
    variables = [v.value for v in answer.variables]
    if lazy:
        result = QueryResult(kind="select", variables=variables, source=answer)
        result.rows = _rows(result, answer, variables)
        return result
    data = answer.serialize(format=ox.QueryResultsFormat.JSON)
    rows = list(_rows(None, ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON), variables))
    return QueryResult(kind="select", variables=variables, rows=rows, source=data)


def _rows(result: QueryResult | None, solutions, variables: list[str]):
    """The rows of pyoxigraph's solutions as rdflib terms, read as they are asked for."""
    if result is not None:
        result.source = None  # read here: pyoxigraph cannot write it any more
    for solution in solutions:
        yield tuple(term_from_oxigraph(solution[v]) for v in variables)


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
