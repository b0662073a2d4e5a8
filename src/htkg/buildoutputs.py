"""What a build writes and reports, shared by the full build (htkg.build) and the incremental
one (htkg.incremental): the graphs' IRIs, the build's result, out/htkg.nq written from the
per-graph chunks, the store swapped into place, and the build record kept true. Neither build
module imports the other's internals through here, so the two stay free of an import cycle."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .buildcache import BuildCache, BuildState, CachedFile, stat_of
from .compile import CompiledFile
from .namespaces import GRAPH
from .ontology import OntologySummary
from .outdir import file_sha256, read_record, shapes_digest, write_record
from .project import Project

__all__ = [
    "ONTOLOGY_GRAPH",
    "DERIVED_GRAPH",
    "BuildResult",
    "summarise",
    "report_files",
    "write_dataset",
    "swap_store",
    "record_outputs",
    "ensure_record",
]

ONTOLOGY_GRAPH = str(GRAPH["ontology"])
DERIVED_GRAPH = str(GRAPH["derived"])


@dataclass
class BuildResult:
    """What a build made, for the summary `htkg build` prints, for tests and for the benchmark."""

    ontology: OntologySummary
    graphs: dict[str, int] = field(default_factory=dict)
    class_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    claims_per_document: dict[str, int] = field(default_factory=dict)
    anchors_checked: int = 0
    discrepancies: list[tuple[str, str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    validation: object | None = None
    #: "full" or "incremental".
    mode: str = "full"
    #: The curated files compiled in this run (the others came from the cache).
    recompiled: list[str] = field(default_factory=list)
    #: How many nodes were validated ("all" in a full build; 0 without validation).
    revalidated: int | str = "all"
    #: Seconds per phase, in order.
    timings: dict[str, float] = field(default_factory=dict)
    #: What the build has to say besides its results (a store rebuilt, leftovers removed).
    notes: list[str] = field(default_factory=list)

    @property
    def validated(self) -> bool:
        """Whether the data was validated against shapes/ (out/build.json records it)."""
        return self.validation is not None

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def summarise(files: dict[str, CachedFile], chunks: dict[str, tuple[str, Path]], result: BuildResult) -> None:
    for graph in sorted(chunks):
        count = _count_lines(chunks[graph][1])
        if count:
            result.graphs[graph] = count
    report_files({stem: cached.info for stem, cached in files.items()}, result)


def report_files(files: dict[str, CompiledFile], result: BuildResult) -> None:
    """What the build says of each file: anchors, instances per class, claims, discrepancies."""
    for stem, info in sorted(files.items()):
        result.anchors_checked += info.anchors
        result.class_counts[stem] = dict(info.class_counts)
        if info.is_document:
            result.claims_per_document[stem] = info.claims
        result.discrepancies.extend(info.discrepancies)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def write_dataset(chunks: dict[str, tuple[str, Path]], target: Path) -> tuple[Path, tuple[int, str]]:
    """out/htkg.nq from the chunks, graph by graph in the order of their IRIs, into a temporary
    file beside the target (renamed into place by the caller); with its size and SHA-256, for
    the build record."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    digest, size = hashlib.sha256(), 0
    with open(tmp, "wb") as out:
        for graph in sorted(chunks):
            with open(chunks[graph][1], "rb") as chunk:
                for block in iter(lambda: chunk.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
    return tmp, (size, digest.hexdigest())


def record_outputs(project: Project, cache: BuildCache, state: BuildState, chunks, stats, result: BuildResult, written: tuple[int, str]) -> None:
    """Once out/htkg.nq and out/store/ hold the new build: write the build record (the size and
    hash of out/htkg.nq, and whether and against which shapes it was validated); note in the
    build state what they were made from, and the validation results (none after a build
    without validation, so that the next validating build validates everything); mark the
    store clean; let go of cached files no longer used."""
    size, digest = written
    write_record(project, size=size, sha256=digest, report=result.validation)
    state.files = stats
    state.chunks = {g: k for g, (k, _) in chunks.items()}
    state.results = [_raw(r) for r in result.validation.results] if result.validation is not None else None
    state.dataset = stat_of(project.dataset_path)
    state.store = "clean"
    cache.save_state(state)
    cache.prune(set(state.chunks.values()) | {s["key"] for s in stats.values()})
    result.outputs += [project.relative(project.dataset_path), project.relative(project.store_dir) + "/"]


def ensure_record(project: Project, result: BuildResult) -> None:
    """After a build that changed nothing: write the build record again if it is missing or no
    longer says what is true of out/htkg.nq (removed by hand, or from before the shapes were
    validated again)."""
    record = read_record(project.out_dir)
    path = project.dataset_path
    if (
        record is not None
        and record.size == path.stat().st_size
        and (result.validation is None or (record.validated and record.shapes == shapes_digest(project)))
    ):
        return
    digest = file_sha256(path)
    if record is not None and record.sha256 == digest and result.validation is None:
        return
    write_record(project, size=path.stat().st_size, sha256=digest, report=result.validation)


def _raw(r) -> dict:
    data = asdict(r)
    data.update(file=None, line=None, record=None)
    return data


def swap_store(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
