"""`htkg network --endpoint`: the network read from a real SPARQL server is the one read from
the embedded store (DESIGN: every command that reads the graph works on a remote endpoint)."""

from __future__ import annotations

from htkg.cli import main
from htkg.network import VIEWS, network
from htkg.publish import publish


def _edges(result):
    return sorted(
        (e.source, e.target, e.type, tuple(e.claims), tuple(e.documents), tuple(e.years), tuple(e.stances))
        for e in result.network.edges
    )


def test_network_from_a_server_equals_the_embedded_one(oxigraph_server, built_project):
    assert publish(built_project, oxigraph_server.query_url, store=oxigraph_server.store_url).exit_code == 0
    endpoint = f"{oxigraph_server.query_url}?union-default-graph"
    for view in VIEWS:
        local = network(built_project, view=view)
        remote = network(built_project, view=view, endpoint=endpoint)
        assert len(local.network.edges) > 5
        assert _edges(remote) == _edges(local)
        assert sorted((n.id, n.kind, n.label) for n in remote.network.nodes.values()) == sorted(
            (n.id, n.kind, n.label) for n in local.network.nodes.values()
        )


def test_network_endpoint_down_is_exit_2(oxigraph_server, built_project, capsys):
    url = oxigraph_server.query_url
    oxigraph_server.stop()
    code = main(["--project", str(built_project.root), "network", "--endpoint", url])
    assert code == 2
    assert url in capsys.readouterr().err
