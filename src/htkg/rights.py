"""Rights in the source texts, read from the data and acted on.

Each source document's record (sources/<slug>.ttl) names, as `dcterms:accessRights`, a concept
of the controlled list `cpt:text-rights`: whether the project may pass the text on in full. The
concepts under `cpt:text-redistributable` (public domain, open licence, ...) allow it; any other
(all rights reserved, ...), or none, does not. Nothing here knows a document: a new document
is handled by its record alone, and a new kind of rights by a new concept in the list.

What follows from it:
- the build keeps the text around each quote (oa:prefix, oa:suffix) only for texts that may be
  passed on, so the graph carries no more of a reserved text than the quotations the claims need;
- a release includes the full text only of the documents that allow it, and gives for every
  document the text's SHA-256 and its bibliographic citation, so that a reader who obtains a text
  can check every quote at its offsets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import CPT, HTKG, OA

__all__ = [
    "TEXT_RIGHTS",
    "TEXT_REDISTRIBUTABLE",
    "SourceText",
    "redistributable_concepts",
    "source_texts",
    "context_quads",
    "check_texts",
]

#: The controlled list of rights in a source text, and its concept that allows redistribution.
TEXT_RIGHTS = str(CPT["text-rights"])
TEXT_REDISTRIBUTABLE = str(CPT["text-redistributable"])

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class SourceText:
    """A source document's text as a release speaks of it."""

    document: str  #: the document's IRI
    title: str
    text_file: str  #: its file name under sources/
    sha256: str  #: as its record gives it
    citation: str  #: dcterms:bibliographicCitation (where to obtain it), or ""
    rights: str  #: the rights statement (dcterms:rights), or ""
    access: str  #: the cpt:text-rights concept, or ""
    access_label: str  #: that concept's label, or ""
    license: str  #: dcterms:license, or ""
    redistributable: bool

    @property
    def stem(self) -> str:
        return self.text_file.removesuffix(".txt")


def redistributable_concepts(ontology) -> list[str]:
    """The concepts that allow a text to be passed on: `cpt:text-redistributable` and every
    concept narrower than it (skos:broader, transitively), from an rdflib graph of the ontology."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    found, todo = {TEXT_REDISTRIBUTABLE}, [URIRef(TEXT_REDISTRIBUTABLE)]
    while todo:
        for narrower in ontology.subjects(SKOS.broader, todo.pop()):
            if str(narrower) not in found:
                found.add(str(narrower))
                todo.append(narrower)
    return sorted(found)


_TEXTS = f"""PREFIX htkg: <{HTKG}> PREFIX dcterms: <{_DCT}> PREFIX skos: <{_SKOS}>
SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?f) AS ?file) (SAMPLE(?h) AS ?sha) (SAMPLE(?c) AS ?citation)
       (SAMPLE(?r) AS ?rights) (SAMPLE(?a) AS ?access) (SAMPLE(?al) AS ?label) (SAMPLE(?l) AS ?license)
       (MIN(?open) AS ?redistributable)
WHERE {{
  ?doc a htkg:SourceDocument ; htkg:textFile ?f .
  OPTIONAL {{ ?doc dcterms:title ?t }}
  OPTIONAL {{ ?doc htkg:sha256 ?h }}
  OPTIONAL {{ ?doc dcterms:bibliographicCitation ?c }}
  OPTIONAL {{ ?doc dcterms:rights ?r FILTER(isLiteral(?r)) }}
  OPTIONAL {{ ?doc dcterms:license ?l }}
  OPTIONAL {{ ?doc dcterms:accessRights ?a . OPTIONAL {{ ?a skos:prefLabel ?al }} }}
  BIND(BOUND(?a) && EXISTS {{ ?a skos:broader* <{TEXT_REDISTRIBUTABLE}> }} AS ?open)
}} GROUP BY ?doc ORDER BY ?doc"""


def source_texts(quads_or_store) -> list[SourceText]:
    """Every source document of the data (quads or a pyoxigraph store) with what its record
    says of its text: file, SHA-256, citation, rights and whether it may be passed on."""
    if isinstance(quads_or_store, ox.Store):
        store = quads_or_store
    else:
        store = ox.Store()
        store.extend(quads_or_store)

    def value(term) -> str:
        return term.value if term is not None else ""

    texts = []
    for row in store.query(_TEXTS, use_default_graph_as_union=True):
        texts.append(
            SourceText(
                document=row["doc"].value,
                title=value(row["title"]),
                text_file=value(row["file"]),
                sha256=value(row["sha"]),
                citation=value(row["citation"]),
                rights=value(row["rights"]),
                access=value(row["access"]),
                access_label=value(row["label"]),
                license=value(row["license"]),
                redistributable=row["redistributable"] is not None and row["redistributable"].value == "true",
            )
        )
    return texts


_PREFIX, _SUFFIX = ox.NamedNode(str(OA.prefix)), ox.NamedNode(str(OA.suffix))
_HAS_SOURCE, _HAS_SELECTOR = ox.NamedNode(str(OA.hasSource)), ox.NamedNode(str(OA.hasSelector))


def context_quads(quads: list[ox.Quad], reserved: set[str]) -> list[ox.Quad]:
    """The statements that carry text around a quote (oa:prefix, oa:suffix) of a document in
    `reserved` (document IRIs): what a release must not pass on. The build writes none (see
    htkg.compile); this finds any that a graph built otherwise would carry."""
    if not reserved:
        return []
    anchors = {q.subject for q in quads if q.predicate == _HAS_SOURCE and isinstance(q.object, ox.NamedNode) and q.object.value in reserved}
    selectors = {q.object for q in quads if q.predicate == _HAS_SELECTOR and q.subject in anchors}
    return [q for q in quads if q.predicate in (_PREFIX, _SUFFIX) and q.subject in selectors]


def check_texts(texts: list[SourceText], sources_dir: Path, relative) -> dict[str, bytes]:
    """The bytes of every text a release includes, after checking that each text on disk has the
    SHA-256 its record gives (a release promises that hash to its readers). A text that may not
    be passed on is checked when it is present and never read into the release."""
    included: dict[str, bytes] = {}
    for text in texts:
        record = relative(sources_dir / f"{text.stem}.ttl")
        path = sources_dir / text.text_file
        if not text.sha256:
            raise InputError(f"{text.document} records no htkg:sha256 of its text", where=record,
                             hint=f"add htkg:sha256 \"<the output of `sha256sum sources/{text.text_file}`>\"")
        if not path.is_file():
            if text.redistributable:
                raise InputError(f"the text {text.text_file} is missing", where=relative(path),
                                 hint="a release includes the full text of a document whose rights allow it: restore the file")
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != text.sha256:
            raise InputError(f"the text's SHA-256 is {digest}, its record says {text.sha256}", where=relative(path),
                             hint=f"restore the text as received, or correct htkg:sha256 in {record}")
        if text.redistributable:
            included[text.text_file] = data
    return included
