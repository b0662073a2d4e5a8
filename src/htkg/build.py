"""Compile the curated evidence into the RDF dataset: one named graph per source document, one
for reference data, one for discrepancies, one for the ontology, and one for what the build
derives: the triples of the library's `construct-*.rq` queries, the superclass types the
ontology entails among its own terms, each typed node's direct types (`sesame:directType`),
and the closure of the ontology's subclass and subproperty axioms. Every quote is re-found at
its offsets and expanded into Web Annotation selectors (htkg.compile); the dataset is validated
against shapes/ and written as out/htkg.nq (grouped by graph, sorted within each) and as an
Oxigraph store, out/store/, that reading commands open without loading anything.

The build is incremental: each compiled file is kept under the hash of its inputs
(htkg.buildcache), so a build after changing one document recompiles that document, replaces
its graph in out/store/, re-derives, and re-validates only the nodes whose description changed
and the nodes that refer to them (htkg.incremental); the results are those of a full build.
A change to the ontology, the shapes or the derivation queries, a store left half-changed or
that does not open, or `full=True` makes a full build. Nothing in out/ is replaced unless every
step went through.

A build holds the output folder's lock from start to end (a second build waits for it), records
in out/build.json whether the data it wrote was validated (htkg.outdir), and removes what a
build that was killed left behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from . import dating, figures, structure
from .buildcache import BuildCache, BuildState, CachedFile, hash_files, nquads_chunk, same_file
from .buildoutputs import DERIVED_GRAPH, ONTOLOGY_GRAPH, BuildResult, record_outputs
from .buildoutputs import report_files as _report_files
from .buildoutputs import summarise as _summarise
from .buildoutputs import swap_store as _swap_store
from .buildoutputs import write_dataset as _write_dataset
from .compile import CompiledFile, Derivation, EvidenceFile, check_labels, compile_file, construct_files, derivation, evidence_files, graph_iri, local_name
from .errors import HtkgError, InputError
from .ontology import check_ontology, declared_terms
from .outdir import BuildLock, checkpoint, clean_build_temporaries
from .project import Project

__all__ = [
    "EvidenceFile",
    "BuildResult",
    "evidence_files",
    "compile_dataset",
    "build",
    "graph_iri",
    "ONTOLOGY_GRAPH",
    "DERIVED_GRAPH",
]

Progress = Callable[[str], None]


class _Clock:
    def __init__(self, result: BuildResult, progress: Progress | None):
        self.result, self.progress, self.last = result, progress, time.perf_counter()

    def phase(self, name: str) -> None:
        """Close the running phase under `name` and say what starts next."""
        now = time.perf_counter()
        self.result.timings[name] = self.result.timings.get(name, 0.0) + now - self.last
        self.last = now

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)


# --------------------------------------------------------------------------- compile


def _unique_definitions(files: dict[str, CompiledFile]) -> None:
    """A claim, citation or discrepancy is defined in one file only: the same IRI typed in two
    files is almost always a copy-paste slip that would silently merge two records."""
    owners: dict[str, list[str]] = {}
    for stem, info in sorted(files.items()):
        for record in info.records:
            owners.setdefault(record, []).append(f"graph/{stem}.ttl")
    clashes = [f"{local_name(s)} in {', '.join(f)}" for s, f in sorted(owners.items()) if len(f) > 1]
    if clashes:
        raise InputError(
            "records defined in more than one file:\n  " + "\n  ".join(clashes),
            where="graph/",
            hint="give each record its own IRI (claims start with their document's short name)",
        )


#: Below this many files to compile, worker processes cost more than they save.
_PARALLEL_FROM = 64
#: A build that compiles this many files again, and more than a quarter of them, is a full one:
#: replacing that many graphs in out/store/ one by one takes longer than writing the store anew.
_LARGE_CHANGE = 64


def _compile_one(item: EvidenceFile, project: Project, key: str, rules: Derivation):
    """Compile one file into the cache (in a worker process, or in this one). Returns the
    file's info, or the error it raised, as something that crosses a process boundary."""
    try:
        compiled = compile_file(item, project, rules)
        BuildCache(project).put(
            key, compiled, nquads_chunk(compiled.triples, compiled.graph), nquads_chunk(compiled.derived, DERIVED_GRAPH)
        )
        return compiled.info()
    except HtkgError as exc:
        return exc


