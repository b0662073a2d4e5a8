"""The interactive page: one self-contained HTML file (Cytoscape.js, the page's script, its style
and its data inline; it loads nothing, so it works offline and from a file).

The graph is drawn by Cytoscape.js (vendored under `htkg/data/vendor/`, see its README) at the
positions of the shared layout (`exports.layout`; for the routes view, on a map from `geo`).
A click on a node or a link lists its claims with their quotes, documents and stances; the
side panel searches by name and filters by kind of node, type of link (form of exploitation on
the map), document, victim group and years; nodes can be dragged; Fit and Reset restore the
view; the view can be saved as a PNG picture or as JSON of what the filters keep. Links can be
coloured by kind, latest year or document, each then tagged with its year or document. On the
map, the numbers behind the flows (counts of victims by destination) are summed up by year for
the flows the filters keep. Labels keep
one size on screen at every zoom and are shown by importance (search hits, then PageRank) only
where they overlap no other label and no node. The page reads a search and filters from its
address (`network.html#search=OSCE&edge=cooperates-with`) so that a link can show a prepared
view."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from importlib import resources

from .analysis import EXPLANATIONS, MEASURES, Analysis
from .exports import layout
from .model import EDGE_TYPES, Network, local_name
from .style import SEVERAL_COLOUR, UNDATED_COLOUR, TieColouring, edge_style, form_colour, node_style

__all__ = ["page", "page_data", "script_json", "WIDTH", "HEIGHT"]

#: The page's drawing space (Cytoscape.js model coordinates).
WIDTH, HEIGHT = 1600.0, 1000.0


def _routes_geometry(network: Network) -> tuple[dict[str, tuple[float, float]], dict]:
    from .geo import MAP_ASPECT, map_layout

    geo = map_layout(network)
    height = WIDTH / MAP_ASPECT

    def xy(x: float, y: float) -> tuple[float, float]:
        return (round(x * WIDTH, 1), round((1 - y) * height, 1))

    paths = []
    for ring in geo.outlines:
        points = [xy(x, y) for x, y in ring]
        paths.append("M" + " L".join(f"{px:g},{py:g}" for px, py in points) + "Z")
    band = geo.band * height
    return {v: xy(*p) for v, p in geo.positions.items()}, {
        "width": WIDTH,
        "height": round(height, 1),
        "outlines": paths,
        "band": round(band, 1),
    }


def page_data(network: Network, analysis: Analysis, colour_by: str = "kind") -> dict:
    """What the page's script draws: nodes with positions, styles and metrics, edges, claims,
    documents, the legend, the colours of years and documents (the script colours links by
    either, starting with `colour_by`), and (routes) the map."""
    metrics = analysis.by_id()
    geo_map = None
    if network.view == "routes":
        pos, geo_map = _routes_geometry(network)
    else:
        pos = {v: (round(40 + x * (WIDTH - 80), 1), round(40 + (1 - y) * (HEIGHT - 80), 1)) for v, (x, y) in layout(network).items()}
    ranking = sorted(network.nodes, key=lambda v: (-(metrics[v].pagerank if v in metrics else 0.0), network.nodes[v].short, v))
    rank = {v: i for i, v in enumerate(ranking)}
    nodes = []
    for iri, node in sorted(network.nodes.items()):
        m = metrics.get(iri)
        style = node_style(node.kind, network.kind_tree)
        x, y = pos.get(iri, (WIDTH / 2, HEIGHT / 2))
        nodes.append(
            {
                "id": iri,
                "label": node.label,
                "short": node.short,
                "kind": node.kind,
                "family": style.label,
                "colour": style.colour,
                "shape": style.shape,
                "x": x,
                "y": y,
                "degree": m.degree if m else 0,
                "betweenness": m.betweenness if m else 0.0,
                "pagerank": m.pagerank if m else 0.0,
                "community": m.community if m else 0,
                "broker": bool(m and m.broker),
                "rank": rank[iri],
                # A list, not an object: the JSON is written with sorted keys, and roles go in
                # their order (origin, transit, destination).
                "roles": [[r, list(ds)] for r, ds in network.roles.get(iri, {}).items()],
            }
        )
    all_forms = sorted({local_name(f) for e in network.edges for f in e.forms})
    edges = []
    for e in network.edges:
        style = edge_style(e.type)
        form = local_name(e.forms[0]) if e.forms else ""
        edges.append(
            {
                "id": e.id,
                "source": e.source,
                "target": e.target,
                "type": e.type,
                "directed": e.directed,
                "sources": e.sources,
                "claims": e.claims,
                "documents": e.documents,
                "years": e.years,
                "stances": e.stances,
                "events": e.events,
                "colour": form_colour(form, all_forms) if e.type == "flow" else style.colour,
                "dash": style.dash,
                "form": form,
                "forms": [network.label(f) for f in e.forms],
                "groups": [network.label(g) for g in e.groups],
                "transit": [network.label(t) for t in e.transit],
                "periods": [network.label(p) for p in e.periods],
                "spans": [list(sp) for sp in e.spans],
                "figures": [{"first": f["first"], "last": f["last"], "value": f["value"], "min": f["min"], "max": f["max"],
                             "indicator": network.label(f["indicator"]) if f["indicator"] else "", "doc": f["doc"],
                             "claim": f["claim"]} for f in e.figures],
                "undated": e.undated,
            }
        )
    claims = {
        c.id: {
            "claimant": network.label(c.claimant),
            "quote": c.quote,
            "locator": c.locator,
            "document": c.document,
            "assesses": c.assessed,
            "stance": local_name(c.stance) if c.stance else "",
        }
        for c in network.claims.values()
    }
    families: dict[str, dict] = {}
    for node in nodes:
        entry = families.setdefault(node["family"], {"colour": node["colour"], "shape": node["shape"], "count": 0, "kinds": []})
        entry["count"] += 1
        if node["kind"] not in entry["kinds"]:
            entry["kinds"].append(node["kind"])
    for entry in families.values():
        entry["kinds"].sort()
    legend_edges = {}
    if network.view == "routes":
        counts: dict[str, int] = defaultdict(int)
        for e in edges:
            counts[e["form"]] += 1
        for form in sorted(counts, key=lambda f: (f == "", f)):
            legend_edges[form or "none"] = {
                "label": network.label(f"https://w3id.org/htkg/concept/{form}") if form else "form not given",
                "colour": form_colour(form, all_forms), "dash": "solid", "count": counts[form], "meaning": "",
            }
    else:
        for t in network.edge_types:
            s = edge_style(t)
            legend_edges[t] = {"label": t, "colour": s.colour, "dash": s.dash, "meaning": EDGE_TYPES[t][1],
                               "count": sum(1 for e in network.edges if e.type == t)}
    years = sorted({y for e in network.edges for y in e.years})
    claim_docs = {c["document"] for c in claims.values() if c["document"]}
    colouring = TieColouring(network, colour_by)
    return {
        "colourBy": colour_by,
        "yearColours": {str(y): c for y, c in colouring.years.items()},
        "documentColours": colouring.documents,
        "documentTags": colouring.tags,
        "undatedColour": UNDATED_COLOUR,
        "severalColour": SEVERAL_COLOUR,
        "view": network.view,
        "title": network.title,
        "explanation": EXPLANATIONS.get(network.view, ""),
        "measures": MEASURES,
        "filters": network.filters,
        "nodes": nodes,
        "edges": edges,
        "claims": claims,
        "documents": network.documents,
        "sourceDocuments": sorted(d for d in network.documents if d in claim_docs),
        "labels": {k: v for k, v in network.labels.items() if any(k in e.events for e in network.edges)},
        "families": families,
        "edgeLegend": legend_edges,
        "years": [years[0], years[-1]] if years else [],
        "map": geo_map,
    }


#: Characters written as JSON escapes in a script element. "<" is the one that matters: the
#: HTML parser ends the element at "</script" and, after "<!--<script", does not end it at the
#: next "</script>" either, so the page's own code would be swallowed. ">" and "&" are escaped
#: too, as are U+2028 and U+2029 (line ends to older JavaScript). Only strings can hold them,
#: so the JSON means the same.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(data) -> str:
    """JSON to embed in an HTML <script> element: no character in it can end the element or
    change how the HTML parser reads it, whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def _vendored(name: str) -> str:
    text = resources.files("htkg").joinpath("data", "vendor", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "<!--" in text:
        raise ValueError(f"vendored {name} holds text that would end its script element")
    return text


def page(network: Network, analysis: Analysis, colour_by: str = "kind") -> bytes:
    files = resources.files("htkg").joinpath("data")
    script = files.joinpath("network.js").read_text(encoding="utf-8")
    style = files.joinpath("network.css").read_text(encoding="utf-8")
    library = _vendored("cytoscape.min.js")
    title = f"htkg {network.title}"
    text = f"""<!DOCTYPE html>
<!-- Generated by `htkg network --format html`; do not edit. Self-contained: it loads nothing. -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
{style}</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1><p id="summary"></p></header>
<main>
<div id="canvas"><svg id="map" aria-hidden="true"></svg><div id="network" role="img" aria-label="{html.escape(title)}"></div>
<div id="colouring"><label>colour links by <select id="colour-by"><option value="kind">kind</option><option value="year">latest year</option><option value="document">document</option></select></label>
<div id="colour-legend"></div></div></div>
<aside>
<section id="find"><h2>Search</h2>
<input type="search" id="search" placeholder="a name, e.g. OSCE" aria-label="search by name">
<div class="buttons"><button type="button" id="fit">Fit</button> <button type="button" id="reset">Reset</button>
<button type="button" id="save-png">Save PNG</button> <button type="button" id="save-json">Save JSON</button></div>
</section>
<section id="details"><h2>Details</h2><p class="hint">Click a node or a link to read the claims behind it.</p></section>
<section id="filters"><h2>Filters</h2>
<div id="filter-kinds"></div>
<div id="filter-edges"></div>
<div id="filter-docs"></div>
<label id="group-label">victim group <select id="filter-group"><option value="">all groups</option></select></label>
<div id="time"><h3>Years</h3>
<label>from <input type="range" id="year-from"> <output id="year-from-value"></output></label>
<label>to <input type="range" id="year-to"> <output id="year-to-value"></output></label>
<label class="check"><input type="checkbox" id="keep-undated"> <span>keep undated links when the years are narrowed</span></label>
<p class="hint" id="time-hint">A link shows when some of its evidence holds in the years: a claim's reference period, else the time of the event or route it is about, a document's date of issue for writing and publishing. A period open at the end counts from its first year on, one open at the start in its last year only.</p>
</div>

</section>
<section id="figures" hidden><h2>Figures by year</h2><div id="figures-list"></div></section>
<section id="about"><h2>About this view</h2><p id="explanation"></p><dl id="measures"></dl></section>
</aside>
</main>
<script type="application/json" id="htkg-data">{script_json(page_data(network, analysis, colour_by))}</script>
<script>
{library}</script>
<script>
{script}</script>
</body>
</html>
"""
    return text.encode("utf-8")
