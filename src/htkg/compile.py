"""Compile one curated file into the triples of its named graph, on pyoxigraph terms: parse the
Turtle (and the source's metadata record), name every blank node after what holds it, re-find
every quote at its offsets in the source text and expand it into Web Annotation selectors.

A file compiles on its own, from its own bytes and its source text alone, so the build can keep
each compiled file and redo only the files that changed (htkg.buildcache)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import anchors, dating, direct
from .errors import AnchorError, InputError
from .namespaces import DECLARED_NAMESPACES, DOC, GENID, GRAPH, HTKG, OA, SESAME
from .project import Project

__all__ = [
    "EvidenceFile",
    "CompiledFile",
    "evidence_files",
    "graph_iri",
    "parse_turtle_file",
    "skolemize",
    "expand_anchors",
    "compile_file",
    "local_name",
    "derive_file",
    "derive",
    "construct_files",
    "construct_queries",
    "Derivation",
    "derivation",
    "entail",
    "direct_types",
    "UNIQUE_CLASSES",
]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_RDFS_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_RDFS_SUBPROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
_DIRECT_TYPE = ox.NamedNode(str(SESAME.directType))
_DCT_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
_XSD_NNI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def _n(ns, local: str) -> ox.NamedNode:
    return ox.NamedNode(str(ns[local]))


_TEXT_ANCHOR, _HAS_SOURCE, _HAS_SELECTOR = _n(HTKG, "textAnchor"), _n(OA, "hasSource"), _n(OA, "hasSelector")
_SPECIFIC_RESOURCE, _EXACT, _PREFIX, _SUFFIX = _n(OA, "SpecificResource"), _n(OA, "exact"), _n(OA, "prefix"), _n(OA, "suffix")
_QUOTE_SELECTOR, _POSITION_SELECTOR = _n(OA, "TextQuoteSelector"), _n(OA, "TextPositionSelector")
_OA_START, _OA_END = _n(OA, "start"), _n(OA, "end")
_QUOTE, _START, _END = _n(HTKG, "quote"), _n(HTKG, "start"), _n(HTKG, "end")
_LOCATOR, _IN_FOOTNOTE = _n(HTKG, "locator"), _n(HTKG, "inFootnote")
#: Curation short form, expanded by the build into Web Annotation terms.
_SHORT_FORM = frozenset({_QUOTE, _START, _END, _LOCATOR, _IN_FOOTNOTE})
#: Records that one file alone may define (the same IRI typed in two files is a copy-paste slip).
UNIQUE_CLASSES = tuple(_n(HTKG, c) for c in ("Claim", "Assessment", "Citation", "Discrepancy"))
_DISCREPANCY, _DISCREPANCY_KIND = _n(HTKG, "Discrepancy"), _n(HTKG, "discrepancyKind")
_HTKG = str(HTKG)


def graph_iri(stem: str) -> str:
    return str(GRAPH[stem])


def local_name(iri) -> str:
    text = iri.value if isinstance(iri, ox.NamedNode) else str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "node"


@dataclass(frozen=True)
class EvidenceFile:
    """One curated file, the source text it quotes (if any) and the named graph it becomes."""

    path: Path
    graph: str
    source_text: Path | None
    metadata: Path | None

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def document(self) -> str | None:
        """The IRI of the source document the file's quotes come from."""
        return str(DOC[self.path.stem]) if self.source_text else None

    def inputs(self) -> list[Path]:
        """The files the compiled graph depends on (all of them, and nothing else)."""
        return [p for p in (self.path, self.metadata, self.source_text) if p is not None and p.exists()]


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


@dataclass
class CompiledFile:
    """What one curated file compiles to: the triples of its graph and what the build reports."""

    stem: str
    graph: str
    triples: list[ox.Triple]
    #: What the build derives from this file's statements (`derive`): its part of the derived graph.
    derived: list[ox.Triple] = field(default_factory=list)
    anchors: int = 0
    class_counts: dict[str, int] = field(default_factory=dict)
    #: IRIs of the claims, assessments, citations and discrepancies the file defines.
    records: list[str] = field(default_factory=list)
    #: (name, kind, label) of each discrepancy the file records.
    discrepancies: list[tuple[str, str, str]] = field(default_factory=list)
    is_document: bool = False
    #: The ontology's and concept schemes' IRIs the file uses (checked against the ontology).
    terms: list[str] = field(default_factory=list)

    def info(self) -> dict:
        """Everything but the triples, for the build cache."""
        return {
            "stem": self.stem,
            "graph": self.graph,
            "anchors": self.anchors,
            "class_counts": self.class_counts,
            "records": self.records,
            "discrepancies": [list(d) for d in self.discrepancies],
            "is_document": self.is_document,
            "terms": self.terms,
        }

    @property
    def claims(self) -> int:
        return self.class_counts.get("Claim", 0) + self.class_counts.get("Assessment", 0)