def _compile_all(project: Project, cache: BuildCache, rules: Derivation, clock: _Clock, result: BuildResult):
    """Every curated file, compiled now or taken from the cache; each one's key for the new state.
    Files to compile are shared among worker processes when there are many (a first build)."""
    files: dict[str, CachedFile] = {}
    stats: dict[str, dict] = {}
    todo: list[tuple[EvidenceFile, str]] = []
    evidence = evidence_files(project)
    salt = rules.salt
    for item in evidence:
        key = cache.key(item, salt)
        stats[item.stem] = {"key": key, "salt": salt}
        cached = cache.get(key)
        if cached is None:
            todo.append((item, key))
        else:
            files[item.stem] = cached
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) >= _PARALLEL_FROM and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            n = len(todo)
            outcomes = list(pool.map(_compile_one, [i for i, _ in todo], [project] * n, [k for _, k in todo], [rules] * n, chunksize=16))
    else:
        outcomes = [_compile_one(item, project, key, rules) for item, key in todo]
    for (item, key), outcome in zip(todo, outcomes):
        if isinstance(outcome, BaseException):
            raise outcome
        files[item.stem] = cache.entry(key, outcome)
        result.recompiled.append(item.stem)
    clock.phase("compile curated files")
    infos = {stem: cached.info for stem, cached in files.items()}
    _unique_definitions(infos)
    by_stem = {item.stem: item for item in evidence}
    check_labels(infos, lambda stem: _turtle_inputs(by_stem[stem]), project)
    return files, stats


def _turtle_inputs(item: EvidenceFile) -> list[Path]:
    return [p for p in item.inputs() if p.suffix == ".ttl"]


def _check_terms(project: Project, ontology, files: dict[str, CachedFile]) -> None:
    """Every htkg: and cpt: term a curated file uses is declared by the ontology (the typo
    guard; the ontology, shapes and queries were scanned by check_ontology)."""
    declared = {str(t) for t in declared_terms(ontology)}
    failing = set()
    for stem, cached in files.items():
        if any(term not in declared for term in cached.info.terms):
            failing.update(p for p in evidence_by_stem(project, stem).inputs() if p.suffix == ".ttl")
    if failing:
        # Name file and line, as for the other folders: scan those files' text again.
        check_ontology(project, only=failing)


def evidence_by_stem(project: Project, stem: str) -> EvidenceFile:
    return next(e for e in evidence_files(project) if e.stem == stem)


