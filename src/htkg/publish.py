"""Publish the built dataset to a triple store: each named graph replaced in one request with the
SPARQL 1.1 Graph Store HTTP Protocol (PUT, section 5.3), then its content read back through the
SPARQL query endpoint (SPARQL 1.1 Protocol, a CONSTRUCT via POST) and compared with what was
sent, statement by statement.

The content is compared, not only the count: a server that answers a PUT without storing it, or
a Graph Store (`--store`) of another server than the query endpoint, keeps counts that can match
while the endpoint shows other data. The comparison is of RDF values as stores keep them: a
literal of a type derived from xsd:integer comes back from Oxigraph and Virtuoso as xsd:integer,
a number may come back in its canonical form, and a language tag in lower case; each such form
counts as the statement sent (`comparable`).

Graphs are replaced one at a time, in IRI order, and publishing stops at the first failure: the
result says which graphs were replaced (with their previous and new triple counts), which one
failed and why, and which were not attempted. A PUT replaces a graph atomically on the server,
so a graph whose request failed keeps its previous content; `backup_dir` also saves each
graph's previous content (N-Triples) before it is replaced."""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal, InvalidOperation
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError
from .project import Project
from .rdfio import atomic_write
from . import progress
from .remote import NotHTTP, redact, request
from .serialize import write_quads

__all__ = ["GraphUpload", "PublishResult", "publish", "count_triples", "fetch_graph", "comparable"]

#: Statuses of one graph in a publishing run.
REPLACED, UNCHECKED, FAILED, MISMATCH, NOT_ATTEMPTED = "replaced", "unchecked", "failed", "content mismatch", "not attempted"


@dataclass
class GraphUpload:
    """One named graph: how many triples it has here, had and has on the server, and what happened."""

    graph: str
    triples: int
    previous: int | None = None
    on_server: int | None = None
    status: str = NOT_ATTEMPTED
    http_status: int | None = None
    error: str | None = None
    backup: str | None = None
    #: After a mismatch: how many statements sent the endpoint does not show, and how many it
    #: shows that were not sent, with an example of each.
    missing: int = 0
    unexpected: int = 0
    examples: list[str] = field(default_factory=list)

    def line(self) -> str:
        was = f"was {self.previous}" if self.previous else "was empty"
        if self.status == REPLACED:
            return f"replaced  {self.graph}: {self.on_server} triples on the server ({was}; HTTP {self.http_status})"
        if self.status == UNCHECKED:
            return f"replaced  {self.graph}: {self.triples} triples sent (HTTP {self.http_status}), but the count could not be checked: {self.error}"
        if self.status == MISMATCH:
            shown = "; ".join(self.examples)
            return (f"MISMATCH  {self.graph}: sent {self.triples} triples, the endpoint shows {self.on_server}: "
                    f"{self.missing} sent but not shown, {self.unexpected} shown but not sent ({was})"
                    + (f"; e.g. {shown}" if shown else ""))
        if self.status == FAILED:
            return f"FAILED    {self.graph}: {self.error} (its previous content, {self.previous or 0} triples, is unchanged)"
        return f"not done  {self.graph}: not attempted ({self.triples} triples; the server still has {self.previous or 0})"


@dataclass
class PublishResult:
    """What publishing did, graph by graph."""

    endpoint: str
    store: str
    graphs: list[GraphUpload] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(g.status == REPLACED for g in self.graphs)

    @property
    def exit_code(self) -> int:
        """0 all replaced and counted; 2 a request failed (the store is down or refused); 1 the
        server's counts differ from what was sent."""
        if self.ok:
            return 0
        return 2 if any(g.status == FAILED for g in self.graphs) else 1

    @property
    def replaced(self) -> list[str]:
        return [g.graph for g in self.graphs if g.status in (REPLACED, UNCHECKED, MISMATCH)]

    @property
    def not_replaced(self) -> list[str]:
        return [g.graph for g in self.graphs if g.status in (FAILED, NOT_ATTEMPTED)]

    def text(self) -> str:
        lines = [f"Graph Store {redact(self.store)}, SPARQL endpoint {redact(self.endpoint)}"]
        lines += ["  " + g.line() for g in self.graphs]
        done = len(self.replaced)
        if self.ok:
            lines.append(f"Published {done} graphs, {sum(g.triples for g in self.graphs)} triples; "
                         "every graph read back from the endpoint as sent.")
        else:
            differ = [g.graph for g in self.graphs if g.status == MISMATCH]
            lines.append(f"Replaced {done} of {len(self.graphs)} graphs; not replaced: {', '.join(self.not_replaced) or 'none'}.")
            if differ:
                lines.append(f"The endpoint does not show what was sent for {len(differ)} graph(s): {', '.join(differ)}. "
                             "Check that --store is the Graph Store of the server behind --endpoint, and that the "
                             "server stores what it accepts.")
        return "\n".join(lines)


