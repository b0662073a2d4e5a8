"""Ontology documentation: one self-contained HTML page listing every class, property and
concept scheme (with its concepts) of ontology/*.ttl, with labels, definitions, hierarchy,
domains and ranges, the namespaces it uses and, given the built data, an example instance of
each main class. Written here rather than with pyLODE: the page must build offline and be
byte-identical for the same ontology and data, and pyLODE's newest release fails at start
(DESIGN.md).

A term of the ontology's own namespace is anchored at its fragment (`#Actor` for htkg:Actor), so
its IRI, https://w3id.org/htkg/ontology#Actor, lands on its entry once the ontology IRI
redirects to this page; other terms (the SKOS concepts) at their prefixed name (`#cpt-begging`).
Terms are listed in the order of the label shown, ignoring case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .errors import InputError
from .namespaces import BASE, GRAPH, HTKG, ONTOLOGY_IRI, PREFIXES
from .ontology import parse_turtle
from .project import Project
from .xmlsafe import xml_safe

__all__ = [
    "Example",
    "OntologyTerms",
    "display_label",
    "examples",
    "main_classes",
    "ontology_terms",
    "ontology_html",
    "render",
    "term_anchor",
    "write_ontology_html",
]

#: Property kinds: the type, the section heading, one of them (singular) and the section's id.
_PROPERTY_KINDS = (
    (OWL.ObjectProperty, "Object properties", "object property", "objectproperties"),
    (OWL.DatatypeProperty, "Datatype properties", "datatype property", "datatypeproperties"),
    (OWL.AnnotationProperty, "Annotation properties", "annotation property", "annotationproperties"),
    (RDF.Property, "Other properties", "property", "otherproperties"),
)

#: The graph an example's statements are not taken from: what the build derives is shown by
#: queries, the example shows what the data states.
_DERIVED = str(GRAPH["derived"])
#: How many statements of an example are shown, and how long a literal may be before it is cut.
EXAMPLE_STATEMENTS = 15
_LITERAL_LIMIT = 160
_LABELS = (RDFS.label, SKOS.prefLabel)
_FRAGMENT = ONTOLOGY_IRI + "#"


@dataclass
class OntologyTerms:
    """The terms a page documents, each list in the order of the label shown (case ignored)."""

    classes: list[URIRef]
    properties: dict[URIRef, list[URIRef]]
    schemes: dict[URIRef, list[URIRef]]

    @property
    def all(self) -> list[URIRef]:
        return sorted({*self.classes, *(p for ps in self.properties.values() for p in ps), *self.schemes,
                       *(c for cs in self.schemes.values() for c in cs)}, key=str)


@dataclass
class Example:
    """An instance of a class taken from the data, with some of its statements (predicate and
    object as pyoxigraph terms, in the order shown) and how many more there are."""

    subject: str
    statements: list[tuple[ox.NamedNode, object]]
    more: int = 0


def _load(project: Project) -> Graph:
    files = project.ontology_files()
    if not files:
        raise InputError("no ontology files", where="ontology/", hint="the ontology lives in ontology/*.ttl")
    graph = Graph()
    for path in files:
        parse_turtle(path, project, graph)
    return graph


def _text(graph: Graph, subject, *props) -> str | None:
    for prop in props:
        values = sorted(graph.objects(subject, prop), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
        if values:
            return str(values[0])
    return None


def _curie(iri) -> str:
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def display_label(graph: Graph, iri) -> str:
    """The name a page shows for a term: its label (English first), else its prefixed name."""
    return _text(graph, iri, *_LABELS) or _curie(iri)


def _in_display_order(graph: Graph, iris) -> list[URIRef]:
    def key(iri):
        label = display_label(graph, iri)
        return (label.casefold(), label, str(iri))

    return sorted(iris, key=key)


def _iris(graph: Graph, cls) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def ontology_terms(graph: Graph) -> OntologyTerms:
    """Classes, properties by kind (each property under its first kind) and concept schemes with
    their concepts (skos:inScheme or skos:topConceptOf), in the order of their labels."""
    seen: set[URIRef] = set()
    properties: dict[URIRef, list[URIRef]] = {}
    for kind, *_ in _PROPERTY_KINDS:
        members = _iris(graph, kind) - seen
        seen |= members
        properties[kind] = _in_display_order(graph, members)
    schemes = {}
    for scheme in _in_display_order(graph, _iris(graph, SKOS.ConceptScheme)):
        members = set(graph.subjects(SKOS.inScheme, scheme)) | set(graph.subjects(SKOS.topConceptOf, scheme))
        schemes[scheme] = _in_display_order(graph, (c for c in members if isinstance(c, URIRef)))
    classes = _in_display_order(graph, _iris(graph, OWL.Class) | _iris(graph, RDFS.Class))
    return OntologyTerms(classes=classes, properties=properties, schemes=schemes)


def term_anchor(iri) -> str:
    """The anchor a term is given on the page when nothing else claims it: its fragment for a
    term of the ontology's namespace, its prefixed name (":" and "/" as "-") otherwise."""
    text = str(iri)
    if text.startswith(_FRAGMENT) and len(text) > len(_FRAGMENT):
        return text[len(_FRAGMENT):]
    return _curie(iri).replace(":", "-").replace("/", "-").replace("#", "-")


