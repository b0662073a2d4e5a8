"""Compile the curated evidence into the RDF dataset: one named graph per source document, one
for reference data, one for discrepancies, one for the ontology, and one for triples derived by
the library's `construct-*.rq` queries. Every quote is re-found at its offsets and expanded into
Web Annotation selectors; blank nodes get stable names; the output is byte-identical for the
same input."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from . import anchors
from .errors import AnchorError, InputError
from .namespaces import GENID, GRAPH, HTKG, OA
from .ontology import OntologySummary, check_ontology, parse_turtle
from .project import Project
from .rdfio import atomic_write, dataset_from_graphs, sorted_nquads

__all__ = [
    "EvidenceFile",
    "BuildResult",
    "evidence_files",
    "compile_file",
    "compile_dataset",
    "build",
    "graph_iri",
    "ONTOLOGY_GRAPH",
    "DERIVED_GRAPH",
]

ONTOLOGY_GRAPH = str(GRAPH["ontology"])
DERIVED_GRAPH = str(GRAPH["derived"])

#: Curation short form, expanded by the build into Web Annotation terms.
_SHORT_FORM = (HTKG.quote, HTKG.start, HTKG.end, HTKG.locator, HTKG.inFootnote)


@dataclass(frozen=True)
class EvidenceFile:
    """One curated file, the source text it quotes (if any) and the named graph it becomes."""

    path: Path
    graph: str
    source_text: Path | None
    metadata: Path | None

    @property
    def document(self) -> URIRef | None:
        """The source document the file's quotes come from."""
        from .namespaces import DOC

        return DOC[self.path.stem] if self.source_text else None


