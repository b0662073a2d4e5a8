"""`htkg network`: each view of the derived network against a hand-checked fixture and against
counts by independent SPARQL queries (written apart from the library's queries: explicit role and
property lists instead of sub-property paths, counting in SPARQL instead of folding in Python),
on the fixture and on the real graph; the views keep their kinds of node and tie apart; the
exports keep those counts and every attribute; filters, analysis, determinism and the command
line."""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from test_network_fixture import EXPECTED_EDGES, EXPECTED_EVIDENCE_EDGES, make_fixture_project

from htkg.cli import main
from htkg.network import FORMATS, analyse, build_network, render
from htkg.network.exports import LIST_SEPARATOR, to_networkx, year_spells
from htkg.network.model import EDGE_TYPES, VIEW_EDGES, VIEWS
from htkg.network.page import page_data
from htkg.store import OxigraphStore

A = "https://w3id.org/htkg/id/actor/"
P = "https://w3id.org/htkg/id/place/"
D = "https://w3id.org/htkg/id/document/"

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
_ACTOR_BODY = f"""
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
  }}
  FILTER(BOUND(?a) && ?a != ?b)
  ?a a ?ka . ?ka rdfs:subClassOf* htkg:Actor .
  ?b a ?kb . ?kb rdfs:subClassOf* htkg:Actor .
"""

# The evidence view: documents, their authors and publishers, what they relay and cite, and
# assessments; every end an actor or a document.
_EVIDENCE_BODY = """
  {
    ?b dcterms:creator ?a . BIND("writes" AS ?type)
  } UNION {
    ?b dcterms:publisher ?a . BIND("publishes" AS ?type)
  } UNION {
    ?c htkg:claimant ?b ; dcterms:source ?a . FILTER NOT EXISTS { ?a dcterms:creator ?b } BIND("relays" AS ?type)
  } UNION {
    ?cit htkg:citingDocument ?a ; htkg:citedWork ?b . BIND("cites" AS ?type)
  } UNION {
    ?c htkg:assesses ?c2 ; htkg:claimant ?a . ?c2 htkg:claimant ?b . BIND("assesses" AS ?type)
  }
  FILTER(?a != ?b)
  VALUES ?topA { htkg:Actor htkg:Document } VALUES ?topB { htkg:Actor htkg:Document }
  ?a a ?ka . ?ka rdfs:subClassOf* ?topA .
  ?b a ?kb . ?kb rdfs:subClassOf* ?topB .
"""

_BODIES = {"actors": _ACTOR_BODY, "evidence": _EVIDENCE_BODY}


def count_edges(view: str) -> str:
    return _PREFIXES + f"""
SELECT (COUNT(DISTINCT ?key) AS ?n) WHERE {{
  {_BODIES[view]}
  BIND(CONCAT(?type, " ", STR(?a), " ", STR(?b)) AS ?key)
}}"""


