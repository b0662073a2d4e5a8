"""Write a network for other tools: GEXF (Gephi), GraphML (Cytoscape, yEd), Cytoscape.js JSON.
All carry every attribute; lists become "; "-joined strings where the format has no lists.
Layout and colours live here too, so that every picture and page of a network agrees."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import networkx as nx

from ..xmlsafe import xml_safe
from .analysis import SEED, Analysis, projection
from .model import EDGE_TYPES, Network, local_name
from .style import edge_style, node_style

__all__ = [
    "KIND_COLOURS",
    "EDGE_COLOURS",
    "kind_colour",
    "layout",
    "to_networkx",
    "to_gexf",
    "to_graphml",
    "to_cytoscape_json",
    "year_spells",
    "edge_kind",
    "LIST_SEPARATOR",
]

LIST_SEPARATOR = "; "

#: The colours of node kinds and edge types (Okabe-Ito; see `style`), kept for callers that
#: have no class tree at hand.
KIND_COLOURS = {kind: node_style(kind).colour for kind in (
    "Government", "Ministry", "GovernmentDepartment", "GovernmentBody", "NGO", "InternationalOrganisation",
    "OrganisationOffice", "Organisation", "ResearchBody", "ResearchConsortium", "Publisher", "MediaOutlet",
    "Person", "Group", "Actor", "Country", "Region", "City", "Place", "Document", "SourceDocument")}

EDGE_COLOURS = {etype: edge_style(etype).colour for etype in EDGE_TYPES}


def kind_colour(kind: str, tree: dict[str, set[str]] | None = None) -> str:
    return node_style(kind, tree).colour


#: Above this many nodes in a component, the spring layout (sparse) replaces ForceAtlas2, whose
#: networkx implementation holds an n x n matrix.
FORCEATLAS_LIMIT = 1500


def _rotate_to_principal_axis(raw: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The positions turned so that their widest spread runs left to right (a drawing is wider
    than tall), with a fixed orientation: the node first in IRI order ends on the left half."""
    import numpy as np

    names = sorted(raw)
    xy = np.array([raw[v] for v in names], dtype=float)
    xy -= xy.mean(axis=0)
    if len(names) > 2:
        _, vectors = np.linalg.eigh(np.cov(xy.T))
        axis = vectors[:, -1]
        angle = -np.arctan2(axis[1], axis[0])
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        xy = xy @ rot.T
    if xy[0, 0] > 0:
        xy[:, 0] = -xy[:, 0]
    if xy[0, 1] > 0:
        xy[:, 1] = -xy[:, 1]
    return {v: (float(p[0]), float(p[1])) for v, p in zip(names, xy)}


#: Width over height of the area a layout fills.
LAYOUT_ASPECT = 1.6


