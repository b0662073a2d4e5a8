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
