"""What the build adds to a document's mentions and to the curators' inferences, in the derived
graph.

A mention (`htkg:Mention`, a Web Annotation) is curated in the short form of a claim: the
entity it names (`oa:hasBody`) and the words that name it (`htkg:quote`, `htkg:start`,
`htkg:end`, `htkg:locator`), which the build expands into an anchor with its `dcterms:source`
(htkg.compile.expand_anchors). This adds its motivation, `oa:motivatedBy oa:identifying` (Web
Annotation Vocabulary, section 3.3.5: the body identifies what the target's words name), and the
direct statement everyday questions ask for, `?document dcterms:references ?entity`: once per
document and entity however many mentions name it.

An inference (`htkg:Inference`) is the curators' own reading: this attributes each one to them
(`prov:wasAttributedTo actor:htkg-curators`), so that no curator has to remember to and a query
of attribution finds it as it finds a discrepancy's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import ACTOR, DCTERMS, HTKG, OA, PROV, RDF

__all__ = ["VERSION", "READ", "CURATORS", "derive_annotations"]

#: Part of each compiled file's cache key: change it when what this module derives changes.
VERSION = "annotations-1"

_TYPE = ox.NamedNode(str(RDF.type))
_MENTION, _INFERENCE = ox.NamedNode(str(HTKG.Mention)), ox.NamedNode(str(HTKG.Inference))
_HAS_BODY, _MOTIVATED_BY, _IDENTIFYING = ox.NamedNode(str(OA.hasBody)), ox.NamedNode(str(OA.motivatedBy)), ox.NamedNode(str(OA.identifying))
_SOURCE, _REFERENCES = ox.NamedNode(str(DCTERMS.source)), ox.NamedNode(str(DCTERMS.references))
_ATTRIBUTED = ox.NamedNode(str(PROV.wasAttributedTo))
#: The project's curators, who answer for every inference (graph/reference.ttl describes them).
CURATORS = ox.NamedNode(str(ACTOR["htkg-curators"]))
#: Every property derive_annotations reads (it needs the statements through these only).
READ = frozenset((_TYPE, _HAS_BODY, _SOURCE))


def derive_annotations(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """For each mention of these statements, `oa:motivatedBy oa:identifying` and, for each
    entity it names, `?document dcterms:references ?entity` (its document being the anchor's
    `dcterms:source`); for each inference, `prov:wasAttributedTo actor:htkg-curators`."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    mentions, inferences = [], []
    for t in triples:
        if t.predicate == _TYPE:
            if t.object == _MENTION:
                mentions.append(t.subject)
            elif t.object == _INFERENCE:
                inferences.append(t.subject)
        elif t.predicate in READ:
            by_subject[t.subject][t.predicate].append(t.object)
    out: set[ox.Triple] = set()
    for mention in mentions:
        out.add(ox.Triple(mention, _MOTIVATED_BY, _IDENTIFYING))
        props = by_subject.get(mention, {})
        for document in props.get(_SOURCE, ()):
            for entity in props.get(_HAS_BODY, ()):
                if isinstance(document, ox.NamedNode) and isinstance(entity, ox.NamedNode):
                    out.add(ox.Triple(document, _REFERENCES, entity))
    out.update(ox.Triple(inference, _ATTRIBUTED, CURATORS) for inference in inferences)
    return out
