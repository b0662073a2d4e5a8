"""Export the built dataset, one of its graphs, the ontology or the shapes in standard RDF
formats, deterministically; and write a complete release folder for linked-data and open-data
portals (every format, ontology, shapes, queries, DCAT-AP + VoID description, ontology
documentation, README and SHA-256 checksums)."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import progress
from .errors import InputError, UsageError
from .namespaces import GRAPH
from .project import Project
from .serialize import EXTENSIONS, FORMATS, header_for, prepare, read_quads, serialize_quads, write_quads

__all__ = [
    "FORMATS",
    "ExportResult",
    "ReleaseResult",
    "export",
    "release",
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


@dataclass
class ReleaseResult:
    """A release folder: where it is and the files in it (paths relative to the folder)."""

    path: Path
    files: list[str] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0


# --------------------------------------------------------------------------- selections


def _dataset_quads(project: Project) -> list[ox.Quad]:
    path = project.dataset_path
    if not path.exists():
        raise InputError("no built graph", where=project.relative(path), hint="run `htkg build` first")
    try:
        with progress.step(f"Reading {project.relative(path)}"):
            return read_quads(path)
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse: {exc}", where=project.relative(path), hint="rebuild with `htkg build`") from None


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
    quads = _dataset_quads(project)
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


@contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary file beside it, renamed over `path`
    when the block ends, removed if it fails, so readers see the old content or the new, never
    half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


# --------------------------------------------------------------------------- release


def _sha256sums(folder: Path) -> str:
    """`sha256sum -c` input: "<hex>  <path>" for every file, sorted by path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        lines.append(f"{digest}  {rel}")
    return "".join(line + "\n" for line in lines)


def _is_replaceable(dest: Path) -> bool:
    return not dest.exists() or (dest.is_dir() and (not any(dest.iterdir()) or (dest / "SHA256SUMS").is_file()))


def release(project: Project, dest: str | Path, *, endpoint: str | None = None) -> ReleaseResult:
    """Write a release folder to `dest`: the dataset in every format, the ontology and the shapes,
    the query library, the dataset description (DCAT-AP + VoID), the ontology documentation,
    a README and SHA256SUMS. Everything is written into a temporary folder beside `dest` and then
    renamed into place, so a failure leaves the previous release (or nothing), never half of one.
    An existing `dest` is replaced only if it is empty or a previous release (has SHA256SUMS)."""
    from .describe import describe
    from .docs import ontology_html
    from .serve.site import write_site

    dest = Path(dest)
    if not _is_replaceable(dest):
        raise UsageError(
            f"{dest.name} exists and is not a release folder (no SHA256SUMS)",
            hint="choose a new or empty folder; a previous release is replaced as a whole",
        )
    quads = _dataset_quads(project)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        files: dict[str, bytes] = {}
        # The dataset files are written straight into the folder. The quad formats share one
        # sorted list (references to the same quads); Turtle sorts by triple and N-Triples by
        # line on their own, without a copy of the statements.
        ordered = prepare(quads, union=False)
        for fmt, name in RELEASE_DATASET_FILES.items():
            header = header_for(_command(fmt, release=True))
            with progress.task(f"Writing {name}", total=len(quads)) as advance, (tmp / name).open("wb") as handle:
                if fmt in ("trig", "nquads", "jsonld"):
                    write_quads(ordered, fmt, handle, header=header, prepared=True, advance=advance)
                else:
                    write_quads(quads, fmt, handle, header=header, advance=advance)
        del ordered
        ontology_quads, _ = select(project, ontology=True)
        files["ontology.ttl"] = serialize_quads(ontology_quads, "turtle", header=header_for(_command("turtle", ontology=True))).encode("utf-8")
        if project.shape_files():
            shape_quads, _ = select(project, shapes=True)
            files["shapes.ttl"] = serialize_quads(shape_quads, "turtle", header=header_for(_command("turtle", shapes=True))).encode("utf-8")
        files["ontology.html"] = ontology_html(project).encode("utf-8")
        for path in sorted(project.queries_dir.glob("*.rq")):
            files[f"queries/{path.name}"] = path.read_bytes()
        description = describe(project, quads=quads, endpoint=endpoint, release_files=sorted([*files, *RELEASE_DATASET_FILES.values()]))
        files["description.ttl"] = description.turtle.encode("utf-8")
        files["README.md"] = _readme(description, sorted([*files, *RELEASE_DATASET_FILES.values()]) + ["README.md", "SHA256SUMS"]).encode("utf-8")
        for name, data in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        write_site(project, tmp / "site", quads=quads, description=description.turtle)  # the static pages (htkg.serve.site)
        (tmp / "SHA256SUMS").write_text(_sha256sums(tmp), encoding="utf-8")
        os.chmod(tmp, 0o755)
        _swap_into_place(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    names = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    return ReleaseResult(path=dest, files=names, triples=description.triples, graphs=len(description.graphs))


def _swap_into_place(tmp: Path, dest: Path) -> None:
    """Rename the finished folder into place; an older release is moved aside first and removed
    only once the new one stands (rename cannot replace a non-empty folder)."""
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        os.replace(dest, old)
    try:
        os.replace(tmp, dest)
    except BaseException:
        if old is not None:
            os.replace(old, dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _readme(description, names: list[str]) -> str:
    """The short README of a release folder, for the portal page."""
    lines = [
        f"# {description.title}",
        "",
        "<!-- Generated by `htkg export --release`; do not edit. -->",
        "",
        description.summary,
        "",
        f"- Version: {description.version}",
        f"- Licence: {description.license_label} ({description.license})",
        f"- Temporal coverage: {description.temporal_start} to {description.temporal_end}",
        f"- Size: {description.triples} triples in {len(description.graphs)} named graphs",
        f"- Landing page: {description.landing_page}",
        "",
        "## Files",
        "",
        "| file | what it holds |",
        "| --- | --- |",
    ]
    what = {
        "htkg.ttl": "the whole dataset, all named graphs merged (Turtle)",
        "htkg.nt": "the whole dataset, all named graphs merged (N-Triples)",
        "htkg.trig": "the dataset with its named graphs (TriG)",
        "htkg.nq": "the dataset with its named graphs (N-Quads)",
        "htkg.jsonld": "the dataset with its named graphs as JSON-LD @graph objects",
        "ontology.ttl": "the ontology and its SKOS concept schemes (Turtle)",
        "ontology.html": "documentation of the ontology: classes, properties, concept schemes",
        "shapes.ttl": "the SHACL shapes the data conforms to (Turtle)",
        "description.ttl": "the dataset description: DCAT-AP 2.1.1/3.0.1 and VoID (Turtle)",
        "README.md": "this file",
        "SHA256SUMS": "SHA-256 checksums of every file (check with `sha256sum -c SHA256SUMS`)",
    }
    for name in sorted(set(names)):
        if name.startswith("queries/"):
            continue
        lines.append(f"| `{name}` | {what.get(name, '')} |")
    queries = [n for n in names if n.startswith("queries/")]
    if queries:
        lines.append(f"| `queries/` | the SPARQL query library ({len(queries)} queries) |")
    lines += ["", "## Named graphs", "", "| graph | triples |", "| --- | --- |"]
    for graph, count in description.graphs.items():
        lines.append(f"| `{graph}` | {count} |")
    lines += ["", "## Source documents", ""]
    for iri, title in description.sources:
        lines.append(f"- {title} (`{iri}`)")
    lines.append("")
    return "\n".join(lines)