def count_nodes(view: str) -> str:
    return _PREFIXES + f"""
SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {{
  {_BODIES[view]}
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
    counts = {"route_edges": sparql_count(graph, COUNT_ROUTE_EDGES)}
    for view in ("actors", "evidence"):
        counts[view] = (sparql_count(graph, count_nodes(view)), sparql_count(graph, count_edges(view)))
    counts["nodes"], counts["edges"] = counts["actors"]
    return counts


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


@pytest.mark.parametrize("view, expected", [("actors", EXPECTED_EDGES), ("evidence", EXPECTED_EVIDENCE_EDGES)])
def test_fixture_edges_are_the_hand_checked_ones(fixture_store, view, expected):
    net = build_network(fixture_store, view=view)
    got = {(e.type, e.source, e.target): (e.sources, e.years) for e in net.edges}
    assert got == expected


def test_views_keep_their_kinds_of_node_and_tie_apart(fixture_store):
    """No view holds another's ties or kinds of node: the actor view has no document, place,
    relaying or citing; the evidence view no cooperation and no place; the routes view only
    places and flows."""
    tops = {"actors": {"Actor"}, "evidence": {"Actor", "Document"}, "routes": {"Place"}}
    for view in VIEWS:
        net = build_network(fixture_store, view=view)
        assert net.edges, view
        assert {e.type for e in net.edges} <= set(VIEW_EDGES[view]), view
        assert {n.top for n in net.nodes.values()} <= tops[view], view
    actors = build_network(fixture_store)
    assert A + "fx-author-a" not in actors.nodes  # an author who only writes is no actor tie


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
    support = edges[("supports", A + "fx-iom", A + "fx-ministry")]
    assert support.events == ["https://w3id.org/htkg/id/event/fx2010-conference"]
    # The Ministry's figures, relayed by the report whose author doubts them: the stance is on
    # the edge of the evidence view.
    evidence = build_network(fixture_store, view="evidence")
    edges = {(e.type, e.source, e.target): e for e in evidence.edges}
    relays = edges[("relays", D + "fx-2010-report", A + "fx-ministry")]
    assert relays.claims == ["https://w3id.org/htkg/id/claim/fx2010-victims"]
    assert relays.stances == ["doubts"]
    assesses = edges[("assesses", A + "fx-author-a", A + "fx-ministry")]
    assert assesses.stances == ["doubts"]
    quote = evidence.claims["https://w3id.org/htkg/id/claim/fx2010-doubt"].quote
    assert quote == "It is impossible to evaluate their accuracy."
    cites = edges[("cites", D + "fx-2010-report", D + "fx-ministry-report-2010")]
    assert cites.claims == ["https://w3id.org/htkg/id/claim/fx2010-victims"]


def test_node_kinds_are_the_most_specific_class(fixture_store):
    net = build_network(fixture_store)
    assert net.nodes[A + "fx-ministry"].kind == "Ministry"
    assert net.nodes[A + "fx-police"].kind == "GovernmentDepartment"
    assert build_network(fixture_store, view="routes").nodes[P + "AZ"].kind == "Country"
    evidence = build_network(fixture_store, view="evidence")
    assert evidence.nodes[D + "fx-2010-report"].kind == "SourceDocument"
    assert evidence.nodes[D + "fx-ministry-report-2010"].kind == "Document"
    # A document goes by its author and year on a drawing; a cited work without a date by its title.
    assert evidence.nodes[D + "fx-2010-report"].short == "Ann Author 2011"
    assert evidence.nodes[D + "fx-ministry-report-2010"].short == "Annual report"
    # An actor no link reaches is no node of the network.
    assert A + "fx-lonely" not in net.nodes
    # A long label gives way to the longest other name that fits on a drawing.
    assert net.nodes[A + "fx-ministry"].short == "Ministry of Interior"


def test_counts_equal_the_independent_sparql_counts_on_the_fixture(fixture_project, fixture_store):
    counts = independent_counts(fixture_project)
    net = build_network(fixture_store)
    assert (len(net.nodes), len(net.edges)) == (counts["nodes"], counts["edges"]) == (8, 11)
    evidence = build_network(fixture_store, view="evidence")
    assert (len(evidence.nodes), len(evidence.edges)) == counts["evidence"] == (7, 8)
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
    assert set(edges) == {("cooperates-with", A + "fx-iom", A + "fx-ministry")}
    # The 2010 claim is outside the window: one source and one year remain.
    coop = edges[("cooperates-with", A + "fx-iom", A + "fx-ministry")]
    assert (coop.sources, coop.years) == (1, [2012])
    until = build_network(fixture_store, until=2010)
    assert {e.type for e in until.edges} == {"co-participation", "supports", "cooperates-with"}
    assert all(min(e.years) <= 2010 for e in until.edges)
    # Documents are dated by their issue: the 2012 note (issued 2013) and what it relays.
    evidence = build_network(fixture_store, view="evidence", since=2012)
    assert {(e.type, e.source, e.target) for e in evidence.edges} == {
        ("writes", A + "fx-author-b", D + "fx-2012-note"),
        ("relays", D + "fx-2012-note", A + "fx-ministry"),
    }
    routes = build_network(fixture_store, view="routes", since=2012)
    assert {(e.source, e.target) for e in routes.edges} == {(P + "AZ", P + "TR"), (P + "AZ", P + "AE")}


def test_source_kind_and_edge_filters(fixture_store):
    only_b = build_network(fixture_store, source="fx-2012-note")
    assert {e.type for e in only_b.edges} == {"cooperates-with"}
    only_b = build_network(fixture_store, view="evidence", source="fx-2012-note")
    assert {e.type for e in only_b.edges} == {"writes", "relays"}
    assert all(e.documents == ["https://w3id.org/htkg/id/document/fx-2012-note"] for e in only_b.edges)
    countries = build_network(fixture_store, view="routes", kinds=["Country"])
    assert {e.type for e in countries.edges} == {"flow"} and len(countries.edges) == 3
    organisations = build_network(fixture_store, view="evidence", kinds=["organisation"])
    assert {(e.type, e.source) for e in organisations.edges} == {("publishes", A + "fx-press")} or not organisations.edges
    ministries = build_network(fixture_store, kinds=["GovernmentBody"])
    assert {e.type for e in ministries.edges} == {"part-of"}
    trains = build_network(fixture_store, edge_types=["trains", "part-of"])
    assert sorted(e.type for e in trains.edges) == ["part-of", "part-of", "trains"]


def test_unknown_filter_values_are_usage_errors(fixture_store):
    from htkg.errors import UsageError

    with pytest.raises(UsageError, match="unknown document"):
        build_network(fixture_store, source="no-such-document")
    with pytest.raises(UsageError, match="unknown node kind"):
        build_network(fixture_store, kinds=["Dragon"])
    with pytest.raises(UsageError, match="not in the actors view"):
        build_network(fixture_store, edge_types=["likes"])
    with pytest.raises(UsageError, match="not in the actors view"):
        build_network(fixture_store, edge_types=["relays"])
    with pytest.raises(UsageError, match="unknown view"):
        build_network(fixture_store, view="everything")
    with pytest.raises(UsageError, match="after"):
        build_network(fixture_store, since=2012, until=2010)


def test_analysis_finds_the_broker_and_is_deterministic(fixture_store):
    net = build_network(fixture_store)
    first, second = analyse(net), analyse(build_network(fixture_store))
    assert first.rows == second.rows and first.communities == second.communities
    rows = first.by_id()
    ministry = rows[A + "fx-ministry"]
    # The Ministry joins the conference, the government and the police: the top broker.
    assert first.rows[0].id == A + "fx-ministry"
    assert ministry.articulation and ministry.broker and ministry.degree == 4
    assert abs(sum(r.pagerank for r in first.rows) - 1.0) < 1e-4
    assert not rows[A + "fx-ngo"].broker
    assert first.components == 2
    assert first.view == "actors" and "who works with whom" in first.explanation
    # In the evidence view both documents carry the Ministry's figures: the Ministry is the
    # centre, and the 2010 report (the only way to its publisher) a broker.
    evidence = analyse(build_network(fixture_store, view="evidence"))
    assert evidence.rows[0].id == A + "fx-ministry"
    assert evidence.by_id()[D + "fx-2010-report"].articulation
    assert "on whose word" in evidence.explanation
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


GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
_GEXF_TYPES = {"integer": int, "long": int, "double": float, "float": float, "string": str,
               "boolean": lambda v: {"true": True, "false": False}[v]}


def read_gexf(data: bytes) -> nx.MultiDiGraph:
    """A GEXF 1.3 file read back, written here apart from the writer (networkx reads only GEXF
    1.1 and 1.2, and no mixed graph): node label and attribute values with their declared types,
    edge ids as keys, each edge's attribute values, weight, type and kind."""
    root = ET.fromstring(data)
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
    graph_element = root.find(GEXF + "graph")
    declared = {}
    for attributes in graph_element.findall(GEXF + "attributes"):
        for attribute in attributes.findall(GEXF + "attribute"):
            declared[(attributes.get("class"), attribute.get("id"))] = (attribute.get("title"), _GEXF_TYPES[attribute.get("type")])

    def values(element, cls) -> dict:
        out = {}
        for value in element.iter(GEXF + "attvalue"):
            title, convert = declared[(cls, value.get("for"))]
            out[title] = convert(value.get("value"))
        return out

    graph = nx.MultiDiGraph()
    for node in graph_element.iter(GEXF + "node"):
        graph.add_node(node.get("id"), label=node.get("label"), **values(node, "node"))
    for edge in graph_element.iter(GEXF + "edge"):
        graph.add_edge(edge.get("source"), edge.get("target"), key=edge.get("id"), id=edge.get("id"),
                       weight=float(edge.get("weight")), gexf_type=edge.get("type", "directed"),
                       kind=edge.get("kind"), **values(edge, "edge"))
    return graph


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def check_exports(net, analysis, tmp_path, counts: tuple[int, int]) -> None:
    nodes, edges = counts
    assert (len(net.nodes), len(net.edges)) == counts
    g = read_gexf(render(net, analysis, "gexf"))
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


