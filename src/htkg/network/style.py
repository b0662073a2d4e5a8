"""How every picture and page of the network looks: colours from the Okabe-Ito palette (told
apart by people with any common colour-vision deficiency), doubled by a shape per family of
node kinds and a dash pattern per edge type, so that nothing is said by colour alone.

A node kind takes the style of its nearest class that has one (a `ResearchConsortium` that of
`ResearchBody`, a `Ministry` that of `GovernmentBody`), found through the class tree the
network's queries read from the ontology; a kind with no styled class above it is grey."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "OKABE_ITO",
    "NodeStyle",
    "EdgeStyle",
    "node_style",
    "edge_style",
    "form_colour",
    "family",
    "COLOUR_BY",
    "UNDATED_COLOUR",
    "SEVERAL_COLOUR",
    "year_colours",
    "document_colours",
    "document_tags",
    "TieColouring",
]

#: Okabe & Ito (2008), "Color Universal Design": eight colours, with black.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
_C = OKABE_ITO


@dataclass(frozen=True)
class NodeStyle:
    family: str  # the styled class the kind falls under
    label: str  # what the legend calls that family
    colour: str
    shape: str  # a Cytoscape.js node shape
    marker: str  # the matplotlib marker of the same shape


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    dash: str  # "solid", "dashed" or "dotted" (Cytoscape.js line-style)
    mpl_dash: str  # the matplotlib linestyle


#: Families of node kinds: class -> (legend label, colour, Cytoscape.js shape, matplotlib marker).
_FAMILIES = {
    "GovernmentBody": ("government", _C["blue"], "octagon", "8"),
    "InternationalOrganisation": ("international organisation", _C["orange"], "diamond", "D"),
    "OrganisationOffice": ("office of an organisation", _C["orange"], "pentagon", "p"),
    "NGO": ("NGO", _C["bluish green"], "hexagon", "h"),
    "ResearchBody": ("research", _C["reddish purple"], "triangle", "^"),
    "Publisher": ("publisher", _C["reddish purple"], "triangle", "^"),
    "MediaOutlet": ("media", _C["yellow"], "star", "*"),
    "Person": ("person", _C["vermillion"], "ellipse", "o"),
    "Group": ("group of actors", _C["sky blue"], "ellipse", "o"),
    "Organisation": ("other organisation", _C["grey"], "ellipse", "o"),
    "SourceDocument": ("source document", _C["black"], "rectangle", "s"),
    "Document": ("cited work", _C["grey"], "rectangle", "s"),
    "Country": ("country", _C["grey"], "ellipse", "o"),
    "Region": ("region", _C["grey"], "ellipse", "o"),
    "City": ("city", _C["grey"], "ellipse", "o"),
    "Place": ("place", _C["grey"], "ellipse", "o"),
}

_OTHER = NodeStyle("", "other", _C["grey"], "ellipse", "o")

_DASH = {"solid": "solid", "dashed": "--", "dotted": ":"}

#: Edge types: colour and dash. Within a view no two types share both.
_EDGES = {
    # actors: who works with whom
    "cooperates-with": (_C["blue"], "solid"),
    "co-participation": (_C["grey"], "solid"),
    "supports": (_C["bluish green"], "solid"),
    "trains": (_C["sky blue"], "solid"),
    "influenced-by": (_C["reddish purple"], "dashed"),
    "part-of": (_C["black"], "dotted"),
    "funds": (_C["orange"], "dashed"),
    # evidence: who says what on whose word
    "writes": (_C["black"], "solid"),
    "publishes": (_C["grey"], "dashed"),
    "relays": (_C["orange"], "solid"),
    "cites": (_C["sky blue"], "dashed"),
    "assesses": (_C["vermillion"], "solid"),
    # routes
    "flow": (_C["black"], "solid"),
}

#: Forms of exploitation (the concepts of cpt:exploitation-forms) on the routes map; a form
#: not listed takes the next free colour in the order of its IRI.
_FORMS = {
    "sexual-exploitation": _C["vermillion"],
    "forced-labour": _C["blue"],
    "labour-exploitation": _C["sky blue"],
    "begging": _C["bluish green"],
    "unspecified-exploitation": _C["grey"],
    "": _C["black"],  # no form given
}
_SPARE = [_C["orange"], _C["reddish purple"], _C["yellow"]]


def family(kind: str, tree: dict[str, set[str]] | None = None) -> str:
    """The nearest styled class of a kind (itself, or the deepest of its broader classes that
    has a style), or "" when none has."""
    if kind in _FAMILIES:
        return kind
    broader = (tree or {}).get(kind, set())
    styled = [k for k in broader if k in _FAMILIES]
    if not styled:
        return ""
    # The nearest is the one with most classes above it.
    return max(styled, key=lambda k: (len((tree or {}).get(k, ())), k))


def node_style(kind: str, tree: dict[str, set[str]] | None = None) -> NodeStyle:
    name = family(kind, tree)
    if not name:
        return _OTHER
    label, colour, shape, marker = _FAMILIES[name]
    return NodeStyle(name, label, colour, shape, marker)


def edge_style(etype: str) -> EdgeStyle:
    colour, dash = _EDGES.get(etype, (_C["grey"], "solid"))
    return EdgeStyle(colour, dash, _DASH[dash])


def form_colour(form: str, all_forms: list[str] = ()) -> str:
    """The colour of a form of exploitation, by its local name ("" for none given)."""
    if form in _FORMS:
        return _FORMS[form]
    others = sorted(f for f in set(all_forms) | {form} if f not in _FORMS)
    return _SPARE[others.index(form) % len(_SPARE)]


# --------------------------------------------------------------------------- colour by year or document

#: What ties can be coloured by: their kind (type of tie; form of exploitation on the map), the
#: latest year of their evidence, or the document that carries them.
COLOUR_BY = ("kind", "year", "document")

#: Ties with no dated evidence (colour by year), or carried by several documents (by document).
UNDATED_COLOUR = _C["grey"]
SEVERAL_COLOUR = _C["black"]

#: The documents' colours, in turn: Okabe-Ito without grey and black (which mean "undated" and
#: "several documents") and without yellow, too pale for a thin line on white.
_DOCUMENT_COLOURS = [_C["orange"], _C["sky blue"], _C["bluish green"], _C["blue"], _C["vermillion"], _C["reddish purple"]]


def year_colours(years) -> dict[int, str]:
    """A colour per year from a sequential palette (viridis, perceptually uniform, dark to
    light, read the same by people with common colour-vision deficiencies and in grey), placed
    by the year's value so that a gap between years shows; its palest end, too light for a line
    on white, is left out. One year alone takes the middle."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    years = sorted(set(years))
    if not years:
        return {}
    cmap = colormaps["viridis"]
    low, high = 0.0, 0.82
    first, last = years[0], years[-1]
    out = {}
    for year in years:
        t = 0.5 if last == first else (year - first) / (last - first)
        out[year] = to_hex(cmap(low + t * (high - low))).upper()
    return out


