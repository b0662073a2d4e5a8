"""The incremental build: replace the graphs whose curated file changed in out/store/, derive
again, and validate only what the change can have touched.

Which nodes a change can touch. SHACL validates a focus node by looking along paths from it:
its own statements, the statements of the nodes they lead to (a quantity, a text anchor, the
type of an actor), a few steps deep, and, for inverse paths and `sh:targetObjectsOf`, the
statements that point at it. So when a statement (s p o) appears or disappears:
- s is validated again (its own description changed), and so is o (what points at it changed);
- so is every node that reaches s in up to REACH steps, since its paths may pass through s.
  Only the properties the shapes read lead there (`shape_properties`): a document that
  `dcterms:references` an actor does not reach it, as no shape follows that property, so an
  edit to the actor does not send the walk through every claim of the document.
Everything else validates as before, and keeps its previous results. The nodes to validate are
checked, with their shapes, on the statements within REACH steps of them (plus what points at
them, plus the ontology), which gives the same results as validating the whole graph as long as
the shapes look no further than REACH steps from a focus node; the project's shapes look at
most three (claim, text anchor, selector, offset). A change to shapes/, ontology/ or the
derivation queries is not incremental: it validates everything.

Tests compare an incremental build with a full one after each kind of change
(tests/test_incremental.py)."""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox

from .buildoutputs import ONTOLOGY_GRAPH, BuildResult, ensure_record, record_outputs
from .buildoutputs import summarise as _summarise
from .buildoutputs import swap_store as _swap_store
from .buildoutputs import write_dataset as _write_dataset
from .buildcache import BuildCache, BuildState, stat_of
from .outdir import checkpoint
from .project import Project

__all__ = ["REACH", "update", "affected_nodes", "shape_properties", "neighbourhood", "StoreUnreadable"]

#: How many steps from a focus node the shapes may look (see the module's docstring).
REACH = 4
#: Past this many nodes to validate, validating everything is as quick.
_FULL_VALIDATION_SHARE = 0.3


