"""The whole library on a real SPARQL 1.1 server: `oxigraph serve` on 127.0.0.1, loaded with
the built dataset over the Graph Store Protocol (one PUT per named graph), queried through
`--endpoint` (SPARQL 1.1 Protocol), must answer exactly as the embedded store does, compared as RDF
terms. A server that is down or answers an error is EndpointError, exit 2."""

from __future__ import annotations

import json
import urllib.request

import pytest


from htkg.cli import main
from htkg.errors import EndpointError
from htkg.query import library, run, run_endpoint
from htkg.publish import publish
from htkg.store import OxigraphStore

#: Questions with no answer in the two documents (see the golden manifest's notes).
EMPTY_ON_THESE_DOCUMENTS = {"conflicting-figures", "figures-changing-between-reports"}


@pytest.fixture
def loaded_server(oxigraph_server, built_project):
    store = OxigraphStore.from_file(built_project.dataset_path)
    result = publish(built_project, oxigraph_server.query_url, store=oxigraph_server.store_url)
    assert result.exit_code == 0
    assert {g.graph for g in result.graphs} == set(store.named_graphs())
    # Oxigraph takes `union-default-graph` per request (the server's --union-default-graph
    # flag sets it for all): the default graph is then the union of the named graphs, as in
    # the embedded store.
    return oxigraph_server, store, f"{oxigraph_server.query_url}?union-default-graph"


def test_the_server_holds_every_named_graph_with_its_triples(loaded_server):
    server, store, endpoint = loaded_server
    result = run_endpoint(
        server.query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    counts = {str(row[0]): int(row[1]) for row in result.rows}
    assert counts == {g: store.graph_ntriples(g).count(b"\n") for g in store.named_graphs()}


def test_every_library_query_answers_the_same_on_the_server(loaded_server, built_project):
    server, store, endpoint = loaded_server
    queries = library(built_project)
    assert len(queries) >= 35
    for query in queries:
        local = run(query, store=store)
        remote = run(query, endpoint=endpoint)
        assert remote.kind == local.kind, query.name
        if local.kind == "select":
            assert remote.variables == local.variables, query.name
        assert remote.comparable() == local.comparable(), query.name
        if query.role == "question" and local.kind == "select" and query.name not in EMPTY_ON_THESE_DOCUMENTS:
            assert local.rows, f"{query.name} answers nothing on the built graph"


def test_parameters_are_bound_the_same_way_on_the_server(loaded_server, built_project, capsys, monkeypatch):
    server, store, endpoint = loaded_server
    import htkg.cli.query as query_cli

    monkeypatch.setattr(query_cli, "project_of", lambda args: built_project)
    argv = ["query", "destination-reports", "--param", "destination=place:TR", "--format", "json"]
    assert main(argv + ["--endpoint", endpoint]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert main(argv) == 0
    local = json.loads(capsys.readouterr().out)
    key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
    assert sorted(map(key, remote["results"]["bindings"])) == sorted(map(key, local["results"]["bindings"]))
    assert {b["destination"]["value"] for b in remote["results"]["bindings"]} == {"https://w3id.org/htkg/id/place/TR"}
    # the hostile value is one literal on the server too, and the server's data is unchanged
    before = run_endpoint(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert main(["query", "find-entity", "--param", 'text="x" } ; DROP ALL ; SELECT * {', "--endpoint", endpoint]) == 0
    assert capsys.readouterr().out == "?entity\t?kind\t?name\n"
    assert run_endpoint(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows == before


def test_a_server_error_shows_the_servers_message(loaded_server, capsys):
    server, store, endpoint = loaded_server
    with pytest.raises(EndpointError) as info:
        run_endpoint(endpoint, "SELECT ?x WHERE { ?x <http://p> }")  # sent as it is: the server parses it
    assert "server says" in str(info.value)
    code = main(["query", "-e", "SELECT * WHERE { ?s ?p ?o } ORDER BY NOSUCHFUNCTION(?s)", "--endpoint", endpoint])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("Error: ") and "server says" in err


def test_an_endpoint_that_is_down_is_a_clear_error(oxigraph_server, capsys):
    url = oxigraph_server.query_url
    oxigraph_server.stop()
    code = main(["query", "-e", "ASK {}", "--endpoint", url, "--timeout", "5"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach the endpoint" in err and url in err


def test_publish_replaces_a_graph_rather_than_adding_to_it(loaded_server, built_project):
    server, store, endpoint = loaded_server
    publish(built_project, server.query_url, store=server.store_url)  # a second time: PUT replaces
    with urllib.request.urlopen(f"{server.query_url}?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D",
                                timeout=10) as response:
        body = response.read().decode("utf-8")
    assert str(len(store)) in body


def test_an_endpoint_whose_default_graph_is_not_the_union_gets_a_warning(loaded_server, built_project, capsys):
    """Oxigraph's default graph is its own (empty) one unless asked for the union: every
    library query then answers nothing, which used to pass in silence."""
    server, store, endpoint = loaded_server
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?claim a htkg:Claim }"
    assert main(["query", "-e", count, "--endpoint", server.query_url, "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "n\r\n0\r\n"
    assert captured.err.startswith("Warning: ") and "union-default-graph" in captured.err and "holds the project's graphs" in captured.err
    assert main(["query", "-e", count, "--endpoint", endpoint, "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out != "n\r\n0\r\n" and captured.err == ""
    code = main(["--project", str(built_project.root), "network", "--endpoint", server.query_url])
    captured = capsys.readouterr()
    assert code == 0 and "0 nodes" in captured.out
    assert "Warning: " in captured.err and "union-default-graph" in captured.err


def test_an_endpoint_without_the_projects_data_gets_a_warning(oxigraph_server, capsys):
    assert main(["query", "-e", "ASK { ?s ?p ?o }", "--endpoint", f"{oxigraph_server.query_url}?union-default-graph"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "false\n"
    assert captured.err.startswith("Warning: ") and "holds none of the project's graphs" in captured.err and "htkg publish" in captured.err

