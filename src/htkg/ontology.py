"""Load the ontology and check it: every term labelled and defined, every project term used
anywhere in the repository declared, and no clash under an OWL RL closure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .errors import InputError, OntologyError, UndeclaredTerm
from .namespaces import CPT, DECLARED_NAMESPACES, HTKG, ONTOLOGY_IRI, bind_prefixes
from .project import Project

__all__ = [
    "OntologySummary",
    "load_ontology",
    "load_turtle_files",
    "declared_terms",
    "terms_missing_docs",
    "owlrl_clashes",
    "undeclared_terms",
    "check_ontology",
]

_TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    SKOS.Concept,
    SKOS.ConceptScheme,
)
_LABELS = (RDFS.label, SKOS.prefLabel)
_DEFINITIONS = (SKOS.definition, RDFS.comment)


@dataclass
class OntologySummary:
    """What `htkg build` says of the ontology."""

    triples: int
    classes: int
    properties: int
    concept_schemes: int
    concepts: int
    version: str | None
    files: list[str] = field(default_factory=list)


def parse_turtle(path: Path, project: Project | None = None, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file, turning a syntax error into an InputError that names file and line."""
    graph = graph if graph is not None else Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; all mean "cannot read this file"
        name = project.relative(path) if project else Path(path).name
        raise InputError(
            f"cannot parse Turtle: {_first_line(exc)}",
            where=name,
            hint="fix the syntax at the line named above (a missing ' .' or ';' is the usual cause)",
        ) from None
    return graph


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return " ".join(text.split())[:400] if text else type(exc).__name__


def load_turtle_files(files: list[Path], project: Project, *, what: str, folder: str) -> Graph:
    """Several hand-edited Turtle files as one rdflib Graph with the project's prefixes; an
    InputError names the folder when it is empty and the file when one does not parse."""
    if not files:
        raise InputError(f"no {what}", where=f"{folder}/", hint=f"the {what} live in {folder}/*.ttl")
    graph = Graph()
    bind_prefixes(graph)
    for path in files:
        parse_turtle(path, project, graph)
    return graph


def load_ontology(project: Project) -> Graph:
    """The ontology and its concept schemes, as one rdflib Graph."""
    return load_turtle_files(project.ontology_files(), project, what="ontology files", folder="ontology")


def declared_terms(ontology: Graph) -> set[URIRef]:
    """Every project-namespace IRI that the ontology declares (gives a type to)."""
    declared = {URIRef(ONTOLOGY_IRI)}
    for s in ontology.subjects(RDF.type, None):
        if isinstance(s, URIRef) and str(s).startswith(DECLARED_NAMESPACES):
            declared.add(s)
    return declared


def terms_missing_docs(ontology: Graph) -> list[str]:
    """Project terms that lack a label or a definition, as readable lines."""
    problems = []
    for term_type in _TERM_TYPES:
        for term in sorted(set(ontology.subjects(RDF.type, term_type))):
            if not str(term).startswith(DECLARED_NAMESPACES):
                continue
            if not any(ontology.value(term, p) for p in _LABELS):
                problems.append(f"{ontology.namespace_manager.normalizeUri(term)} has no rdfs:label or skos:prefLabel")
            if not any(ontology.value(term, p) for p in _DEFINITIONS):
                problems.append(f"{ontology.namespace_manager.normalizeUri(term)} has no skos:definition or rdfs:comment")
    return problems


def owlrl_clashes(ontology: Graph) -> list[str]:
    """Inconsistencies that an OWL 2 RL closure of the ontology reports (owlrl's error messages),
    plus classes the closure proves empty (subclass of owl:Nothing)."""
    import owlrl
    from owlrl.Namespaces import ERRNS

    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    messages = sorted(str(m) for m in closure.objects(None, ERRNS.error))
    for cls in sorted(set(closure.subjects(RDFS.subClassOf, OWL.Nothing))):
        if cls != OWL.Nothing and str(cls).startswith(DECLARED_NAMESPACES):
            messages.append(f"{cls} is unsatisfiable (a subclass of owl:Nothing)")
    return messages


