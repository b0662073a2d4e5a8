"""Network analysis of one view of the network, on that view's ties only: degree, betweenness,
PageRank, communities (Louvain with a fixed seed) and brokers (articulation points, and nodes
with betweenness whose neighbours lie in other communities). `EXPLANATIONS` says what each
measure means on the ties of each view. Every result is deterministic: nodes and edges enter
networkx in sorted order, floats are rounded, ties are broken by label and IRI."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .model import Network

__all__ = ["Analysis", "NodeMetrics", "analyse", "projection", "SEED", "EXPLANATIONS", "MEASURES"]

#: The seed of every random choice (community detection, layouts).
SEED = 42

#: Above this many nodes, betweenness is estimated from a seeded sample of pivots (exact
#: betweenness takes minutes at 10^4 nodes).
EXACT_BETWEENNESS_LIMIT = 2000

#: What the analysis of each view is computed on, and what a broker is there.
EXPLANATIONS = {
    "actors": (
        "Computed on the ties of who works with whom, between actors only: co-participation in "
        "events, support, training, cooperation, influence, membership and funding. Relaying, "
        "citing and assessing belong to the evidence view and are left out here. A broker connects "
        "groups of actors that would not otherwise be tied: an articulation point (without it the "
        "network falls apart) or a node on shortest paths (betweenness above 0) whose neighbours lie "
        "in two or more communities."
    ),
    "evidence": (
        "Computed on the ties of who says what on whose word, among authors, bodies and documents: "
        "writing and publishing a document, a document relaying claims others made, a document "
        "citing another work, and assessments (reports, endorses, doubts, disputes). A broker here is "
        "a document or author through which statements pass from those who made them to those who "
        "read them; it says nothing about who cooperates with whom."
    ),
    "routes": (
        "Computed on trafficking flows between places, one edge per origin, destination, form of "
        "exploitation, victim group, document and period. Degree counts partner places, "
        "betweenness marks places that flows pass through, and a broker is a place that connects "
        "otherwise separate origins and destinations. Roles are those the flows and the documents' "
        "claims give each place."
    ),
}

#: The measures of the table, and what each says.
MEASURES = {
    "degree": "the number of other nodes a node is tied to",
    "betweenness": "the share of shortest paths between other nodes that pass through it (0 to 1)",
    "PageRank": "importance from being tied to important nodes (sums to 1)",
    "community": "a group more tied among itself than to the rest (Louvain, fixed seed)",
}


@dataclass(frozen=True)
class NodeMetrics:
    id: str
    label: str
    kind: str
    degree: int
    betweenness: float
    pagerank: float
    community: int
    communities_reached: int
    articulation: bool
    broker: bool


@dataclass
class Analysis:
    rows: list[NodeMetrics]
    communities: list[list[str]]
    nodes: int
    edges: int
    components: int
    notes: list[str] = field(default_factory=list)
    view: str = "actors"

    @property
    def explanation(self) -> str:
        return EXPLANATIONS.get(self.view, "")

    @property
    def brokers(self) -> list[NodeMetrics]:
        return [r for r in self.rows if r.broker]

    def by_id(self) -> dict[str, NodeMetrics]:
        return {r.id: r for r in self.rows}


def projection(network: Network) -> nx.Graph:
    """The undirected simple graph under the network: one link per pair of nodes, weighted by
    the sources of its edges (at least 1 per edge). Self-loops (internal flows) are left out."""
    graph = nx.Graph()
    for iri in sorted(network.nodes):
        graph.add_node(iri)
    for edge in sorted(network.edges, key=lambda e: e.id):
        if edge.source == edge.target:
            continue
        weight = max(1, edge.sources)
        if graph.has_edge(edge.source, edge.target):
            graph[edge.source][edge.target]["weight"] += weight
        else:
            graph.add_edge(edge.source, edge.target, weight=weight)
    return graph


def _round(value: float) -> float:
    return round(float(value), 6) + 0.0


def analyse(network: Network) -> Analysis:
    graph = projection(network)
    notes = []
    n = graph.number_of_nodes()
    if n == 0:
        return Analysis(rows=[], communities=[], nodes=0, edges=len(network.edges), components=0, view=network.view)
    if n > EXACT_BETWEENNESS_LIMIT:
        betweenness = nx.betweenness_centrality(graph, k=min(n, 500), seed=SEED)
        notes.append(f"betweenness estimated from 500 sampled pivots ({n} nodes)")
    else:
        betweenness = nx.betweenness_centrality(graph)
    pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {v: 1.0 / n for v in graph}
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    labels = {iri: network.nodes[iri].label for iri in graph}
    communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), min(labels[v] for v in c), c[0]))
    community_of = {v: i + 1 for i, c in enumerate(communities) for v in c}
    articulation = set(nx.articulation_points(graph))
    rows = []
    for iri in graph:
        reached = {community_of[u] for u in graph.neighbors(iri)} | {community_of[iri]}
        b = _round(betweenness[iri])
        rows.append(
            NodeMetrics(
                id=iri,
                label=labels[iri],
                kind=network.nodes[iri].kind,
                degree=graph.degree(iri),
                betweenness=b,
                pagerank=_round(pagerank[iri]),
                community=community_of[iri],
                communities_reached=len(reached),
                articulation=iri in articulation,
                broker=iri in articulation or (b > 0 and len(reached) >= 2),
            )
        )
    rows.sort(key=lambda r: (-r.betweenness, -r.pagerank, r.label, r.id))
    return Analysis(
        rows=rows,
        communities=communities,
        nodes=n,
        edges=len(network.edges),
        components=nx.number_connected_components(graph),
        notes=notes,
        view=network.view,
    )