# --------------------------------------------------------------------------- examples


def main_classes(graph: Graph) -> list[URIRef]:
    """The classes of the ontology's own namespace that have no superclass in it (Actor, Claim,
    Event, ...): the ones a page shows an example of. Sorted by IRI."""
    ns = str(HTKG)
    return sorted(
        c for c in _iris(graph, OWL.Class) | _iris(graph, RDFS.Class)
        if str(c).startswith(ns) and not any(str(s).startswith(ns) and s != c for s in graph.objects(c, RDFS.subClassOf))
    )


def _statement_order(pred: ox.NamedNode, obj) -> tuple:
    first = 0 if pred.value == str(RDF.type) else 1 if pred.value in (str(RDFS.label), str(SKOS.prefLabel)) else 2
    return (first, _curie(pred.value), str(obj))


def examples(graph: Graph, quads: Sequence[ox.Quad], *, limit: int = EXAMPLE_STATEMENTS) -> dict[URIRef, Example]:
    """One instance of each main class (`main_classes`) found in the data `quads` (the built
    dataset): of the instances typed with the class or a subclass of it, the one with the most
    different properties stated outside the derived graph, the first IRI among equals; with up to
    `limit` of those statements. Classes without an instance are left out."""
    mains = main_classes(graph)
    under: dict[str, set[URIRef]] = defaultdict(set)
    for main in mains:
        for sub in graph.transitive_subjects(RDFS.subClassOf, main):
            under[str(sub)].add(main)
    rdf_type = str(RDF.type)
    instances: dict[URIRef, set[str]] = defaultdict(set)
    for q in quads:
        if q.predicate.value == rdf_type and isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            for main in under.get(q.object.value, ()):
                instances[main].add(q.subject.value)
    candidates = set().union(*instances.values()) if instances else set()
    predicates: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        if isinstance(q.subject, ox.NamedNode) and q.subject.value in candidates and _graph(q) != _DERIVED:
            predicates[q.subject.value].add(q.predicate.value)
    chosen = {main: min(members, key=lambda s: (-len(predicates.get(s, ())), s)) for main, members in instances.items()}
    statements: dict[str, set[tuple]] = {s: set() for s in chosen.values()}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode) and q.subject.value in statements and _graph(q) != _DERIVED:
            statements[q.subject.value].add((q.predicate, q.object))
    out = {}
    for main in mains:
        if main not in chosen:
            continue
        subject = chosen[main]
        ordered = sorted(statements[subject], key=lambda st: _statement_order(*st))
        out[main] = Example(subject=subject, statements=ordered[:limit], more=max(0, len(ordered) - limit))
    return out


