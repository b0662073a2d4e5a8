"""The ASGI application of `htkg serve` (Starlette) and the function that runs it (uvicorn).

Addresses:

    /                       the home page
    /sparql                 the SPARQL 1.1 Protocol (sparql.py); without a query, its Service
                            Description (a browser is sent to /query)
    /query                  the query page (editor, examples from the query library, results)
    /api/prepare            a library query with its parameters bound (htkg.query.prepare)
    /id/..., /concept/...,  the IRIs under the base: https://w3id.org/htkg/id/actor/osce is
    /graph/..., /dataset    served at /id/actor/osce
    /ontology               the ontology (documentation, or its RDF by Accept)
    /.well-known/void       the VoID description of the dataset
    /network                the interactive actor network of the graph
    /static/...             the pages' style, the query page's script and the vendored editor

Linked Data: the data IRIs are slash IRIs that name things (an organisation, a claim), not
documents, so the server answers them as "Cool URIs for the Semantic Web" (W3C, 2008) says for
slash IRIs: 303 See Other to a document about the thing, chosen by `Accept` (HTML for browsers,
Turtle, JSON-LD, N-Triples or RDF/XML for linked-data clients), at the IRI's path with the
format's suffix (`/id/actor/osce.ttl`), which answers 200 and can be asked for directly. 303
rather than a 200 with Content-Location keeps the thing and its descriptions apart, and the same
rules work on a static host (the release's `.htaccess`), where content negotiation at one
address is not portable. The ontology is a hash namespace (`ontology#Claim`): a client asks for
`/ontology`, a document, which answers 200 with the representation Accept chooses, with
`Content-Location` naming it and `Vary: Accept`."""

from __future__ import annotations

import socket
import threading
from contextlib import asynccontextmanager

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import HtkgError, InputError, UsageError
from ..namespaces import BASE, ONTOLOGY_IRI, PREFIXES
from ..project import Project
from .conneg import GRAPH_FORMATS, HTML, PAGE_FORMATS, RESULT_FORMATS, by_suffix, negotiate
from .graph import SiteGraph
from .pages import DATASET, Renderer, doc_path
from .sparql import Job, ProtocolError, QueryPool, check_query, choose_formats, parse_request, service_description

