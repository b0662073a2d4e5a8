"""The direct layer's quotes: each claim's and citation's verbatim quote as a plain property,
`?record htkg:quote ?text`, in the derived graph.

Curators write the quote in the short form (`htkg:quote`, `htkg:start`, `htkg:end`); the build
turns it into a Web Annotation anchor (htkg.compile.expand_anchors), which reaches the words in
three steps (`htkg:textAnchor / oa:hasSelector / oa:exact`). This states them again in one, for
every record whose anchor is complete: a quote selector with the words, a position selector
with both offsets, and the same source document as the record's `dcterms:source`. So
`?claim htkg:quote ?text` answers after a build as it reads in the curated files, and a claim
with a quote in the derived graph is known to be anchored (claim-anchor-violation looks closely
only at the others)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import DCTERMS, HTKG, OA

__all__ = ["READ", "derive_quotes"]

_TEXT_ANCHOR, _QUOTE = ox.NamedNode(str(HTKG.textAnchor)), ox.NamedNode(str(HTKG.quote))
_SOURCE, _HAS_SOURCE = ox.NamedNode(str(DCTERMS.source)), ox.NamedNode(str(OA.hasSource))
_HAS_SELECTOR, _EXACT = ox.NamedNode(str(OA.hasSelector)), ox.NamedNode(str(OA.exact))
_START, _END = ox.NamedNode(str(OA.start)), ox.NamedNode(str(OA.end))
#: Every property derive_quotes reads (it needs the statements through these only).
READ = frozenset((_TEXT_ANCHOR, _SOURCE, _HAS_SOURCE, _HAS_SELECTOR, _EXACT, _START, _END))


def derive_quotes(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """`?record htkg:quote ?text` for every record of these statements with a complete anchor
    (the module's docstring)."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if t.predicate in READ:
            by_subject[t.subject][t.predicate].append(t.object)
    if not any(_TEXT_ANCHOR in props for props in by_subject.values()):
        return set()
    out: set[ox.Triple] = set()
    for record, props in by_subject.items():
        sources = set(props.get(_SOURCE, ()))
        for anchor in props.get(_TEXT_ANCHOR, ()):
            described = by_subject.get(anchor, {})
            if not sources or set(described.get(_HAS_SOURCE, ())) != sources:
                continue
            selectors = [by_subject.get(s, {}) for s in described.get(_HAS_SELECTOR, ())]
            quotes = [e for s in selectors for e in s.get(_EXACT, ())]
            placed = any(s.get(_START) and s.get(_END) for s in selectors)
            if placed and len(quotes) == 1 and isinstance(quotes[0], ox.Literal):
                out.add(ox.Triple(record, _QUOTE, quotes[0]))
    return out
