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


def test_credentials_come_from_the_environment(project, oxigraph_server, monkeypatch, capsys):
    seen = []
    real = urllib.request.urlopen

    def recording(request, *args, **kwargs):
        seen.append(request.get_header("Authorization"))
        return real(request, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", recording)
    monkeypatch.setenv("HTKG_USER", "curator")
    monkeypatch.setenv("HTKG_PASSWORD", "s3cret")
    code = main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url, "--store", oxigraph_server.store_url])
    assert code == 0
    expected = "Basic " + base64.b64encode(b"curator:s3cret").decode()
    assert seen and set(seen) == {expected}
    captured = capsys.readouterr()
    assert "s3cret" not in captured.out + captured.err
    assert "Published" in captured.out

    monkeypatch.delenv("HTKG_PASSWORD")
    assert main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["--project", str(project.root), "publish", "--endpoint", oxigraph_server.query_url, "--password", "x"])
    assert caught.value.code == 2