@pytest.mark.parametrize("view", VIEWS)
def test_every_format_is_deterministic(fixture_store, view):
    outputs = {}
    for attempt in range(2):
        net = build_network(fixture_store, view=view)
        analysis = analyse(net)
        for fmt in sorted(FORMATS):
            data = render(net, analysis, fmt)
            if attempt:
                assert data == outputs[fmt], fmt
            outputs[fmt] = data
    assert b"lastmodifieddate" not in outputs["gexf"] and b"NetworkX" not in outputs["gexf"]
    assert b"<dc:date>" not in outputs["svg"]


def test_map_places_countries_by_their_iso_code(fixture_store):
    """The routes map takes each country's point and outline from the countryinfo package by
    its ISO code: Turkey lies west of Azerbaijan and the Emirates south of it, the outlines of
    those countries are drawn, and a place whose code the package does not know goes to the
    band below the map."""
    from htkg.network.geo import map_layout

    net = build_network(fixture_store, view="routes")
    geo = map_layout(net)
    az, tr, ae = (geo.positions[P + c] for c in ("AZ", "TR", "AE"))
    assert tr[0] < az[0] and ae[1] < az[1]
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in geo.positions.values())
    assert {"AZ", "TR", "AE"} <= set(geo.outline_codes)
    assert geo.unplaced == [] and geo.band == 0
    net.places[P + "AE"] = {"code": "ZZ", "within": []}  # a code no country has
    moved = map_layout(net)
    assert moved.unplaced == [P + "AE"] and moved.positions[P + "AE"][1] < moved.band
    # A place inside a country sits near it, not on it.
    net.places[P + "AE"] = {"code": "ZZ", "within": [[P + "AZ", "AZ"]]}
    inside = map_layout(net)
    x, y = inside.positions[P + "AE"]
    ax_, ay = inside.positions[P + "AZ"]
    assert 0.01 < ((x - ax_) ** 2 + ((y - ay) / 1.6) ** 2) ** 0.5 < 0.1


