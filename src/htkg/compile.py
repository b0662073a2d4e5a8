"""Compile one curated file into the triples of its named graph, on pyoxigraph terms: parse the
Turtle (and the source's metadata record), name every blank node after what holds it, re-find
every quote at its offsets in the source text and expand it into Web Annotation selectors.

A file compiles on its own, from its own bytes and its source text alone (and what the ontology
says, see `Derivation`), so the build can keep each compiled file and redo only the files that
changed (htkg.buildcache).

The text around each quote (oa:prefix, oa:suffix) is kept only for a document whose rights allow
its text to be passed on (htkg.rights): of any other, the graph carries the quotation alone."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import anchors, annotations, dating, direct, figures, structure
from .errors import AnchorError, InputError, SourceMismatch, UndeclaredTerm
from .namespaces import BASE, DECLARED_NAMESPACES, DOC, GENID, GRAPH, HTKG, OA, PREFIXES, SESAME
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
    "check_namespaces",
    "check_checksum",
    "check_labels",
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
_DCT_ACCESS_RIGHTS = ox.NamedNode("http://purl.org/dc/terms/accessRights")
_SHA256, _TEXT_FILE = ox.NamedNode(str(HTKG.sha256)), ox.NamedNode(str(HTKG.textFile))
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
UNIQUE_CLASSES = tuple(_n(HTKG, c) for c in ("Claim", "Assessment", "RecommendationClaim", "Citation", "Discrepancy"))
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
    #: [IRI, language, label] of every rdfs:label the file gives (checked across files).
    labels: list[list[str]] = field(default_factory=list)
    #: What each figure claim gives (htkg.figures.facts), paired across files at the merge.
    figures: list[list[str]] = field(default_factory=list)

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
            "labels": self.labels,
            "figures": self.figures,
        }

    @property
    def claims(self) -> int:
        return sum(self.class_counts.get(kind, 0) for kind in ("Claim", "Assessment", "RecommendationClaim"))


# --------------------------------------------------------------------------- parsing


def parse_turtle_file(path: Path, project: Project | None = None) -> list[ox.Triple]:
    """The triples of one Turtle file (pyoxigraph's parser); a syntax error becomes an
    InputError naming the file and line."""
    name = project.relative(path) if project else Path(path).name
    try:
        data = Path(path).read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            raise InputError(
                "the file starts with a UTF-8 byte order mark (BOM, the bytes EF BB BF), which Turtle does not allow",
                where=f"{name}:1",
                hint="save the file as UTF-8 without a BOM (the editor's encoding 'UTF-8', not 'UTF-8 with BOM')",
            )
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


#: Past this length, a blank node's content key is its hash, so that the keys of deeply nested
#: blank nodes (a long RDF list) stay short.
_SIGNATURE_INLINE = 2000


def _signature(by_subject: dict, node: ox.BlankNode, memo: dict | None = None) -> str:
    """A content key for a blank node's description (with those of the blank nodes it holds),
    independent of its label. Worked out with a stack of its own, not by recursion, so that
    blank nodes nested thousands deep (a long list) are no problem; `memo` keeps the keys
    already made. A blank node met again within its own description counts as "cycle"."""
    memo = {} if memo is None else memo
    if node in memo:
        return memo[node]
    stack = [(node, iter(by_subject.get(node, ())), [])]
    on_path = {node}
    while stack:
        current, pending, parts = stack[-1]
        descended = False
        for p, o in pending:
            if not isinstance(o, ox.BlankNode):
                parts.append(f"{p} {o}")
            elif o in on_path:
                parts.append(f"{p} cycle")
            elif o in memo:
                parts.append(f"{p} {memo[o]}")
            else:
                stack.append((o, iter(by_subject.get(o, ())), []))
                on_path.add(o)
                parts.append((p, o))
                descended = True
                break
        if descended:
            continue
        stack.pop()
        on_path.discard(current)
        text = "[" + ";".join(sorted(x if isinstance(x, str) else f"{x[0]} {memo[x[1]]}" for x in parts)) + "]"
        if len(text) > _SIGNATURE_INLINE:
            text = "#" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        memo[current] = text
    return memo[node]


#: A blank node nested deeper than this below an IRI is named by its content (its name after its
#: parents would grow with the depth, and a long list would make names of megabytes).
_MAX_PATH_DEPTH = 50


def skolemize(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Name every blank node after the subject and property that hold it (`<claim>/quantity`,
    `<period>/hasBeginning`), numbering siblings in the order of their content, so that the same
    input always yields the same IRIs. A blank node with no single parent, or nested more than
    _MAX_PATH_DEPTH deep, gets a content-hash IRI under /.well-known/genid/."""
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return triples
    by_subject: dict = defaultdict(list)
    parents: dict = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append((t.predicate, t.object))
        if isinstance(t.object, ox.BlankNode):
            parents[t.object].append((t.subject, t.predicate))
    names: dict[ox.BlankNode, ox.NamedNode] = {}
    #: How many blank nodes lie between a named blank node and the IRI its name starts with.
    depths: dict[ox.BlankNode, int] = {}
    keys: dict = {}

    def by_content(node: ox.BlankNode) -> None:
        digest = hashlib.sha256(_signature(by_subject, node, keys).encode("utf-8")).hexdigest()[:16]
        names[node], depths[node] = ox.NamedNode(str(GENID[digest])), 0

    def name(node: ox.BlankNode) -> ox.NamedNode:
        # Up the chain of single parents to a node already named or held by an IRI (a loop, or
        # more than one parent, is named by content); then down again, naming each after its
        # parent. No recursion: blank nodes may nest thousands deep.
        chain: list[ox.BlankNode] = []
        current = node
        while current not in names:
            holders = parents.get(current, [])
            if len(holders) != 1 or current in chain:
                by_content(current)
                break
            chain.append(current)
            holder = holders[0][0]
            if not isinstance(holder, ox.BlankNode):
                break
            current = holder
        for child in reversed(chain):
            if child in names:
                continue
            (s, p), = parents[child]
            depth = depths[s] + 1 if isinstance(s, ox.BlankNode) else 1
            if depth > _MAX_PATH_DEPTH:
                by_content(child)
                continue
            parent = names[s] if isinstance(s, ox.BlankNode) else s
            siblings = sorted(
                (o for pp, o in by_subject[s] if pp == p and isinstance(o, ox.BlankNode)),
                key=lambda b: _signature(by_subject, b, keys),
            )
            base = f"{parent.value}/{local_name(p)}"
            for index, sibling in enumerate(siblings, start=1):
                names[sibling] = ox.NamedNode(base if len(siblings) == 1 else f"{base}-{index}")
                depths[sibling] = depth
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


def expand_anchors(
    triples: list[ox.Triple], evidence: EvidenceFile, project: Project, text: str | None = None, *, context: bool = True
) -> tuple[list[ox.Triple], int]:
    """Check every short-form quote against the source text and replace it by an
    oa:SpecificResource with a TextQuoteSelector (exact, and with `context` the text around it:
    prefix, suffix) and a TextPositionSelector (Web Annotation Data Model, sections 3.2 and 4.2).
    Returns the new triples and how many anchors were checked; raises AnchorError naming every
    quote that is not at its offsets. `text` is the source text, when already read."""
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
    if text is None:
        text = anchors.read_text(evidence.source_text, where=project.relative(evidence.source_text))[0]
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
        ]
        if context:
            added += [ox.Triple(quote_selector, _PREFIX, ox.Literal(prefix)), ox.Triple(quote_selector, _SUFFIX, ox.Literal(suffix))]
        added += [
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
    """(repository path, text) of the library's derivation queries. One that calls another
    endpoint (SERVICE) is refused: a build reads nothing but the project."""
    from .sparqltext import refuse_service

    queries = [(project.relative(p), p.read_text(encoding="utf-8")) for p in construct_files(project)]
    for where, text in queries:
        refuse_service(text, where=where, hint="a derivation query may read only the project's own graphs; remove the SERVICE clause")
    return queries


@dataclass
class Derivation:
    """What the build derives from every file, and so what a compiled file depends on besides its
    own inputs: the library's construct-*.rq queries, the closure of the ontology's
    rdfs:subClassOf, rdfs:subPropertyOf and owl:equivalent* axioms among the project's own terms
    (the superclasses and superproperties of each htkg: class and property), and the concepts of
    `cpt:text-rights` that let a text be passed on (its anchors then keep the text around each
    quote)."""

    queries: list[tuple[str, str]] = field(default_factory=list)
    superclasses: dict[str, list[str]] = field(default_factory=dict)
    superproperties: dict[str, list[str]] = field(default_factory=dict)
    redistributable: list[str] = field(default_factory=list)

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
        text = json.dumps([self.queries, self.superclasses, self.superproperties, self.redistributable, dating.VERSION,
                           annotations.VERSION, structure.VERSION, figures.VERSION],
                          sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derivation(project: Project, ontology=None) -> Derivation:
    """The project's derivation: its construct queries and its ontology's (an rdflib Graph, read
    from ontology/ when not given) subclass and subproperty closure and rights concepts."""
    from rdflib import OWL, RDFS, URIRef

    from .rights import redistributable_concepts

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
        redistributable=redistributable_concepts(ontology),
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
    time (htkg.dating), each record's quote (htkg.direct), and what a mention and an inference
    imply (htkg.annotations: a mention's motivation and its document's dcterms:references, an
    inference's attribution to the curators), and one step of the organisation tree's closure
    per org:subOrganizationOf (htkg.structure; the merge completes it across files). A
    statement the file itself makes is not stated again: a triple is in one graph only, so a
    pattern over the union of the graphs finds it once."""
    stated = set(triples)
    derived = set(derive_file(triples, rules.queries))
    derived |= entail(stated | derived, rules) | direct_types(triples, rules)
    by_predicate: dict = defaultdict(list)
    for t in triples:
        by_predicate[t.predicate].append(t)

    def reading(predicates) -> list[ox.Triple]:
        return [t for p in predicates for t in by_predicate.get(p, ())]

    derived |= dating.derive_time(reading(dating.READ), rules.superclasses) | direct.derive_quotes(reading(direct.READ))
    derived |= annotations.derive_annotations(reading(annotations.READ))
    # The tree's steps, stated or derived (a claim's structural statement comes from a construct query).
    derived |= structure.derive_steps(reading(structure.READ) + [t for t in derived if t.predicate in structure.READ])
    return sorted(derived - stated, key=str)


# --------------------------------------------------------------------------- one file


def compile_file(evidence: EvidenceFile, project: Project, rules: Derivation | None = None) -> CompiledFile:
    """Parse one curated file (and its source's metadata record), name its blank nodes, expand
    its quotes, derive from it what the construct queries and the ontology's subclass axioms
    give (default: the project's, see `derivation`), and note what the build reports about it."""
    triples: list[ox.Triple] = []
    for path in (evidence.path, evidence.metadata):
        if path is not None and path.exists():
            # Blank nodes of two files are distinct even when their labels are the same.
            parsed = parse_turtle_file(path, project)
            check_namespaces(parsed, path, project)
            triples += parsed
    text = None
    if evidence.source_text is not None:
        text, data = anchors.read_text(evidence.source_text, where=project.relative(evidence.source_text))
        check_checksum(triples, evidence, data, project)
    terms = _project_terms(triples)
    triples = skolemize(list(dict.fromkeys(triples)))
    rules = rules if rules is not None else derivation(project)
    triples, checked = expand_anchors(triples, evidence, project, text, context=_text_may_be_passed_on(triples, evidence, rules))
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
    labels = sorted(
        {(t.subject.value, t.object.language or "", t.object.value) for t in triples
         if t.predicate == _RDFS_LABEL and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal)}
    )
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
        labels=[list(label) for label in labels],
        figures=figures.facts([*triples, *derived]),
    )


def _text_may_be_passed_on(triples: list[ox.Triple], evidence: EvidenceFile, rules: Derivation) -> bool:
    """Whether the document's record (parsed with the file) gives rights that let its text be
    passed on: every dcterms:accessRights it names is one of `rules.redistributable`. A record
    that names none keeps the text to itself."""
    if evidence.document is None:
        return False
    document = ox.NamedNode(evidence.document)
    rights = [t.object.value for t in triples if t.subject == document and t.predicate == _DCT_ACCESS_RIGHTS and isinstance(t.object, ox.NamedNode)]
    return bool(rights) and all(r in rules.redistributable for r in rights)


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


# --------------------------------------------------------------------------- checks


def _line_of(path: Path, needles: list[str]) -> int | None:
    """The first line of a file that holds one of the needles (in the order given)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for needle in needles:
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


def check_checksum(triples: list[ox.Triple], evidence: EvidenceFile, data: bytes, project: Project) -> None:
    """The source text must be the one its metadata record describes: the record's htkg:sha256
    (of the document, or of whatever names the text in htkg:textFile) equals the SHA-256 of the
    text's bytes. A text edited after its quotes were checked would otherwise build cleanly
    wherever no quote covers the edit. Raises SourceMismatch naming the text and the record."""
    assert evidence.source_text is not None
    text_name = evidence.source_text.name
    holders = {ox.NamedNode(evidence.document)} | {t.subject for t in triples if t.predicate == _TEXT_FILE and isinstance(t.object, ox.Literal) and t.object.value == text_name}
    recorded = sorted({t.object.value for t in triples if t.predicate == _SHA256 and t.subject in holders and isinstance(t.object, ox.Literal)})
    if not recorded:
        return  # shapes/documents.ttl asks for one
    actual = hashlib.sha256(data).hexdigest()
    wrong = [value for value in recorded if value.strip().lower() != actual]
    if not wrong:
        return
    record = evidence.metadata if evidence.metadata is not None else evidence.path
    line = _line_of(record, [wrong[0]])
    where_record = f"{project.relative(record)}:{line}" if line else project.relative(record)
    text = project.relative(evidence.source_text)
    raise SourceMismatch(
        f"the text is not the one its record describes: {where_record} gives SHA-256 {wrong[0]}, the text's is {actual}",
        where=text,
        hint=f"source texts are kept exactly as received: restore it (`git checkout -- {text}`); or, if this text is the one "
        f"to keep, write its hash ({actual}, as `sha256sum {text}` prints it) in {project.relative(record)} and build again "
        "(every quote is then checked against it)",
    )


#: Every namespace the project names: a term is checked against them (`check_namespaces`).
_KNOWN_NAMESPACES = tuple(sorted(set(PREFIXES.values()) | {str(GRAPH), str(GENID)}, key=len, reverse=True))
_PREFIX_OF = {ns: prefix for prefix, ns in PREFIXES.items()}


def _namespace(iri: str) -> str | None:
    cut = iri.rfind("#")
    if cut < 0:
        cut = iri.rfind("/")
    if cut < 0 or "://" not in iri[: cut + 1]:
        return None
    return iri[: cut + 1]


def _distance(a: str, b: str, limit: int) -> int:
    """The edit distance of two strings, or limit + 1 when it is more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _lookalike(namespace: str) -> str | None:
    """The project's namespace that `namespace` is a slip of (at most two characters apart: a
    letter missing or swapped, http for https, / for #), if any."""
    best = None
    for known in _KNOWN_NAMESPACES:
        d = _distance(namespace, known, 2)
        if 0 < d <= 2 and (best is None or d < best[0]):
            best = (d, known)
    return best[1] if best else None


def check_namespaces(triples: list[ox.Triple], path: Path, project: Project) -> None:
    """Catch the IRIs a misspelt prefix or IRI makes, which would otherwise build as statements
    nobody queries (a file whose `htkg:` prefix is misspelt builds with no claims, and no quote
    is checked):
    - a property, class or datatype in the project's namespace (https://w3id.org/htkg/...) that
      is not in the ontology's (htkg:, cpt:), which declares every one;
    - any IRI in a namespace that is not one of the project's (namespaces.PREFIXES) but is a
      slip of one (`https://w3id.org/htkg/ontolgy#`, `http://w3id.org/htkg/ontology#`,
      `http://purl.org/dc/term/`).
    Raises UndeclaredTerm naming the file and the line of the first such namespace."""
    problems: dict[str, str] = {}
    verdicts: dict[str, str | None] = {}

    def lookalike(iri: str) -> tuple[str | None, str | None]:
        namespace = _namespace(iri)
        if namespace is None:
            return None, None
        if namespace not in verdicts:
            verdicts[namespace] = _lookalike(namespace)
        return namespace, verdicts[namespace]

    def check(iri: str, role: str) -> None:
        if iri in problems:
            return
        # A property, class or datatype of the project is a term of its ontology.
        outside = role != "IRI" and iri.startswith(BASE) and not iri.startswith(DECLARED_NAMESPACES)
        if not outside and iri.startswith(_KNOWN_NAMESPACES):
            return
        namespace, known = lookalike(iri)
        near = f"<{namespace}> is not {_PREFIX_OF[known]}: <{known}> but one or two characters away from it" if known else ""
        if role != "IRI" and (outside or known):
            problem = f"<{iri}> is used as a {role}"
            if outside:
                problem += f" but is not in the ontology's namespace (htkg: <{HTKG}>)"
            problems[iri] = problem + (f"; {near}" if near else "")
        elif known:
            problems[iri] = f"<{iri}> is an IRI in a namespace of its own: {near}"

    # The distinct terms first: a file names the same few properties and classes many times.
    properties = {t.predicate.value for t in triples}
    classes = {t.object.value for t in triples if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode)}
    nodes = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    nodes |= {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    datatypes = {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    for terms, role in ((properties, "property"), (classes, "class"), (datatypes, "datatype"), (nodes - classes, "IRI")):
        for iri in sorted(terms):
            check(iri, role)
    if not problems:
        return
    name = project.relative(path)
    located = []
    for iri, problem in sorted(problems.items()):
        namespace = _namespace(iri) or iri
        line = _line_of(path, [f"<{namespace}>", f"<{iri}>", f"<{namespace}"])
        located.append((line or 0, f"{name}:{line}" if line else name, problem))
    located.sort()
    shown = [f"{where}: {problem}" for _, where, problem in located[:10]]
    if len(located) > 10:
        shown.append(f"... and {len(located) - 10} more")
    raise UndeclaredTerm(
        f"{len(located)} IRI(s) in a namespace that is not the project's:\n  " + "\n  ".join(shown),
        where=located[0][1],
        hint="fix the @prefix line (or the IRI) named above (graph/CURATING.md lists the project's prefixes)",
    )


def check_labels(files: dict[str, CompiledFile], inputs: Callable[[str], list[Path]], project: Project) -> None:
    """One IRI, one rdfs:label per language: two different labels of the same language for one
    IRI (in two files, or in one) would be merged silently into a node with two names. Raises
    InputError naming each label's file and line. `inputs(stem)` gives a compiled file's
    curated files, to find the lines in."""
    given: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for stem, info in files.items():
        for iri, language, value in info.labels:
            given[(iri, language)][value].add(stem)
    clashes = [(key, values) for key, values in sorted(given.items()) if len(values) > 1]
    if not clashes:
        return
    lines = []
    first = None
    for (iri, language), values in clashes[:10]:
        places = []
        for value, stems in sorted(values.items()):
            for stem in sorted(stems):
                literal = json.dumps(value, ensure_ascii=False)
                found = None
                for path in inputs(stem):
                    line = _line_of(path, [literal, value])
                    if line:
                        found = f"{project.relative(path)}:{line}"
                        break
                first = first or found
                places.append(f"{literal}{'@' + language if language else ''} at {found or f'graph/{stem}.ttl'}")
        lines.append(f"{_shorten(iri)}: " + "; ".join(places))
    if len(clashes) > 10:
        lines.append(f"... and {len(clashes) - 10} more")
    raise InputError(
        f"{len(clashes)} IRI(s) with two different labels in the same language:\n  " + "\n  ".join(lines),
        where=first or "graph/",
        hint="give each IRI one rdfs:label per language, in one file (other names go in skos:altLabel); "
        "two different things need two IRIs",
    )


def _shorten(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