_PREFIXED = re.compile(r"(?<![\w:/#-])(htkg|cpt):([A-Za-z_][\w-]*[\w])")
_FULL = re.compile(r"<(" + re.escape(str(HTKG)) + r"|" + re.escape(str(CPT)) + r")([^>\s]+)>")


def undeclared_terms(project: Project, declared: set[URIRef], *, only: set[Path] | None = None) -> list[tuple[str, int, str]]:
    """(file, line, term) for every htkg:/cpt: term used in the repository's Turtle and SPARQL
    files that the ontology does not declare: the typo guard. With `only`, the curated files
    (graph/, sources/) not in it are skipped: an incremental build scanned them last time."""
    namespaces = {"htkg": str(HTKG), "cpt": str(CPT)}
    found: list[tuple[str, int, str]] = []
    folders = [project.ontology_dir, project.graph_dir, project.shapes_dir, project.queries_dir, project.sources_dir]
    for folder in folders:
        curated = folder in (project.graph_dir, project.sources_dir)
        for path in sorted([*folder.rglob("*.ttl"), *folder.rglob("*.rq")]):
            if only is not None and curated and path not in only:
                continue
            text = path.read_text(encoding="utf-8")
            for lineno, line in enumerate(text.splitlines(), start=1):
                code = line.split("#", 1)[0] if path.suffix == ".rq" else _strip_turtle_comment(line)
                for prefix, local in _PREFIXED.findall(code):
                    if URIRef(namespaces[prefix] + local) not in declared:
                        found.append((project.relative(path), lineno, f"{prefix}:{local}"))
                for ns, local in _FULL.findall(code):
                    if local and URIRef(ns + local) not in declared:
                        found.append((project.relative(path), lineno, f"<{ns}{local}>"))
    return found


def _strip_turtle_comment(line: str) -> str:
    # A '#' inside an IRI or a string is not a comment; drop only a '#' that follows white space
    # outside quotes, which is how every hand-written comment here starts.
    in_string = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def check_ontology(project: Project, *, only: set[Path] | None = None, closure: bool = True) -> tuple[Graph, OntologySummary]:
    """Load and check the ontology; raise OntologyError or UndeclaredTerm with every problem.
    `only` limits the scan of curated files for undeclared terms (see undeclared_terms);
    `closure=False` skips the OWL RL closure (for an ontology already checked unchanged)."""
    ontology = load_ontology(project)
    problems = terms_missing_docs(ontology)
    if problems:
        raise OntologyError(
            f"{len(problems)} ontology term(s) lack a label or definition:\n  " + "\n  ".join(problems),
            where="ontology/",
            hint="give every term an rdfs:label and a skos:definition",
        )
    clashes = owlrl_clashes(ontology) if closure else []
    if clashes:
        raise OntologyError(
            "the OWL RL closure of the ontology is inconsistent:\n  " + "\n  ".join(clashes),
            where="ontology/",
            hint="look for a class that is both disjoint with and a subclass of another",
        )
    undeclared = undeclared_terms(project, declared_terms(ontology), only=only)
    if undeclared:
        lines = [f"{f}:{n}: {t}" for f, n, t in undeclared[:50]]
        raise UndeclaredTerm(
            f"{len(undeclared)} use(s) of terms the ontology does not declare:\n  " + "\n  ".join(lines),
            hint="fix the spelling, or declare the term in ontology/ with a label and a definition",
        )
    types = Counter(o for o in ontology.objects(None, RDF.type))
    own = lambda t: sum(1 for s in ontology.subjects(RDF.type, t) if str(s).startswith(DECLARED_NAMESPACES))  # noqa: E731
    summary = OntologySummary(
        triples=len(ontology),
        classes=own(OWL.Class),
        properties=own(OWL.ObjectProperty) + own(OWL.DatatypeProperty) + own(OWL.AnnotationProperty) + own(RDF.Property),
        concept_schemes=types[SKOS.ConceptScheme],
        concepts=types[SKOS.Concept],
        version=str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) or "") or None,
        files=[project.relative(p) for p in project.ontology_files()],
    )
    return ontology, summary