# --------------------------------------------------------------------------- parsing


def parse_turtle_file(path: Path, project: Project | None = None) -> list[ox.Triple]:
    """The triples of one Turtle file (pyoxigraph's parser); a syntax error becomes an
    InputError naming the file and line."""
    name = project.relative(path) if project else Path(path).name
    try:
        data = Path(path).read_bytes()
        return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)]
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        message = " ".join(str(exc.msg if hasattr(exc, "msg") else exc).split())
        raise InputError(
            f"cannot parse Turtle: {message}",
            where=f"{name}:{line}" if line else name,
            hint="fix the syntax at the line named above (a missing ' .' or ';' is the usual cause)",
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot read Turtle: {exc}", where=name, hint="save the file as UTF-8 Turtle") from None


# --------------------------------------------------------------------------- blank nodes


def _signature(by_subject: dict, node: ox.BlankNode, seen: frozenset = frozenset()) -> str:
    """A content key for a blank node's description (recursively), independent of its label."""
    if node in seen:
        return "cycle"
    parts = []
    for p, o in by_subject.get(node, ()):
        value = _signature(by_subject, o, seen | {node}) if isinstance(o, ox.BlankNode) else str(o)
        parts.append(f"{p} {value}")
    return "[" + ";".join(sorted(parts)) + "]"


def skolemize(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Name every blank node after the subject and property that hold it (`<claim>/quantity`,
    `<period>/hasBeginning`), numbering siblings in the order of their content, so that the same
    input always yields the same IRIs. A blank node with no single parent gets a content-hash
    IRI under /.well-known/genid/."""
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return triples
    by_subject: dict = defaultdict(list)
    parents: dict = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append((t.predicate, t.object))
        if isinstance(t.object, ox.BlankNode):
            parents[t.object].append((t.subject, t.predicate))
    names: dict[ox.BlankNode, ox.NamedNode] = {}

    def name(node: ox.BlankNode, depth: int = 0) -> ox.NamedNode:
        if node in names:
            return names[node]
        holders = parents.get(node, [])
        if len(holders) != 1 or depth > 50:
            digest = hashlib.sha256(_signature(by_subject, node).encode("utf-8")).hexdigest()[:16]
            names[node] = ox.NamedNode(str(GENID[digest]))
            return names[node]
        (s, p), = holders
        parent = name(s, depth + 1) if isinstance(s, ox.BlankNode) else s
        siblings = sorted(
            (o for pp, o in by_subject[s] if pp == p and isinstance(o, ox.BlankNode)),
            key=lambda b: _signature(by_subject, b),
        )
        base = f"{parent.value}/{local_name(p)}"
        for index, sibling in enumerate(siblings, start=1):
            names[sibling] = ox.NamedNode(base if len(siblings) == 1 else f"{base}-{index}")
        return names[node]

    out = []
    for t in triples:
        s, o = t.subject, t.object
        if isinstance(s, ox.BlankNode):
            s = name(s)
        if isinstance(o, ox.BlankNode):
            o = name(o)
        out.append(ox.Triple(s, t.predicate, o) if (s is not t.subject or o is not t.object) else t)
    return out


# --------------------------------------------------------------------------- text anchors


def _int(values: list) -> int | None:
    if len(values) != 1 or not isinstance(values[0], ox.Literal):
        return None
    try:
        return int(values[0].value)
    except ValueError:
        return None


def expand_anchors(triples: list[ox.Triple], evidence: EvidenceFile, project: Project) -> tuple[list[ox.Triple], int]:
    """Check every short-form quote against the source text and replace it by an
    oa:SpecificResource with a TextQuoteSelector (exact, prefix, suffix) and a
    TextPositionSelector (Web Annotation Data Model, sections 3.2 and 4.2). Returns the new
    triples and how many anchors were checked; raises AnchorError naming every quote that is
    not at its offsets."""
    short: dict = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if t.predicate in _SHORT_FORM:
            short[t.subject][t.predicate].append(t.object)
    subjects = sorted((s for s, props in short.items() if props.get(_QUOTE)), key=str)
    if not subjects:
        return triples, 0
    where = project.relative(evidence.path)
    if evidence.source_text is None:
        raise AnchorError(
            f"{local_name(subjects[0])} has a quote, but no source text sources/{evidence.stem}.txt exists",
            where=where,
            hint="quotes belong in the file of the document they come from",
        )
    text = evidence.source_text.read_text(encoding="utf-8")
    document = ox.NamedNode(evidence.document)
    problems: list[str] = []
    added: list[ox.Triple] = []
    for subject in subjects:
        props = short[subject]
        quotes = props[_QUOTE]
        start, end = _int(props.get(_START, [])), _int(props.get(_END, []))
        quote = quotes[0].value
        label = local_name(subject)
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
                problems.append(f"{label}: the quote is not at {start}–{end}; it stands at {near.start}–{near.end} (moved?)")
            elif near is not None:
                problems.append(f"{label}: the quote is not in the text; nearest match at {near.start}–{near.end}: {near.text!r}")
            else:
                problems.append(f"{label}: the quote is not in the text and nothing like it is")
            continue
        anchor = ox.NamedNode(f"{subject.value}/anchor")
        quote_selector = ox.NamedNode(f"{anchor.value}/quote")
        position_selector = ox.NamedNode(f"{anchor.value}/position")
        prefix, suffix = anchors.context(text, start, end)
        added += [
            ox.Triple(subject, _TEXT_ANCHOR, anchor),
            ox.Triple(subject, _DCT_SOURCE, document),
            ox.Triple(anchor, _RDF_TYPE, _SPECIFIC_RESOURCE),
            ox.Triple(anchor, _HAS_SOURCE, document),
            ox.Triple(anchor, _HAS_SELECTOR, quote_selector),
            ox.Triple(anchor, _HAS_SELECTOR, position_selector),
        ]
        for prop in (_LOCATOR, _IN_FOOTNOTE):
            for value in props.get(prop, [])[:1]:
                added.append(ox.Triple(anchor, prop, value))
        added += [
            ox.Triple(quote_selector, _RDF_TYPE, _QUOTE_SELECTOR),
            ox.Triple(quote_selector, _EXACT, ox.Literal(quote)),
            ox.Triple(quote_selector, _PREFIX, ox.Literal(prefix)),
            ox.Triple(quote_selector, _SUFFIX, ox.Literal(suffix)),
            ox.Triple(position_selector, _RDF_TYPE, _POSITION_SELECTOR),
            ox.Triple(position_selector, _OA_START, ox.Literal(str(start), datatype=_XSD_NNI)),
            ox.Triple(position_selector, _OA_END, ox.Literal(str(end), datatype=_XSD_NNI)),
        ]
    if problems:
        raise AnchorError(
            f"{len(problems)} quote(s) not found at their offsets:\n  " + "\n  ".join(problems),
            where=where,
            hint=f"fix the offsets (`htkg anchor sources/{evidence.stem}.txt \"<quote>\"` prints them) or the quote",
        )
    anchored = set(subjects)
    kept = [t for t in triples if not (t.predicate in _SHORT_FORM and t.subject in anchored)]
    return kept + added, len(subjects)


# --------------------------------------------------------------------------- derivation


def construct_files(project: Project) -> list[Path]:
    """The library's derivation queries, `queries/construct-*.rq`."""
    return sorted(project.queries_dir.glob("construct-*.rq"))


def construct_queries(project: Project) -> list[tuple[str, str]]:
    """(repository path, text) of the library's derivation queries."""
    return [(project.relative(p), p.read_text(encoding="utf-8")) for p in construct_files(project)]


@dataclass
class Derivation:
    """What the build derives from every file, and so what a compiled file depends on besides its
    own inputs: the library's construct-*.rq queries, and the closure of the ontology's
    rdfs:subClassOf, rdfs:subPropertyOf and owl:equivalent* axioms among the project's own terms
    (the superclasses and superproperties of each htkg: class and property)."""

    queries: list[tuple[str, str]] = field(default_factory=list)
    superclasses: dict[str, list[str]] = field(default_factory=dict)
    superproperties: dict[str, list[str]] = field(default_factory=dict)

    def axioms(self) -> list[ox.Triple]:
        """The closure itself, as statements (RDFS rules 5 and 11): each class a subclass of all
        its superclasses, each property a subproperty of all its superproperties. One step of
        rdfs:subClassOf then reaches every superclass, and queries need no property path."""
        return sorted(
            (
                triple
                for link, closure in ((_RDFS_SUBCLASS, self.superclasses), (_RDFS_SUBPROPERTY, self.superproperties))
                for term, parents in closure.items()
                for parent in parents
                if (triple := ox.Triple(ox.NamedNode(term), link, ox.NamedNode(parent))) not in self.stated
            ),
            key=str,
        )

    #: The ontology's own subclass and subproperty statements, which axioms() leaves out: the
    #: ontology graph states them already, and a triple is in one graph only.
    stated: frozenset = frozenset()

    @property
    def salt(self) -> str:
        """A digest of all of it, part of each compiled file's cache key."""
        text = json.dumps([self.queries, self.superclasses, self.superproperties, dating.VERSION], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derivation(project: Project, ontology=None) -> Derivation:
    """The project's derivation: its construct queries and its ontology's (an rdflib Graph, read
    from ontology/ when not given) subclass and subproperty closure."""
    from rdflib import OWL, RDFS, URIRef

    if ontology is None:
        from .ontology import load_ontology

        ontology = load_ontology(project)

    def closure(narrower, equivalent) -> dict[str, list[str]]:
        up: dict[str, set[str]] = defaultdict(set)
        for s, o in ontology.subject_objects(narrower):
            up[s].add(o)
        for s, o in ontology.subject_objects(equivalent):
            up[s].add(o)
            up[o].add(s)
        result = {}
        for term in sorted(t for t in up if isinstance(t, URIRef) and t.startswith(_HTKG)):
            seen, todo = set(), [term]
            while todo:
                for parent in up.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = sorted(str(t) for t in seen if isinstance(t, URIRef) and t.startswith(_HTKG) and t != term)
            if found:
                result[str(term)] = found
        return result

    stated = frozenset(
        ox.Triple(ox.NamedNode(str(s)), ox.NamedNode(str(link)), ox.NamedNode(str(o)))
        for link in (RDFS.subClassOf, RDFS.subPropertyOf)
        for s, o in ontology.subject_objects(link)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    )
    return Derivation(
        queries=construct_queries(project),
        superclasses=closure(RDFS.subClassOf, OWL.equivalentClass),
        superproperties=closure(RDFS.subPropertyOf, OWL.equivalentProperty),
        stated=stated,
    )


def derive_file(triples: list[ox.Triple], queries: list[tuple[str, str]]) -> list[ox.Triple]:
    """Run the construct queries over one file's statements. A document's claims, with their
    predicate, object and subject, are written in that document's file (graph/CURATING.md), so
    what is derived from each file on its own is what would be derived from all of them
    together; and a change to one file re-derives that file only."""
    if not queries:
        return []
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    derived: set[ox.Triple] = set()
    for where, text in queries:
        try:
            answer = store.query(text)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}", where=where, hint="fix the query") from None
        if not isinstance(answer, ox.QueryTriples):
            raise InputError("a construct-*.rq query must be a CONSTRUCT query", where=where, hint="rename it, or make it CONSTRUCT")
        derived.update(answer)
    return sorted(derived, key=str)


def entail(triples, rules: Derivation) -> set[ox.Triple]:
    """What the ontology entails for these statements within the project's own terms: a node of
    a class is also of that class's superclasses (RDFS rule 9), and a statement through a
    property holds through its superproperties (rule 7). So `?x a htkg:Actor` finds ministries
    and NGOs, and `?event htkg:participant ?actor` finds organisers, attendees and every other
    role, without a property path (which some SPARQL servers answer wrongly across named graphs);
    the role as stated stays with its own property. Statements already among `triples` are left
    out."""
    classes = rules.superclasses
    properties = {ox.NamedNode(p): [ox.NamedNode(q) for q in parents] for p, parents in rules.superproperties.items()}
    entailed: set[ox.Triple] = set()
    for t in triples:
        if t.predicate == _RDF_TYPE:
            if isinstance(t.object, ox.NamedNode):
                entailed.update(ox.Triple(t.subject, _RDF_TYPE, ox.NamedNode(c)) for c in classes.get(t.object.value, ()))
        elif t.predicate in properties:
            entailed.update(ox.Triple(t.subject, parent, t.object) for parent in properties[t.predicate])
    return entailed.difference(triples)


def direct_types(triples, rules: Derivation) -> set[ox.Triple]:
    """`sesame:directType` (as RDF4J and GraphDB infer it) for each node these statements type
    with a project class: the stated classes that are not a superclass of another stated one.
    With the superclasses entailed, `?x a htkg:Event ; sesame:directType ?kind` gives an event's
    kind in two lookups, where a test that no narrower type is stated costs one per row. Taken
    per file: a node typed in two files has the direct types of each."""
    stated: dict = defaultdict(set)
    for t in triples:
        if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(_HTKG):
            stated[t.subject].add(t.object.value)
    out: set[ox.Triple] = set()
    for node, classes in stated.items():
        broader = {parent for c in classes for parent in rules.superclasses.get(c, ())}
        out.update(ox.Triple(node, _DIRECT_TYPE, ox.NamedNode(c)) for c in classes - broader)
    return out


def derive(triples: list[ox.Triple], rules: Derivation) -> list[ox.Triple]:
    """Everything the build derives from one file's statements (its part of the derived graph):
    what the construct queries give, what the ontology entails of both (superclass types,
    statements through superproperties), the nodes' direct types, the one representation of
    time (htkg.dating) and each record's quote (htkg.direct). A statement the file itself makes is not stated again: a triple is in
    one graph only, so a pattern over the union of the graphs finds it once."""
    stated = set(triples)
    derived = set(derive_file(triples, rules.queries))
    derived |= entail(stated | derived, rules) | direct_types(triples, rules)
    by_predicate: dict = defaultdict(list)
    for t in triples:
        by_predicate[t.predicate].append(t)

    def reading(predicates) -> list[ox.Triple]:
        return [t for p in predicates for t in by_predicate.get(p, ())]

    derived |= dating.derive_time(reading(dating.READ), rules.superclasses) | direct.derive_quotes(reading(direct.READ))
    return sorted(derived - stated, key=str)


# --------------------------------------------------------------------------- one file


def compile_file(evidence: EvidenceFile, project: Project, rules: Derivation | None = None) -> CompiledFile:
    """Parse one curated file (and its source's metadata record), name its blank nodes, expand
    its quotes, derive from it what the construct queries and the ontology's subclass axioms
    give (default: the project's, see `derivation`), and note what the build reports about it."""
    triples: list[ox.Triple] = []
    if evidence.path.exists():
        triples += parse_turtle_file(evidence.path, project)
    if evidence.metadata is not None:
        # Blank nodes of two files are distinct even when their labels are the same.
        triples += parse_turtle_file(evidence.metadata, project)
    terms = _project_terms(triples)
    triples = skolemize(list(dict.fromkeys(triples)))
    triples, checked = expand_anchors(triples, evidence, project)
    triples = sorted(set(triples), key=str)
    counts: Counter = Counter()
    records: set[str] = set()
    discrepancies = []
    values: dict = defaultdict(dict)
    for t in triples:
        if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(_HTKG):
            counts[local_name(t.object)] += 1
            if t.object in UNIQUE_CLASSES:
                records.add(t.subject.value)
        elif t.predicate in (_DISCREPANCY_KIND, _RDFS_LABEL):
            values[t.subject].setdefault(t.predicate, t.object)
    for t in triples:
        if t.predicate == _RDF_TYPE and t.object == _DISCREPANCY:
            kind = values[t.subject].get(_DISCREPANCY_KIND)
            label = values[t.subject].get(_RDFS_LABEL)
            discrepancies.append((local_name(t.subject), local_name(kind) if kind else "", label.value if label else ""))
    rules = rules if rules is not None else derivation(project)
    derived = derive(triples, rules)
    return CompiledFile(
        stem=evidence.stem,
        graph=evidence.graph,
        triples=triples,
        derived=derived,
        anchors=checked,
        class_counts=dict(sorted(counts.items())),
        records=sorted(records),
        discrepancies=sorted(discrepancies),
        is_document=evidence.source_text is not None,
        terms=terms,
    )


def _project_terms(triples: list[ox.Triple]) -> list[str]:
    """The distinct htkg: and cpt: IRIs the curated statements use (before the build adds its
    own), for the check that the ontology declares every one."""
    found = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                if term.value.startswith(DECLARED_NAMESPACES):
                    found.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype.value.startswith(DECLARED_NAMESPACES):
                found.add(term.datatype.value)
    return sorted(found)