def _triples_of(store: ox.Store, graph: str) -> set[ox.Triple]:
    return {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


_SPARQL_IRI = re.compile(r"<([^<>\s]*)>")
_SPARQL_PREFIXED = re.compile(r"(?<![\w?$<])([A-Za-z][\w.-]*)?:([A-Za-z_][\w-]*)")
# A triple pattern with a variable property ("?s ?p ?o"), which may read any property.
_SPARQL_ANY_PROPERTY = re.compile(r"(?:[?$]\w+|<[^<>\s]*>|\w*:\w+)\s+[?$]\w+\s+(?:[?$]\w+|<|\w*:|\"|\d)")


def shape_properties(shapes) -> frozenset[str] | None:
    """The properties the shapes can read: every IRI of the shapes graph (the paths, in any
    form), those a SHACL-SPARQL query names (full or with the prefixes the shapes declare), and
    the type and subclass statements that `sh:class` reads. None when a query has a variable
    property, which may read any."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS, SH

    read = {str(RDF.type), str(RDFS.subClassOf)}
    declared = {str(prefix): str(namespace) for declaration in shapes.objects(None, SH.declare)
                for prefix in shapes.objects(declaration, SH.prefix)
                for namespace in shapes.objects(declaration, SH.namespace)}
    for triple in shapes:
        read.update(str(term) for term in triple if isinstance(term, URIRef))
    for predicate in (SH.select, SH.ask):
        for text in shapes.objects(None, predicate):
            if not isinstance(text, Literal):
                continue
            body = str(text).split("{", 1)[-1]
            if _SPARQL_ANY_PROPERTY.search(body):
                return None
            read.update(_SPARQL_IRI.findall(body))
            for prefix, local in _SPARQL_PREFIXED.findall(body):
                if prefix in declared:
                    read.add(declared[prefix] + local)
    return frozenset(read)


def affected_nodes(store: ox.Store, changes: set[ox.Triple], reach: int = REACH, read: frozenset[str] | None = None) -> set:
    """The nodes whose validation a set of added or removed statements can change (module
    docstring): their subjects and objects, and what reaches a subject within `reach` steps
    through the properties in `read` (all of them when None)."""
    subjects = {t.subject for t in changes}
    nodes = set(subjects) | {t.object for t in changes if not isinstance(t.object, ox.Literal)}
    frontier = subjects
    for _ in range(reach):
        referrers = set()
        for node in frontier:
            for quad in store.quads_for_pattern(None, None, node):
                if quad.subject not in nodes and (read is None or quad.predicate.value in read):
                    referrers.add(quad.subject)
        nodes |= referrers
        frontier = referrers
        if not frontier:
            break
    return nodes


def neighbourhood(store: ox.Store, focus: set, reach: int = REACH) -> ox.Store:
    """A store with what validating `focus` needs: the statements within `reach` steps of the
    focus nodes, those that point at them, and the ontology graph."""
    part = ox.Store()
    quads: set[ox.Quad] = set()
    seen = set(focus)
    frontier = set(focus)
    for _ in range(reach + 1):
        following = set()
        for node in frontier:
            for quad in store.quads_for_pattern(node, None, None):
                quads.add(quad)
                if not isinstance(quad.object, ox.Literal) and quad.object not in seen:
                    following.add(quad.object)
        seen |= following
        frontier = following
    for node in focus:
        quads.update(store.quads_for_pattern(None, None, node))
    quads.update(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    part.extend(quads)
    return part


class StoreUnreadable(Exception):
    """out/store/ does not open: the build goes on as a full one (it writes a new store)."""


def _open_copy(project: Project, target) -> ox.Store:
    """A copy of out/store/ at `target` to change (a RocksDB checkpoint: hard links to the
    store's immutable files, so it costs little); StoreUnreadable when out/store/ does not
    open."""
    try:
        ox.Store.read_only(str(project.store_dir)).backup(str(target))
        return ox.Store(str(target))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreUnreadable(" ".join(str(exc).split())[:300]) from None


def update(project: Project, cache: BuildCache, state: BuildState, chunks, files, stats, *, validate: bool, result: BuildResult, clock) -> None:
    """Bring out/store/ and out/htkg.nq up to date with the changed graphs (see the module).

    The changes go into a copy of out/store/, which replaces it only when everything went
    through, as in a full build: a build that fails or is killed leaves out/ as it was (or, if
    killed while the two are swapped, a state marked dirty that makes the next build full)."""
    result.mode = "incremental"
    previous = dict(state.chunks)
    changed = sorted(g for g in set(chunks) | set(previous) if previous.get(g) != (chunks[g][0] if g in chunks else None))
    if not changed and same_outputs(project, state):
        _summarise(files, chunks, result)
        result.revalidated = 0
        if validate and state.results is not None:
            try:
                store = ox.Store.read_only(str(project.store_dir))
            except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
                raise StoreUnreadable(" ".join(str(exc).split())[:300]) from None
            result.validation = _merged_report(project, state.results, [], set(), store)
            result.validation.raise_if_not_conforming()
        ensure_record(project, result)
        clock.phase("nothing changed")
        return
    clock.say(f"Updating {len(changed)} graph(s) in out/store/")
    tmp_store = project.store_dir.with_name(f".{project.store_dir.name}.new")
    shutil.rmtree(tmp_store, ignore_errors=True)
    tmp_nq = None
    try:
        store = _open_copy(project, tmp_store)
        old: dict[str, set[ox.Triple]] = {}
        new: dict[str, set[ox.Triple]] = {}
        # The derived graph is among them when what the changed files derive changed: its
        # chunk is already made from each file's part (htkg.compile.derive).
        for graph in changed:
            old[graph] = _triples_of(store, graph)
            name = ox.NamedNode(graph)
            if store.contains_named_graph(name):
                store.remove_graph(name)
            new[graph] = set()
            if graph in chunks:
                store.load(path=str(chunks[graph][1]), format=ox.RdfFormat.N_QUADS)
                new[graph] = _triples_of(store, graph)
        clock.phase("update the store")
        _summarise(files, chunks, result)
        if validate:
            clock.say("Validating what changed")
            changes: set[ox.Triple] = set()
            for graph in old:
                changes |= old[graph] ^ new[graph]
            report = _revalidate(project, store, state, changes, result)
            result.validation = report
            clock.phase("validate what changed")
            report.raise_if_not_conforming()
        else:
            result.revalidated = 0
        clock.say("Writing out/htkg.nq")
        tmp_nq, written = _write_dataset(chunks, project.dataset_path)
        store.flush()
        del store
        checkpoint("incremental-before-swap")
        # Marked dirty while the outputs are swapped: a build killed meanwhile makes the next
        # one full.
        cache.mark_store(state, "dirty")
        _swap_store(tmp_store, project.store_dir)
        checkpoint("incremental-swap")
        tmp_nq.replace(project.dataset_path)
        tmp_nq = None
        record_outputs(project, cache, state, chunks, stats, result, written)
    finally:
        if tmp_nq is not None:
            tmp_nq.unlink(missing_ok=True)
        shutil.rmtree(tmp_store, ignore_errors=True)
    clock.phase("write")


def same_outputs(project: Project, state: BuildState) -> bool:
    return project.dataset_path.exists() and stat_of(project.dataset_path) == state.dataset


def _revalidate(project: Project, store: ox.Store, state: BuildState, changes: set[ox.Triple], result: BuildResult):
    from .validate import load_shapes, validate_store

    shapes = load_shapes(project)
    focus = affected_nodes(store, changes, read=shape_properties(shapes))
    # A node has some eight statements on average: past a third of them, the neighbourhood
    # would be most of the store, and one pass over everything is quicker. (The count comes
    # from the chunks: counting an on-disk store reads all of it.)
    if len(focus) > _FULL_VALIDATION_SHARE * result.triples / 8:
        report = validate_store(store, project, shapes=shapes)
        result.revalidated = "all"
        return report
    part = neighbourhood(store, focus)
    named = {n for n in focus if isinstance(n, ox.NamedNode)}
    fresh = validate_store(part, project, shapes=shapes, focus_nodes=sorted(n.value for n in named)) if named else None
    result.revalidated = len(named)
    return _merged_report(project, state.results or [], fresh.results if fresh else [], {n.value for n in named}, store, fresh)


def _merged_report(project: Project, previous: list[dict], fresh: list, focus: set[str], store: ox.Store, report=None):
    """The previous results of the nodes not validated again, with the fresh ones, located."""
    from .validate import ValidationReport, ValidationResult, _store_holders, relocate

    kept = [ValidationResult(**r) for r in previous if r["focus_node"] not in focus]
    fresh = [r for r in fresh if r.focus_node in focus]
    results = relocate(kept + fresh, project, _store_holders(store))
    merged = ValidationReport(results=results, shapes=[project.relative(p) for p in project.shape_files()])
    merged.engine = report.engine if report is not None else "pyshacl-turbo"
    return merged