def _ontology_chunk(ontology, key: str, cache: BuildCache) -> tuple[str, Path]:
    """The ontology graph's chunk, kept under `key`, the hash of ontology/ (_inputs_hashes)."""
    path = cache.chunk(key)
    if not path.exists():
        text = ontology.serialize(format="nt")
        triples = [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        cache.put_chunk(key, nquads_chunk(triples, ONTOLOGY_GRAPH))
    return key, path


def derived_chunk(files: dict[str, CachedFile], cache: BuildCache, rules: Derivation) -> tuple[str, Path]:
    """The derived graph: what was derived from each file (the construct queries and the
    ontology's entailments, htkg.compile.Derivation), and the closure of the ontology's subclass
    and subproperty axioms; merged, one statement a line, lines sorted. What needs more than one
    file is settled here: dates (htkg.dating), the organisation tree's closure (htkg.structure)
    and the figures that change between reports (htkg.figures)."""
    lines: set[bytes] = set(nquads_chunk(rules.axioms(), DERIVED_GRAPH).split(b"\n"))
    for cached in files.values():
        lines.update(cached.derived.read_bytes().split(b"\n"))
    lines.discard(b"")
    dating.settle(lines)
    rows = [row for cached in files.values() for row in cached.info.figures]
    across = [*structure.closure_of_lines(lines), *figures.link_triples(figures.links(rows, figures.years_of_lines(lines)))]
    lines.update(nquads_chunk(across, DERIVED_GRAPH).split(b"\n"))
    lines.discard(b"")
    ordered = sorted(lines)
    data = b"\n".join(ordered) + (b"\n" if ordered else b"")
    key = _key_of(data)
    return key, cache.put_chunk(key, data)


def _inputs_hashes(project: Project) -> dict[str, str]:
    return {
        "ontology": hash_files(project.ontology_files(), project, salt="ontology"),
        "shapes": hash_files(project.shape_files(), project, salt="shapes"),
        "construct": hash_files(construct_files(project), project, salt="construct"),
    }


def _key_of(data: bytes) -> str:
    return hashlib.sha256(b"chunk\0" + data).hexdigest()


# --------------------------------------------------------------------------- build


def build(
    project: Project,
    *,
    validate: bool = True,
    write: bool = True,
    full: bool = False,
    progress: Progress | None = None,
    wait: bool = True,
    on_wait: Progress | None = None,
) -> BuildResult:
    """The main job: check the ontology, compile the curated files, derive, validate against
    shapes/, and write out/htkg.nq, out/store/ and out/build.json. Incremental unless `full`
    (see the module's docstring); raises ValidationFailed, with the report, when a record
    violates a shape, and then leaves out/ as it was. Validating with no shapes is an error
    (it would check nothing). Holds the output folder's lock: when another build holds it,
    waits (telling `on_wait`), or with `wait=False` raises BuildBusy."""
    with BuildLock(project.out_dir, wait=wait, on_wait=on_wait):
        return _build(project, validate=validate, write=write, full=full, progress=progress)


def _build(project: Project, *, validate: bool, write: bool, full: bool, progress: Progress | None) -> BuildResult:
    if validate and not project.shape_files():
        raise InputError(
            "no shapes (no shapes/*.ttl): validating would check nothing",
            where="shapes/",
            hint="add the SHACL shapes to shapes/, or build with --no-validate (such data cannot be released or published)",
        )
    leftovers = clean_build_temporaries(project.out_dir)
    cache = BuildCache(project)
    state = None if full else cache.state()
    result = BuildResult(ontology=None)  # type: ignore[arg-type]
    if leftovers:
        result.notes.append(f"removed what an interrupted build left in {project.out_dir.name}/: {', '.join(leftovers)}")
    clock = _Clock(result, progress)
    inputs = _inputs_hashes(project)
    reusable = (
        state is not None
        and state.store == "clean"
        and state.inputs == inputs
        and (state.results is not None or not validate)
        and project.store_dir.is_dir()
        and same_file(project.dataset_path, state.dataset)
    )
    clock.say("Checking the ontology")
    # The curated files' terms are checked from what they compile to (_check_terms); the OWL RL
    # closure only when the ontology changed since the last build that went through.
    unchanged = state is not None and state.inputs.get("ontology") == inputs["ontology"]
    ontology, summary = check_ontology(project, only=set(), closure=not unchanged)
    result.ontology = summary
    clock.phase("ontology checks")
    clock.say("Compiling the curated files")
    rules = derivation(project, ontology)
    files, stats = _compile_all(project, cache, rules, clock, result)
    _check_terms(project, ontology, files)
    chunks: dict[str, tuple[str, Path]] = {cached.info.graph: (cached.key, cached.nquads) for cached in files.values()}
    chunks[ONTOLOGY_GRAPH] = _ontology_chunk(ontology, inputs["ontology"], cache)
    chunks[DERIVED_GRAPH] = derived_chunk(files, cache, rules)
    clock.phase("derived graph (merge the per-file parts)")
    # A change to many files is quicker rebuilt than patched into out/store/ graph by graph.
    large = len(result.recompiled) >= _LARGE_CHANGE and len(result.recompiled) > len(files) / 4
    if reusable and write and not large:
        from .incremental import StoreUnreadable, update

        try:
            update(project, cache, state, chunks, files, stats, validate=validate, result=result, clock=clock)
            return result
        except StoreUnreadable as exc:
            result.notes.append(f"{project.relative(project.store_dir)}/ does not open ({exc}): built again in full")
            result.mode, result.revalidated, result.validation = "full", "all", None
            result.graphs.clear()
            result.class_counts.clear()
            result.claims_per_document.clear()
            result.discrepancies.clear()
            result.anchors_checked = 0
    _full(project, cache, inputs, chunks, files, stats, validate=validate, write=write, result=result, clock=clock)
    return result


def _full(project, cache, inputs, chunks, files, stats, *, validate, write, result, clock) -> None:
    _summarise(files, chunks, result)
    outcome: dict = {}
    worker = None
    tmp_nq = tmp_store = None
    try:
        # The dataset file first: the store for validation loads from it in one pass.
        clock.say("Writing out/htkg.nq")
        tmp_nq, written = _write_dataset(chunks, project.dataset_path)
        clock.phase("write out/htkg.nq")
        if validate:
            from .validate import load_shapes, validate_store

            clock.say("Loading the store")
            store = ox.Store()
            store.bulk_load(path=str(tmp_nq), format=ox.RdfFormat.N_QUADS)
            shapes = load_shapes(project)
            clock.phase("load the store for validation")

            def run() -> None:
                started = time.perf_counter()
                try:
                    outcome["report"] = validate_store(store, project, shapes=shapes)
                    outcome["seconds"] = time.perf_counter() - started
                except BaseException as exc:  # re-raised in the caller's thread
                    outcome["error"] = exc

            # pyshacl-turbo validates natively and lets go of the GIL: out/store/ is written
            # on the other core meanwhile, into a folder renamed only if the data conforms.
            clock.say("Validating against shapes/, writing out/store/")
            worker = threading.Thread(target=run, name="htkg-validate", daemon=True)
            worker.start()
        if write:
            tmp_store = _new_store(project, tmp_nq)
        if worker is not None:
            clock.phase("write out/store/ (while validating)")
            worker.join()
            clock.phase("validate (rest of)")
            if "seconds" in outcome:
                result.timings["validation alone"] = outcome["seconds"]
            if "error" in outcome:
                raise outcome["error"]
            report = outcome["report"]
            result.validation = report
            report.raise_if_not_conforming()
        else:
            result.revalidated = 0
            clock.phase("write out/store/")
        if write:
            checkpoint("full-before-swap")
            # Marked dirty while the outputs are swapped: a build killed meanwhile makes the
            # next one full.
            state = BuildState(inputs=inputs, files=stats, chunks={}, store="dirty")
            cache.save_state(state)
            _swap_store(tmp_store, project.store_dir)
            tmp_store = None
            checkpoint("full-swap")
            tmp_nq.replace(project.dataset_path)
            tmp_nq = None
            record_outputs(project, cache, state, chunks, stats, result, written)
            clock.phase("swap into place")
    finally:
        if worker is not None and worker.is_alive():
            worker.join()
        if tmp_nq is not None:
            tmp_nq.unlink(missing_ok=True)
        if tmp_store is not None:
            shutil.rmtree(tmp_store, ignore_errors=True)


def _new_store(project: Project, nquads: Path) -> Path:
    """An on-disk Oxigraph store of the N-Quads file, in a temporary folder beside out/store/."""
    tmp = project.store_dir.with_name(f".{project.store_dir.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    store = ox.Store(str(tmp))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return tmp


# --------------------------------------------------------------------------- in memory


def compile_dataset(project: Project) -> tuple[Dataset, BuildResult]:
    """Compile every curated file and the ontology into one rdflib Dataset (not validated, not
    written, no cache): for tests and small projects; `build` is the fast path."""
    from .namespaces import bind_prefixes

    ontology, summary = check_ontology(project)
    result = BuildResult(ontology=summary)
    store = ox.Store()
    compiled: dict[str, CompiledFile] = {}
    rules = derivation(project, ontology)
    evidence = evidence_files(project)
    for item in evidence:
        c = compile_file(item, project, rules)
        compiled[item.stem] = c
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(c.graph)) for t in c.triples)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DERIVED_GRAPH)) for t in c.derived)
    _unique_definitions(compiled)
    by_stem = {item.stem: item for item in evidence}
    check_labels(compiled, lambda stem: _turtle_inputs(by_stem[stem]), project)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DERIVED_GRAPH)) for t in rules.axioms())
    derived_graph = ox.NamedNode(DERIVED_GRAPH)
    derived_triples = [q.triple for q in store.quads_for_pattern(None, None, None, derived_graph)]
    for t in dating.superseded(derived_triples):
        store.remove(ox.Quad(t.subject, t.predicate, t.object, derived_graph))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, derived_graph) for t in structure.closure(derived_triples))
    rows = [row for c in compiled.values() for row in c.figures]
    pairs = figures.links(rows, figures.years_of_triples(derived_triples))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, derived_graph) for t in figures.link_triples(pairs))
    text = ontology.serialize(format="nt")
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    dataset = Dataset()
    bind_prefixes(dataset)
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    for graph in sorted(g.value for g in store.named_graphs()):
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        if count:
            result.graphs[graph] = count
    _report_files(compiled, result)
    return dataset, result
