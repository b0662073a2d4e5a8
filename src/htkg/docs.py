"""Ontology documentation: one self-contained HTML page listing every class, property and
concept scheme (with its concepts) of ontology/*.ttl, with labels, definitions, hierarchy,
domains and ranges. Written here rather than with pyLODE: the page must build offline and be
byte-identical for the same ontology, and pyLODE's newest release fails at start (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .errors import InputError
from .namespaces import ONTOLOGY_IRI, PREFIXES
from .ontology import parse_turtle
from .project import Project

__all__ = ["OntologyTerms", "ontology_terms", "ontology_html", "write_ontology_html"]

_PROPERTY_KINDS = (
    (OWL.ObjectProperty, "Object properties", "objectproperties"),
    (OWL.DatatypeProperty, "Datatype properties", "datatypeproperties"),
    (OWL.AnnotationProperty, "Annotation properties", "annotationproperties"),
    (RDF.Property, "Other properties", "otherproperties"),
)


@dataclass
class OntologyTerms:
    """The terms a page documents, each list sorted by IRI."""

    classes: list[URIRef]
    properties: dict[URIRef, list[URIRef]]
    schemes: dict[URIRef, list[URIRef]]

    @property
    def all(self) -> list[URIRef]:
        return sorted({*self.classes, *(p for ps in self.properties.values() for p in ps), *self.schemes,
                       *(c for cs in self.schemes.values() for c in cs)}, key=str)


def _load(project: Project) -> Graph:
    files = project.ontology_files()
    if not files:
        raise InputError("no ontology files", where="ontology/", hint="the ontology lives in ontology/*.ttl")
    graph = Graph()
    for path in files:
        parse_turtle(path, project, graph)
    return graph


def _iris(graph: Graph, cls) -> list[URIRef]:
    return sorted((s for s in set(graph.subjects(RDF.type, cls)) if isinstance(s, URIRef)), key=str)


def ontology_terms(graph: Graph) -> OntologyTerms:
    """Classes, properties by kind (each property under its first kind) and concept schemes with
    their concepts (skos:inScheme or skos:topConceptOf)."""
    seen: set[URIRef] = set()
    properties: dict[URIRef, list[URIRef]] = {}
    for kind, _, _ in _PROPERTY_KINDS:
        members = [p for p in _iris(graph, kind) if p not in seen]
        seen.update(members)
        properties[kind] = members
    schemes = {}
    for scheme in _iris(graph, SKOS.ConceptScheme):
        members = set(graph.subjects(SKOS.inScheme, scheme)) | set(graph.subjects(SKOS.topConceptOf, scheme))
        schemes[scheme] = sorted((c for c in members if isinstance(c, URIRef)), key=str)
    classes = sorted(set(_iris(graph, OWL.Class)) | set(_iris(graph, RDFS.Class)), key=str)
    return OntologyTerms(classes=classes, properties=properties, schemes=schemes)


def _curie(iri) -> str:
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _anchor(iri) -> str:
    return _curie(iri).replace(":", "-").replace("/", "-").replace("#", "-")


def _text(graph: Graph, subject, *props) -> str | None:
    for prop in props:
        values = sorted(graph.objects(subject, prop), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
        if values:
            return str(values[0])
    return None


def _link(iri, local: set[URIRef]) -> str:
    if isinstance(iri, Literal):
        return escape(str(iri))
    if not isinstance(iri, URIRef):
        return "<em>(anonymous)</em>"
    label = escape(_curie(iri))
    if iri in local:
        return f'<a href="#{_anchor(iri)}"><code>{label}</code></a>'
    return f'<a href="{escape(str(iri))}"><code>{label}</code></a>'


def _term(graph: Graph, iri: URIRef, local: set[URIRef], kind: str, rows: list[tuple[str, list]]) -> str:
    label = _text(graph, iri, RDFS.label, SKOS.prefLabel) or _curie(iri)
    definition = _text(graph, iri, SKOS.definition, RDFS.comment)
    parts = [
        f'<section class="term" id="{_anchor(iri)}">',
        f"<h3>{escape(label)} <small>{escape(kind)}</small></h3>",
        f'<p class="iri"><code>{escape(str(iri))}</code> (<code>{escape(_curie(iri))}</code>)</p>',
    ]
    if definition:
        parts.append(f"<p>{escape(definition)}</p>")
    table = []
    for name, values in rows:
        values = sorted(set(values), key=str)
        if values:
            table.append(f"<tr><th>{escape(name)}</th><td>{', '.join(_link(v, local) for v in values)}</td></tr>")
    alt = sorted(str(v) for v in graph.objects(iri, SKOS.altLabel))
    if alt:
        table.append(f"<tr><th>also called</th><td>{escape('; '.join(alt))}</td></tr>")
    if table:
        parts.append('<table class="facts">' + "".join(table) + "</table>")
    parts.append("</section>")
    return "\n".join(parts)


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
code { font-size: 0.92em; } h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ccd; margin-top: 2.5rem; }
section.term { border-left: 3px solid #ccd; padding: 0.1rem 0 0.1rem 0.8rem; margin: 1.2rem 0; }
section.term h3 { margin: 0.2rem 0; } section.term h3 small { color: #667; font-weight: normal; font-size: 0.7em; }
p.iri { margin: 0.2rem 0; color: #445; } table.facts th { text-align: left; padding-right: 1rem; vertical-align: top; font-weight: 600; }
nav ul { columns: 3; } a { color: #1a4f9c; } ul.concepts li { margin: 0.2rem 0; }
"""


