"""`htkg publish` against a real Oxigraph server: every named graph replaced with one Graph
Store PUT, counts checked by SPARQL, old content replaced (not added to), a failure part-way
reported graph by graph with the graphs not reached keeping their previous content, and
credentials taken from the environment only."""

from __future__ import annotations

import base64
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import htkg.publish
from conftest import OxigraphServer
from export_project import built_fixture
from htkg.cli import main
from htkg.errors import EndpointError
from htkg.namespaces import GRAPH
from htkg.publish import FAILED, NOT_ATTEMPTED, REPLACED, UNCHECKED, count_triples, publish
from htkg.rdfio import load_dataset


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_fixture(tmp_path_factory.mktemp("publish") / "project")


@pytest.fixture(scope="module")
def built(project):
    dataset = load_dataset(project.dataset_path)
    return {str(g.identifier): g for g in dataset.graphs() if len(g) and str(g.identifier) != "urn:x-rdflib:default"}


XSD = "http://www.w3.org/2001/XMLSchema#"
#: Oxigraph 0.5 stores the types derived from xsd:integer as xsd:integer ("76"^^xsd:nonNegativeInteger
#: comes back as "76"^^xsd:integer): same value, other datatype. The comparison allows that one change.
_INTEGER_TYPES = {URIRef(XSD + t) for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                             "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                             "unsignedInt", "unsignedShort", "unsignedByte")}


def as_stored(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in _INTEGER_TYPES:
            o = Literal(str(o), datatype=URIRef(XSD + "integer"))
        out.add((s, p, o))
    return out


def same(server_side: Graph, built: Graph) -> bool:
    return isomorphic(as_stored(server_side), as_stored(built))


def server_graph(server, graph: str) -> Graph:
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as response:
        return Graph().parse(data=response.read().decode("utf-8"), format="nt")


def put(server, graph: str, ntriples: str) -> None:
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, data=ntriples.encode(), method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request).close()


JUNK = "<http://example.org/old> <http://example.org/p> \"stale\" .\n"


def test_publish_replaces_every_graph_and_checks_counts(project, built, oxigraph_server):
    result = publish(project, oxigraph_server.query_url, store=oxigraph_server.store_url)
    assert result.ok and result.exit_code == 0, result.text()
    assert [u.graph for u in result.graphs] == sorted(built)
    for upload in result.graphs:
        assert upload.status == REPLACED
        assert upload.on_server == upload.triples == len(built[upload.graph])
        assert upload.previous == 0
        assert same(server_graph(oxigraph_server, upload.graph), built[upload.graph])
    assert "Published" in result.text()


def test_publishing_again_replaces_rather_than_adds(project, built, oxigraph_server, tmp_path):
    target = str(GRAPH["doc-a"])
    put(oxigraph_server, target, JUNK)
    publish(project, oxigraph_server.query_url, store=oxigraph_server.store_url)
    second = publish(project, oxigraph_server.query_url, store=oxigraph_server.store_url, backup_dir=tmp_path / "backup")
    assert second.ok
    counts = count_triples(oxigraph_server.query_url, sorted(built))
    assert counts == {name: len(graph) for name, graph in built.items()}
    assert "stale" not in server_graph(oxigraph_server, target).serialize(format="nt")
    doc_a = next(u for u in second.graphs if u.graph == target)
    assert doc_a.previous == len(built[target])
    # the previous content was saved before it was replaced
    saved = Graph().parse(tmp_path / "backup" / "doc-a.nt", format="nt")
    assert same(saved, built[target])


def test_failure_part_way_is_reported_and_later_graphs_keep_their_content(project, built, oxigraph_server, monkeypatch, tmp_path):
    """The server goes down before the third PUT: the first two graphs are replaced, the third
    failed, the rest were not attempted; after a restart, the graphs not replaced still hold
    their previous content."""
    names = sorted(built)
    for name in names:
        put(oxigraph_server, name, JUNK)
    real_request = htkg.publish._request
    puts = []

    def flaky(url, *, method="GET", **kwargs):
        if method == "PUT":
            puts.append(url)
            if len(puts) == 3:
                oxigraph_server.stop()
        return real_request(url, method=method, **kwargs)

    monkeypatch.setattr(htkg.publish, "_request", flaky)
    result = publish(project, oxigraph_server.query_url, store=oxigraph_server.store_url, timeout=10)
    statuses = [u.status for u in result.graphs]
    assert statuses[:2] == [UNCHECKED, UNCHECKED]
    assert statuses[2] == FAILED
    assert set(statuses[3:]) == {NOT_ATTEMPTED}
    assert result.exit_code == 2
    assert result.replaced == names[:2]
    assert result.not_replaced == names[2:]
    text = result.text()
    assert f"FAILED    {names[2]}" in text and "not replaced: " + ", ".join(names[2:]) in text

    restarted = OxigraphServer(tmp_path / "oxigraph")
    try:
        for name in names[:2]:
            assert same(server_graph(restarted, name), built[name])
        for name in names[2:]:
            assert "stale" in server_graph(restarted, name).serialize(format="nt"), name
    finally:
        restarted.stop()


def test_endpoint_down_changes_nothing(project, oxigraph_server):
    url = oxigraph_server.query_url
    oxigraph_server.stop()
    with pytest.raises(EndpointError, match="count query failed"):
        publish(project, url, store=oxigraph_server.store_url, timeout=5)


class _BasicAuthStore:
    """A minimal HTTP server that demands Basic authentication (401 with a challenge) and
    records the Authorization header of each request; a stand-in for a protected Graph Store,
    used only to check what the client sends."""

    def __init__(self):
        import http.server
        import threading

        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                header = self.headers.get("Authorization")
                seen.append(header)
                if header is None:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/store"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_basic_credentials_answer_the_servers_challenge():
    store = _BasicAuthStore()
    try:
        status, _ = htkg.publish._request(store.url + "?graph=x", method="PUT", data=b"", auth=("curator", "s3cret"))
    finally:
        store.stop()
    assert status == 204
    assert store.seen == [None, "Basic " + base64.b64encode(b"curator:s3cret").decode()]


def test_credentials_come_from_the_environment_only(project, oxigraph_server, monkeypatch, capsys):
    passed = []
    real = htkg.publish.publish

    def recording(*args, **kwargs):
        passed.append(kwargs.get("auth"))
        return real(*args, **kwargs)

    monkeypatch.setattr("htkg.cli.publish.publish", recording)
    monkeypatch.setenv("HTKG_USER", "curator")
    monkeypatch.setenv("HTKG_PASSWORD", "s3cret")
    code = main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url, "--store", oxigraph_server.store_url])
    assert code == 0
    assert passed == [("curator", "s3cret")]
    captured = capsys.readouterr()
    assert "s3cret" not in captured.out + captured.err
    assert "Published" in captured.out

    monkeypatch.delenv("HTKG_PASSWORD")
    assert main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url, "--password", "x"])
    assert caught.value.code == 2


