"""What the curated graph already knows, read straight from the hand-edited files (no build
needed): every entity's labels and types, the periods, the text-rights concepts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..project import Project

__all__ = ["GraphIndex", "load_index", "ENTITY_NAMESPACES"]

HTKG = "https://w3id.org/htkg/ontology#"
CPT = "https://w3id.org/htkg/concept/"
ID = "https://w3id.org/htkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABELS = {RDFS_LABEL: "rdfs:label", SKOS + "altLabel": "skos:altLabel", SKOS + "prefLabel": "skos:prefLabel"}
#: The kinds of entity a mention may link to, by the namespace of their IRI.
ENTITY_NAMESPACES = {
    ID + "actor/": "actor",
    ID + "place/": "place",
    ID + "instrument/": "instrument",
    ID + "document/": "document",
    ID + "facility/": "facility",
}


INSTRUMENT_DATES = {f"https://w3id.org/htkg/ontology#{p}" for p in ("dateAdopted", "dateApproved", "dateEnteredIntoForce")}


@dataclass
class GraphIndex:
    #: iri -> [(label, how it is given: rdfs:label / skos:altLabel)]
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: iri -> set of rdf:type IRIs
    types: dict[str, set[str]] = field(default_factory=dict)
    #: every subject IRI the files describe
    subjects: set[str] = field(default_factory=set)
    #: the concepts of cpt:text-rights (local names)
    text_rights: set[str] = field(default_factory=set)
    #: (instrument IRI, date property's local name) -> the dates the files give it
    instrument_dates: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def kind(self, iri: str) -> str | None:
        for ns, kind in ENTITY_NAMESPACES.items():
            if iri.startswith(ns):
                return kind
        return None

    def find_actor(self, name: str) -> str | None:
        """The actor whose label or alternative label is `name` (case and spacing aside)."""
        wanted = " ".join(name.split()).casefold()
        for iri, labels in sorted(self.labels.items()):
            if iri.startswith(ID + "actor/") and any(" ".join(l.split()).casefold() == wanted for l, _ in labels):
                return iri
        return None


def _parse(path: Path, project: Project) -> list[ox.Triple]:
    try:
        with open(path, "rb") as handle:
            return list(ox.parse(handle, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", where=project.relative(path), hint="fix the file (see graph/CURATING.md)") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=project.relative(path)) from None


def load_index(project: Project, exclude: tuple[str, ...] = ()) -> GraphIndex:
    """The index of graph/*.ttl, sources/*.ttl and the ontology's concepts, leaving out the
    curated file and record of each stem in `exclude` (to evaluate on a held-out document)."""
    index = GraphIndex()
    files = [p for p in sorted(project.graph_dir.glob("*.ttl")) + sorted(project.sources_dir.glob("*.ttl")) if p.stem not in exclude]
    files += project.ontology_files()
    for path in files:
        for t in _parse(path, project):
            if not isinstance(t.subject, ox.NamedNode):
                continue
            s = t.subject.value
            index.subjects.add(s)
            p = t.predicate.value
            if p in LABELS and isinstance(t.object, ox.Literal) and (t.object.language or "en").startswith("en"):
                index.labels.setdefault(s, []).append((t.object.value, LABELS[p]))
            elif p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                index.types.setdefault(s, set()).add(t.object.value)
            elif p in INSTRUMENT_DATES and isinstance(t.object, ox.Literal):
                index.instrument_dates.setdefault((s, p.rsplit("#", 1)[-1]), set()).add(t.object.value)
            elif p == SKOS + "inScheme" and isinstance(t.object, ox.NamedNode) and t.object.value == CPT + "text-rights":
                index.text_rights.add(s[len(CPT):])
    return index
