"""The SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/) for a read-only query
service over the built graph, and the worker processes that run the queries.

Requests: `GET ?query=`, `POST` of a form (`application/x-www-form-urlencoded`, `query=`) and
`POST` of the query itself (`application/sparql-query`), each with any number of
`default-graph-uri` and `named-graph-uri`. Without them the default graph is the union of the
named graphs (as `htkg query` has it); with them the dataset is the one the protocol names (it
takes precedence over FROM and FROM NAMED in the query). Updates (including LOAD) and SERVICE
are refused with 400, as the protocol has it for requests the service does not carry out;
a malformed query is 400 with the parser's message; another media type is 415, another method
405.

Answers: SELECT and ASK in the four SPARQL 1.1 results formats (JSON, XML, CSV, TSV), CONSTRUCT
and DESCRIBE in Turtle, N-Triples, JSON-LD and RDF/XML, chosen by `Accept` or by a `format`
parameter (for download links). Every one is written by pyoxigraph.

Limits. pyoxigraph cannot stop a running query (it releases the GIL but has no cancellation:
a thread given up on keeps a core busy until the query ends, 40 s and more for a careless join
on the two documents), so queries run in worker processes, forked (copy-on-write, about 1 ms)
from a zygote process that holds the loaded store, and a worker that passes the time limit is
killed and replaced. Passing the answer back costs about 5 ms per 1.7 MB (7,125 rows as JSON).
An answer longer than the row limit is refused, not cut: its rows are counted in the
serializer's output as it is written (exactly, per format), so nothing larger than the limit
is ever held. The limits answer 503 (time, as Fuseki does) and 422 (rows), each with a message
that says what to do."""

from __future__ import annotations

import asyncio
import io
import os
import pickle
import signal
import socket
import struct
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import PREFIXES
from ..sparqltext import _tokens, query_form
from ..results import _OX_FORMATS
from ..xmlsafe import xml_safe_bytes
from .conneg import GRAPH_FORMATS, RESULT_FORMATS, Format, by_name, negotiate

__all__ = [
    "ProtocolError",
    "SparqlRequest",
    "Job",
    "Answer",
    "parse_request",
    "check_query",
    "choose_formats",
    "evaluate",
    "QueryPool",
    "service_description",
]

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

_RESULT_OX = _OX_FORMATS  # pyoxigraph's writers of the SPARQL results formats, as htkg query uses them
_GRAPH_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class ProtocolError(Exception):
    """A request the service answers with an error status and a plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class SparqlRequest:
    """A query request after the protocol: the query text and the dataset it names."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None
    download: bool = False


def _pairs_from_form(body: bytes) -> list[tuple[str, str]]:
    try:
        text = body.decode("ascii")
        return urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict", encoding="utf-8")
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError(400, "the form is not URL-encoded UTF-8") from None


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def parse_request(method: str, content_type: str | None, query_pairs: list[tuple[str, str]], body: bytes) -> SparqlRequest:
    """The query request a protocol operation carries, or ProtocolError (400 for a malformed
    request or an update, 405 for another method, 415 for another media type)."""
    method = method.upper()
    if method in ("GET", "HEAD"):
        pairs = query_pairs
        query_values = [v for k, v in pairs if k == "query"]
    elif method == "POST":
        media = (content_type or "").split(";")[0].strip().lower()
        if not media:
            raise ProtocolError(400, f"a POST needs a Content-Type: {FORM} (query=...) or {DIRECT} (the query itself)")
        if media == FORM:
            pairs = _pairs_from_form(body) + [(k, v) for k, v in query_pairs if k in ("format", "download")]
            query_values = [v for k, v in pairs if k == "query"]
        elif media == DIRECT:
            charset = _charset(content_type or "")
            if charset not in (None, "utf-8", "utf8"):
                raise ProtocolError(400, f"the query must be sent in UTF-8, not {charset}")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not valid UTF-8") from None
            pairs = query_pairs
            if any(k in ("query", "update") for k, _ in pairs):
                raise ProtocolError(400, "a query sent as the body takes no query or update parameter")
            query_values = [text]
        elif media == UPDATE:
            raise ProtocolError(400, "SPARQL Update is refused: this endpoint is read-only (the graph is built from graph/*.ttl by `htkg build`)")
        else:
            raise ProtocolError(415, f"unsupported Content-Type {media}: send {FORM} (query=...) or {DIRECT}")
    else:
        raise ProtocolError(405, f"{method} is not a SPARQL protocol operation here: use GET or POST")
    if any(k == "update" for k, _ in pairs):
        raise ProtocolError(400, "SPARQL Update is refused: this endpoint is read-only (the graph is built from graph/*.ttl by `htkg build`)")
    if len(query_values) > 1:
        raise ProtocolError(400, "give one query parameter, not several")
    request = SparqlRequest(
        query=query_values[0] if query_values else None,
        default_graphs=[v for k, v in pairs if k == "default-graph-uri"],
        named_graphs=[v for k, v in pairs if k == "named-graph-uri"],
        format=next((v for k, v in pairs if k in ("format", "output")), None),
        download=any(k == "download" and v not in ("", "0", "false") for k, v in pairs),
    )
    for iri in (*request.default_graphs, *request.named_graphs):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, f"not an absolute IRI: default-graph-uri / named-graph-uri {iri!r}") from None
    return request