def test_publish_to_virtuoso_with_digest_auth(project, built, tmp_path, monkeypatch):
    """Virtuoso's Graph Store (/sparql-graph-crud-auth) wants HTTP digest authentication: the
    credentials from the environment answer its challenge; without them the first PUT fails and
    nothing is replaced."""
    import virtuoso

    virtuoso.require()
    server = virtuoso.VirtuosoServer(tmp_path / "virtuoso")
    try:
        denied = publish(project, server.query_url, store=server.graph_store_url, timeout=60)
        assert denied.graphs[0].status == FAILED and "401" in denied.graphs[0].error
        assert denied.replaced == [] and denied.exit_code == 2
        monkeypatch.setenv("HTKG_USER", virtuoso.USER)
        monkeypatch.setenv("HTKG_PASSWORD", virtuoso.PASSWORD)
        code = main(["--project", str(project.root), "publish", "--endpoint", server.query_url, "--store", server.graph_store_url])
        assert code == 0
        counts = count_triples(server.query_url, sorted(built))
        assert counts == {name: len(graph) for name, graph in built.items()}
    finally:
        server.stop()


class _DroppingStore:
    """A Graph Store that answers every PUT with 204 No Content and stores nothing."""

    def __init__(self):
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/store"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_store_that_drops_the_data_is_caught_though_the_counts_match(project, built, oxigraph_server, capsys):
    """The endpoint holds stale graphs of exactly the sizes sent, and the Graph Store answers 204
    without storing: counts alone would pass; the content read back does not."""
    for name, graph in built.items():
        put(oxigraph_server, name, "".join(f'<http://example.org/s{i}> <http://example.org/p> "stale" .\n'
                                           for i in range(len(graph))))
    assert count_triples(oxigraph_server.query_url, sorted(built)) == {n: len(g) for n, g in built.items()}
    store = _DroppingStore()
    try:
        code = main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url, "--store", store.url])
    finally:
        store.stop()
    assert code == 1
    err = capsys.readouterr().err
    for name, graph in built.items():
        assert f"MISMATCH  {name}: sent {len(graph)} triples, the endpoint shows {len(graph)}: {len(graph)} sent but not shown" in err
    assert "The endpoint does not show what was sent for" in err and "--store" in err


