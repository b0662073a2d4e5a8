"""What changed in the data between two releases, computed from their statements.

The data is cut into records: every IRI the project mints (under `id/`) that is not part of
another (`claim/x/anchor/quote` belongs to `claim/x`), with all the statements about it and its
parts in every graph but the derived one (which follows from the others). A record is a claim
(assessments included), a discrepancy, or an entity (actors, places, documents, instruments,
events, routes, periods, citations ...). Two releases are compared record by record: added,
removed, or changed (its statements differ). Named graphs are compared too, which the release
uses to check that each changed graph records the day it changed."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import GRAPH, HTKG, ID, OA

__all__ = ["Record", "Changes", "PreviousRelease", "records", "compare", "read_release", "KINDS"]

#: The kinds of record a changelog lists, in its order.
KINDS = ("claims", "entities", "discrepancies")
DERIVED_GRAPH = str(GRAPH["derived"])

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_CLAIM, _DISCREPANCY = str(HTKG.Claim), str(HTKG.Discrepancy)
_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title", "http://www.w3.org/2004/02/skos/core#prefLabel")
_EXACT = str(OA.exact)
_RECORD = re.compile(r"^(" + re.escape(str(ID)) + r"[^/#]+/[^/#]+)")


@dataclass(frozen=True)
class Record:
    iri: str
    kind: str  #: one of KINDS
    label: str
    statements: frozenset[str]


@dataclass
class Changes:
    """Added, changed and removed records of each kind (sorted by IRI), and per named graph its
    triple counts before and after and whether its statements changed."""

    added: dict[str, list[Record]] = field(default_factory=dict)
    changed: dict[str, list[Record]] = field(default_factory=dict)
    removed: dict[str, list[Record]] = field(default_factory=dict)
    graphs: dict[str, tuple[int, int]] = field(default_factory=dict)
    changed_graphs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: counts per kind, e.g. "claims: 2 added, 1 changed; entities: 1 added"."""
        parts = []
        for kind in KINDS:
            counts = [(len(self.added.get(kind, [])), "added"), (len(self.changed.get(kind, [])), "changed"),
                      (len(self.removed.get(kind, [])), "removed")]
            said = ", ".join(f"{n} {what}" for n, what in counts if n)
            if said:
                parts.append(f"{kind}: {said}")
        return "; ".join(parts) or "no claim, entity or discrepancy changed"

    @property
    def empty(self) -> bool:
        return not self.changed_graphs and not any(self.added.values()) and not any(self.changed.values()) and not any(self.removed.values())


def _root(iri: str) -> str | None:
    match = _RECORD.match(iri)
    return match.group(1) if match else None


def records(quads: list[ox.Quad]) -> dict[str, Record]:
    """The records of a dataset, by IRI."""
    statements: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    quotes: dict[str, str] = {}
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        root = _root(subject.value)
        if root is None:
            continue
        predicate = quad.predicate.value
        if predicate == _RDF_TYPE and subject.value == root and isinstance(quad.object, ox.NamedNode):
            types[root].add(quad.object.value)
        if isinstance(quad.object, ox.Literal):
            if subject.value == root and predicate in _LABELS:
                labels[root] = min(labels.get(root, quad.object.value), quad.object.value)
            elif predicate == _EXACT:
                quotes[root] = quad.object.value
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == DERIVED_GRAPH:
            continue
        statements[root].add(str(quad))
    found = {}
    for iri, said in statements.items():
        kind = "claims" if _CLAIM in types[iri] else "discrepancies" if _DISCREPANCY in types[iri] else "entities"
        found[iri] = Record(iri, kind, labels.get(iri) or quotes.get(iri, ""), frozenset(said))
    return found


def _graphs(quads: list[ox.Quad]) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = defaultdict(set)
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].add(str(quad.triple))
    return graphs


def compare(old: list[ox.Quad], new: list[ox.Quad]) -> Changes:
    """What changed from the dataset `old` to `new`."""
    before, after = records(old), records(new)
    changes = Changes()
    for kind in KINDS:
        changes.added[kind] = [after[i] for i in sorted(after.keys() - before.keys()) if after[i].kind == kind]
        changes.removed[kind] = [before[i] for i in sorted(before.keys() - after.keys()) if before[i].kind == kind]
        changes.changed[kind] = [after[i] for i in sorted(after.keys() & before.keys())
                                 if after[i].kind == kind and after[i].statements != before[i].statements]
    old_graphs, new_graphs = _graphs(old), _graphs(new)
    for graph in sorted(old_graphs.keys() | new_graphs.keys()):
        a, b = old_graphs.get(graph, set()), new_graphs.get(graph, set())
        changes.graphs[graph] = (len(a), len(b))
        if a != b:
            changes.changed_graphs.append(graph)
    return changes


@dataclass
class PreviousRelease:
    """An earlier release folder: its data version and date, its dataset, and what it said of
    its own changes (kept when the same version is written again)."""

    path: Path
    version: str
    modified: str | None
    quads: list[ox.Quad]
    changelog: bytes | None
    version_notes: str | None


def read_release(path: str | Path) -> PreviousRelease:
    """Read a release folder written by `htkg export --release`."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS

    from .describe import ADMS_NS, DATASET
    from .namespaces import DCAT

    path = Path(path)
    description, dataset = path / "description.ttl", path / "htkg.nq"
    if not description.is_file() or not dataset.is_file():
        raise InputError("not a release folder (no description.ttl and htkg.nq)", where=str(path),
                         hint="--previous names the folder of an earlier `htkg export --release`")
    try:
        graph = Graph().parse(description, format="turtle")
        quads = list(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read the earlier release: {exc}", where=str(path), hint="name an intact release folder") from None
    version = graph.value(DATASET, DCAT.version)
    if version is None:
        raise InputError("the earlier release's description gives no dcat:version", where=str(description),
                         hint="name a folder written by `htkg export --release`")
    modified = graph.value(DATASET, DCTERMS.modified)
    notes = graph.value(DATASET, URIRef(ADMS_NS + "versionNotes"))
    changelog = path / "CHANGES.md"
    return PreviousRelease(
        path=path,
        version=str(version),
        modified=str(modified)[:10] if modified is not None else None,
        quads=quads,
        changelog=changelog.read_bytes() if changelog.is_file() else None,
        version_notes=str(notes) if notes is not None else None,
    )
