"""The query library (`queries/*.rq`) and running SPARQL queries on the embedded store or on a
remote SPARQL 1.1 endpoint, with parameters bound as RDF terms.

Each library file starts with a grlc-style header that this module parses:

    #+ summary: Destinations reported for trafficked victims, per year
    #+ question: Who reported which destination countries, in which year, on whose figures?
    #+ params:
    #+   - destination: iri = place:TR ; a destination country (unset: all)
    #+   - year: year ; the reference year
    #+ tags: provenance, routes

A parameter is a variable of the query (`?destination`). Binding one never pastes text into
the query: the value is turned into an RDF term (an IRI, checked, or a typed literal) and
written, N-Triples-escaped by pyoxigraph, into a `VALUES` block inserted at the start of the
query's WHERE group, so it can only ever be that one term. A parameter with no default and no
value stays unbound: the query then answers for every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import EndpointError, InputError, UsageError
from .namespaces import HTKG, PREFIXES
from .project import Project
from .remote import redact, run_endpoint
from .results import QueryResult, from_oxigraph, term_to_sparql
from .sparqltext import _IRIREF, _tokens, add_prefixes, query_form, refuse_service, syntax_error_message, uses_service

__all__ = [
    "QueryParam",
    "LibraryQuery",
    "PARAM_TYPES",
    "parse_header",
    "load_query",
    "library",
    "resolve_query",
    "query_form",
    "refuse_service",
    "uses_service",
    "parse_param_value",
    "bind_parameters",
    "prepare",
    "run_local",
    "run_endpoint",
    "run",
    "expand_prefixed",
    "add_prefixes",
    "syntax_error_message",
    "endpoint_warning",
]

#: Parameter types a header may declare, and the datatype a value of the type gets.
PARAM_TYPES = {
    "iri": None,
    "string": XSD.string,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "year": XSD.integer,
    "date": XSD.date,
    "boolean": XSD.boolean,
}

_HEADER_KEYS = ("summary", "question", "params", "tags")
_PARAM_LINE = re.compile(
    r"^-\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>[^;]*?))?\s*(?:;\s*(?P<doc>.*))?$"
)


@dataclass(frozen=True)
class QueryParam:
    """A parameter of a library query: a variable of the query, its type and default."""

    name: str
    type: str
    default: str | None = None
    doc: str = ""

    def describe(self) -> str:
        text = f"{self.name} ({self.type}"
        text += f", default {self.default})" if self.default is not None else ", unset: every value)"
        return text + (f": {self.doc}" if self.doc else "")


@dataclass(frozen=True)
class LibraryQuery:
    """One `.rq` file of the library with its parsed header."""

    name: str
    path: Path | None
    text: str
    summary: str = ""
    question: str = ""
    params: tuple[QueryParam, ...] = ()
    tags: tuple[str, ...] = ()
    #: Lines put before the text as written (the project's prefixes, see `add_prefixes`): a
    #: syntax error's line is counted without them.
    prologue_lines: int = 0

    @property
    def role(self) -> str:
        """"construct" (derives triples into the graph), "violation" (must return no rows) or
        "question" (for users), after the file name."""
        if self.name.startswith("construct-"):
            return "construct"
        if self.name.endswith("-violation"):
            return "violation"
        return "question"

    @property
    def form(self) -> str:
        return query_form(self.text)

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


# --------------------------------------------------------------------------- headers


def parse_header(text: str, *, where: str = "query") -> dict:
    """The `#+ key: value` header of a query: summary, question, params (a list of QueryParam)
    and tags. Raises InputError naming the line when a header line cannot be read."""
    header: dict = {"summary": "", "question": "", "params": [], "tags": []}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if not stripped.startswith("#+"):
            current = None
            continue
        body = stripped[2:].strip()
        key, sep, value = body.partition(":")
        if sep and key.strip() in _HEADER_KEYS and not body.startswith("-"):
            current = key.strip()
            value = value.strip()
            if current == "tags":
                header["tags"].extend(t.strip() for t in value.split(",") if t.strip())
            elif current == "params":
                if value:
                    raise InputError("write each parameter on its own `#+   - name: type = default ; doc` line", where=f"{where}:{number}")
            else:
                header[current] = value
            continue
        if current == "params":
            match = _PARAM_LINE.match(body)
            if not match or match["type"] not in PARAM_TYPES:
                raise InputError(
                    f"cannot read the parameter line {body!r}",
                    where=f"{where}:{number}",
                    hint="write `#+   - name: type = default ; what it is`, type one of " + ", ".join(PARAM_TYPES),
                )
            default = match["default"].strip() if match["default"] is not None else None
            header["params"].append(QueryParam(match["name"], match["type"], default or None, (match["doc"] or "").strip()))
        elif current in ("summary", "question"):
            header[current] = (header[current] + " " + body).strip()
        elif current == "tags":
            header["tags"].extend(t.strip() for t in body.lstrip("-").split(",") if t.strip())
        else:
            raise InputError(f"unknown header line {stripped!r}", where=f"{where}:{number}", hint="keys: " + ", ".join(_HEADER_KEYS))
    return header


def load_query(path: str | Path, *, where: str | None = None) -> LibraryQuery:
    """Read one `.rq` file and its header."""
    path = Path(path)
    where = where or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the query: {exc.strerror}", where=where) from None
    header = parse_header(text, where=where)
    return LibraryQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=header["summary"],
        question=header["question"],
        params=tuple(header["params"]),
        tags=tuple(header["tags"]),
    )


def library(project: Project) -> list[LibraryQuery]:
    """Every query of the project's library, in name order."""
    return [load_query(path, where=project.relative(path)) for path in sorted(project.queries_dir.glob("*.rq"))]


