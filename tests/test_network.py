"""`htkg network`: the derived network against a hand-checked fixture and against counts by an
independent SPARQL query (written apart from the library's queries: explicit role and property
lists instead of sub-property paths, counting in SPARQL instead of folding in Python), on the
fixture and on the real graph; the exports keep those counts and every
attribute; filters, analysis, determinism and the command line."""

from __future__ import annotations

import json
import struct

import networkx as nx
import pytest
from test_network_fixture import EXPECTED_EDGES, make_fixture_project

from htkg.cli import main
from htkg.network import FORMATS, analyse, build_network, render
from htkg.network.exports import LIST_SEPARATOR, to_networkx
from htkg.store import OxigraphStore

A = "https://w3id.org/htkg/id/actor/"
P = "https://w3id.org/htkg/id/place/"

_PREFIXES = """
PREFIX htkg: <https://w3id.org/htkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

_ROLES = "htkg:participant htkg:organiser htkg:supporter htkg:agent htkg:attendee htkg:affected"

# The edges of the actor view, spelled out one link type at a time with explicit role and
# property lists (the library's queries use sub-property paths and folding in Python).
_EDGE_BODY = f"""
  {{
    VALUES ?r1 {{ {_ROLES} }} VALUES ?r2 {{ {_ROLES} }}
    ?e ?r1 ?a ; ?r2 ?b . FILTER(STR(?a) < STR(?b)) BIND("co-participation" AS ?type)
  }} UNION {{
    VALUES ?r2 {{ htkg:organiser htkg:agent htkg:attendee htkg:affected }}
    ?e htkg:supporter ?a ; ?r2 ?b .
    OPTIONAL {{ ?e a ?training . FILTER(?training = htkg:Training) }}
    BIND(IF(?r2 = htkg:attendee && BOUND(?training), "trains", "supports") AS ?type)
  }} UNION {{
    # A participant in no narrower role (the build states every role also as htkg:participant).
    ?e htkg:supporter ?a ; htkg:participant ?b .
    FILTER NOT EXISTS {{ VALUES ?r3 {{ htkg:organiser htkg:supporter htkg:agent htkg:attendee htkg:affected }} ?e ?r3 ?b }}
    BIND("supports" AS ?type)
  }} UNION {{
    VALUES ?r1 {{ htkg:organiser htkg:agent }}
    ?e a htkg:Training ; htkg:attendee ?b ; ?r1 ?a . BIND("trains" AS ?type)
  }} UNION {{
    VALUES ?p {{ org:subOrganizationOf org:memberOf org:unitOf }} ?a ?p ?b . BIND("part-of" AS ?type)
  }} UNION {{
    ?d schema:funder ?a ; dcterms:publisher ?b . BIND("funds" AS ?type)
  }} UNION {{
    ?c htkg:predicate htkg:cooperatesWith ; htkg:about ?s ; htkg:object ?o .
    FILTER NOT EXISTS {{ ?c htkg:negated true }}
    BIND(IF(STR(?s) < STR(?o), ?s, ?o) AS ?a) BIND(IF(STR(?s) < STR(?o), ?o, ?s) AS ?b)
    BIND("cooperates-with" AS ?type)
  }} UNION {{
    ?c htkg:predicate htkg:influencedBy ; htkg:about ?a ; htkg:object ?b .
    FILTER NOT EXISTS {{ ?c htkg:negated true }} BIND("influenced-by" AS ?type)
  }} UNION {{
    VALUES ?p {{ org:subOrganizationOf org:memberOf }}
    ?c htkg:predicate ?p ; htkg:about ?a ; htkg:object ?b .
    FILTER NOT EXISTS {{ ?c htkg:negated true }} BIND("part-of" AS ?type)
  }} UNION {{
    ?c htkg:predicate schema:funder ; htkg:about ?b ; htkg:object ?a .
    FILTER NOT EXISTS {{ ?c htkg:negated true }} BIND("funds" AS ?type)
  }} UNION {{
    ?c htkg:claimant ?b ; dcterms:source ?d . ?d dcterms:creator ?a . BIND("relays" AS ?type)
  }} UNION {{
    ?cit htkg:citingDocument ?d ; htkg:citedWork ?w . ?d dcterms:creator ?a .
    {{ ?w dcterms:creator ?b }} UNION {{ ?w dcterms:publisher ?b FILTER NOT EXISTS {{ ?w dcterms:creator ?x }} }}
    BIND("cites" AS ?type)
  }} UNION {{
    ?c htkg:assesses ?c2 ; htkg:claimant ?a . ?c2 htkg:claimant ?b . BIND("assesses" AS ?type)
  }} UNION {{
    ?route a htkg:Route ; htkg:origin ?a ; htkg:destination ?b . BIND("flow" AS ?type)
  }} UNION {{
    ?c htkg:quantity ?q . ?q htkg:destination ?b .
    OPTIONAL {{ ?q htkg:origin ?qo }}
    OPTIONAL {{ ?c htkg:about ?ab . ?ab a ?abk . ?abk rdfs:subClassOf* htkg:Place }}
    BIND(COALESCE(?qo, ?ab) AS ?a) BIND("flow" AS ?type)
  }}
  FILTER(BOUND(?a) && (?a != ?b || ?type = "flow"))
  VALUES ?topA {{ htkg:Actor htkg:Place }} VALUES ?topB {{ htkg:Actor htkg:Place }}
  ?a a ?ka . ?ka rdfs:subClassOf* ?topA .
  ?b a ?kb . ?kb rdfs:subClassOf* ?topB .
