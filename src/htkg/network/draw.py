"""A static drawing of a network with matplotlib (PNG or SVG): nodes coloured by kind and sized
by degree, edges coloured by type and as wide as their sources, labels placed so that they do
not overlap (a label that finds no free place is left out, and the caption says how many), a
legend of kinds and edge types. The layout has a fixed seed and the SVG has a fixed hash salt
and no date, so the same network gives the same bytes."""

from __future__ import annotations

import io
from collections import defaultdict

from ..xmlsafe import xml_safe
from .analysis import Analysis
from .exports import EDGE_COLOURS, kind_colour, layout
from .model import Network

__all__ = ["draw"]

# Candidate label offsets around a node, in points: right, left, above, below, diagonals,
# then further away.
_OFFSETS = [(dx * r, dy * r) for r in (1.0, 1.8, 2.8) for dx, dy in (
    (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))]


def _overlaps(box, boxes) -> bool:
    return any(box.overlaps(other) for other in boxes)


def draw(network: Network, analysis: Analysis, fmt: str) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    pos = layout(network)
    metrics = analysis.by_id()
    n = max(1, len(network.nodes))
    size = min(22.0, 9.0 + 0.18 * n)
    with matplotlib.rc_context({"svg.hashsalt": "htkg-network", "font.family": "DejaVu Sans", "font.size": 8}):
        fig = Figure(figsize=(size, size * 0.72), dpi=110)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.74, 0.9))
        ax.set_axis_off()
        ax.set_xlim(-0.08, 1.08)
        ax.set_ylim(-0.08, 1.08)
        title = f"htkg {network.view} network: {len(network.nodes)} nodes, {len(network.edges)} edges"
        filters = ", ".join(f"{k} {v}" for k, v in network.filters.items() if v and k != "view")
        fig.suptitle(xml_safe(title + (f" ({filters})" if filters else "")), x=0.01, ha="left", fontsize=12)

        def radius(iri: str) -> float:
            degree = metrics[iri].degree if iri in metrics else 1
            return 9.0 + 3.0 * min(degree, 12)

        # Parallel edges between the same pair bend apart.
        parallel = defaultdict(list)
        for edge in network.edges:
            parallel[tuple(sorted((edge.source, edge.target)))].append(edge)
        for pair, edges in sorted(parallel.items()):
            for i, edge in enumerate(edges):
                (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
                colour = EDGE_COLOURS.get(edge.type, "#444444")
                width = 0.8 + 1.2 * edge.sources
                if edge.source == edge.target:
                    ax.add_patch(
                        FancyArrowPatch(
                            (x1 - 0.012, y1), (x1 + 0.012, y1), connectionstyle="arc3,rad=-2.5",
                            arrowstyle="-|>", mutation_scale=9, color=colour, lw=width, alpha=0.8, zorder=1,
                        )
                    )
                    continue
                rad = 0.0 if len(edges) == 1 else 0.12 * (i - (len(edges) - 1) / 2)
                ax.add_patch(
                    FancyArrowPatch(
                        (x1, y1), (x2, y2),
                        connectionstyle=f"arc3,rad={rad:.3f}",
                        arrowstyle="-|>" if edge.directed else "-",
                        mutation_scale=10,
                        shrinkA=radius(edge.source) ** 0.5 * 1.6,
                        shrinkB=radius(edge.target) ** 0.5 * 1.6,
                        color=colour, lw=width, alpha=0.75, zorder=1,
                    )
                )
        order = sorted(network.nodes, key=lambda v: (-metrics[v].pagerank if v in metrics else 0, v))
        for iri in order:
            node = network.nodes[iri]
            x, y = pos[iri]
            edge_colour = "#000000" if iri in metrics and metrics[iri].broker else "#ffffff"
            ax.scatter([x], [y], s=radius(iri) ** 2 * 0.9, c=kind_colour(node.kind), edgecolors=edge_colour,
                       linewidths=1.6, zorder=3)

        # Labels: most important nodes first, each at the first free place around its node.
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        taken = []
        for iri in order:
            x, y = pos[iri]
            px, py = ax.transData.transform((x, y))
            r = radius(iri) * 0.5
            taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
        skipped = 0
        for iri in order:
            x, y = pos[iri]
            placed = False
            r = radius(iri) * 0.5 + 2
            for dx, dy in _OFFSETS:
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                offset = (dx * r / 1.0 if dx else 0, dy * r if dy else 0)
                text = ax.annotate(
                    xml_safe(network.nodes[iri].short), (x, y), xytext=offset, textcoords="offset points",
                    ha=ha, va=va, fontsize=8, zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
                    arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5} if abs(dx) > 1.5 or abs(dy) > 1.5 else None,
                )
                box = text.get_window_extent(renderer).expanded(1.04, 1.1)
                inside = ax.get_window_extent(renderer)
                if not _overlaps(box, taken) and inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1):
                    taken.append(box)
                    placed = True
                    break
                text.remove()
            if not placed:
                skipped += 1

        kinds = network.kinds
        kind_handles = [
            Line2D([0], [0], marker="o", linestyle="", markersize=9, markerfacecolor=kind_colour(k),
                   markeredgecolor="#ffffff", label=f"{k} ({sum(1 for v in network.nodes.values() if v.kind == k)})")
            for k in kinds
        ]
        kind_handles.append(Line2D([0], [0], marker="o", linestyle="", markersize=9, markerfacecolor="#ffffff",
                                   markeredgecolor="#000000", label="broker (black ring)"))
        legend = fig.legend(handles=kind_handles, title="Node kinds", loc="upper left", bbox_to_anchor=(0.76, 0.9),
                            frameon=False, fontsize=8)
        fig.add_artist(legend)
        edge_handles = [
            Line2D([0], [0], color=EDGE_COLOURS.get(t, "#444444"), lw=2,
                   label=f"{t} ({sum(1 for e in network.edges if e.type == t)})")
            for t in network.edge_types
        ]
        edge_handles.append(Line2D([0], [0], color="#444444", lw=0.8 + 1.2, label="width: number of sources"))
        fig.legend(handles=edge_handles, title="Edge types", loc="upper left", bbox_to_anchor=(0.76, 0.45),
                   frameon=False, fontsize=8)
        if skipped:
            fig.text(0.01, 0.005, f"{skipped} label(s) left out where they would overlap others", fontsize=7, color="#666666")
        buffer = io.BytesIO()
        if fmt == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "htkg network"})
        else:
            fig.savefig(buffer, format="png", metadata={"Software": "htkg network"})
        return buffer.getvalue()
