"""Static pictures of a view (PNG or SVG) with matplotlib.

The actor and evidence views: the shared ForceAtlas2 layout stretched over the whole drawing
area; nodes coloured and shaped by family of kinds (Okabe-Ito colours, a shape per family, see
`style`), sized by degree, brokers ringed in black; edges coloured and dashed by type, as wide
as their sources. The routes view: a map (`geo`) with the flows as arrows coloured by form of
exploitation and as wide as the number of documents that report them, and each place's roles.

Labels are placed by textalloc next to their node, in order of importance (PageRank), where
they overlap no other label, node or edge; a label that finds no free place is left out and
the caption says how many. SVG text stays text (`svg.fonttype` none). The same network gives
the same bytes: fixed layout seed, fixed SVG hash salt, no date in the metadata."""

from __future__ import annotations

import io
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field

from ..xmlsafe import xml_safe
from .analysis import Analysis
from .exports import layout
from .model import EDGE_TYPES, Network, local_name
from .style import OKABE_ITO, TieColouring, edge_style, form_colour, node_style

__all__ = ["draw", "figure", "Drawing", "label_boxes"]

_RC = {
    "svg.hashsalt": "htkg-network",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "path.simplify": False,
}


@dataclass
class Drawing:
    """A drawn figure and its placed labels (for tests: their boxes must not overlap)."""

    figure: object
    labels: list = field(default_factory=list)  # matplotlib Text artists placed
    skipped: int = 0


def _label_order(network: Network, analysis: Analysis) -> list[str]:
    metrics = analysis.by_id()
    return sorted(network.nodes, key=lambda v: (-(metrics[v].pagerank if v in metrics else 0.0), network.nodes[v].short, v))


def _allocate(ax, items, obstacles_xy, lines, textsize, pixels, text_pixels):
    import textalloc

    xs = [p[0] for p, _ in items]
    ys = [p[1] for p, _ in items]
    _, _, artists, leaders = textalloc.allocate(
        ax, xs, ys, [xml_safe(t) for _, t in items],
        x_scatter=[p[0] for p in obstacles_xy], y_scatter=[p[1] for p in obstacles_xy],
        scatter_sizes=pixels, text_scatter_sizes=text_pixels,
        x_lines=[l[0] for l in lines] or None, y_lines=[l[1] for l in lines] or None,
        textsize=textsize, margin=0.004, min_distance=0.008, max_distance=0.09, draw_all=False,
        draw_lines=True, linecolor="#777777", linewidth=0.5, nbr_candidates=300,
        avoid_label_lines_overlap=True, avoid_crossing_label_lines=True,
        bbox={"boxstyle": "square,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85}, zorder=6,
    )
    return artists, leaders


def label_boxes(artists) -> list:
    """The boxes (display units) of placed labels, as drawn."""
    renderer = artists[0].figure.canvas.get_renderer() if artists else None
    return [a.get_window_extent(renderer) for a in artists]


def _place_labels(ax, items, obstacles_xy, lines, textsize=8.5, radii=None) -> tuple[list, int]:
    """Labels by textalloc, most important first, only where they overlap no other label, no
    node and no edge. Labels that find no such place get a second chance where they may cross
    edges (on their white ground) but still overlap no label and no node: a hub's label would
    otherwise be the first left out. The artists placed and the number left out. `radii` are the
    nodes' radii in points."""
    if not items:
        return [], 0
    pixels = [r * ax.figure.dpi / 72 for r in radii] if radii is not None else None
    # The first obstacles are the labelled nodes themselves (then, e.g., the ties' tags).
    artists, _ = _allocate(ax, items, obstacles_xy, lines, textsize, pixels, pixels[: len(items)] if pixels else None)
    placed = {i: a for i, a in enumerate(artists) if a is not None}
    missing = [i for i in range(len(items)) if i not in placed]
    if missing:
        # Placed labels become obstacles: their outlines as lines, their corners and centres as points.
        boxes = label_boxes(list(placed.values()))
        inverse = ax.transData.inverted()
        outline_lines, corner_points = [], []
        for box in boxes:
            (x0, y0), (x1, y1) = inverse.transform((box.x0, box.y0)), inverse.transform((box.x1, box.y1))
            outline_lines.append(([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]))
            corner_points += [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)]
        second, leaders = _allocate(
            ax, [items[i] for i in missing], list(obstacles_xy) + corner_points, outline_lines, textsize,
            (pixels or [0.0] * len(obstacles_xy)) + [0.0] * len(corner_points),
            [pixels[i] for i in missing] if pixels else None,
        )
        taken = label_boxes(list(placed.values()))
        for i, artist, leader in zip(missing, second, leaders):
            if artist is None:
                continue
            box = label_boxes([artist])[0]
            if any(box.overlaps(other) for other in taken):
                artist.remove()  # textalloc saw the placed labels only through their outlines
                if leader is not None:
                    leader.remove()
                continue
            taken.append(box)
            placed[i] = artist
    ordered = [placed[i] for i in sorted(placed)]
    return ordered, len(items) - len(ordered)


