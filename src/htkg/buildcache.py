"""What the build keeps between runs, under out/.cache/, so that a change to one document redoes
only that document: each compiled file (its sorted N-Quads and what the build reports about
it) under the hash of everything it was compiled from, and the state of the last build that
went through (which compiled file each graph came from, the hashes of the ontology, shapes and
derivation queries, the validation results, and whether out/store/ matches out/htkg.nq).

Everything here is a cache: deleting out/.cache/ (or `htkg build --full`) gives the same output,
only slower. A compiled file is keyed on the content of its inputs, hashed at every build (never
on their size and modification time, which an edit can leave as they were), so touching a file
costs a hash, not a compile; hashing all inputs is a small part of a build (some 0.1 s per
200 MB)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .compile import CompiledFile, EvidenceFile
from .project import Project
from .rdfio import atomic_write

__all__ = ["BUILD_FORMAT", "BuildCache", "BuildState", "CachedFile", "hash_files"]

#: Changes whenever the compiled form of a file changes (compile.py, anchors.py), so that an old
#: cache is never mistaken for a current one.
BUILD_FORMAT = "htkg-build-7"


def hash_files(paths: list[Path], project: Project, *, salt: str = "") -> str:
    """One SHA-256 over the names and bytes of some files (in the order given)."""
    digest = hashlib.sha256(f"{BUILD_FORMAT}\0{salt}\0".encode())
    for path in paths:
        digest.update(project.relative(path).encode("utf-8") + b"\0")
        digest.update(_digest(path) if path.exists() else b"-")
    return digest.hexdigest()


def _stat(path: Path) -> list:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _digest(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


@dataclass
class CachedFile:
    """A compiled file as the cache keeps it: its N-Quads on disk and its report."""

    key: str
    nquads: Path
    info: CompiledFile

    @property
    def derived(self) -> Path:
        """Its derived statements, as N-Quads in the derived graph."""
        return self.nquads.with_name(f"{self.key}.derived.nq")


@dataclass
class BuildState:
    """The last build that went through (see the module's docstring)."""

    format: str = BUILD_FORMAT
    #: Hashes of the ontology, the shapes and the derivation queries it was built with.
    inputs: dict[str, str] = field(default_factory=dict)
    #: stem -> {"key": compiled-file key, "salt": what else it was compiled with}
    files: dict[str, dict] = field(default_factory=dict)
    #: graph IRI -> key of the chunk of out/htkg.nq it wrote (documents, ontology, derived).
    chunks: dict[str, str] = field(default_factory=dict)
    #: The validation results (unlocated), or None when the build did not validate.
    results: list[dict] | None = None
    #: "clean" when out/store/ holds exactly out/htkg.nq; "dirty" while it is being changed.
    store: str = "absent"
    #: [size, mtime_ns] of out/htkg.nq when it was written.
    dataset: list | None = None


class BuildCache:
    """The cache folder of a project (out/.cache/)."""

    def __init__(self, project: Project):
        self.project = project
        self.root = project.out_dir / ".cache"
        self.compiled = self.root / "compiled"
        self.state_path = self.root / "state.json"

    # ------------------------------------------------------------------ state

    def state(self) -> BuildState | None:
        """The last build's state, or None when there is none this build can trust."""
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != BUILD_FORMAT:
            return None
        try:
            return BuildState(**data)
        except TypeError:
            return None

    def save_state(self, state: BuildState) -> None:
        atomic_write(self.state_path, json.dumps(asdict(state), indent=1, sort_keys=True) + "\n")

    def mark_store(self, state: BuildState, value: str) -> None:
        state.store = value
        self.save_state(state)

    # ------------------------------------------------------------------ compiled files

    def key(self, evidence: EvidenceFile, salt: str) -> str:
        """The key of a file's compiled form: a hash of the content of its inputs (the curated
        file, the source's metadata record and text) and of `salt`, what else the compiled form
        depends on (the derivation queries)."""
        return hash_files(evidence.inputs(), self.project, salt=f"{evidence.stem}\0{salt}")

    def _has(self, key: str) -> bool:
        return bool(key) and all((self.compiled / f"{key}{ext}").exists() for ext in (".json", ".nq", ".derived.nq"))

    def get(self, key: str) -> CachedFile | None:
        if not self._has(key):
            return None
        try:
            return self.entry(key, json.loads((self.compiled / f"{key}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def entry(self, key: str, info: dict) -> CachedFile:
        """A cached file from its record (CompiledFile.info(), as put() wrote it)."""
        compiled = CompiledFile(triples=[], **info)
        compiled.discrepancies = [tuple(d) for d in compiled.discrepancies]
        return CachedFile(key, self.compiled / f"{key}.nq", compiled)

    def put(self, key: str, compiled: CompiledFile, nquads: bytes, derived: bytes) -> CachedFile:
        atomic_write(self.compiled / f"{key}.nq", nquads)
        atomic_write(self.compiled / f"{key}.derived.nq", derived)
        atomic_write(self.compiled / f"{key}.json", json.dumps(compiled.info(), sort_keys=True) + "\n")
        return CachedFile(key, self.compiled / f"{key}.nq", compiled)

    def put_chunk(self, key: str, nquads: bytes) -> Path:
        """A chunk that is not a curated file (the ontology graph, the derived graph)."""
        path = self.compiled / f"{key}.nq"
        if not path.exists():
            atomic_write(path, nquads)
        return path

    def chunk(self, key: str) -> Path:
        return self.compiled / f"{key}.nq"

    def prune(self, keep: set[str]) -> None:
        """Remove compiled files no graph of the last build uses."""
        if not self.compiled.is_dir():
            return
        for path in self.compiled.iterdir():
            if path.name.split(".", 1)[0] not in keep and not path.name.startswith("."):
                path.unlink(missing_ok=True)


def stat_of(path: Path) -> list | None:
    try:
        return _stat(path)
    except OSError:
        return None


def same_file(path: Path, recorded: list | None) -> bool:
    return recorded is not None and stat_of(path) == list(recorded)


def nquads_chunk(triples, graph: str) -> bytes:
    """The N-Quads of a graph's triples, one statement a line, lines sorted."""
    import pyoxigraph as ox

    name = ox.NamedNode(graph)
    data = ox.serialize((ox.Quad(t.subject, t.predicate, t.object, name) for t in triples), format=ox.RdfFormat.N_QUADS)
    lines = sorted(set(data.split(b"\n")) - {b""})
    return b"\n".join(lines) + (b"\n" if lines else b"")