def test_a_store_and_an_endpoint_on_different_servers_are_told_apart(project, built, oxigraph_server, tmp_path):
    """--store on one server, --endpoint on another that holds an earlier publication with one
    statement altered: only that graph differs, and the result names it."""
    publish(project, oxigraph_server.query_url, store=oxigraph_server.store_url)
    target = sorted(built)[0]
    triples = server_graph(oxigraph_server, target)
    s, p, o = sorted(triples)[0]
    update = (f"DELETE DATA {{ GRAPH <{target}> {{ {s.n3()} {p.n3()} {o.n3()} }} }} ;"
              f" INSERT DATA {{ GRAPH <{target}> {{ {s.n3()} {p.n3()} \"altered\" }} }}")
    urllib.request.urlopen(urllib.request.Request(oxigraph_server.update_url, data=update.encode(), method="POST",
                                                  headers={"Content-Type": "application/sparql-update"})).close()
    other = OxigraphServer(tmp_path / "other")
    try:
        result = publish(project, oxigraph_server.query_url, store=other.store_url)
    finally:
        other.stop()
    assert result.exit_code == 1
    differ = {u.graph: (u.missing, u.unexpected) for u in result.graphs if u.status != REPLACED}
    assert differ == {target: (1, 1)}
    assert "altered" in next(u for u in result.graphs if u.graph == target).line()


def test_a_store_that_keeps_another_form_of_the_same_value_is_not_a_mismatch():
    """Oxigraph gives back "76"^^xsd:nonNegativeInteger as xsd:integer; Virtuoso gives numbers in
    canonical form and language tags in lower case: the same statement."""
    import pyoxigraph as ox

    from htkg.publish import comparable

    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    xsd = "http://www.w3.org/2001/XMLSchema#"

    def same(a, b):
        return comparable(ox.Triple(s, p, a)) == comparable(ox.Triple(s, p, b))

    assert same(ox.Literal("76", datatype=ox.NamedNode(xsd + "nonNegativeInteger")), ox.Literal("76", datatype=ox.NamedNode(xsd + "integer")))
    assert same(ox.Literal("1.50", datatype=ox.NamedNode(xsd + "decimal")), ox.Literal("1.5", datatype=ox.NamedNode(xsd + "decimal")))
    assert same(ox.Literal("1.0e3", datatype=ox.NamedNode(xsd + "double")), ox.Literal("1000.0", datatype=ox.NamedNode(xsd + "double")))
    assert same(ox.Literal("x", language="en-GB"), ox.Literal("x", language="en-gb"))
    assert not same(ox.Literal("76", datatype=ox.NamedNode(xsd + "integer")), ox.Literal("77", datatype=ox.NamedNode(xsd + "integer")))
    assert not same(ox.Literal("76", datatype=ox.NamedNode(xsd + "integer")), ox.Literal("76"))
    assert not same(ox.Literal("x", language="en"), ox.Literal("x", language="fr"))