def test_gexf_edges_keep_their_ids_and_types(fixture_store, tmp_path):
    net = build_network(fixture_store)
    g = read_gexf(render(net, analyse(net), "gexf"))
    ids = {data["id"] for _, _, data in g.edges(data=True)}
    assert ids == {e.id for e in net.edges}
    assert {data["edge_type"] for _, _, data in g.edges(data=True)} == {e.type for e in net.edges}


#: What GEXF 1.3 allows where the writer puts a value of its own (from the 1.3 specification).
GEXF_ALLOWED = {
    ("graph", "defaultedgetype"): {"directed", "undirected", "mutual"},
    ("graph", "mode"): {"static", "dynamic", "slice"},
    ("graph", "timeformat"): {"integer", "double", "date", "dateTime"},
    ("graph", "timerepresentation"): {"interval", "timestamp"},
    ("edge", "type"): {"directed", "undirected", "mutual"},
    ("attributes", "class"): {"node", "edge"},
    ("attributes", "mode"): {"static", "dynamic"},
    ("attribute", "type"): {"integer", "long", "double", "float", "boolean", "string"},
}


def test_gexf_is_gexf_1_3(fixture_store):
    """The structure GEXF 1.3 prescribes (no schema ships with any package here): the root and
    its namespaces, meta before graph, attributes declared before nodes and edges, values from
    the allowed lists, every attvalue naming a declared attribute, edges between declared
    nodes, and parallel edges told apart by their kind (Gephi merges those that are not)."""
    for view in VIEWS:
        net = build_network(fixture_store, view=view)
        root = ET.fromstring(render(net, analyse(net), "gexf"))
        assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
        assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
        assert [c.tag for c in root] == [GEXF + "meta", GEXF + "graph"]
        graph = root.find(GEXF + "graph")
        assert [c.tag for c in graph] == [GEXF + "attributes", GEXF + "attributes", GEXF + "nodes", GEXF + "edges"]
        for element in root.iter():
            name = element.tag.split("}")[-1]
            for attr, value in element.attrib.items():
                allowed = GEXF_ALLOWED.get((name, attr))
                assert allowed is None or value in allowed, (name, attr, value)
        declared = {(a.get("class"), b.get("id")) for a in graph.findall(GEXF + "attributes") for b in a}
        for cls in ("node", "edge"):
            for element in graph.iter(GEXF + cls):
                assert {(cls, v.get("for")) for v in element.iter(GEXF + "attvalue")} <= declared
        for node in graph.iter(GEXF + "node"):
            assert [c.tag for c in node if c.tag.startswith(VIZ)] == [VIZ + "color", VIZ + "size", VIZ + "position"]
        ids = {n.get("id") for n in graph.iter(GEXF + "node")}
        pairs = set()
        for edge in graph.iter(GEXF + "edge"):
            assert edge.get("source") in ids and edge.get("target") in ids
            assert float(edge.get("weight")) >= 1
            pair = (*sorted((edge.get("source"), edge.get("target"))), edge.get("kind"))
            assert pair not in pairs, pair  # parallel edges differ in kind
            pairs.add(pair)
        if view != "routes":
            assert {e.get("kind") for e in graph.iter(GEXF + "edge")} == {e.type for e in net.edges}