def render(graph: Graph) -> str:
    """The documentation page of an ontology graph."""
    terms = ontology_terms(graph)
    local = set(terms.all)
    onto = URIRef(ONTOLOGY_IRI)
    title = _text(graph, onto, DCTERMS.title, RDFS.label) or "Ontology"
    description = _text(graph, onto, DCTERMS.description, RDFS.comment)
    version = _text(graph, onto, OWL.versionInfo)
    out = [
        "<!DOCTYPE html>",
        "<!-- Generated by `htkg export --release` (htkg.docs); do not edit. -->",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="iri">IRI: <code>{escape(ONTOLOGY_IRI)}</code>' + (f" · version {escape(version)}" if version else "") + "</p>",
    ]
    if description:
        out += [f"<p>{escape(p)}</p>" for p in description.split("\n\n")]
    facts = []
    for prop, name in ((DCTERMS.created, "created"), (DCTERMS.modified, "modified"), (DCTERMS.license, "licence"), (DCTERMS.creator, "creator")):
        values = sorted(str(v) for v in graph.objects(onto, prop))
        if values:
            facts.append(f"<tr><th>{name}</th><td>{escape(', '.join(values))}</td></tr>")
    if facts:
        out.append('<table class="facts">' + "".join(facts) + "</table>")
    counts = [("classes", "Classes", len(terms.classes))]
    counts += [(anchor, heading, len(terms.properties[kind])) for kind, heading, anchor in _PROPERTY_KINDS if terms.properties[kind]]
    counts.append(("schemes", "Concept schemes", len(terms.schemes)))
    out.append("<nav><h2>Contents</h2><ul>" + "".join(f'<li><a href="#{a}">{h}</a> ({n})</li>' for a, h, n in counts) + "</ul></nav>")

    out.append('<h2 id="classes">Classes</h2>')
    for cls in terms.classes:
        out.append(_term(graph, cls, local, "class", [
            ("subclass of", list(graph.objects(cls, RDFS.subClassOf))),
            ("superclass of", [s for s in graph.subjects(RDFS.subClassOf, cls)]),
            ("disjoint with", list(graph.objects(cls, OWL.disjointWith))),
            ("in the domain of", [p for p in graph.subjects(RDFS.domain, cls)]),
            ("in the range of", [p for p in graph.subjects(RDFS.range, cls)]),
        ]))
    for kind, heading, anchor in _PROPERTY_KINDS:
        if not terms.properties[kind]:
            continue
        out.append(f'<h2 id="{anchor}">{heading}</h2>')
        for prop in terms.properties[kind]:
            types = sorted((_curie(t) for t in graph.objects(prop, RDF.type) if t != kind), key=str)
            out.append(_term(graph, prop, local, heading.lower().rstrip("s"), [
                ("subproperty of", list(graph.objects(prop, RDFS.subPropertyOf))),
                ("domain", list(graph.objects(prop, RDFS.domain))),
                ("range", list(graph.objects(prop, RDFS.range))),
                ("inverse of", list(graph.objects(prop, OWL.inverseOf))),
                ("characteristics", [Literal(t) for t in types]),
            ]))
    out.append('<h2 id="schemes">Concept schemes</h2>')
    for scheme, concepts in terms.schemes.items():
        out.append(_term(graph, scheme, local, "concept scheme", [("top concepts", list(graph.objects(scheme, SKOS.hasTopConcept)))]))
        out.append('<ul class="concepts">')
        for concept in concepts:
            label = _text(graph, concept, SKOS.prefLabel, RDFS.label) or _curie(concept)
            definition = _text(graph, concept, SKOS.definition, RDFS.comment)
            broader = sorted(graph.objects(concept, SKOS.broader), key=str)
            extra = f" (broader: {', '.join(_link(b, local) for b in broader)})" if broader else ""
            out.append(
                f'<li id="{_anchor(concept)}"><strong>{escape(label)}</strong> <a href="{escape(str(concept))}"><code>{escape(_curie(concept))}</code></a>{extra}'
                + (f": {escape(definition)}" if definition else "")
                + "</li>"
            )
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def ontology_html(project: Project) -> str:
    """The documentation page of the project's ontology (ontology/*.ttl)."""
    return render(_load(project))


def write_ontology_html(project: Project, path) -> str:
    from .rdfio import atomic_write

    text = ontology_html(project)
    atomic_write(path, text)
    return text