__all__ = ["Server", "create_app", "serve", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_WORKERS"]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_WORKERS = 2
#: Rows of an answer the query page draws (it downloads all of them).
DISPLAY_ROWS = 2000


class Server:
    """Everything the application serves from: the loaded graph, its pages, the query workers
    and the query library. Made in `prepare` (the store is loaded and the query zygote forked
    while the process has one thread), then wrapped by `create_app`."""

    def __init__(self, project: Project, store: ox.Store, *, timeout: float = DEFAULT_TIMEOUT,
                 max_rows: int = DEFAULT_MAX_ROWS, workers: int = DEFAULT_WORKERS):
        self.project = project
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.pool = QueryPool(store, workers=workers, timeout=timeout, max_rows=max_rows)
        self.pool.start()  # fork the zygote now, before any thread starts
        self.graph = SiteGraph(store, project, description=self._describe)
        self.renderer = Renderer(self.graph, live=True)
        self._cache: dict[str, bytes | str] = {}
        self._cache_lock = threading.Lock()
        from ..query import library

        self.library = [q for q in library(project) if q.role == "question"]

    @classmethod
    def prepare(cls, project: Project, **options) -> "Server":
        from ..store import OxigraphStore

        return cls(project, OxigraphStore.from_file(project.dataset_path).store, **options)

    def _describe(self) -> ox.Store:
        from ..describe import describe

        quads = list(self.store)
        description = describe(self.project, quads=quads, endpoint=None)
        del quads
        store = ox.Store()
        store.load(description.turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return store

    def cached(self, key: str, make):
        with self._cache_lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def network_html(self) -> bytes:
        def make():
            from ..network import render

            net, analysis = self.graph.network()
            return render(net, analysis, "html")

        return self.cached("network", make)

    def warm(self) -> None:
        """Make the actor network now (seconds at 10^6 triples) rather than on the first page."""
        self.graph.network()


# --------------------------------------------------------------------------- handlers


def _accept(request: Request) -> str | None:
    return request.headers.get("accept")


def _vary(response: Response) -> Response:
    response.headers["Vary"] = "Accept"
    return response


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)


def _rdf(body: bytes, fmt) -> Response:
    return Response(body, headers={"content-type": fmt.content_type})


def create_app(server: Server) -> Starlette:
    renderer = server.renderer
    graph = server.graph

    def not_found(path: str) -> Response:
        return _html(renderer.not_found(path), 404)

    def home(request: Request) -> Response:
        return _html(server.cached("home", renderer.home))

    async def sparql(request: Request) -> Response:
        body = await request.body() if request.method == "POST" else b""
        accept = _accept(request)
        try:
            req = parse_request(request.method, request.headers.get("content-type"), list(request.query_params.multi_items()), body)
            if req.query is None:
                if negotiate(accept, (*GRAPH_FORMATS, HTML), default=GRAPH_FORMATS[0]) is HTML:
                    return _vary(RedirectResponse("/query", status_code=303))
                base = str(request.base_url).rstrip("/")
                text = service_description(base + "/sparql", graph.graph_names, timeout=server.timeout, max_rows=server.max_rows)
                return _vary(Response(text, headers={"content-type": "text/turtle; charset=utf-8"}))
            check_query(req.query)
            if (request.method == "GET" and req.format is None
                    and negotiate(accept, (*RESULT_FORMATS, *GRAPH_FORMATS, HTML)) is HTML):
                from urllib.parse import urlencode

                return _vary(RedirectResponse("/query?" + urlencode({"query": req.query}), status_code=303))
            result_format, graph_format = choose_formats(accept, req.format)
        except ProtocolError as exc:
            return PlainTextResponse(exc.message + "\n", status_code=exc.status)
        job = Job(req.query, req.default_graphs, req.named_graphs, result_format.name, graph_format.name, server.max_rows)
        answer = await server.pool.run(job)
        headers = {"content-type": answer.content_type, "Server-Timing": f"query;dur={answer.seconds * 1000:.1f}", "Vary": "Accept"}
        if req.download and answer.status == 200:
            fmt = result_format if answer.kind in ("select", "ask") else graph_format
            headers["Content-Disposition"] = f'attachment; filename="htkg-result.{fmt.suffix if fmt.suffix not in ("srj", "srx") else fmt.name}"'
        body = answer.body if answer.status == 200 or answer.body.endswith(b"\n") else answer.body + b"\n"
        return Response(body, status_code=answer.status, headers=headers)

    def query_page(request: Request) -> Response:
        config = {
            "base": BASE,
            "endpoint": "/sparql",
            "prepare": "/api/prepare",
            "prefixes": PREFIXES,
            "initial": request.query_params.get("query", ""),
            "displayRows": DISPLAY_ROWS,
            "resultFormats": [{"name": f.name, "label": f.label} for f in RESULT_FORMATS],
            "graphFormats": [{"name": f.name, "label": f.label} for f in GRAPH_FORMATS],
            "examples": [
                {
                    "name": q.name,
                    "summary": q.summary,
                    "question": q.question,
                    "tags": list(q.tags),
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params],
                }
                for q in server.library
            ],
        }
        return _html(renderer._render("query.html", "query.html", title="Query", config=config, alternates=[]))

    def prepare_query(request: Request) -> Response:
        from ..query import prepare

        name = request.query_params.get("example", "")
        query = next((q for q in server.library if q.name == name), None)
        if query is None:
            return JSONResponse({"error": f"no example named {name!r}"}, status_code=404)
        values = {k[len("param."):]: v for k, v in request.query_params.multi_items() if k.startswith("param.") and v.strip()}
        try:
            prepared = prepare(query, values)
        except HtkgError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"query": prepared.text})

    def network(request: Request) -> Response:
        return Response(server.network_html(), media_type="text/html")

    def void(request: Request) -> Response:
        fmt = negotiate(_accept(request), (*GRAPH_FORMATS, HTML), default=GRAPH_FORMATS[0])
        return _vary(RedirectResponse("/" + doc_path(DATASET, fmt.suffix), status_code=303))

    def resolve(request: Request) -> Response:
        path = request.path_params["path"]
        stem, dot, suffix = path.rpartition(".")
        fmt = by_suffix(suffix) if dot and "/" not in suffix else None
        if fmt is not None:
            iri = BASE + (stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem)
            if fmt is HTML and renderer.is_page(iri):
                try:
                    page_no = int(request.query_params.get("page", "1"))
                except ValueError:
                    page_no = 1
                if iri == BASE:
                    return home(request)
                return _html(renderer.page(iri, page_no=page_no))
            if fmt is not HTML and renderer.has_rdf(iri):
                return _rdf(renderer.rdf(iri, fmt), fmt)
        iri = BASE + path
        if iri == ONTOLOGY_IRI:
            chosen = negotiate(_accept(request), PAGE_FORMATS, default=HTML)
            body = server.cached("ontology", renderer.ontology) if chosen is HTML else renderer.rdf(iri, chosen)
            response = _html(body) if chosen is HTML else _rdf(body, chosen)
            response.headers["Content-Location"] = "/" + doc_path(iri, chosen.suffix)
            return _vary(response)
        if renderer.is_page(iri):
            formats = PAGE_FORMATS if renderer.has_rdf(iri) else (HTML,)
            chosen = negotiate(_accept(request), formats, default=HTML)
            return _vary(RedirectResponse("/" + doc_path(iri, chosen.suffix), status_code=303))
        return not_found("/" + path)

    @asynccontextmanager
    async def lifespan(app):
        await server.pool.open()
        try:
            yield
        finally:
            server.pool.close()

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/query", query_page),
        Route("/api/prepare", prepare_query),
        Route("/network", network),
        Route("/.well-known/void", void),
        Mount("/static", StaticFiles(packages=[("htkg.serve", "static")]), name="static"),
        Route("/{path:path}", resolve),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["Content-Type", "Content-Location", "Server-Timing", "Vary"],
        )
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


# --------------------------------------------------------------------------- running


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is loaded, so that a port in use is a clear
    error at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror})", where="--host/--port",
                         hint="choose another port with --port, or stop what listens there") from None
    if family in (socket.AF_INET, socket.AF_INET6):
        # Accepted connections inherit it: without it, a response written as headers then body
        # waits for the client's delayed ACK (40 ms on Linux) before the body leaves.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(project: Project, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
          max_rows: int = DEFAULT_MAX_ROWS, workers: int = DEFAULT_WORKERS, announce=print) -> None:
    """Load the built graph and serve it until interrupted."""
    import uvicorn

    if timeout <= 0 or max_rows <= 0 or workers <= 0:
        raise UsageError("--timeout, --max-rows and --workers must be positive")
    if not project.dataset_path.exists():
        raise InputError("no built graph", where=project.relative(project.dataset_path), hint="run `htkg build` first")
    sock = bind(host, port)
    server = Server.prepare(project, timeout=timeout, max_rows=max_rows, workers=workers)
    server.warm()
    app = create_app(server)
    shown = f"[{host}]" if ":" in host else host
    announce(f"Serving {BASE} at http://{shown}:{port}/ (query page /query, SPARQL /sparql); Ctrl-C stops.")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        server.pool.close()
        sock.close()