def test_gexf_without_dated_evidence_is_static(fixture_store):
    net = build_network(fixture_store)
    for edge in net.edges:
        edge.years = []
    root = ET.fromstring(render(net, analyse(net), "gexf"))
    graph = root.find(GEXF + "graph")
    assert graph.get("mode") == "static" and graph.get("timeformat") is None
    assert root.find(f".//{GEXF}spells") is None


def _spell_years(element) -> set[int] | None:
    """The years an element's GEXF spells cover (None: no spells, shown at every time)."""
    spells = element.find(GEXF + "spells")
    if spells is None:
        return None
    years: set[int] = set()
    for spell in spells.findall(GEXF + "spell"):
        start, end = spell.get("start"), spell.get("end")
        assert re.fullmatch(r"\d{4}-01-01", start) and re.fullmatch(r"\d{4}-12-31", end), (start, end)
        assert int(start[:4]) <= int(end[:4])
        years |= set(range(int(start[:4]), int(end[:4]) + 1))
    return years


@pytest.mark.parametrize("view", VIEWS)
def test_gexf_marks_undirected_edges_and_dates_them(fixture_store, view):
    """Gephi's reading: each edge directed or not as the network model says, the years of its
    evidence as spells of a dynamic graph (timeformat date), a node's years those of its edges."""
    net = build_network(fixture_store, view=view)
    root = ET.fromstring(render(net, analyse(net), "gexf"))
    graph = root.find(GEXF + "graph")
    assert graph.get("defaultedgetype") == "directed"
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date" and graph.get("timerepresentation") == "interval"
    by_id = {e.id: e for e in net.edges}
    edges = list(root.iter(GEXF + "edge"))
    assert len(edges) == len(by_id)
    undirected = 0
    for element in edges:
        edge = by_id[element.get("id")]
        assert element.get("type", "directed") == ("directed" if EDGE_TYPES[edge.type][0] else "undirected"), edge.id
        assert element.get("type") in (None, "undirected")
        undirected += element.get("type") == "undirected"
        assert _spell_years(element) == (set(edge.years) or None), edge.id
    if view == "actors":
        assert undirected == sum(1 for e in net.edges if e.type in ("co-participation", "cooperates-with")) > 0
        assert any(not e.years for e in net.edges)  # the fixture has undated edges too
    for element in root.iter(GEXF + "node"):
        iri = element.get("id")
        touching = [e for e in net.edges if iri in (e.source, e.target)]
        expected = None if any(not e.years for e in touching) else {y for e in touching for y in e.years}
        assert _spell_years(element) == expected, iri


def test_year_spells_are_runs_of_consecutive_years():
    assert year_spells([2012, 2001, 2002, 2003, 2006, 2006]) == [
        ("2001-01-01", "2003-12-31"), ("2006-01-01", "2006-12-31"), ("2012-01-01", "2012-12-31")]
    assert year_spells([]) == []


HOSTILE = "bad\x01label\x0b\x1f\ufffe <!--<script> </script> & \u2028\u2029 end"