def _graph(quad: ox.Quad) -> str:
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""


# --------------------------------------------------------------------------- the page


def _esc(text) -> str:
    return escape(xml_safe(str(text)))


class _Page:
    """One rendering: the anchors given out (unique on the page) and the prefixes used."""

    def __init__(self, graph: Graph, terms: OntologyTerms):
        self.graph = graph
        self.ids: set[str] = set()
        self.prefixes: set[str] = set()
        # Terms of the ontology's namespace first, so each gets exactly its fragment.
        ordered = sorted(terms.all, key=lambda t: (not str(t).startswith(_FRAGMENT), str(t)))
        self.anchors = {term: self.new_id(term_anchor(term)) for term in ordered}

    def new_id(self, wanted: str) -> str:
        anchor, n = wanted, 1
        while anchor in self.ids:
            n += 1
            anchor = f"{wanted}-{n}"
        self.ids.add(anchor)
        return anchor

    def curie(self, iri) -> str:
        text = _curie(iri)
        if text != str(iri):
            self.prefixes.add(text.split(":", 1)[0])
        return text

    def link(self, term) -> str:
        """A reference to a term: to its entry on the page, to its IRI elsewhere, or the value."""
        if isinstance(term, Literal):
            return _esc(term)
        if not isinstance(term, URIRef):
            return "<em>(anonymous)</em>"
        label = _esc(self.curie(term))
        if term in self.anchors:
            return f'<a href="#{self.anchors[term]}"><code>{label}</code></a>'
        return f'<a href="{_esc(term)}"><code>{label}</code></a>'

    def value(self, term) -> str:
        """An object of an example's statement: a term linked, data IRIs and literals as code."""
        if isinstance(term, ox.NamedNode):
            if URIRef(term.value) in self.anchors or not term.value.startswith(BASE):
                return self.link(URIRef(term.value))
            return f"<code>{_esc(self.curie(term.value))}</code>"
        if isinstance(term, ox.Literal):
            text = term.value if len(term.value) <= _LITERAL_LIMIT else term.value[: _LITERAL_LIMIT - 1] + "…"
            quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
            if term.language:
                quoted += "@" + term.language
            elif term.datatype.value != str(XSD.string):
                quoted += "^^" + self.curie(term.datatype.value)
            return f"<code>{_esc(quoted)}</code>"
        return f"<code>{_esc(term)}</code>"

    def term(self, iri: URIRef, kind: str, rows: list[tuple[str, list]], example: Example | None = None) -> str:
        graph = self.graph
        label = display_label(graph, iri)
        definition = _text(graph, iri, SKOS.definition, RDFS.comment)
        parts = [
            f'<section class="term" id="{self.anchors[iri]}">',
            f"<h3>{_esc(label)} <small>{_esc(kind)}</small></h3>",
            f'<p class="iri"><code>{_esc(iri)}</code> (<code>{_esc(self.curie(iri))}</code>)</p>',
        ]
        if definition:
            parts.append(f"<p>{_esc(definition)}</p>")
        table = []
        for name, values in rows:
            values = sorted(set(values), key=str)
            if values:
                table.append(f"<tr><th>{_esc(name)}</th><td>{', '.join(self.link(v) for v in values)}</td></tr>")
        alt = sorted(str(v) for v in graph.objects(iri, SKOS.altLabel))
        if alt:
            table.append(f"<tr><th>also called</th><td>{_esc('; '.join(alt))}</td></tr>")
        if table:
            parts.append('<table class="facts">' + "".join(table) + "</table>")
        if example is not None:
            parts.append(self.example(example))
        parts.append("</section>")
        return "\n".join(parts)

    def example(self, example: Example) -> str:
        grouped: dict[ox.NamedNode, list] = {}
        for pred, obj in example.statements:
            grouped.setdefault(pred, []).append(obj)
        rows = "".join(
            f"<tr><th>{self.link(URIRef(pred.value))}</th><td>{', '.join(self.value(o) for o in objs)}</td></tr>"
            for pred, objs in grouped.items()
        )
        more = f"<p>… and {example.more} more statement{'s' if example.more != 1 else ''}.</p>" if example.more else ""
        return (
            '<div class="example">'
            f"<p>Example from the data: <code>{_esc(self.curie(example.subject))}</code></p>"
            f'<table class="facts">{rows}</table>{more}</div>'
        )

    def index(self, iris) -> str:
        links = [f'<a href="#{self.anchors[i]}">{_esc(display_label(self.graph, i))}</a>' for i in iris]
        return '<p class="index">' + " · ".join(links) + "</p>"


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
code { font-size: 0.92em; } h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ccd; margin-top: 2.5rem; }
section.term { border-left: 3px solid #ccd; padding: 0.1rem 0 0.1rem 0.8rem; margin: 1.2rem 0; }
section.term h3 { margin: 0.2rem 0; } section.term h3 small { color: #667; font-weight: normal; font-size: 0.7em; }
p.iri { margin: 0.2rem 0; color: #445; } table.facts th { text-align: left; padding-right: 1rem; vertical-align: top; font-weight: 600; }
nav ul { columns: 3; } a { color: #1a4f9c; } ul.concepts li { margin: 0.2rem 0; } p.index { line-height: 1.8; }
div.example { background: #f5f6fa; padding: 0.2rem 0.8rem; margin-top: 0.5rem; }
table.namespaces th, table.namespaces td { text-align: left; padding-right: 1.5rem; }
"""


def render(graph: Graph, quads: Sequence[ox.Quad] | None = None, *, turtle: str = "ontology.ttl") -> str:
    """The documentation page of an ontology graph; with `quads` (the built dataset), an example
    instance of each main class. `turtle` is where the same ontology is as Turtle (the page's
    alternate link: beside it in a release)."""
    terms = ontology_terms(graph)
    page = _Page(graph, terms)
    found = examples(graph, quads) if quads is not None else {}
    onto = URIRef(ONTOLOGY_IRI)
    title = _text(graph, onto, DCTERMS.title, RDFS.label) or "Ontology"
    description = _text(graph, onto, DCTERMS.description, RDFS.comment)
    version = _text(graph, onto, OWL.versionInfo)

    sections = [("classes", "Classes", terms.classes)]
    sections += [(anchor, heading, terms.properties[kind]) for kind, heading, _, anchor in _PROPERTY_KINDS if terms.properties[kind]]
    sections.append(("schemes", "Concept schemes", list(terms.schemes)))
    ids = {anchor: page.new_id(anchor) for anchor, _, _ in sections}
    ids["namespaces"] = page.new_id("namespaces")
    ids["contents"] = page.new_id("contents")

    body = [f'<h2 id="{ids["classes"]}">Classes</h2>', page.index(terms.classes)]
    for cls in terms.classes:
        body.append(page.term(cls, "class", [
            ("subclass of", list(graph.objects(cls, RDFS.subClassOf))),
            ("superclass of", list(graph.subjects(RDFS.subClassOf, cls))),
            ("disjoint with", list(graph.objects(cls, OWL.disjointWith))),
            ("in the domain of", list(graph.subjects(RDFS.domain, cls))),
            ("in the range of", list(graph.subjects(RDFS.range, cls))),
        ], found.get(cls)))
    for kind, heading, singular, anchor in _PROPERTY_KINDS:
        if not terms.properties[kind]:
            continue
        body += [f'<h2 id="{ids[anchor]}">{heading}</h2>', page.index(terms.properties[kind])]
        for prop in terms.properties[kind]:
            types = sorted((page.curie(t) for t in graph.objects(prop, RDF.type) if t != kind), key=str)
            body.append(page.term(prop, singular, [
                ("subproperty of", list(graph.objects(prop, RDFS.subPropertyOf))),
                ("domain", list(graph.objects(prop, RDFS.domain))),
                ("range", list(graph.objects(prop, RDFS.range))),
                ("inverse of", list(graph.objects(prop, OWL.inverseOf))),
                ("characteristics", [Literal(t) for t in types]),
            ]))
    body += [f'<h2 id="{ids["schemes"]}">Concept schemes</h2>', page.index(terms.schemes)]
    for scheme, concepts in terms.schemes.items():
        body.append(page.term(scheme, "concept scheme", [("top concepts", list(graph.objects(scheme, SKOS.hasTopConcept)))]))
        body.append('<ul class="concepts">')
        for concept in concepts:
            label = display_label(graph, concept)
            definition = _text(graph, concept, SKOS.definition, RDFS.comment)
            broader = sorted(graph.objects(concept, SKOS.broader), key=str)
            extra = f" (broader: {', '.join(page.link(b) for b in broader)})" if broader else ""
            body.append(
                f'<li id="{page.anchors[concept]}"><strong>{_esc(label)}</strong> <a href="{_esc(concept)}"><code>{_esc(page.curie(concept))}</code></a>{extra}'
                + (f": {_esc(definition)}" if definition else "")
                + "</li>"
            )
        body.append("</ul>")

    head = [
        "<!DOCTYPE html>",
        "<!-- Generated by `htkg export --release` (htkg.docs); do not edit. -->",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_esc(title)}</title>",
        f'<link rel="alternate" type="text/turtle" href="{_esc(turtle)}">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="iri">IRI: <code>{_esc(ONTOLOGY_IRI)}</code>' + (f" · version {_esc(version)}" if version else "")
        + f' · <a href="{_esc(turtle)}">Turtle</a></p>',
    ]
    if description:
        head += [f"<p>{_esc(p)}</p>" for p in description.split("\n\n")]
    facts = []
    for prop, name in ((DCTERMS.created, "created"), (DCTERMS.modified, "modified"), (DCTERMS.license, "licence"), (DCTERMS.creator, "creator")):
        values = sorted(str(v) for v in graph.objects(onto, prop))
        if values:
            facts.append(f"<tr><th>{name}</th><td>{_esc(', '.join(values))}</td></tr>")
    if facts:
        head.append('<table class="facts">' + "".join(facts) + "</table>")
    counts = [(ids[anchor], heading, len(members)) for anchor, heading, members in sections]
    counts.append((ids["namespaces"], "Namespaces", len(page.prefixes)))
    head.append(f'<nav><h2 id="{ids["contents"]}">Contents</h2><ul>' + "".join(f'<li><a href="#{a}">{h}</a> ({n})</li>' for a, h, n in counts) + "</ul></nav>")
    namespaces = [
        f'<h2 id="{ids["namespaces"]}">Namespaces</h2>',
        '<table class="namespaces"><tr><th>prefix</th><th>namespace IRI</th></tr>'
        + "".join(f"<tr><td><code>{_esc(p)}</code></td><td><code>{_esc(PREFIXES[p])}</code></td></tr>" for p in sorted(page.prefixes))
        + "</table>",
    ]
    return "\n".join([*head, *body, *namespaces, "</body>", "</html>", ""])


def ontology_html(project: Project, quads: Sequence[ox.Quad] | None = None) -> str:
    """The documentation page of the project's ontology (ontology/*.ttl); with `quads` (the
    built dataset), an example instance of each main class."""
    return render(_load(project), quads)


def write_ontology_html(project: Project, path, quads: Sequence[ox.Quad] | None = None) -> str:
    from .rdfio import atomic_write

    text = ontology_html(project, quads)
    atomic_write(path, text)
    return text