def check_query(text: str) -> str:
    """The form of a query the service runs (select, construct, ask, describe), or ProtocolError
    400 for an update, LOAD or SERVICE, or text that is no query."""
    if not text.strip():
        raise ProtocolError(400, "the query is empty")
    try:
        form = query_form(text)
    except InputError as exc:
        raise ProtocolError(400, f"malformed query: {exc.message}") from None
    if form == "update":
        raise ProtocolError(400, "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: this endpoint is read-only")
    if any(token == "SERVICE" for _, token in _tokens(text)):
        raise ProtocolError(400, "SERVICE is refused: this endpoint answers from its own graph only (no federated queries)")
    return form


def choose_formats(accept: str | None, requested: str | None) -> tuple[Format, Format]:
    """The results format and the graph format for a request: the `format` parameter when given
    (400 if unknown), else by Accept, else JSON and Turtle."""
    if requested:
        result = by_name(requested, RESULT_FORMATS)
        graph = by_name(requested, GRAPH_FORMATS)
        if result is None and graph is None:
            names = ", ".join(f.name for f in (*RESULT_FORMATS, *GRAPH_FORMATS))
            raise ProtocolError(400, f"unknown format {requested!r}: one of {names}")
        return result or RESULT_FORMATS[0], graph or GRAPH_FORMATS[0]
    return negotiate(accept, RESULT_FORMATS, default=RESULT_FORMATS[0]), negotiate(accept, GRAPH_FORMATS, default=GRAPH_FORMATS[0])


# --------------------------------------------------------------------------- evaluation