def _hostile(fixture_store):
    """The fixture's network with control characters and HTML in a label and a short name."""
    net = build_network(fixture_store)
    first = sorted(net.nodes)[0]
    net.nodes[first].label = HOSTILE
    net.nodes[first].short = "short\x01" + HOSTILE[-20:]
    return net, first


def test_control_characters_in_labels_still_give_well_formed_xml(fixture_store, tmp_path):
    net, first = _hostile(fixture_store)
    analysis = analyse(net)
    for fmt in ("gexf", "graphml", "svg"):
        data = render(net, analysis, fmt)
        ET.fromstring(data)  # well-formed
        assert b"\x01" not in data and b"\x0b" not in data, fmt
    root = ET.fromstring(render(net, analysis, "gexf"))
    node = next(n for n in root.iter(GEXF + "node") if n.get("id") == first)
    assert node.get("label") == "bad\ufffdlabel\ufffd\ufffd\ufffd <!--<script> </script> & \u2028\u2029 end"
    graphml = nx.read_graphml(io.BytesIO(render(net, analysis, "graphml")), force_multigraph=True)
    assert graphml.nodes[first]["label"].startswith("bad\ufffdlabel")
    assert len(graphml.edges) == len(net.edges)


def test_network_page_json_survives_script_like_labels(fixture_store):
    """"<!--<script" and "</script>" in a label must not end or hide the page's data block."""
    net, first = _hostile(fixture_store)
    analysis = analyse(net)
    page = render(net, analysis, "html").decode("utf-8")
    start = page.index('<script type="application/json" id="htkg-data">') + len('<script type="application/json" id="htkg-data">')
    end = page.index("</script>", start)
    block = page[start:end]
    assert not set(block) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(block) == json.loads(json.dumps(page_data(net, analysis)))
    assert json.loads(block)["nodes"][0]["label"] == HOSTILE
    assert page.count("<script") == 3 and page.rstrip().endswith("</html>")


# --------------------------------------------------------------------------- the real graph


def test_real_graph_counts_equal_the_independent_sparql_counts(real_project, real_store, tmp_path):
    counts = independent_counts(real_project)
    net = build_network(real_store)
    assert counts["edges"] > 0
    assert (len(net.nodes), len(net.edges)) == (counts["nodes"], counts["edges"])
    routes = build_network(real_store, view="routes")
    assert len(routes.edges) == counts["route_edges"]
    check_exports(net, analyse(net), tmp_path, (counts["nodes"], counts["edges"]))
    evidence = build_network(real_store, view="evidence")
    assert (len(evidence.nodes), len(evidence.edges)) == counts["evidence"]
    check_exports(evidence, analyse(evidence), tmp_path, counts["evidence"])


def test_real_graph_author_of_the_carim_note_is_no_broker_of_the_actor_view(real_store):
    """The CARIM note's author relays and cites; he does not cooperate. Found by SPARQL (the
    creator of the note), he is no broker of the actor view, every node of which is an actor
    (asked of the store apart from the network's queries), while in the evidence view he
    writes the note, and the note relays and cites others."""
    note = "https://w3id.org/htkg/id/document/carim-east-2013-azerbaijan"
    creators = [str(row["a"].value) for row in real_store.query(
        _PREFIXES + f"SELECT ?a WHERE {{ <{note}> dcterms:creator ?a }}")]
    assert creators
    actors = build_network(real_store)
    analysis = analyse(actors)
    brokers = {r.id for r in analysis.brokers}
    assert brokers  # the actor view has brokers, just not him
    for author in creators:
        assert author not in brokers
        assert not any(author in (e.source, e.target) for e in actors.edges if e.type in ("cooperates-with", "co-participation"))
    for iri in actors.nodes:
        assert real_store.query(_PREFIXES + f"ASK {{ <{iri}> a htkg:Actor }}"), iri
    assert {n.top for n in actors.nodes.values()} == {"Actor"}
    evidence = build_network(real_store, view="evidence")
    types = {(e.type, e.source, e.target) for e in evidence.edges}
    assert any(("writes", author, note) in types for author in creators)
    from_note = {e.type for e in evidence.edges if e.source == note}
    assert {"relays", "cites"} <= from_note