def _legend_panel(fig, rect, sections, fontsize=9.0):
    """A legend in its own area, sections of (title, [(handle, text)]), shrunk to fit."""

    rows = sum(1 + len(entries) for _, entries in sections)
    height_pt = rect[3] * fig.get_size_inches()[1] * 72
    size = max(5.5, min(fontsize, height_pt / (rows * 1.9 + 2)))
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    handles, labels = [], []
    from matplotlib.patches import Patch

    for title, entries in sections:
        handles.append(Patch(visible=False))
        labels.append(f"$\\bf{{{title.replace(' ', '~')}}}$")
        for handle, text in entries:
            handles.append(handle)
            labels.append(xml_safe(text))
    ax.legend(handles, labels, loc="upper left", frameon=False, fontsize=size, handlelength=2.4,
              borderaxespad=0.0, labelspacing=0.45, handletextpad=0.6)
    return ax


def _title(network: Network) -> str:
    title = f"htkg {network.title}: {len(network.nodes)} nodes, {len(network.edges)} edges"
    filters = ", ".join(f"{k} {', '.join(v) if isinstance(v, list) else v}" for k, v in network.filters.items()
                        if v and k not in ("view", "include_undated"))
    if network.filters.get("include_undated"):
        filters += ", undated ties kept"
    return xml_safe(title + (f" ({filters})" if filters else ""))


def figure(network: Network, analysis: Analysis, colour_by: str = "kind") -> Drawing:
    """The picture of a view; `colour_by` "year" or "document" colours the ties by the latest
    year of their evidence or by their document (see `style.TieColouring`), writes that year or
    the document's tag (D1, D2...) beside each tie, and says in the legend which is which."""
    import matplotlib

    colouring = TieColouring(network, colour_by) if colour_by != "kind" else None
    with matplotlib.rc_context(_RC):
        if network.view == "routes":
            return _routes_figure(network, analysis, colouring)
        return _network_figure(network, analysis, colouring)


def _tag(ax, x, y, text):
    """The year or document tag of a tie, on a white ground, under the nodes and their labels."""
    ax.text(x, y, xml_safe(text), fontsize=6.5, color="#222222", ha="center", va="center", zorder=2.5,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "#bbbbbb", "lw": 0.4, "alpha": 0.9})


def _arc_middle(p1, p2, rad):
    """The middle of a matplotlib arc3 connection (a quadratic Bezier curve)."""
    (x1, y1), (x2, y2) = p1, p2
    return ((x1 + x2) / 2 + 0.5 * rad * (y2 - y1), (y1 + y2) / 2 - 0.5 * rad * (x2 - x1))


def _colouring_section(colouring, groups):
    from matplotlib.lines import Line2D

    title = "Tie colour: latest year" if colouring.colour_by == "year" else "Tie colour: document"
    entries = [(Line2D([0], [0], color=colour, lw=3), f"{text} ({count})") for colour, text, count in colouring.legend(groups)]
    return title, entries