# --------------------------------------------------------------------------- HTTP


def _request(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
             auth: tuple[str, str] | None = None, timeout: float = 300.0) -> tuple[int, bytes]:
    """One request through `htkg.remote.request` (credentials answer the server's challenge:
    Basic, or Digest where the server asks for it, as Virtuoso's /sparql-graph-crud-auth does)."""
    status, _, body = request(url, method=method, data=data, headers=headers, auth=auth, timeout=timeout)
    return status, body


def _post_query(endpoint: str, query: str, accept: str, *, auth, timeout: float) -> bytes:
    """A SPARQL query POSTed URL-encoded to the endpoint (SPARQL 1.1 Protocol); the answer's body."""
    _, body = _request(endpoint, method="POST", data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                       auth=auth, timeout=timeout)
    return body


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        return redact(f"HTTP {exc.code} {exc.reason}{detail}")
    if isinstance(exc, NotHTTP):
        return f"no HTTP answer: {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return redact(f"cannot connect ({exc.reason})")
    return redact(f"{type(exc).__name__}: {exc}")


def count_triples(endpoint: str, graphs: list[str], *, auth: tuple[str, str] | None = None, timeout: float = 300.0) -> dict[str, int]:
    """The number of triples in each graph on the server (0 for a graph it does not have), by one
    SPARQL query POSTed to `endpoint`."""
    if not graphs:
        return {}
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    try:
        body = _post_query(endpoint, query, "application/sparql-results+json", auth=auth, timeout=timeout)
        bindings = json.loads(body)["results"]["bindings"]
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise EndpointError(f"the count query failed: {_describe_error(exc)}", where=redact(endpoint),
                            hint="check --endpoint (the SPARQL query address) and that the server is up") from None
    counts = {g: 0 for g in graphs}
    for row in bindings:
        counts[row["g"]["value"]] = int(row["n"]["value"])
    return counts


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                     "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                     "unsignedInt", "unsignedShort", "unsignedByte")}


def _comparable_term(term) -> str:
    if not isinstance(term, ox.Literal):
        return str(term)
    datatype = term.datatype.value
    try:
        if datatype in _INTEGER_TYPES:
            return f"{int(term.value)}^^integer"
        if datatype == _XSD + "decimal":
            return f"{Decimal(term.value).normalize()}^^decimal"
        if datatype in (_XSD + "double", _XSD + "float"):
            return f"{float(term.value)!r}^^{datatype}"
    except (ValueError, InvalidOperation):
        pass
    if term.language:
        return str(ox.Literal(term.value, language=term.language.lower()))
    return str(term)


def comparable(triple: ox.Triple) -> bytes:
    """A statement's digest, equal for every form a store may give back of the same statement:
    integer types as xsd:integer, numbers by value, language tags in lower case."""
    line = " ".join(_comparable_term(t) for t in (triple.subject, triple.predicate, triple.object))
    return hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest()