@dataclass
class Job:
    """What a worker runs: the query, its dataset, the formats and the row limit."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    result_format: str = "json"
    graph_format: str = "turtle"
    max_rows: int = 100_000


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    kind: str = ""
    seconds: float = 0.0


class _TooMany(Exception):
    pass


class _RowCounter:
    """Counts the rows of a SPARQL results document as the serializer writes it, exactly for
    each format: TSV escapes line breaks in terms, XML escapes `<` in text, CSV doubles quotes
    inside quoted fields, JSON escapes quotes and backslashes inside strings.

    TSV and XML are counted exactly as they come (one `count` per chunk). JSON and CSV are
    first counted by an upper bound (every `},{`, every line break, wherever they stand: 1 ms
    per MB, where telling strings apart costs 11), and exactly, from the start, only once the
    bound reaches the limit."""

    def __init__(self, fmt: str, limit: int):
        self.fmt = fmt
        self.limit = limit
        self.count = 0  # rows (TSV, CSV: lines after the header; XML: <result>) or JSON separators
        self.exact = fmt in ("tsv", "xml")
        self.bound = 0
        self.lines = 0
        self.inside = False
        self.pending = b""
        self.tail = b""

    def _outside(self, data: bytes) -> bytes:
        pieces = data.split(b'"')
        outside = pieces[1::2] if self.inside else pieces[0::2]
        if (len(pieces) - 1) % 2:
            self.inside = not self.inside
        return b'"'.join(outside)

    def feed(self, data: bytes, history=None) -> None:
        """Count a chunk; `history()` gives every byte written so far, this chunk included
        (read once, when the upper bound reaches the limit)."""
        if not self.exact:
            window = self.tail + data
            if self.fmt == "json":
                self.bound += window.count(b"},{")
                self.tail = window[-2:]
                if self.bound < self.limit:
                    return
            else:
                self.bound += data.count(b"\n")
                if self.bound - 1 <= self.limit:
                    return
            self.exact = True
            self.tail = b""
            data = history() if history is not None else data
        self._exact(data)

    def _exact(self, data: bytes) -> None:
        if self.fmt == "tsv":
            self.lines += data.count(b"\n")
            self.count = self.lines - 1
        elif self.fmt == "csv":
            self.lines += self._outside(data).count(b"\n")
            self.count = self.lines - 1
        elif self.fmt == "xml":
            window = self.tail + data
            self.count += window.count(b"<result>")
            self.tail = window[-7:]
        else:  # JSON: rows are separated by `},{` outside strings
            data = self.pending + data
            run = len(data) - len(data.rstrip(b"\\"))
            cut = len(data) - (run % 2)
            self.pending, data = data[cut:], data[:cut]
            clean = data.replace(b"\\\\", b"").replace(b'\\"', b"")
            was_inside = self.inside
            outside = self._outside(clean)
            window = (b"" if was_inside else self.tail) + outside
            self.count += window.count(b"},{")
            self.tail = window[-2:] if not self.inside else b""
        # JSON counts separators: more separators than the limit minus one is too many rows.
        over = self.count >= self.limit if self.fmt == "json" else self.count > self.limit
        if over:
            raise _TooMany()


class _Sink:
    """A file the serializer writes to: the bytes are kept, and counted by a _RowCounter."""

    def __init__(self, counter: _RowCounter | None):
        self.buffer = io.BytesIO()
        self.counter = counter

    def write(self, data) -> int:
        data = bytes(data)
        written = self.buffer.write(data)
        if self.counter is not None:
            self.counter.feed(data, self.buffer.getvalue)
        return written

    def flush(self) -> None:
        pass


def _too_many(limit: int) -> Answer:
    message = (
        f"the answer has more than {limit:,} rows, the limit of this endpoint; "
        "add LIMIT (or a tighter pattern) to the query, or start the server with a higher --max-rows"
    )
    return Answer(422, "text/plain; charset=utf-8", message.encode("utf-8"), kind="error")


def evaluate(store: ox.Store, job: Job) -> Answer:
    """Run one query on the store and serialize its answer (in this process)."""
    started = time.perf_counter()
    kwargs: dict = {}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs] or None
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        if not job.default_graphs:
            kwargs["default_graph"] = ox.DefaultGraph()
    elif not any(token == "FROM" for _, token in _tokens(job.query)):
        # No dataset named by the protocol or by FROM / FROM NAMED in the query: the default
        # graph is the union of the named graphs (pyoxigraph would let the union override FROM).
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            fmt = next(f for f in RESULT_FORMATS if f.name == job.result_format)
            body = result.serialize(format=_RESULT_OX[fmt.name])
            return Answer(200, fmt.content_type, body, kind="ask", seconds=time.perf_counter() - started)
        if isinstance(result, ox.QuerySolutions):
            fmt = next(f for f in RESULT_FORMATS if f.name == job.result_format)
            sink = _Sink(_RowCounter(fmt.name, job.max_rows))
            try:
                result.serialize(sink, format=_RESULT_OX[fmt.name])
            except _TooMany:
                return _too_many(job.max_rows)
            except OSError:
                if sink.counter.count >= job.max_rows:
                    return _too_many(job.max_rows)
                raise
            body = sink.buffer.getvalue()
            if fmt.name == "xml":  # control characters, which XML forbids, as U+FFFD (htkg.xmlsafe)
                body = xml_safe_bytes(body)
            rows = sink.counter.count if sink.counter.exact else None  # (JSON, CSV: bounded, not counted)
            if rows is not None and fmt.name == "json":  # separators between rows, and the first row
                rows += 1 if b'"bindings":[{' in body else 0
            return Answer(200, fmt.content_type, body, rows=rows, kind="select", seconds=time.perf_counter() - started)
        fmt = next(f for f in GRAPH_FORMATS if f.name == job.graph_format)
        counted = [0]

        def triples():
            for triple in result:
                counted[0] += 1
                if counted[0] > job.max_rows:
                    raise _TooMany()
                yield triple

        try:
            prefixes = PREFIXES if fmt.name in ("turtle", "rdfxml") else None
            body = ox.serialize(triples(), format=_GRAPH_OX[fmt.name], prefixes=prefixes) if prefixes else ox.serialize(triples(), format=_GRAPH_OX[fmt.name])
        except _TooMany:
            return _too_many(job.max_rows)
        if fmt.name == "rdfxml":
            body = xml_safe_bytes(body)
        return Answer(200, fmt.content_type, body, rows=counted[0], kind="graph", seconds=time.perf_counter() - started)
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"malformed query: {exc}".encode("utf-8"), kind="error")
    except (OSError, ValueError, RuntimeError) as exc:
        return Answer(500, "text/plain; charset=utf-8", f"the query failed: {exc}".encode("utf-8"), kind="error")


# --------------------------------------------------------------------------- worker processes

_HEADER = struct.Struct("!Q")


def _send_frame(sock: socket.socket, data: bytes) -> None:
    sock.sendall(_HEADER.pack(len(data)) + data)


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(min(size - len(chunks), 1 << 20))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _recv_frame(sock: socket.socket) -> bytes | None:
    head = _recv_exactly(sock, _HEADER.size)
    if head is None:
        return None
    return _recv_exactly(sock, _HEADER.unpack(head)[0])


def _worker_main(sock: socket.socket, store: ox.Store) -> None:
    """A worker: runs the jobs that arrive on its socket, one at a time, until it closes."""
    while True:
        frame = _recv_frame(sock)
        if frame is None:
            return
        job: Job = pickle.loads(frame)
        try:
            answer = evaluate(store, job)
        except Exception as exc:  # an engine failure must not kill the worker silently
            answer = Answer(500, "text/plain; charset=utf-8", f"the query failed: {exc}".encode("utf-8"), kind="error")
        body, answer.body = answer.body, b""
        _send_frame(sock, pickle.dumps(answer))
        _send_frame(sock, body)


def _zygote_main(control: socket.socket, store: ox.Store) -> None:
    """The zygote: forks one worker per request on its control socket and passes the worker's
    socket back. Its children are reaped by the kernel (SIGCHLD ignored)."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            request = control.recv(1)
        except InterruptedError:
            continue
        if not request:
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            control.close()
            ours.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _worker_main(theirs, store)
            finally:
                os._exit(0)
        theirs.close()
        socket.send_fds(control, [pid.to_bytes(8, "big")], [ours.fileno()])
        ours.close()