@dataclass
class BuildResult:
    """What a build made, for the summary `htkg build` prints and for tests."""

    ontology: OntologySummary
    graphs: dict[str, int] = field(default_factory=dict)
    class_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    claims_per_document: dict[str, int] = field(default_factory=dict)
    anchors_checked: int = 0
    discrepancies: list[tuple[str, str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    validation: object | None = None

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def graph_iri(stem: str) -> str:
    return str(GRAPH[stem])


def evidence_files(project: Project) -> list[EvidenceFile]:
    """The curated files under graph/, each paired with sources/<stem>.txt when it exists. A
    source text with no curated file yet still gets its graph (its metadata record alone), so a
    new document shows up as soon as it is added."""
    stems = {p.stem for p in project.graph_dir.glob("*.ttl")} | {p.stem for p in project.sources_dir.glob("*.txt")}
    files = []
    for stem in sorted(stems):
        text = project.sources_dir / f"{stem}.txt"
        meta = project.sources_dir / f"{stem}.ttl"
        files.append(
            EvidenceFile(
                path=project.graph_dir / f"{stem}.ttl",
                graph=graph_iri(stem),
                source_text=text if text.exists() else None,
                metadata=meta if meta.exists() else None,
            )
        )
    if not files:
        raise InputError("no curated evidence", where="graph/", hint="add graph/<document>.ttl (see graph/CURATING.md)")
    return files


# --------------------------------------------------------------------------- blank nodes


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "node"


def _signature(graph: Graph, node: BNode, seen: frozenset = frozenset()) -> str:
    """A content key for a blank node's description (recursively), independent of its label."""
    if node in seen:
        return "cycle"
    parts = []
    for p, o in graph.predicate_objects(node):
        value = _signature(graph, o, seen | {node}) if isinstance(o, BNode) else o.n3()
        parts.append(f"{p.n3()} {value}")
    return "[" + ";".join(sorted(parts)) + "]"


def skolemize(graph: Graph) -> Graph:
    """Name every blank node after the subject and property that hold it (`<claim>/quantity`,
    `<period>/hasBeginning`), numbering siblings in the order of their content, so that the same
    input always yields the same IRIs. A blank node with no single parent gets a content-hash
    IRI under /.well-known/genid/."""
    bnodes = {n for triple in graph for n in (triple[0], triple[2]) if isinstance(n, BNode)}
    if not bnodes:
        return graph
    parents: dict[BNode, list[tuple]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(o, BNode):
            parents[o].append((s, p))
    names: dict[BNode, URIRef] = {}

    def name(node: BNode, depth: int = 0) -> URIRef:
        if node in names:
            return names[node]
        holders = parents.get(node, [])
        if len(holders) != 1 or depth > 50:
            digest = hashlib.sha256(_signature(graph, node).encode("utf-8")).hexdigest()[:16]
            names[node] = GENID[digest]
            return names[node]
        (s, p), = holders
        parent = name(s, depth + 1) if isinstance(s, BNode) else s
        siblings = sorted(
            (o for o in graph.objects(s, p) if isinstance(o, BNode)),
            key=lambda b: _signature(graph, b),
        )
        base = f"{parent}/{_local(p)}"
        for index, sibling in enumerate(siblings, start=1):
            names[sibling] = URIRef(base if len(siblings) == 1 else f"{base}-{index}")
        return names[node]

    out = Graph()
    for s, p, o in graph:
        out.add((name(s) if isinstance(s, BNode) else s, p, name(o) if isinstance(o, BNode) else o))
    return out


# --------------------------------------------------------------------------- text anchors


def _int(graph: Graph, subject, prop) -> int | None:
    value = graph.value(subject, prop)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def expand_anchors(graph: Graph, evidence: EvidenceFile, project: Project) -> int:
    """Check every short-form quote against the source text and replace it by an
    oa:SpecificResource with a TextQuoteSelector (exact, prefix, suffix) and a
    TextPositionSelector (Web Annotation Data Model, sections 3.2 and 4.2). Returns how many
    anchors were checked; raises AnchorError naming every quote that is not at its offsets."""
    subjects = sorted(set(graph.subjects(HTKG.quote, None)), key=str)
    where = project.relative(evidence.path)
    if not subjects:
        return 0
    if evidence.source_text is None:
        raise AnchorError(
            f"{_local(subjects[0])} has a quote, but no source text sources/{evidence.path.stem}.txt exists",
            where=where,
            hint="quotes belong in the file of the document they come from",
        )
    text = evidence.source_text.read_text(encoding="utf-8")
    document = evidence.document
    problems = []
    for subject in subjects:
        quotes = list(graph.objects(subject, HTKG.quote))
        start, end = _int(graph, subject, HTKG.start), _int(graph, subject, HTKG.end)
        quote = str(quotes[0])
        label = _local(subject)
        if len(quotes) != 1:
            problems.append(f"{label}: {len(quotes)} quotes; a claim has exactly one (make one claim per quote)")
            continue
        if start is None or end is None:
            at = anchors.find_all(text, quote)
            hint = f" (the quote stands at {at[0].start}–{at[0].end})" if len(at) == 1 else ""
            problems.append(f"{label}: htkg:start and htkg:end are required{hint}")
            continue
        if text[start:end] != quote:
            near = anchors.nearest_match(text, quote, near=start)
            if near is not None and near.text == quote:
                problems.append(
                    f"{label}: the quote is not at {start}–{end}; it stands at {near.start}–{near.end} (moved?)"
                )
            elif near is not None:
                problems.append(
                    f"{label}: the quote is not in the text; nearest match at {near.start}–{near.end}: {near.text!r}"
                )
            else:
                problems.append(f"{label}: the quote is not in the text and nothing like it is")
            continue
        locator = graph.value(subject, HTKG.locator)
        footnote = graph.value(subject, HTKG.inFootnote)
        for prop in _SHORT_FORM:
            graph.remove((subject, prop, None))
        anchor = URIRef(f"{subject}/anchor")
        quote_selector = URIRef(f"{anchor}/quote")
        position_selector = URIRef(f"{anchor}/position")
        prefix, suffix = anchors.context(text, start, end)
        graph.add((subject, HTKG.textAnchor, anchor))
        graph.add((subject, DCTERMS.source, document))
        graph.add((anchor, RDF.type, OA.SpecificResource))
        graph.add((anchor, OA.hasSource, document))
        graph.add((anchor, OA.hasSelector, quote_selector))
        graph.add((anchor, OA.hasSelector, position_selector))
        if locator is not None:
            graph.add((anchor, HTKG.locator, locator))
        if footnote is not None:
            graph.add((anchor, HTKG.inFootnote, footnote))
        graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
        graph.add((quote_selector, OA.exact, Literal(quote)))
        graph.add((quote_selector, OA.prefix, Literal(prefix)))
        graph.add((quote_selector, OA.suffix, Literal(suffix)))
        graph.add((position_selector, RDF.type, OA.TextPositionSelector))
        graph.add((position_selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        graph.add((position_selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    if problems:
        raise AnchorError(
            f"{len(problems)} quote(s) not found at their offsets:\n  " + "\n  ".join(problems),
            where=where,
            hint=f"fix the offsets (`htkg anchor sources/{evidence.path.stem}.txt \"<quote>\"` prints them) or the quote",
        )
    return len(subjects)


# --------------------------------------------------------------------------- compile


def compile_file(evidence: EvidenceFile, project: Project) -> tuple[Graph, int]:
    """Parse one curated file (and its source's metadata record), name its blank nodes and
    expand its quotes. Returns the graph and the number of anchors checked."""
    graph = Graph()
    if evidence.path.exists():
        parse_turtle(evidence.path, project, graph)
    if evidence.metadata is not None:
        parse_turtle(evidence.metadata, project, graph)
    graph = skolemize(graph)
    checked = expand_anchors(graph, evidence, project)
    return graph, checked


def _check_unique_definitions(compiled: dict[EvidenceFile, Graph], project: Project) -> None:
    """A claim, citation or discrepancy is defined in one file only: the same IRI typed in two
    files is almost always a copy-paste slip that would silently merge two records."""
    owners: dict[URIRef, list[str]] = defaultdict(list)
    for evidence, graph in compiled.items():
        name = project.relative(evidence.path)
        for cls in (HTKG.Claim, HTKG.Assessment, HTKG.Citation, HTKG.Discrepancy):
            for subject in set(graph.subjects(RDF.type, cls)):
                if name not in owners[subject]:
                    owners[subject].append(name)
    clashes = [f"{_local(s)} in {', '.join(files)}" for s, files in sorted(owners.items()) if len(files) > 1]
    if clashes:
        raise InputError(
            "records defined in more than one file:\n  " + "\n  ".join(clashes),
            where="graph/",
            hint="give each record its own IRI (claims start with their document's short name)",
        )


def derive(dataset: Dataset, project: Project) -> Graph:
    """Run the library's `construct-*.rq` queries over the union of the graphs; their results
    form the derived graph (plain subject-predicate-object triples for everyday queries)."""
    from .store import OxigraphStore

    files = sorted(project.queries_dir.glob("construct-*.rq"))
    derived = Graph()
    if not files:
        return derived
    store = OxigraphStore.from_rdflib(dataset)
    for path in files:
        for triple in store.construct(path.read_text(encoding="utf-8"), where=project.relative(path)):
            derived.add(triple)
    return derived


def compile_dataset(project: Project) -> tuple[Dataset, BuildResult]:
    """Compile every curated file and the ontology into one Dataset (not yet validated)."""
    ontology, summary = check_ontology(project)
    result = BuildResult(ontology=summary)
    compiled: dict[EvidenceFile, Graph] = {}
    for evidence in evidence_files(project):
        graph, checked = compile_file(evidence, project)
        compiled[evidence] = graph
        result.anchors_checked += checked
    _check_unique_definitions(compiled, project)
    graphs = {evidence.graph: graph for evidence, graph in compiled.items()}
    graphs[ONTOLOGY_GRAPH] = ontology
    dataset = dataset_from_graphs(graphs)
    derived = derive(dataset, project)
    if len(derived):
        target = dataset.graph(URIRef(DERIVED_GRAPH))
        for triple in derived:
            target.add(triple)
    _summarise(dataset, compiled, result)
    return dataset, result


def _summarise(dataset: Dataset, compiled: dict[EvidenceFile, Graph], result: BuildResult) -> None:
    from rdflib.namespace import RDFS

    for context in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(context) and str(context.identifier) != "urn:x-rdflib:default":
            result.graphs[str(context.identifier)] = len(context)
    for evidence, graph in compiled.items():
        counts = Counter()
        for s, o in graph.subject_objects(RDF.type):
            if str(o).startswith(str(HTKG)):
                counts[_local(o)] += 1
        result.class_counts[evidence.path.stem] = dict(sorted(counts.items()))
        if evidence.document is not None:
            result.claims_per_document[evidence.path.stem] = counts.get("Claim", 0) + counts.get("Assessment", 0)
        for disc in sorted(set(graph.subjects(RDF.type, HTKG.Discrepancy)), key=str):
            kind = graph.value(disc, HTKG.discrepancyKind)
            label = graph.value(disc, RDFS.label)
            result.discrepancies.append((_local(disc), _local(kind) if kind else "", str(label or "")))


def build(project: Project, *, validate: bool = True, write: bool = True) -> BuildResult:
    """The main job: compile, validate against shapes/ (when there are shapes), and write the
    dataset to out/ (sorted N-Quads and readable TriG). Nothing is written if any step fails."""
    dataset, result = compile_dataset(project)
    if validate and project.shape_files():
        from .validate import validate_dataset

        report = validate_dataset(dataset, project)
        result.validation = report
        report.raise_if_not_conforming()
    if write:
        nquads = sorted_nquads(dataset)
        from .serialize import serialize_dataset

        trig = serialize_dataset(dataset, "trig", header="# Generated by `htkg build`; do not edit.\n")
        result.outputs.append(project.relative(atomic_write(project.dataset_path, nquads)))
        result.outputs.append(project.relative(atomic_write(project.out_dir / "htkg.trig", trig)))
    return result
