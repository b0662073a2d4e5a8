"""The one call behind `htkg network`: derive, analyse, and render to the chosen format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..project import Project
from ..rdfio import atomic_write
from ..store import OxigraphStore, RemoteStore, open_store
from .analysis import Analysis, analyse
from .model import Network, build_network

__all__ = ["FORMATS", "NetworkResult", "network", "render"]

#: Output formats and what each is for.
FORMATS = {
    "html": "a self-contained interactive page (no network access needed)",
    "png": "a static picture",
    "svg": "a static picture, as vector graphics",
    "gexf": "for Gephi",
    "graphml": "for Cytoscape, yEd and Gephi",
    "json": "Cytoscape.js elements JSON",
}


@dataclass
class NetworkResult:
    network: Network
    analysis: Analysis
    output: str | None = None
    format: str | None = None


def render(network: Network, analysis: Analysis, fmt: str, colour_by: str = "kind") -> bytes:
    """The bytes of one output format (deterministic: the same network, the same bytes).
    `colour_by` (`style.COLOUR_BY`): colour the ties by their kind, by the latest year of their
    evidence or by their document, in the pictures, the page (where it can be changed) and the
    GEXF viz colours."""
    from .style import COLOUR_BY

    if colour_by not in COLOUR_BY:
        raise UsageError(f"unknown colouring {colour_by!r}", hint="choose one of " + ", ".join(COLOUR_BY))
    if fmt == "gexf":
        from .exports import to_gexf

        return to_gexf(network, analysis, colour_by)
    if fmt == "graphml":
        from .exports import to_graphml

        return to_graphml(network, analysis)
    if fmt == "json":
        from .exports import to_cytoscape_json

        return to_cytoscape_json(network, analysis)
    if fmt in ("png", "svg"):
        from .draw import draw

        return draw(network, analysis, fmt, colour_by)
    if fmt == "html":
        from .page import page

        return page(network, analysis, colour_by)
    raise UsageError(f"unknown format {fmt!r}", hint="choose one of " + ", ".join(sorted(FORMATS)))


def network(
    project: Project,
    *,
    store: OxigraphStore | RemoteStore | None = None,
    endpoint: str | None = None,
    auth: tuple[str, str] | None = None,
    fmt: str | None = None,
    out: str | Path | None = None,
    colour_by: str = "kind",
    **filters,
) -> NetworkResult:
    """Derive the network from the built graph (or from `store`, or from a SPARQL `endpoint`,
    with `auth` for a server that asks for credentials), analyse it, and write it to `out` in
    `fmt` when both are given, its ties coloured by `colour_by`. `filters` are those of
    `build_network`."""
    from .style import COLOUR_BY

    if colour_by not in COLOUR_BY:
        raise UsageError(f"unknown colouring {colour_by!r}", hint="choose one of " + ", ".join(COLOUR_BY))
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint="choose one of " + ", ".join(sorted(FORMATS)))
    if fmt is not None and out is None:
        raise UsageError(f"--format {fmt} needs --out FILE", hint="name the file to write")
    if store is None:
        store = open_store(project.dataset_path, endpoint=endpoint, auth=auth)
    net = build_network(store, **filters)
    result = NetworkResult(network=net, analysis=analyse(net))
    if fmt is not None:
        atomic_write(out, render(net, result.analysis, fmt, colour_by))
        result.output = str(out)
        result.format = fmt
    return result