def document_colours(documents) -> dict[str, str]:
    """A colour per document, in the order given (by IRI: slugs begin with the issuer and
    year); past six documents the colours come round again, and the tags (D1, D2...) tell the
    documents apart."""
    return {doc: _DOCUMENT_COLOURS[i % len(_DOCUMENT_COLOURS)] for i, doc in enumerate(documents)}


def document_tags(documents) -> dict[str, str]:
    """A short tag per document (D1, D2...) that the pictures write beside a tie."""
    return {doc: f"D{i + 1}" for i, doc in enumerate(documents)}


class TieColouring:
    """The colour and the tag (the text written beside a tie, so that nothing is said by colour
    alone) of ties coloured by year or by document, and the legend that says which colour is
    which. By year: the latest year of a tie's evidence, grey for undated ties. By document:
    the document that carries the tie, black for several, grey for none (facts of the
    reference data). `of` takes a list of edges, for a drawing that merges several into one
    arrow (the routes map)."""

    def __init__(self, network, colour_by: str):
        if colour_by not in COLOUR_BY:
            from ..errors import UsageError

            raise UsageError(f"unknown colouring {colour_by!r}", hint="choose one of " + ", ".join(COLOUR_BY))
        self.colour_by = colour_by
        self.labels = network.documents
        self.years = year_colours(y for e in network.edges for y in e.years)
        documents = sorted({d for e in network.edges for d in e.documents})
        self.documents = document_colours(documents)
        self.tags = document_tags(documents)

    def of(self, edges) -> tuple[str, str]:
        if self.colour_by == "year":
            years = sorted({y for e in edges for y in e.years})
            if not years:
                return UNDATED_COLOUR, "undated"
            return self.years[years[-1]], str(years[-1])
        docs = sorted({d for e in edges for d in e.documents})
        if not docs:
            return UNDATED_COLOUR, ""
        if len(docs) > 1:
            return SEVERAL_COLOUR, "+".join(self.tags[d] for d in docs)
        return self.documents[docs[0]], self.tags[docs[0]]

    def legend(self, groups) -> list[tuple[str, str, int]]:
        """(colour, text, number of ties) for each colour the ties `groups` (lists of edges, one
        per drawn tie) take, in order: the years, or the documents, then the rest."""
        counts: dict[str, int] = {}
        for edges in groups:
            colour, tag = self.of(edges)
            key = tag if self.colour_by == "year" else (tag if "+" not in tag else "+")
            counts[key] = counts.get(key, 0) + 1
        rows = []
        if self.colour_by == "year":
            for year, colour in self.years.items():
                if str(year) in counts:
                    rows.append((colour, str(year), counts[str(year)]))
            if "undated" in counts:
                rows.append((UNDATED_COLOUR, "undated", counts["undated"]))
            return rows
        for doc, colour in self.documents.items():
            if self.tags[doc] in counts:
                rows.append((colour, f"{self.tags[doc]}: {self.labels.get(doc, doc.rsplit('/', 1)[-1])}", counts[self.tags[doc]]))
        if "+" in counts:
            rows.append((SEVERAL_COLOUR, "several documents (D1+D2...)", counts["+"]))
        if "" in counts:
            rows.append((UNDATED_COLOUR, "no document (reference data)", counts[""]))
        return rows
