"""The actor network: who works with whom, who connects them, and where trafficking flows go,
derived from the graph by the SPARQL queries in `htkg/sparql/network-*.rq`, analysed with
networkx, and written as an interactive page, a picture, or a file for Gephi and Cytoscape."""

from __future__ import annotations

from .analysis import Analysis, NodeMetrics, analyse
from .model import EDGE_TYPES, VIEWS, ClaimInfo, Edge, Network, Node, build_network
from .render import FORMATS, NetworkResult, network, render

__all__ = [
    "Analysis",
    "ClaimInfo",
    "EDGE_TYPES",
    "Edge",
    "FORMATS",
    "Network",
    "NetworkResult",
    "Node",
    "NodeMetrics",
    "VIEWS",
    "analyse",
    "build_network",
    "network",
    "render",
]