"""

COUNT_EDGES = _PREFIXES + f"""
SELECT (COUNT(DISTINCT ?key) AS ?n) WHERE {{
  {_EDGE_BODY}
  BIND(CONCAT(?type, " ", STR(?a), " ", STR(?b)) AS ?key)
}}"""

COUNT_NODES = _PREFIXES + f"""
SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {{
  {_EDGE_BODY}
  VALUES ?side {{ 1 2 }}
  BIND(IF(?side = 1, ?a, ?b) AS ?node)
}}"""

# The routes view: one edge per origin, destination, form, victim group, document and period.
COUNT_ROUTE_EDGES = _PREFIXES + """
SELECT (COUNT(DISTINCT ?key) AS ?n) WHERE {
  {
    ?route a htkg:Route ; htkg:origin ?a ; htkg:destination ?b .
    OPTIONAL { ?route htkg:exploitationForm ?form }
    OPTIONAL { ?route htkg:victimGroup ?group }
    OPTIONAL { ?route htkg:period ?rp }
    OPTIONAL { ?c htkg:about ?route . OPTIONAL { ?c dcterms:source ?doc } OPTIONAL { ?c htkg:referencePeriod ?cp } }
    BIND(COALESCE(?rp, ?cp) AS ?period)
  } UNION {
    ?c htkg:quantity ?q . ?q htkg:destination ?b .
    OPTIONAL { ?q htkg:origin ?qo }
    OPTIONAL { ?c htkg:about ?ab . ?ab a ?abk . ?abk rdfs:subClassOf* htkg:Place }
    BIND(COALESCE(?qo, ?ab) AS ?a)
    OPTIONAL { ?q htkg:exploitationForm ?form }
    OPTIONAL { ?q htkg:victimGroup ?group }
    OPTIONAL { ?c dcterms:source ?doc }
    OPTIONAL { ?c htkg:referencePeriod ?period }
  }
  FILTER(BOUND(?a))
  ?a a ?ka . ?ka rdfs:subClassOf* htkg:Place .
  ?b a ?kb . ?kb rdfs:subClassOf* htkg:Place .
  BIND(CONCAT(STR(?a), " ", STR(?b), " ", COALESCE(STR(?form), "-"), " ", COALESCE(STR(?group), "-"), " ",
              COALESCE(STR(?doc), "-"), " ", COALESCE(STR(?period), "-")) AS ?key)
}"""


def sparql_count(store, query: str) -> int:
    rows = list(store.query(query))
    return int(rows[0]["n"].value)


def independent_counts(project) -> dict[str, int]:
    # rdflib's engine would make the counts more independent still, but it takes minutes on
    # this union of patterns; the store is loaded afresh from the built file.
    graph = OxigraphStore.from_file(project.dataset_path)
    return {
        "nodes": sparql_count(graph, COUNT_NODES),
        "edges": sparql_count(graph, COUNT_EDGES),
        "route_edges": sparql_count(graph, COUNT_ROUTE_EDGES),
    }


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    return make_fixture_project(tmp_path_factory.mktemp("network-fixture"))


@pytest.fixture(scope="module")
def fixture_store(fixture_project):
    return OxigraphStore.from_file(fixture_project.dataset_path)


@pytest.fixture(scope="module")
def real_project(tmp_path_factory):
    """The repository's evidence built without SHACL validation: these tests are about the
    network derived from whatever the curators have written, not about its conformance."""
    from htkg.build import build
    from htkg.project import Project
    from test_network_fixture import REPO

    project = Project(REPO, out=tmp_path_factory.mktemp("network-real"))
    build(project, validate=False)
    return project


@pytest.fixture(scope="module")
def real_store(real_project):
    return OxigraphStore.from_file(real_project.dataset_path)


# --------------------------------------------------------------------------- the fixture


def test_fixture_edges_are_the_hand_checked_ones(fixture_store):
    net = build_network(fixture_store)
    got = {(e.type, e.source, e.target): (e.sources, e.years) for e in net.edges}
    assert got == EXPECTED_EDGES


def test_edges_carry_claims_documents_and_stances(fixture_store):
    net = build_network(fixture_store)
    edges = {(e.type, e.source, e.target): e for e in net.edges}
    coop = edges[("cooperates-with", A + "fx-iom", A + "fx-ministry")]
    assert coop.claims == [
        "https://w3id.org/htkg/id/claim/fx2010-cooperation",
        "https://w3id.org/htkg/id/claim/fx2012-cooperation",
    ]
    assert coop.documents == [
        "https://w3id.org/htkg/id/document/fx-2010-report",
        "https://w3id.org/htkg/id/document/fx-2012-note",
    ]
    assert not coop.directed
    # The Ministry's figures, relayed by the author who doubts them: the stance is on the edge.
    relays = edges[("relays", A + "fx-author-a", A + "fx-ministry")]
    assert relays.claims == ["https://w3id.org/htkg/id/claim/fx2010-victims"]
    assert relays.stances == ["doubts"]
    assesses = edges[("assesses", A + "fx-author-a", A + "fx-ministry")]
    assert assesses.stances == ["doubts"]
    quote = net.claims["https://w3id.org/htkg/id/claim/fx2010-doubt"].quote
    assert quote == "It is impossible to evaluate their accuracy."
    support = edges[("supports", A + "fx-iom", A + "fx-ministry")]
    assert support.events == ["https://w3id.org/htkg/id/event/fx2010-conference"]


def test_node_kinds_are_the_most_specific_class(fixture_store):
    net = build_network(fixture_store)
    assert net.nodes[A + "fx-ministry"].kind == "Ministry"
    assert net.nodes[A + "fx-police"].kind == "GovernmentDepartment"
    assert net.nodes[P + "AZ"].kind == "Country"
    # An actor no link reaches is no node of the network.
    assert A + "fx-lonely" not in net.nodes
    # A long label gives way to the longest other name that fits on a drawing.
    assert net.nodes[A + "fx-ministry"].short == "Ministry of Interior"


def test_counts_equal_the_independent_sparql_counts_on_the_fixture(fixture_project, fixture_store):
    counts = independent_counts(fixture_project)
    net = build_network(fixture_store)
    assert (len(net.nodes), len(net.edges)) == (counts["nodes"], counts["edges"]) == (13, 17)
    routes = build_network(fixture_store, view="routes")
    assert len(routes.edges) == counts["route_edges"] == 3


def test_routes_view_splits_flows_by_form_group_document_and_period(fixture_store):
    net = build_network(fixture_store, view="routes")
    keys = sorted((e.source, e.target, e.forms, e.groups, e.documents, e.years) for e in net.edges)
    cpt = "https://w3id.org/htkg/concept/"
    doc = "https://w3id.org/htkg/id/document/"
    assert keys == [
        (P + "AZ", P + "AE", [], [], [doc + "fx-2012-note"], [2012]),
        (P + "AZ", P + "TR", [cpt + "forced-labour"], [cpt + "men"], [doc + "fx-2012-note"], [2012]),
        (P + "AZ", P + "TR", [cpt + "sexual-exploitation"], [cpt + "women"], [doc + "fx-2010-report"], [2010]),
    ]
    assert {n.kind for n in net.nodes.values()} == {"Country"}


def test_year_filter_keeps_only_evidence_in_the_window(fixture_store):
    net = build_network(fixture_store, since=2012)
    edges = {(e.type, e.source, e.target): e for e in net.edges}
    assert set(edges) == {
        ("cooperates-with", A + "fx-iom", A + "fx-ministry"),
        ("relays", A + "fx-author-b", A + "fx-ministry"),
        ("flow", P + "AZ", P + "TR"),
        ("flow", P + "AZ", P + "AE"),
    }
    # The 2010 claim is outside the window: one source and one year remain.
    coop = edges[("cooperates-with", A + "fx-iom", A + "fx-ministry")]
    assert (coop.sources, coop.years) == (1, [2012])
    until = build_network(fixture_store, until=2010)
    assert {e.type for e in until.edges} == {"co-participation", "supports", "cooperates-with", "relays", "cites", "assesses", "flow"}
    assert all(min(e.years) <= 2010 for e in until.edges)


def test_source_kind_and_edge_filters(fixture_store):
    only_b = build_network(fixture_store, source="fx-2012-note")
    assert {e.type for e in only_b.edges} == {"cooperates-with", "relays", "flow"}
    assert all(e.documents == ["https://w3id.org/htkg/id/document/fx-2012-note"] for e in only_b.edges)
    countries = build_network(fixture_store, kinds=["Country"])
    assert {e.type for e in countries.edges} == {"flow"}
    organisations = build_network(fixture_store, kinds=["organisation"])
    assert len(organisations.edges) == 11
    assert "Person" not in organisations.kinds
    trains = build_network(fixture_store, edge_types=["trains", "part-of"])
    assert sorted(e.type for e in trains.edges) == ["part-of", "part-of", "trains"]


def test_unknown_filter_values_are_usage_errors(fixture_store):
    from htkg.errors import UsageError

    with pytest.raises(UsageError, match="unknown document"):
        build_network(fixture_store, source="no-such-document")
    with pytest.raises(UsageError, match="unknown node kind"):
        build_network(fixture_store, kinds=["Dragon"])
    with pytest.raises(UsageError, match="unknown edge type"):
        build_network(fixture_store, edge_types=["likes"])
    with pytest.raises(UsageError, match="after"):
        build_network(fixture_store, since=2012, until=2010)


def test_analysis_finds_the_broker_and_is_deterministic(fixture_store):
    net = build_network(fixture_store)
    first, second = analyse(net), analyse(build_network(fixture_store))
    assert first.rows == second.rows and first.communities == second.communities
    rows = first.by_id()
    ministry = rows[A + "fx-ministry"]
    # The Ministry joins the authors, the conference and the police: the top broker.
    assert first.rows[0].id == A + "fx-ministry"
    assert ministry.articulation and ministry.broker and ministry.degree == 6
    assert abs(sum(r.pagerank for r in first.rows) - 1.0) < 1e-4
    assert not rows[A + "fx-ngo"].broker
    assert first.components == 3
    assert sorted(len(c) for c in first.communities) == sorted(len(c) for c in second.communities)


# --------------------------------------------------------------------------- exports


def _flat(v):
    return LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else v


def _check_round_trip(read_back: nx.MultiDiGraph, net, analysis) -> None:
    expected = to_networkx(net, analysis)
    assert read_back.number_of_nodes() == expected.number_of_nodes()
    assert read_back.number_of_edges() == expected.number_of_edges()
    for node, attrs in expected.nodes(data=True):
        got = read_back.nodes[node]
        for key, value in attrs.items():
            assert got.get(key) == value or (value == "" and got.get(key) in (None, "")), (node, key)
    got_edges = {}
    for u, v, data in read_back.edges(data=True):
        got_edges[(u, v, data.get("edge_type"), data.get("claims", ""))] = data
    for u, v, key, attrs in expected.edges(keys=True, data=True):
        got = got_edges[(u, v, attrs["edge_type"], attrs["claims"])]
        for name, value in attrs.items():
            assert got.get(name) == value or (value == "" and got.get(name) in (None, "")), (key, name)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def check_exports(net, analysis, tmp_path, counts: tuple[int, int]) -> None:
    nodes, edges = counts
    assert (len(net.nodes), len(net.edges)) == counts
    gexf = render(net, analysis, "gexf")
    (tmp_path / "n.gexf").write_bytes(gexf)
    g = nx.read_gexf(tmp_path / "n.gexf")
    _check_round_trip(g, net, analysis)
    graphml = render(net, analysis, "graphml")
    (tmp_path / "n.graphml").write_bytes(graphml)
    _check_round_trip(nx.read_graphml(tmp_path / "n.graphml", force_multigraph=True), net, analysis)
    data = json.loads(render(net, analysis, "json"))
    assert len(data["elements"]["nodes"]) == nodes
    assert len(data["elements"]["edges"]) == edges
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in data["elements"]["edges"])
    svg = render(net, analysis, "svg").decode("utf-8")
    assert f"{nodes} nodes, {edges} edges" in svg
    png = render(net, analysis, "png")
    width, height = _png_size(png)
    assert width > 500 and height > 300
    page = render(net, analysis, "html").decode("utf-8")
    start = page.index('id="htkg-data">') + len('id="htkg-data">')
    embedded = json.loads(page[start : page.index("</script>", start)])
    assert (len(embedded["nodes"]), len(embedded["edges"])) == counts


def test_exports_keep_counts_and_attributes_on_the_fixture(fixture_project, fixture_store, tmp_path):
    counts = independent_counts(fixture_project)
    net = build_network(fixture_store)
    check_exports(net, analyse(net), tmp_path, (counts["nodes"], counts["edges"]))


def test_every_format_is_deterministic(fixture_store):
    outputs = {}
    for attempt in range(2):
        net = build_network(fixture_store)
        analysis = analyse(net)
        for fmt in sorted(FORMATS):
            data = render(net, analysis, fmt)
            if attempt:
                assert data == outputs[fmt], fmt
            outputs[fmt] = data
    assert b"lastmodifieddate" not in outputs["gexf"]
    assert b"<dc:date>" not in outputs["svg"]


def test_gexf_edges_keep_their_ids_and_types(fixture_store, tmp_path):
    net = build_network(fixture_store)
    (tmp_path / "n.gexf").write_bytes(render(net, analyse(net), "gexf"))
    g = nx.read_gexf(tmp_path / "n.gexf")
    ids = {data["id"] for _, _, data in g.edges(data=True)}
    assert ids == {e.id for e in net.edges}
    assert {data["edge_type"] for _, _, data in g.edges(data=True)} == {e.type for e in net.edges}


# --------------------------------------------------------------------------- the real graph


def test_real_graph_counts_equal_the_independent_sparql_counts(real_project, real_store, tmp_path):
    counts = independent_counts(real_project)
    net = build_network(real_store)
    assert counts["edges"] > 0
    assert (len(net.nodes), len(net.edges)) == (counts["nodes"], counts["edges"])
    routes = build_network(real_store, view="routes")
    assert len(routes.edges) == counts["route_edges"]
    check_exports(net, analyse(net), tmp_path, (counts["nodes"], counts["edges"]))


def test_real_graph_edges_have_evidence(real_store):
    """Every edge found by a claim carries the claim's document; only facts of the reference
    data (membership, funders of documents) stand without claims."""
    net = build_network(real_store)
    for edge in net.edges:
        if edge.claims:
            assert edge.sources >= 1, edge.id
            for claim in edge.claims:
                assert claim in net.claims, claim
        else:
            assert edge.type in ("part-of", "funds", "co-participation", "supports", "trains", "flow"), edge.id
    for slug in ("us-tip-2004-azerbaijan", "carim-east-2013-azerbaijan"):
        only = build_network(real_store, source=slug)
        doc = "https://w3id.org/htkg/id/document/" + slug
        assert all(e.documents == [doc] for e in only.edges)


# --------------------------------------------------------------------------- command line


def test_cli_prints_the_table_and_writes_a_file(fixture_project, tmp_path, capsys):
    target = tmp_path / "net.graphml"
    code = main(["--project", str(fixture_project.root), "network", "--format", "graphml", "--out", str(target), "--top", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "13 nodes, 17 edges" in out
    assert "Ministry of Interior of the Republic of Fixtureland" in out and "articulation" in out
    assert "Brokers" in out
    assert nx.read_graphml(target, force_multigraph=True).number_of_edges() == 17


def test_cli_usage_errors_exit_2(fixture_project, tmp_path, capsys):
    root = str(fixture_project.root)
    assert main(["--project", root, "network", "--format", "png"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["--project", root, "network", "--source", "nope"]) == 2
    assert "unknown document" in capsys.readouterr().err
    assert main(["--project", root, "network", "--kind", "Dragon"]) == 2


def test_cli_routes_view(fixture_project, capsys):
    code = main(["--project", str(fixture_project.root), "network", "--view", "routes", "--since", "2012"])
    out = capsys.readouterr().out
    assert code == 0
    assert "routes network: 3 nodes, 2 edges" in out
