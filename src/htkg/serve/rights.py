"""Whether a document's own text may be shown in full (the document page's reading view and
the surrounding text of a quote), read from the document's rights as data.

The project's rule (`htkg.rights`): the document's record names a concept of `cpt:text-rights`
as `dcterms:accessRights`, and the text may be passed on when that concept is
`cpt:text-redistributable` or narrower (public domain, open licence). A document from elsewhere
whose record instead points a rights-related statement (dcterms:rights, dcterms:license,
schema:license, cc:license, ...) at the IRI of an open licence or a no-copyright statement listed
below is shown too. Anything else, free-text rights ("© 2013. All rights reserved ...") among
them, shows nothing more than the quotes, which the graph publishes anyway."""

from __future__ import annotations

import re

import pyoxigraph as ox

__all__ = ["OPEN_TEXT_RIGHTS", "text_may_be_shown", "rights_statements"]

#: IRIs (http or https, with or without a trailing slash) under which a text may be republished.
OPEN_TEXT_RIGHTS = (
    "creativecommons.org/publicdomain/zero/",
    "creativecommons.org/publicdomain/mark/",
    "creativecommons.org/licenses/by/",
    "creativecommons.org/licenses/by-sa/",
    "rightsstatements.org/vocab/NoC-US/",
    "publications.europa.eu/resource/authority/licence/CC0",
    "publications.europa.eu/resource/authority/licence/PDM",
    "publications.europa.eu/resource/authority/licence/CC_BY_",
    "publications.europa.eu/resource/authority/licence/CC_BYSA_",
)

_RIGHTS_PREDICATE = re.compile(r"(rights|licen[cs]e)$", re.I)


def rights_statements(store: ox.Store, document: str) -> list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    """(predicate IRI, value) of every rights-related statement about the document, sorted."""
    found = set()
    for quad in store.quads_for_pattern(ox.NamedNode(document), None, None, None):
        local = re.split(r"[#/]", quad.predicate.value)[-1]
        if _RIGHTS_PREDICATE.search(local):
            found.add((quad.predicate.value, quad.object))
    return sorted(found, key=lambda item: (item[0], str(item[1])))


def _is_open(iri: str) -> bool:
    bare = re.sub(r"^https?://(www\.)?", "", iri)
    return any(bare.startswith(prefix) for prefix in OPEN_TEXT_RIGHTS)


_REDISTRIBUTABLE = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
ASK {{ <{document}> dcterms:accessRights ?concept . ?concept skos:broader* <{allowed}> }}"""


def text_may_be_shown(store: ox.Store, document: str) -> bool:
    """True when the document's rights, as data, allow showing its whole text (see above);
    False otherwise, and by default."""
    from ..rights import TEXT_REDISTRIBUTABLE

    ask = _REDISTRIBUTABLE.format(document=document, allowed=TEXT_REDISTRIBUTABLE)
    if bool(store.query(ask, use_default_graph_as_union=True)):
        return True
    return any(isinstance(value, ox.NamedNode) and _is_open(value.value) for _, value in rights_statements(store, document))