def test_real_graph_edges_have_evidence(real_store):
    """Every edge found by a claim carries the claim's document; only facts of the reference
    data (membership, funders of documents) stand without claims."""
    for view in VIEWS:
        net = build_network(real_store, view=view)
        for edge in net.edges:
            if edge.claims:
                assert edge.sources >= 1, edge.id
                for claim in edge.claims:
                    assert claim in net.claims, claim
            else:
                assert edge.type in ("part-of", "funds", "co-participation", "supports", "trains", "flow", "writes", "publishes", "cites"), edge.id
        for slug in ("us-tip-2004-azerbaijan", "carim-east-2013-azerbaijan"):
            only = build_network(real_store, view=view, source=slug)
            doc = "https://w3id.org/htkg/id/document/" + slug
            assert all(e.documents == [doc] for e in only.edges)


# --------------------------------------------------------------------------- command line


def test_cli_prints_the_table_and_writes_a_file(fixture_project, tmp_path, capsys):
    target = tmp_path / "net.graphml"
    code = main(["--project", str(fixture_project.root), "network", "--format", "graphml", "--out", str(target), "--top", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "8 nodes, 11 edges" in out
    assert "Ministry of Interior of the Republic of Fixtureland" in out and "articulation" in out
    assert "Brokers of the actors view" in out
    # The table says what it is computed on and what a broker is.
    assert "between actors only" in out and "A broker connects" in out
    assert nx.read_graphml(target, force_multigraph=True).number_of_edges() == 11


def test_cli_evidence_view(fixture_project, capsys):
    code = main(["--project", str(fixture_project.root), "network", "--view", "evidence", "--top", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "evidence network: 7 nodes, 8 edges" in out
    assert "Edges by type: assesses 1, cites 1, publishes 1, relays 2, writes 3" in out
    assert "Annual report" in out and "Ann Author" in out
    assert "says nothing about who cooperates" in out


def test_cli_usage_errors_exit_2(fixture_project, tmp_path, capsys):
    root = str(fixture_project.root)
    assert main(["--project", root, "network", "--format", "png"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["--project", root, "network", "--source", "nope"]) == 2
    assert "unknown document" in capsys.readouterr().err
    assert main(["--project", root, "network", "--kind", "Dragon"]) == 2
    capsys.readouterr()
    assert main(["--project", root, "network", "--edge", "flow"]) == 2
    assert "not in the actors view" in capsys.readouterr().err


def test_cli_routes_view(fixture_project, capsys):
    code = main(["--project", str(fixture_project.root), "network", "--view", "routes", "--since", "2012"])
    out = capsys.readouterr().out
    assert code == 0
    assert "routes network: 3 nodes, 2 edges" in out
    assert "origin" in out and "destination" in out


# --------------------------------------------------------------------------- pictures


@pytest.mark.parametrize("view", VIEWS)
def test_picture_labels_never_overlap(real_store, view):
    """On the real graph, no two labels of the picture overlap, computed from the boxes of the
    labels as placed; each label sits next to its node; most nodes get one; and the picture
    fills its drawing area (nodes reach every side)."""
    from htkg.network.draw import figure, label_boxes

    net = build_network(real_store, view=view)
    drawing = figure(net, analyse(net))
    boxes = label_boxes(drawing.labels)
    assert len(boxes) == len(drawing.labels) == len(net.nodes) - drawing.skipped
    assert len(boxes) >= 0.8 * len(net.nodes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (drawing.labels[i].get_text(), a, b)
    # Next to its node: the label's box lies within a few label heights of some node.
    ax = drawing.figure.axes[0]
    from htkg.network.exports import layout

    pos = layout(net)
    points = [ax.transData.transform(pos[v] if view != "routes" else (pos[v][0], pos[v][1] / 1.6)) for v in net.nodes]
    for artist, box in zip(drawing.labels, boxes):
        near = min(max(box.x0 - px, px - box.x1, 0) + max(box.y0 - py, py - box.y1, 0) for px, py in points)
        assert near < 120, artist.get_text()
    if view != "routes":
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        assert min(xs) == 0 and max(xs) == 1 and min(ys) == 0 and max(ys) == 1


def test_svg_text_is_text(fixture_store):
    net = build_network(fixture_store)
    svg = render(net, analyse(net), "svg").decode("utf-8")
    assert "<text" in svg and "Ministry of Interior" in svg