@dataclass
class _Worker:
    pid: int
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    jobs: int = 0


class QueryPool:
    """Worker processes that run queries with a time limit. `start` must be called while the
    process has a single thread (before the server starts): it forks the zygote, which keeps
    the store (shared copy-on-write) and forks the workers."""

    #: A worker is replaced after this many queries, so that what the allocator keeps from
    #: large answers does not pile up.
    MAX_JOBS_PER_WORKER = 500

    def __init__(self, store: ox.Store, *, workers: int = 2, timeout: float = 30.0, max_rows: int = 100_000):
        if workers < 1:
            raise ValueError("at least one worker")
        self.store = store
        self.size = workers
        self.timeout = timeout
        self.max_rows = max_rows
        self._control: socket.socket | None = None
        self._zygote_pid: int | None = None
        self._lock = threading.Lock()
        self._idle: asyncio.Queue | None = None
        self._all: set[int] = set()

    def start(self) -> None:
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            try:
                _zygote_main(theirs, self.store)
            finally:
                os._exit(0)
        theirs.close()
        self._control = ours
        self._zygote_pid = pid

    @property
    def pids(self) -> list[int]:
        """The zygote's and the workers' process ids (for measuring memory)."""
        return [p for p in [self._zygote_pid, *sorted(self._all)] if p]

    def _spawn_blocking(self) -> tuple[int, socket.socket]:
        with self._lock:
            self._control.send(b"w")
            message, fds, _, _ = socket.recv_fds(self._control, 8, 1)
        if not fds:
            raise RuntimeError("the query zygote is gone")
        return int.from_bytes(message, "big"), socket.socket(fileno=fds[0])

    async def _spawn(self) -> _Worker:
        pid, sock = await asyncio.to_thread(self._spawn_blocking)
        reader, writer = await asyncio.open_connection(sock=sock, limit=1 << 20)
        self._all.add(pid)
        return _Worker(pid, reader, writer)

    async def open(self) -> None:
        """Fork the workers (in the server's event loop)."""
        if self._control is None:
            self.start()
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(await self._spawn())

    def _kill(self, worker: _Worker) -> None:
        try:
            os.kill(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._all.discard(worker.pid)
        worker.writer.close()

    async def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        self._idle.put_nowait(await self._spawn())

    async def run(self, job: Job) -> Answer:
        """Run a job on a free worker within the time limit: 503 when it passes the limit (the
        worker is killed and replaced) or when no worker comes free in that time."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
        except asyncio.TimeoutError:
            return _limit_answer(f"every query worker ({self.size}) stayed busy for {self.timeout:g} s; try again later")
        keep = True
        try:
            frame = pickle.dumps(job)
            worker.writer.write(_HEADER.pack(len(frame)) + frame)
            left = max(0.001, deadline - time.monotonic())
            answer: Answer = pickle.loads(await asyncio.wait_for(self._read_frame(worker), timeout=left))
            answer.body = await asyncio.wait_for(self._read_frame(worker), timeout=max(0.001, deadline - time.monotonic()) + 5)
            worker.jobs += 1
            return answer
        except asyncio.TimeoutError:
            keep = False
            return _limit_answer(
                f"the query ran longer than {self.timeout:g} s, the time limit of this endpoint, and was stopped; "
                "add LIMIT, bind a value, or start the server with a higher --timeout"
            )
        except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
            keep = False
            return Answer(500, "text/plain; charset=utf-8", f"the query worker failed ({exc}); try again".encode("utf-8"), kind="error")
        finally:
            if keep and worker.jobs < self.MAX_JOBS_PER_WORKER:
                self._idle.put_nowait(worker)
            else:
                await self._replace(worker)

    @staticmethod
    async def _read_frame(worker: _Worker) -> bytes:
        head = await worker.reader.readexactly(_HEADER.size)
        return await worker.reader.readexactly(_HEADER.unpack(head)[0])

    def close(self) -> None:
        for pid in list(self._all):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._all.clear()
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._zygote_pid:
            try:
                os.kill(self._zygote_pid, signal.SIGTERM)
                os.waitpid(self._zygote_pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._zygote_pid = None


def _limit_answer(message: str) -> Answer:
    return Answer(503, "text/plain; charset=utf-8", message.encode("utf-8"), kind="error")


# --------------------------------------------------------------------------- service description


def service_description(endpoint: str, graphs: list[str], *, timeout: float, max_rows: int) -> str:
    """The SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    lines = [
        f"@prefix sd: <{sd}> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        f"<{endpoint}> a sd:Service ;",
        f"    sd:endpoint <{endpoint}> ;",
        "    sd:supportedLanguage sd:SPARQL11Query ;",
        "    sd:feature sd:UnionDefaultGraph ;",
        "    sd:resultFormat " + ", ".join(
            f"<http://www.w3.org/ns/formats/{name}>"
            for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
        ) + " ;",
        f'    rdfs:comment "Read-only. The default graph is the union of the named graphs. Queries stop after {timeout:g} s; '
        f'answers over {max_rows} rows are refused. Updates, LOAD and SERVICE are refused." ;',
        "    sd:defaultDataset [ a sd:Dataset ;",
        "        sd:defaultGraph [ a sd:Graph ] ;",
    ]
    for graph in graphs:
        lines.append(f"        sd:namedGraph [ a sd:NamedGraph ; sd:name <{graph}> ] ;")
    lines[-1] = lines[-1].rstrip(" ;") + " ] ."
    if not graphs:
        lines[-1] = "        sd:defaultGraph [ a sd:Graph ] ] ."
    return "\n".join(lines) + "\n"