def fetch_graph(endpoint: str, graph: str, *, auth: tuple[str, str] | None = None,
                timeout: float = 300.0) -> list[ox.Triple]:
    """A named graph's statements as the SPARQL endpoint shows them (a CONSTRUCT in N-Triples)."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        body = _post_query(endpoint, query, "application/n-triples", auth=auth, timeout=timeout)
        return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    except (urllib.error.URLError, OSError, SyntaxError, ValueError) as exc:
        raise EndpointError(f"reading back graph {graph} failed: {_describe_error(exc)}", where=redact(endpoint),
                            hint="check --endpoint (the SPARQL query address) and that it answers CONSTRUCT "
                                 "in N-Triples") from None


def _graph_url(store: str, graph: str) -> str:
    separator = "&" if "?" in store else "?"
    return f"{store}{separator}{urllib.parse.urlencode({'graph': graph})}"


# --------------------------------------------------------------------------- publishing


def publish(
    project: Project,
    endpoint: str,
    *,
    store: str | None = None,
    auth: tuple[str, str] | None = None,
    backup_dir: str | Path | None = None,
    timeout: float = 300.0,
    allow_unvalidated: bool = False,
) -> PublishResult:
    """Replace every named graph of the built dataset on the server, one PUT per graph, then
    read each graph back from the SPARQL endpoint and compare it with what was sent. `store` is the Graph Store address when it is
    not the endpoint's; `auth` is (user, password) for HTTP basic authentication (or digest, when the server asks for
    it). Raises
    EndpointError if the server cannot be reached before anything is changed; after that,
    failures are reported in the result (see `PublishResult.exit_code`)."""
    from .serialize import built_quads
    from .outdir import require_validated

    if not allow_unvalidated:  # data not validated against shapes/ is refused (NotValidated)
        require_validated(project, command="htkg publish")
    store = store or endpoint
    quads = built_quads(project)
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
    if not by_graph:
        raise InputError("the built dataset has no named graphs", where=project.relative(project.dataset_path), hint="run `htkg build`")
    del quads  # the graphs' lists hold the statements now, each let go once it is sent
    names = sorted(by_graph)
    result = PublishResult(endpoint=endpoint, store=store)
    previous = count_triples(endpoint, names, auth=auth, timeout=timeout)
    # What each graph must read back as: a digest per statement (16 bytes), kept after the
    # statements themselves are let go.
    sent = {name: {comparable(quad.triple) for quad in by_graph[name]} for name in names}
    for name in names:
        result.graphs.append(GraphUpload(graph=name, triples=len(sent[name]), previous=previous.get(name, 0)))

    backups = Path(backup_dir) if backup_dir is not None else None
    with progress.task("Publishing graphs", total=len(result.graphs)) as advance:
        _upload_all(result, by_graph, store, backups, auth=auth, timeout=timeout, advance=advance)

    for upload in [g for g in result.graphs if g.status == REPLACED]:
        try:
            shown = fetch_graph(endpoint, upload.graph, auth=auth, timeout=timeout)
        except EndpointError as exc:
            upload.status = UNCHECKED
            upload.error = exc.message
            continue
        _compare(upload, sent.pop(upload.graph), shown)
    return result


def _compare(upload: GraphUpload, sent: set[bytes], shown: list[ox.Triple]) -> None:
    """Set the upload's status from what the endpoint shows against the digests of what was sent."""
    digests = {comparable(triple): triple for triple in shown}
    upload.on_server = len(digests)
    missing = sent - digests.keys()
    unexpected = [digests[d] for d in sorted(digests.keys() - sent)]
    if not missing and not unexpected:
        return
    upload.status = MISMATCH
    upload.missing, upload.unexpected = len(missing), len(unexpected)
    upload.examples = [f"not sent: {str(t)[:200]}" for t in unexpected[:1]]


def _upload_all(result: PublishResult, by_graph: dict[str, list[ox.Quad]], store: str, backups: Path | None, *,
                auth, timeout: float, advance) -> None:
    """PUT each graph in turn, stopping at the first failure. Each graph's statements are let go
    once sent."""
    for upload in result.graphs:
        url = _graph_url(store, upload.graph)
        try:
            if backups is not None and upload.previous:
                _, old = _request(url, headers={"Accept": "application/n-triples"}, auth=auth, timeout=timeout)
                target = backups / (upload.graph.rstrip("/").rsplit("/", 1)[-1] + ".nt")
                atomic_write(target, old)
                upload.backup = str(target)
            # One graph's N-Triples at a time, written straight into the request body.
            body = io.BytesIO()
            write_quads(by_graph.pop(upload.graph), "ntriples", body)
            status, _ = _request(url, method="PUT", data=body.getvalue(),
                                 headers={"Content-Type": "application/n-triples"}, auth=auth, timeout=timeout)
            upload.http_status = status
            upload.status = REPLACED
        except (urllib.error.URLError, OSError) as exc:
            upload.status = FAILED
            upload.error = _describe_error(exc)
            if isinstance(exc, urllib.error.HTTPError):
                upload.http_status = exc.code
            break  # stop here: the graphs after this one keep their previous content
        advance()