def _component_layout(graph: nx.Graph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """One connected component by ForceAtlas2 (or a spring layout past FORCEATLAS_LIMIT),
    turned so that its widest spread runs left to right."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-1.0, 0.0), nodes[1]: (1.0, 0.0)}
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(sorted((u, v) if u <= v else (v, u) for u, v in graph.subgraph(nodes).edges()))
    degree = dict(sub.degree())
    if len(nodes) <= FORCEATLAS_LIMIT:
        raw = nx.forceatlas2_layout(
            sub, pos=nx.circular_layout(sub), max_iter=800, scaling_ratio=6.0, gravity=1.0,
            node_size={v: 1.0 + 0.25 * min(degree[v], 12) for v in nodes}, seed=SEED, weight=None,
        )
    else:
        raw = nx.spring_layout(sub, seed=SEED, k=1.6 / len(nodes) ** 0.5, iterations=100, weight=None)
    return _rotate_to_principal_axis({v: (float(p[0]), float(p[1])) for v, p in raw.items()})


def layout(network: Network) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1] x [0, 1], the same for the picture, the page and the exports. Places
    of the routes view sit at their geographic positions (`geo`). Other views: each connected
    component laid out by ForceAtlas2 (Jacomy et al. 2014, as networkx implements it, with a
    fixed seed and hubs' neighbours kept apart by node size) and turned so that its widest
    spread runs left to right; the components, each given an area in proportion to its nodes,
    packed in rows, largest first, into a box of the drawing's proportions (one layout of a
    disconnected graph flings the small components to the edges); then the whole stretched to
    fill the unit square (stretching only moves nodes apart). Rounded so that float noise does
    not change the bytes of a picture or page."""
    if network.view == "routes":
        from .geo import map_layout

        return map_layout(network).positions
    graph = projection(network)
    if graph.number_of_nodes() == 0:
        return {}
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for nodes in components:
        local = _component_layout(graph, nodes)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        w, h = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        aspect = min(3.0, max(0.6, w / h)) if len(nodes) > 2 else 3.0
        area = len(nodes) + 2.0
        bw, bh = (area * aspect) ** 0.5, (area / aspect) ** 0.5
        unit = {v: ((p[0] - min(xs)) / w if max(xs) > min(xs) else 0.5, (p[1] - min(ys)) / h if max(ys) > min(ys) else 0.5)
                for v, p in local.items()}
        boxes.append((unit, bw, bh))
    total = sum(bw * bh for _, bw, bh in boxes)
    width = max(max(bw for _, bw, _ in boxes), (total * LAYOUT_ASPECT) ** 0.5 * 1.05)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for unit, bw, bh in boxes:
        if x > 0 and x + bw > width + 1e-9:
            x, y, row = 0.0, y + row, 0.0
        margin = 0.08
        for v, (ux, uy) in unit.items():
            # Rows go downwards: the largest component at the top left.
            pos[v] = (x + bw * (margin + (1 - 2 * margin) * ux), -(y + bh * (margin + (1 - 2 * margin) * (1 - uy))))
        x += bw
        row = max(row, bh)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    spanx = (max(xs) - min(xs)) or 1.0
    spany = (max(ys) - min(ys)) or 1.0
    return {
        v: (round((p[0] - min(xs)) / spanx, 4) if spanx else 0.5, round((p[1] - min(ys)) / spany, 4))
        for v, p in sorted(pos.items())
    }


def _flat(value):
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def node_attributes(network: Network, analysis: Analysis | None) -> dict[str, dict]:
    metrics = analysis.by_id() if analysis is not None else {}
    out = {}
    for iri, node in sorted(network.nodes.items()):
        attrs = {"label": node.label, "short": node.short, "kind": node.kind, "kind_label": node.kind_label, "iri": iri}
        m = metrics.get(iri)
        if m is not None:
            attrs.update(
                degree=m.degree,
                betweenness=m.betweenness,
                pagerank=m.pagerank,
                community=m.community,
                broker=m.broker,
                articulation=m.articulation,
            )
        out[iri] = attrs
    return out


def edge_attributes(network: Network) -> list[dict]:
    out = []
    for edge in network.edges:
        attrs = {
            "id": edge.id,
            "source": edge.source,
            "target": edge.target,
            # Not "type", "start" or "end": GEXF readers take those for its own edge type and
            # time spells and drop them.
            "edge_type": edge.type,
            "directed": edge.directed,
            "sources": edge.sources,
            "weight": max(1, edge.sources),
            "claims": edge.claims,
            "documents": edge.documents,
            "years": edge.years,
            "stances": edge.stances,
            "events": edge.events,
        }
        if edge.begin is not None:
            attrs["first_year"] = edge.begin
            attrs["last_year"] = edge.end
        if edge.type == "flow":
            attrs.update(forms=edge.forms, groups=edge.groups, transit=edge.transit, routes=edge.routes, periods=edge.periods)
        out.append(attrs)
    return out


def to_networkx(network: Network, analysis: Analysis | None = None, *, flat: bool = True) -> nx.MultiDiGraph:
    """A MultiDiGraph with one edge per network edge (key: the edge id). Undirected edge types
    (co-participation, cooperation) keep their endpoints in IRI order and `directed` False."""
    graph = nx.MultiDiGraph(view=network.view, generator="htkg network")
    for iri, attrs in node_attributes(network, analysis).items():
        graph.add_node(iri, **{k: (_flat(v) if flat else v) for k, v in attrs.items()})
    for attrs in edge_attributes(network):
        data = {k: (_flat(v) if flat else v) for k, v in attrs.items() if k not in ("source", "target", "id")}
        graph.add_edge(attrs["source"], attrs["target"], key=attrs["id"], **data)
    return graph


def _rgb(colour: str) -> dict:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def year_spells(years) -> list[tuple[str, str]]:
    """Years as GEXF spells: each run of consecutive years one closed interval of dates, from
    1 January of its first year to 31 December of its last."""
    spells: list[tuple[str, str]] = []
    run: list[int] = []
    for year in sorted(set(years)):
        if run and year != run[-1] + 1:
            spells.append((f"{run[0]:04d}-01-01", f"{run[-1]:04d}-12-31"))
            run = []
        run.append(year)
    if run:
        spells.append((f"{run[0]:04d}-01-01", f"{run[-1]:04d}-12-31"))
    return spells


def _xml_ready(value):
    """A value, or a graph and everything in it, with the characters XML forbids replaced
    (`xml_safe`): networkx writes strings as they are, and one control character in a label
    would make the whole file ill-formed."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {_xml_ready(k): _xml_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_ready(v) for v in value)
    if isinstance(value, nx.Graph):
        clean = type(value)(**_xml_ready(dict(value.graph)))
        for node, data in value.nodes(data=True):
            clean.add_node(_xml_ready(node), **_xml_ready(data))
        for u, v, key, data in value.edges(keys=True, data=True):
            clean.add_edge(_xml_ready(u), _xml_ready(v), key=_xml_ready(key), **_xml_ready(data))
        return clean
    return value


GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"


def _gexf_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def _gexf_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_safe(str(_flat(value)))


def _gexf_attributes(parent: ET.Element, cls: str, rows: list[dict]) -> dict[str, str]:
    """Declare the attributes `rows` carry (in the order they first appear): title -> type."""
    types: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if key not in types:
                types[key] = _gexf_type(value)
    element = ET.SubElement(parent, "attributes", {"class": cls, "mode": "static"})
    for title, kind in types.items():
        ET.SubElement(element, "attribute", {"id": title, "title": title, "type": kind})
    return types


def _gexf_attvalues(parent: ET.Element, row: dict) -> None:
    values = ET.SubElement(parent, "attvalues")
    for key, value in row.items():
        ET.SubElement(values, "attvalue", {"for": key, "value": _gexf_value(value)})


def _gexf_spells(parent: ET.Element, years) -> None:
    spells = ET.SubElement(parent, "spells")
    for start, end in year_spells(years):
        ET.SubElement(spells, "spell", {"start": start, "end": end})


def edge_kind(edge_id: str) -> str:
    """An edge's GEXF `kind`: its id without its two ends (the edge type, and for a flow its form,
    group, document and period), which tells apart parallel edges between the same two nodes."""
    parts = edge_id.split("|")
    return "|".join([parts[0], *parts[3:]])


def to_gexf(network: Network, analysis: Analysis | None = None, colour_by: str = "kind") -> bytes:
    """GEXF 1.3 for Gephi (0.9.3 and later), with colours, sizes and positions (viz) and every
    attribute. Edges of the types the network model calls undirected (co-participation,
    cooperation) are `type="undirected"` in a graph whose default is directed (Gephi reads it as
    a mixed graph); each edge's `kind` keeps parallel edges apart (Gephi would merge them). The
    years of an edge are its spells (one closed interval of dates per run of consecutive years)
    and a node's are those of its edges, in a `mode="dynamic"` graph with `timeformat="date"`,
    so Gephi's timeline shows and filters them; an edge with no dated evidence, and a node with
    such an edge, has no spell and shows at every time. With `colour_by` "year" or "document",
    each edge's viz colour is that of the pictures (`style.TieColouring`)."""
    from .style import TieColouring

    colouring = TieColouring(network, colour_by) if colour_by != "kind" else None
    pos = layout(network)
    nodes = node_attributes(network, analysis)
    edges = edge_attributes(network)
    dated = any(e.years for e in network.edges)
    node_years: dict[str, set[int] | None] = {iri: set() for iri in nodes}
    for edge in network.edges:
        for end in (edge.source, edge.target):
            if node_years.get(end) is not None:
                node_years[end] = (node_years[end] | set(edge.years)) if edge.years else None

    root = ET.Element("gexf", {
        "xmlns": GEXF_NS,
        "xmlns:viz": GEXF_VIZ_NS,
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd",
        "version": "1.3",
    })
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "htkg network"
    ET.SubElement(meta, "description").text = xml_safe(f"htkg {network.view} network")
    graph_attrs = {"defaultedgetype": "directed", "mode": "dynamic" if dated else "static"}
    if dated:
        graph_attrs.update(timeformat="date", timerepresentation="interval")
    graph = ET.SubElement(root, "graph", graph_attrs)
    node_rows = {iri: {k: v for k, v in attrs.items() if k != "label"} for iri, attrs in nodes.items()}
    edge_rows = [{k: v for k, v in attrs.items() if k not in ("id", "source", "target", "weight")} for attrs in edges]
    _gexf_attributes(graph, "node", list(node_rows.values()))
    _gexf_attributes(graph, "edge", edge_rows)

    node_list = ET.SubElement(graph, "nodes")
    for iri, attrs in nodes.items():
        node = ET.SubElement(node_list, "node", {"id": xml_safe(iri), "label": xml_safe(attrs["label"])})
        _gexf_attvalues(node, node_rows[iri])
        if node_years[iri]:
            _gexf_spells(node, node_years[iri])
        x, y = pos.get(iri, (0.5, 0.5))
        colour = _rgb(kind_colour(attrs["kind"], network.kind_tree))
        ET.SubElement(node, "viz:color", {"r": str(colour["r"]), "g": str(colour["g"]), "b": str(colour["b"]), "a": "1.0"})
        ET.SubElement(node, "viz:size", {"value": str(5.0 + 3.0 * float(attrs.get("degree", 1)))})
        ET.SubElement(node, "viz:position", {"x": str(round(x * 1000, 2)), "y": str(round(-y * 1000, 2)), "z": "0.0"})

    edge_list = ET.SubElement(graph, "edges")
    for edge, attrs, row in zip(network.edges, edges, edge_rows):
        element = {"id": xml_safe(edge.id), "source": xml_safe(edge.source), "target": xml_safe(edge.target)}
        if not edge.directed:
            element["type"] = "undirected"
        element["kind"] = xml_safe(edge_kind(edge.id))
        element["weight"] = str(float(attrs["weight"]))
        item = ET.SubElement(edge_list, "edge", element)
        _gexf_attvalues(item, row)
        if edge.years:
            _gexf_spells(item, edge.years)
        if colouring is not None:
            colour = _rgb(colouring.of([edge])[0])
            ET.SubElement(item, "viz:color", {"r": str(colour["r"]), "g": str(colour["g"]), "b": str(colour["b"]), "a": "1.0"})
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def to_graphml(network: Network, analysis: Analysis | None = None) -> bytes:
    graph = _xml_ready(to_networkx(network, analysis))
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue()


