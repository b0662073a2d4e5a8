"""Export the built dataset, one of its graphs, the ontology or the shapes in standard RDF
formats, deterministically. The release folder for portals is written by `htkg.release`."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import progress
from .errors import InputError, UsageError
from .namespaces import GRAPH
from .project import Project
from .rdfio import atomic_file
from .serialize import EXTENSIONS, FORMATS, built_quads, header_for, write_quads

__all__ = [
    "FORMATS",
    "ExportResult",
    "export",
    "select",
    "graph_names",
    "resolve_graph",
    "RELEASE_DATASET_FILES",
]

ONTOLOGY_GRAPH = str(GRAPH["ontology"])
SHAPES_GRAPH = str(GRAPH["shapes"])

#: The dataset files of a release, one per format.
RELEASE_DATASET_FILES = {fmt: f"htkg.{EXTENSIONS[fmt]}" for fmt in FORMATS}


@dataclass
class ExportResult:
    """What `export` wrote: its format, what it holds and how many statements, and the text
    itself when it was neither written to a file nor streamed."""

    text: str | None
    fmt: str
    selection: str
    statements: int
    path: Path | None = None


# --------------------------------------------------------------------------- selections


def _files_quads(paths: list[Path], graph: str, project: Project) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    name = ox.NamedNode(graph)
    for path in paths:
        try:
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                # pyoxigraph parses each file with its own blank nodes: keep them apart per file.
                quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, name))
        except SyntaxError as exc:
            raise InputError(f"cannot parse: {exc}", where=project.relative(path), hint="fix the Turtle syntax") from None
    return quads


def graph_names(quads: list[ox.Quad]) -> list[str]:
    """The named graphs of a dataset, sorted."""
    return sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})


def resolve_graph(name: str, names: list[str]) -> str:
    """A graph named by its full IRI or by the last part of it (a curated file's stem, e.g.
    `carim-east-2013-azerbaijan`). Unknown names are a usage error that lists the graphs."""
    if name in names:
        return name
    by_stem = [g for g in names if g.rstrip("/").rsplit("/", 1)[-1] == name]
    if len(by_stem) == 1:
        return by_stem[0]
    listing = ", ".join(g.rsplit("/", 1)[-1] for g in names) or "(none: the dataset is empty)"
    raise UsageError(f"no graph named {name!r}", hint=f"the graphs are: {listing}")


def select(project: Project, *, graph: str | None = None, ontology: bool = False, shapes: bool = False) -> tuple[list[ox.Quad], str]:
    """The quads to export and a short description of them: the whole built dataset, one of its
    graphs, the ontology (ontology/*.ttl) or the shapes (shapes/*.ttl)."""
    if sum(bool(x) for x in (graph, ontology, shapes)) > 1:
        raise UsageError("choose one of --graph, --ontology and --shapes")
    if ontology:
        files = project.ontology_files()
        if not files:
            raise InputError("no ontology files", where="ontology/", hint="the ontology lives in ontology/*.ttl")
        return _files_quads(files, ONTOLOGY_GRAPH, project), "the ontology"
    if shapes:
        files = project.shape_files()
        if not files:
            raise InputError("no shapes", where="shapes/", hint="the SHACL shapes live in shapes/*.ttl")
        return _files_quads(files, SHAPES_GRAPH, project), "the shapes"
    quads = built_quads(project)
    if graph:
        iri = resolve_graph(graph, graph_names(quads))
        return [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == iri], f"graph {iri}"
    return quads, "the dataset"


def _command(fmt: str, *, graph: str | None = None, ontology: bool = False, shapes: bool = False, release: bool = False) -> str:
    parts = ["htkg export"]
    if release:
        parts.append("--release")
    else:
        parts.append(f"--format {fmt}")
    if graph:
        parts.append(f"--graph {graph}")
    if ontology:
        parts.append("--ontology")
    if shapes:
        parts.append("--shapes")
    return " ".join(parts)


def export(
    project: Project,
    fmt: str = "trig",
    *,
    out: str | Path | None = None,
    stream: BinaryIO | None = None,
    graph: str | None = None,
    ontology: bool = False,
    shapes: bool = False,
    quiet: bool = False,
) -> ExportResult:
    """The selection (see `select`) in `fmt`: written atomically to `out`, or to the binary file
    `stream` (standard output), as it is serialized; with neither, returned as `text`. A bar
    shows the progress on a terminal (not with `quiet`). Turtle
    and N-Triples of the whole dataset hold the union of its graphs; TriG, N-Quads and JSON-LD
    keep each named graph (JSON-LD as named-graph objects with their own @graph).

    The statements are held once, as the list read from the file, and sorted in place; the
    output never exists whole in memory."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    if out is not None and stream is not None:
        raise ValueError("give out or stream, not both")
    quads, selection = select(project, graph=graph, ontology=ontology, shapes=shapes)
    header = header_for(_command(fmt, graph=graph, ontology=ontology, shapes=shapes))
    result = ExportResult(text=None, fmt=fmt, selection=selection, statements=0)
    with progress.task(f"Writing {selection} ({fmt})", total=len(quads), quiet=quiet) as advance:
        if out is not None:
            with atomic_file(out) as handle:
                result.statements = write_quads(quads, fmt, handle, header=header, advance=advance)
            result.path = Path(out)
        elif stream is not None:
            result.statements = write_quads(quads, fmt, stream, header=header, advance=advance)
            stream.flush()
        else:
            buffer = io.BytesIO()
            result.statements = write_quads(quads, fmt, buffer, header=header, advance=advance)
            result.text = buffer.getvalue().decode("utf-8")
    return result