def resolve_query(project: Project | None, name: str) -> LibraryQuery:
    """A library query by name (`victims-by-destination`), or any `.rq` file by path."""
    path = Path(name)
    if name.endswith(".rq") or path.suffix == ".rq":
        if not path.exists():
            raise InputError("no such query file", where=name, hint="give a path to a .rq file, or a library query name (`htkg queries`)")
        return load_query(path)
    if project is None:
        raise UsageError(f"{name!r} is not a .rq file", hint="library queries need a project (--project DIR)")
    candidate = project.queries_dir / f"{name}.rq"
    if not candidate.exists():
        names = [p.stem for p in sorted(project.queries_dir.glob("*.rq"))]
        close = [n for n in names if name in n]
        hint = "`htkg queries` lists the library"
        if close:
            hint = "did you mean: " + ", ".join(close[:5]) + "? " + hint
        raise InputError(f"no query named {name!r} in the library", where="queries/", hint=hint)
    return load_query(candidate, where=project.relative(candidate))


# --------------------------------------------------------------------------- scanning SPARQL
# (htkg.sparqltext: reading a query's text, shared with the store and the server)


def _where_group_start(text: str) -> int:
    """The offset just after the `{` that opens the query's WHERE group (for CONSTRUCT, the group
    after the template)."""
    tokens = list(_tokens(text))
    start = next((i for i, (_, t) in enumerate(tokens) if t in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT")), None)
    if start is None:
        raise InputError("not a SPARQL query (no SELECT, CONSTRUCT, ASK or DESCRIBE)")
    rest = tokens[start + 1:]
    if tokens[start][1] == "CONSTRUCT":
        if rest and rest[0][1] == "WHERE":
            raise UsageError("parameters cannot be bound in the short form CONSTRUCT WHERE { ... }", hint="write CONSTRUCT { ... } WHERE { ... }")
        depth = 0
        for index, (_, token) in enumerate(rest):
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    rest = rest[index + 1:]
                    break
    for pos, token in rest:
        if token == "{":
            return pos + 1
    raise InputError("cannot find the query's WHERE group", hint="check that the query has a WHERE { ... } block")


# --------------------------------------------------------------------------- parameters


def expand_prefixed(value: str) -> str:
    """`actor:foo` with a project prefix becomes its full IRI; `<...>` loses its brackets; other
    text is returned as it is."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def parse_param_value(param: QueryParam, value: str, *, where: str = "query") -> Node:
    """A parameter's text value as the RDF term of its declared type. Raises UsageError (exit 2)
    when the value does not fit the type."""
    import pyoxigraph as ox

    def bad(why: str) -> UsageError:
        return UsageError(f"--param {param.name}={value!r}: {why}", where=where, hint=param.describe())

    if param.type == "iri":
        raw = value.strip()
        prefix, sep, local = raw.partition(":")
        if raw.startswith("<") or (sep and (local.startswith("//") or prefix in ("urn", "mailto", "tag"))):
            iri = expand_prefixed(raw)
        elif sep and prefix in PREFIXES:
            iri = PREFIXES[prefix] + local
        elif sep:
            raise bad(f"unknown prefix {prefix!r} (known: {', '.join(PREFIXES)})")
        else:
            raise bad("not an IRI (write a full IRI or a prefixed name like actor:osce)")
        if _IRIREF.fullmatch(f"<{iri}>") is None:
            raise bad("not a valid IRI (spaces, quotes, braces and angle brackets are not allowed)")
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise bad(f"not a valid IRI ({exc})") from None
        return URIRef(iri)
    if param.type == "string":
        return Literal(value)
    if param.type in ("integer", "year"):
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise bad("not an integer")
        number = int(value)
        if param.type == "year" and not 1 <= number <= 9999:
            raise bad("not a year")
        return Literal(str(number), datatype=XSD.integer)
    if param.type == "decimal":
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value.strip()):
            raise bad("not a decimal number")
        return Literal(value.strip(), datatype=XSD.decimal)
    if param.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise bad("not a date (YYYY-MM-DD)")
        return Literal(value.strip(), datatype=XSD.date)
    if param.type == "boolean":
        if value.strip().lower() not in ("true", "false"):
            raise bad("not true or false")
        return Literal(value.strip().lower(), datatype=XSD.boolean)
    raise bad(f"unknown parameter type {param.type!r}")


def bind_parameters(text: str, bindings: dict[str, Node]) -> str:
    """The query with one `VALUES ?name { term }` block per binding at the start of its WHERE
    group. Terms are written by pyoxigraph in N-Triples syntax (escaped), never pasted."""
    if not bindings:
        return text
    at = _where_group_start(text)
    block = "".join(f"\n  VALUES ?{name} {{ {term_to_sparql(term)} }}" for name, term in sorted(bindings.items()))
    return text[:at] + block + "\n" + text[at:]


@dataclass
class Prepared:
    """A query ready to run: its final text and the parameter values it was bound with."""

    query: LibraryQuery
    text: str
    bindings: dict[str, Node] = field(default_factory=dict)


def prepare(query: LibraryQuery, params: dict[str, str] | None = None) -> Prepared:
    """Bind the given parameters (text values) and the defaults of the others. An unknown
    parameter name is a UsageError that lists the query's parameters."""
    params = dict(params or {})
    where = query.path.name if query.path is not None else query.name
    known = {p.name for p in query.params}
    unknown = sorted(set(params) - known)
    if unknown:
        listed = "; ".join(p.describe() for p in query.params) or "none"
        raise UsageError(f"unknown parameter {', '.join(unknown)} for {query.name}", where=where, hint=f"its parameters: {listed}")
    bindings: dict[str, Node] = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is not None:
            bindings[param.name] = parse_param_value(param, value, where=where)
    text = bind_parameters(query.text, bindings)
    return Prepared(query=query, text=text, bindings=bindings)


# --------------------------------------------------------------------------- running


def run_local(store, text: str, *, where: str = "query", lazy: bool = False, prologue_lines: int = 0,
              allow_service: bool = False) -> QueryResult:
    """Run a query on an embedded OxigraphStore (union default graph). With `lazy`, SELECT rows
    are evaluated and converted as they are read (see `QueryResult.write`). A syntax error's
    line is counted without the `prologue_lines` put before the text as written."""
    if query_form(text) == "update":
        raise UsageError("SPARQL Update is not run by `htkg query`; the graph is built from graph/*.ttl", where=where)
    return from_oxigraph(store.query(text, where=where, prologue_lines=prologue_lines, allow_service=allow_service), lazy=lazy)


#: Whether the default graph, and any named graph, holds a claim: the project's data.
_PROJECT_CHECK = (
    f"SELECT ?inDefault ?inNamed WHERE {{ BIND(EXISTS {{ ?claim a <{HTKG.Claim}> }} AS ?inDefault) "
    f"BIND(EXISTS {{ GRAPH ?g {{ ?claim a <{HTKG.Claim}> }} }} AS ?inNamed) }}"
)


def endpoint_warning(endpoint: str, *, auth: tuple[str, str] | None = None, timeout: float = 30) -> str | None:
    """What is wrong when the endpoint's default graph, which the project's queries read, holds
    none of the project's data (no claim): a server that holds the graphs but whose default
    graph is not their union (Oxigraph's default), or one that holds none of them. None when
    the data is there, or when the check itself cannot be made. One cheap query."""
    try:
        result = run_endpoint(endpoint, _PROJECT_CHECK, auth=auth, timeout=timeout, where="check")
        row = result.as_dicts()[0]
        in_default, in_named = (str(row.get(name, "")).lower() in ("true", "1") for name in ("inDefault", "inNamed"))
    except (EndpointError, IndexError):
        return None
    if in_default:
        return None
    shown = redact(endpoint)
    if in_named:
        separator = "&" if "?" in shown else "?"
        return (f"{shown} holds the project's graphs, but its default graph, which the queries read, is not their union: "
                f"answers will be empty. For Oxigraph, add `{separator}union-default-graph` to the address "
                "(or start the server with `--union-default-graph`); other servers have their own setting.")
    return (f"{shown} holds none of the project's graphs (no htkg:Claim in any graph): answers will be empty. "
            "Load them with `htkg publish`, or check the address.")


def run(
    query: LibraryQuery,
    *,
    params: dict[str, str] | None = None,
    project: Project | None = None,
    store=None,
    endpoint: str | None = None,
    timeout: float = 30,
    lazy: bool = False,
    auth: tuple[str, str] | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """The main job behind `htkg query`: bind parameters, then run the query on a remote
    endpoint (when given, with `auth`), on `store`, or on the project's built graph
    (out/htkg.nq). With `lazy`, SELECT rows come as an iterator, made as they are read, for
    writing them out as they come without holding them (`QueryResult.write`)."""
    from . import progress

    prepared = prepare(query, params)
    where = query.path.name if query.path is not None else query.name
    if endpoint:
        with progress.step(f"Querying {redact(endpoint)}"):
            return run_endpoint(endpoint, prepared.text, timeout=timeout, where=where, lazy=lazy, auth=auth)
    if store is None:
        from .store import OxigraphStore

        if project is None:
            raise UsageError("no graph to query", hint="give a project or a store")
        with progress.step(f"Opening {project.relative(project.dataset_path)}"):
            store = OxigraphStore.from_file(project.dataset_path)
    return run_local(store, prepared.text, where=where, lazy=lazy, prologue_lines=query.prologue_lines,
                     allow_service=allow_service)