def _network_figure(network: Network, analysis: Analysis, colouring: TieColouring | None = None) -> Drawing:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    pos = layout(network)
    metrics = analysis.by_id()
    n = max(1, len(network.nodes))
    width = min(24.0, 13.0 + 0.12 * n)
    fig = Figure(figsize=(width, width / 1.6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.005, 0.03, 0.80, 0.90))
    ax.set_axis_off()
    pad = 0.035
    ax.set_xlim(-pad, 1 + pad)
    ax.set_ylim(-pad, 1 + pad)
    fig.suptitle(_title(network), x=0.01, y=0.985, ha="left", va="top", fontsize=13)

    def size(iri: str) -> float:
        degree = metrics[iri].degree if iri in metrics else 1
        return 9.0 + 2.4 * min(degree, 14)  # marker diameter in points

    parallel = defaultdict(list)
    for edge in network.edges:
        parallel[tuple(sorted((edge.source, edge.target)))].append(edge)
    lines = []
    tags: list[tuple[float, float]] = []
    for pair, edges in sorted(parallel.items()):
        for i, edge in enumerate(edges):
            style = edge_style(edge.type)
            (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
            lines.append(([x1, x2], [y1, y2]))
            rad = 0.0 if len(edges) == 1 else 0.18 * (i - (len(edges) - 1) / 2)
            colour = style.colour
            if colouring is not None:
                colour, tag = colouring.of([edge])
                if tag:
                    tags.append(_arc_middle((x1, y1), (x2, y2), rad))
                    _tag(ax, *tags[-1], tag)
            ax.add_patch(FancyArrowPatch(
                (x1, y1), (x2, y2), connectionstyle=f"arc3,rad={rad:.3f}",
                arrowstyle="-|>" if edge.directed else "-", mutation_scale=11,
                shrinkA=size(edge.source) / 2 + 1, shrinkB=size(edge.target) / 2 + 1,
                color=colour, linestyle=style.mpl_dash, lw=0.9 + 1.1 * min(edge.sources, 4),
                alpha=0.8, zorder=1,
            ))
    order = _label_order(network, analysis)
    for iri in reversed(order):
        node = network.nodes[iri]
        style = node_style(node.kind, network.kind_tree)
        x, y = pos[iri]
        broker = iri in metrics and metrics[iri].broker
        ax.scatter([x], [y], s=size(iri) ** 2 * (2.0 if style.marker == "*" else 1.0), marker=style.marker, c=style.colour,
                   edgecolors="#000000" if broker else "#333333", linewidths=2.2 if broker else 0.6, zorder=3)

    placed, skipped = _place_labels(ax, [(pos[v], network.nodes[v].short) for v in order],
                                    [pos[v] for v in order] + tags, lines,
                                    radii=[size(v) / 2 for v in order] + [7.0] * len(tags))

    kinds = defaultdict(list)
    for node in network.nodes.values():
        style = node_style(node.kind, network.kind_tree)
        kinds[(style.label, style.colour, style.marker)].append(node.kind)
    kind_entries = []
    for (label, colour, marker), members in sorted(kinds.items()):
        text = f"{label} ({len(members)})"
        kind_entries.append((Line2D([0], [0], marker=marker, linestyle="", markersize=13 if marker == "*" else 9,
                                    markerfacecolor=colour, markeredgecolor="#333333", markeredgewidth=0.6), text))
    kind_entries.append((Line2D([0], [0], marker="o", linestyle="", markersize=9, markerfacecolor="#ffffff",
                                markeredgecolor="#000000", markeredgewidth=2.2), "broker (black ring)"))
    edge_entries = []
    for etype in network.edge_types:
        style = edge_style(etype)
        count = sum(1 for e in network.edges if e.type == etype)
        edge_entries.append((Line2D([0], [0], color=style.colour if colouring is None else "#555555", linestyle=style.mpl_dash, lw=2.2),
                             f"{etype} ({count}):\n" + textwrap.fill(EDGE_TYPES[etype][1], 34)))
    edge_entries.append((Line2D([0], [0], color="#444444", lw=3.1), "wider: more documents"))
    size_entries = [(Line2D([0], [0], marker="o", linestyle="", markersize=12, markerfacecolor="#dddddd",
                            markeredgecolor="#ffffff"), "bigger: more ties (degree)")]
    sections = [("Nodes", kind_entries + size_entries), ("Ties", edge_entries)]
    if colouring is not None:
        sections.append(_colouring_section(colouring, [[e] for e in network.edges]))
    _legend_panel(fig, (0.815, 0.03, 0.18, 0.92), sections)
    note = "Layout: ForceAtlas2. "
    if skipped:
        note += f"{skipped} label(s) left out where they would overlap others (the page shows them on zoom)."
    fig.text(0.01, 0.008, note, fontsize=8, color="#555555")
    return Drawing(fig, placed, skipped)


def _routes_figure(network: Network, analysis: Analysis, colouring: TieColouring | None = None) -> Drawing:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from .geo import MAP_ASPECT, map_layout

    geo = map_layout(network)
    pos = {v: (x, y / MAP_ASPECT) for v, (x, y) in geo.positions.items()}  # equal units on both axes
    # The map fills its area: 79% of the width, at the map's aspect ratio, is 90% of the height.
    fig = Figure(figsize=(16, round(16 * 0.79 / MAP_ASPECT / 0.88, 2)), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.005, 0.045, 0.79, 0.88))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1 / MAP_ASPECT)
    ax.set_aspect("equal")
    ax.add_patch(Rectangle((0, 0), 1, 1 / MAP_ASPECT, fc="#f4f8fb", ec="#cccccc", lw=0.8, zorder=0))
    ax.add_collection(PolyCollection([[(x, y / MAP_ASPECT) for x, y in ring] for ring in geo.outlines],
                                     facecolors="#e8e8e8", edgecolors="#a8a8a8", linewidths=0.6, zorder=0.5))
    if geo.band:
        ax.add_patch(Rectangle((0, 0), 1, geo.band / MAP_ASPECT, fc="#ffffff", ec="#cccccc", lw=0.8, zorder=0.6))
        ax.text(0.005, geo.band / MAP_ASPECT - 0.005, "not on the map (no position known)", fontsize=8,
                color="#555555", va="top", zorder=0.7)
    fig.suptitle(_title(network), x=0.01, y=0.985, ha="left", va="top", fontsize=13)

    # One arrow per origin, destination and form; as wide as the documents that report it.
    all_forms = sorted({local_name(f) for e in network.edges for f in (e.forms or [""])} - {""})
    flows: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    flow_edges: dict[tuple[str, str, str], list] = defaultdict(list)
    for edge in network.edges:
        for form in edge.forms or [""]:
            flows[(edge.source, edge.target, local_name(form) if form else "")].update(edge.documents or ["?"])
            flow_edges[(edge.source, edge.target, local_name(form) if form else "")].append(edge)
    tags: list[tuple[float, float]] = []
    by_pair = defaultdict(list)
    for key in sorted(flows):
        by_pair[key[:2]].append(key)
    degree = defaultdict(int)
    lines = []
    for (a, b), keys in sorted(by_pair.items()):
        degree[a] += len(keys)
        degree[b] += len(keys)
        for i, key in enumerate(keys):
            colour, tag = form_colour(key[2], all_forms), ""
            if colouring is not None:
                colour, tag = colouring.of(flow_edges[key])
            docs = len(flows[key])
            (x1, y1), (x2, y2) = pos[a], pos[b]
            if a == b:
                rad = 0.0
                x2 = x1 + 0.012 * (i + 1)
                ax.add_patch(FancyArrowPatch((x1 - 0.006, y1 + 0.004), (x2, y1 + 0.004),
                                             connectionstyle=f"arc3,rad={-2.2 - 0.4 * i:.2f}",
                                             arrowstyle="-|>", mutation_scale=12, color=colour,
                                             lw=1.2 + 1.6 * docs, alpha=0.9, zorder=2))
                if tag:
                    tags.append((x2 + 0.012, y1 + 0.018))
                    _tag(ax, *tags[-1], tag)
                continue
            rad = 0.08 + 0.09 * i if len(keys) > 1 else 0.12
            lines.append(([x1, x2], [y1, y2]))
            if tag:
                tags.append(_arc_middle((x1, y1), (x2, y2), rad))
                _tag(ax, *tags[-1], tag)
            ax.add_patch(FancyArrowPatch((x1, y1), (x2, y2), connectionstyle=f"arc3,rad={rad:.3f}",
                                         arrowstyle="-|>", mutation_scale=14, shrinkA=7, shrinkB=7,
                                         color=colour, lw=1.2 + 1.6 * docs, alpha=0.9, zorder=2))
    order = sorted(network.nodes, key=lambda v: (-degree[v], network.nodes[v].label, v))
    for iri in order:
        x, y = pos[iri]
        roles = network.roles.get(iri, {})
        face = "#000000" if "origin" in roles else "#ffffff"
        ax.scatter([x], [y], s=(8 + 1.2 * min(degree[iri], 12)) ** 2, marker="o", c=face, edgecolors="#000000",
                   linewidths=1.6, zorder=4)
        if "transit" in roles:
            ax.scatter([x], [y], s=(14 + 1.2 * min(degree[iri], 12)) ** 2, marker="o", facecolors="none",
                       edgecolors="#000000", linewidths=1.0, linestyle=(0, (2, 1.5)), zorder=4)
    items = []
    for iri in order:
        roles = network.roles.get(iri, {})
        text = network.nodes[iri].short + ("\n" + " · ".join(roles) if roles else "")
        items.append((pos[iri], text))
    placed, skipped = _place_labels(ax, items, [pos[v] for v in order] + tags, lines, textsize=9,
                                    radii=[(8 + 1.2 * min(degree[v], 12)) / 2 for v in order] + [7.0] * len(tags))

    form_entries = []
    for form in sorted({k[2] for k in flows}, key=lambda f: (f == "", f)):
        label = network.label(f"https://w3id.org/htkg/concept/{form}") if form else "form not given"
        count = sum(1 for k in flows if k[2] == form)
        form_entries.append((Line2D([0], [0], color=form_colour(form, all_forms), lw=3), f"{label} ({count})"))
    most = max((len(d) for d in flows.values()), default=1)
    width_entries = [(Line2D([0], [0], color="#444444", lw=1.2 + 1.6 * k), f"reported by {k} document{'s' if k > 1 else ''}")
                     for k in range(1, most + 1)]
    role_entries = [
        (Line2D([0], [0], marker="o", linestyle="", markersize=10, markerfacecolor="#000000", markeredgecolor="#000000"), "origin of flows"),
        (Line2D([0], [0], marker="o", linestyle="", markersize=10, markerfacecolor="#ffffff", markeredgecolor="#000000"), "destination only"),
        (Line2D([0], [0], marker="o", linestyle="", markersize=15, markerfacecolor="none", markeredgecolor="#000000"),
         "outer ring: transit"),
    ]
    groups = sorted({network.label(g) for e in network.edges for g in e.groups})
    docs = sorted({network.documents.get(d, local_name(d)) for e in network.edges for d in e.documents})
    sections = [("Form of exploitation", form_entries), ("Documents", width_entries), ("Places", role_entries)]
    if colouring is not None:
        # The colour now tells the year or the document; each form keeps its own arrow.
        sections[0] = _colouring_section(colouring, [flow_edges[k] for k in sorted(flows)])
    _legend_panel(fig, (0.80, 0.03, 0.195, 0.90), sections)
    caption = "Roles under each place: as the flows and the documents give them. "
    if colouring is not None:
        caption += "One arrow per form of exploitation (--colour-by kind colours them by form). "
    if groups:
        caption += "Victim groups: " + ", ".join(groups) + ". "
    if skipped:
        caption += f"{skipped} label(s) left out where they would overlap others."
    fig.text(0.01, 0.008, xml_safe(caption), fontsize=8, color="#555555")
    fig.text(0.01, 0.955, xml_safe("Sources: " + "; ".join(docs)) if docs else "", fontsize=8, color="#555555")
    return Drawing(fig, placed, skipped)


def draw(network: Network, analysis: Analysis, fmt: str, colour_by: str = "kind") -> bytes:
    import matplotlib

    with matplotlib.rc_context(_RC):
        drawing = figure(network, analysis, colour_by)
        buffer = io.BytesIO()
        if fmt == "svg":
            drawing.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "htkg network"})
        else:
            drawing.figure.savefig(buffer, format="png", metadata={"Software": "htkg network"})
    return buffer.getvalue()


# The Okabe-Ito palette is the one of every picture (see `style`).
PALETTE = OKABE_ITO