def to_cytoscape_json(network: Network, analysis: Analysis | None = None) -> bytes:
    """Cytoscape.js elements JSON: {"elements": {"nodes": [{"data": ...}], "edges": [...]}},
    with positions from the shared layout and the cited claims in `data.claims_detail`."""
    pos = layout(network)
    nodes = []
    for iri, attrs in node_attributes(network, analysis).items():
        x, y = pos.get(iri, (0.5, 0.5))
        data = {"id": iri, "name": attrs["label"], "colour": kind_colour(attrs["kind"], network.kind_tree), **attrs}
        nodes.append({"data": data, "position": {"x": round(x * 1000, 2), "y": round(y * 1000, 2)}})
    edges = []
    for attrs in edge_attributes(network):
        data = dict(attrs)
        data["interaction"] = attrs["edge_type"]
        edges.append({"data": data})
    claims = {
        c.id: {
            "claimant": c.claimant,
            "claimant_label": network.label(c.claimant),
            "quote": c.quote,
            "locator": c.locator,
            "document": c.document,
            "assesses": c.assessed,
            "stance": local_name(c.stance) if c.stance else "",
        }
        for c in network.claims.values()
    }
    doc = {
        "format_version": "1.0",
        "generated_by": "htkg network",
        "target_cytoscapejs_version": "~3",
        "data": {"name": f"htkg {network.view} network", "view": network.view, "filters": network.filters, "claims": claims, "documents": network.documents},
        "elements": {"nodes": nodes, "edges": edges},
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
