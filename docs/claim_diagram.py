"""Draw docs/claim.svg: one claim of the CARIM-East note and everything around it, in the two
layers a query can read (the full form each document's graph holds, and the direct layer of
the derived graph). Deterministic: the same script writes the same bytes.

    python3 docs/claim_diagram.py        # rewrites docs/claim.svg

tests/test_query_guide.py checks that the committed picture is this script's output."""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "claim.svg"

WIDTH, HEIGHT = 1290, 900
FONT = 12.5
CHAR = 7.1  # average advance of a 12.5 px sans-serif character, for box widths
LINE = 17
CURATED, DERIVED, ANCHOR = "#1f2933", "#1565c0", "#7b8794"

# name: (x, y, title, type, [(attribute, value, derived?)], style)
NODES = {
    "claim": (660, 430, "claim:carim2013-victims-2010", "htkg:Claim", [], "claim"),
    "claimant": (375, 95, "actor:azerbaijan-ministry-of-internal-affairs", "htkg:Ministry",
                 [("rdfs:label", '"Ministry of Internal Affairs ..."@en', False)], "plain"),
    "about": (700, 80, "place:AZ", "htkg:Country", [("rdfs:label", '"Azerbaijan"@en', False)], "plain"),
    "document": (1090, 110, "doc:carim-east-2013-azerbaijan", "htkg:SourceDocument",
                 [("dcterms:issued", '"2013-05"^^xsd:gYearMonth', False), ("time:hasTime", "period:2013-05", True)], "plain"),
    "quote": (1090, 285, '"the number of victims of trafficking', "who were discovered (34 people)\"", [], "literal"),
    "time": (1085, 520, "period:2010", "time:ProperInterval",
             [("time:hasBeginning/time:inXSDDate", "2010-01-01", False),
              ("schema:startDate", '"2010-01-01"^^xsd:date', True),
              ("schema:endDate", '"2010-12-31"^^xsd:date', True),
              ("htkg:year", "2010", True),
              ("htkg:timePrecision", "cpt:calendar-year", True)], "plain"),
    "quantity": (215, 430, "claim:carim2013-victims-2010/quantity", "htkg:Quantity",
                 [("schema:value", "34", False), ("htkg:indicator", "cpt:identified-victims", False),
                  ("htkg:unit", "cpt:persons", False)], "plain"),
    "assessment": (245, 262, "claim:carim2013-doubt-victims-2010", "htkg:Assessment",
                   [("htkg:claimant", "actor:sergey-rummyansev", False), ("htkg:stance", "cpt:doubts", False),
                    ("htkg:quote", '"It is impossible to evaluate their accuracy"', True)], "plain"),
    "discrepancy": (1040, 705, "disc:carim2013-2010-figures-attribution", "htkg:Discrepancy",
                    [("htkg:discrepancyKind", "cpt:attribution-mismatch", False)], "plain"),
    "citation": (235, 640, "cite:carim2013-fn9", "htkg:Citation",
                 [("htkg:footnote", "9", False), ("cito:hasCitationCharacterization", "cito:citesAsDataSource", False)], "plain"),
    "work": (235, 795, "doc:azerbaijan-migration-center-annual-report-2010", "htkg:Document", [], "plain"),
    "anchor": (650, 700, "claim:carim2013-victims-2010/anchor", "oa:SpecificResource",
               [("oa:hasSource", "doc:carim-east-2013-azerbaijan", False), ("htkg:locator", '"main text, paragraph 8"', False)], "anchor"),
    "qselector": (560, 845, ".../anchor/quote", "oa:TextQuoteSelector", [("oa:exact, oa:prefix, oa:suffix", "", False)], "anchor"),
    "pselector": (835, 845, ".../anchor/position", "oa:TextPositionSelector", [("oa:start 7436, oa:end 7504", "", False)], "anchor"),
}

# (from, to, label, kind, offset): kind "curated" (the document's graph, as the build expands it),
# "derived" (the direct layer, in the derived graph), "anchor" (the Web Annotation full form).
EDGES = [
    ("claim", "claimant", "htkg:claimant", "curated", 0),
    ("claim", "about", "htkg:about", "curated", 0),
    ("claim", "document", "dcterms:source", "curated", 0),
    ("claim", "quote", "htkg:quote", "derived", 0),
    ("claim", "time", "htkg:referencePeriod", "curated", -9),
    ("claim", "time", "time:hasTime", "derived", 9),
    ("claim", "quantity", "htkg:quantity", "curated", 0),
    ("claim", "citation", "htkg:cites", "curated", 0),
    ("citation", "work", "htkg:citedWork", "curated", 0),
    ("claim", "anchor", "htkg:textAnchor", "anchor", 0),
    ("anchor", "qselector", "oa:hasSelector", "anchor", 0),
    ("anchor", "pselector", "oa:hasSelector", "anchor", 0),
    ("assessment", "claim", "htkg:assesses", "curated", 0),
    ("discrepancy", "claim", "htkg:involves", "curated", 0),
]

COLOURS = {"curated": CURATED, "derived": DERIVED, "anchor": ANCHOR}


def _size(node) -> tuple[float, float]:
    _, _, title, kind, attributes, _ = node
    lines = [title, kind] + [f"{a} {v}".strip() for a, v, _ in attributes]
    width = max(len(text) for text in lines) * CHAR + 24
    height = LINE * len(lines) + 14
    return width, height


def _border(node, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the node's centre towards a point leaves its box."""
    x, y = node[0], node[1]
    w, h = _size(node)
    dx, dy = towards[0] - x, towards[1] - y
    if dx == 0 and dy == 0:
        return x, y
    scale = min(w / 2 / abs(dx) if dx else float("inf"), h / 2 / abs(dy) if dy else float("inf"))
    return x + dx * scale, y + dy * scale


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _edge(source, target, label, kind, offset) -> list[str]:
    a, b = NODES[source], NODES[target]
    (x1, y1), (x2, y2) = _border(a, (b[0], b[1])), _border(b, (a[0], a[1]))
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length  # a normal, for parallel edges
    x1, y1, x2, y2 = x1 + nx * offset, y1 + ny * offset, x2 + nx * offset, y2 + ny * offset
    colour = COLOURS[kind]
    dash = ' stroke-dasharray="7 4"' if kind == "derived" else ""
    mx, my = (x1 + x2) / 2 + nx * 9 * (1 if offset >= 0 else -1), (y1 + y2) / 2 + ny * 9 * (1 if offset >= 0 else -1)
    return [
        f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{colour}" stroke-width="1.6"{dash} marker-end="url(#arrow-{kind})"/>',
        f'<text x="{_f(mx)}" y="{_f(my)}" text-anchor="middle" class="edge" fill="{colour}">{escape(label)}</text>',
    ]


def _node(name) -> list[str]:
    node = NODES[name]
    x, y, title, kind, attributes, style = node
    w, h = _size(node)
    fill = {"claim": "#fff8e1", "literal": "#e3f2fd", "anchor": "#f5f7fa", "plain": "#ffffff"}[style]
    stroke = {"literal": DERIVED, "anchor": ANCHOR}.get(style, CURATED)
    width = "2.4" if style == "claim" else "1.2"
    dash = ' stroke-dasharray="7 4"' if style == "literal" else ""
    out = [f'<rect x="{_f(x - w / 2)}" y="{_f(y - h / 2)}" width="{_f(w)}" height="{_f(h)}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>']
    top = y - h / 2 + 7 + LINE - 4
    title_class, kind_class = ("literal", "literal") if style == "literal" else ("title", "kind")
    out.append(f'<text x="{_f(x)}" y="{_f(top)}" text-anchor="middle" class="{title_class}">{escape(title)}</text>')
    out.append(f'<text x="{_f(x)}" y="{_f(top + LINE)}" text-anchor="middle" class="{kind_class}">{escape(kind)}</text>')
    for i, (attribute, value, derived) in enumerate(attributes, start=2):
        colour = DERIVED if derived else "#3e4c59"
        out.append(f'<text x="{_f(x)}" y="{_f(top + LINE * i)}" text-anchor="middle" class="attribute" fill="{colour}">'
                   f'{escape(attribute)} {escape(value)}</text>'.replace(" </text>", "</text>"))
    return out


def svg() -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="DejaVu Sans, Verdana, sans-serif">',
        "<title>A claim and everything around it</title>",
        "<style>"
        f".title{{font-size:{FONT}px;font-weight:bold;fill:{CURATED}}} .kind{{font-size:{FONT}px;fill:#52606d;font-style:italic}} "
        f".attribute{{font-size:{FONT - 1}px}} .edge{{font-size:{FONT - 1}px}} .literal{{font-size:{FONT}px;fill:{DERIVED}}} "
        f".legend{{font-size:{FONT}px;fill:{CURATED}}}"
        "</style>",
        "<defs>",
    ]
    for kind, colour in COLOURS.items():
        parts.append(f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
                     f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    parts += ["</defs>", f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fbfcfd"/>']
    for edge in EDGES:
        parts += _edge(*edge)
    for name in NODES:
        parts += _node(name)
    # The legend.
    lx, ly = 985, 805
    parts += [
        f'<line x1="{lx}" y1="{ly}" x2="{lx + 46}" y2="{ly}" stroke="{CURATED}" stroke-width="1.6" marker-end="url(#arrow-curated)"/>',
        f'<text x="{lx + 56}" y="{ly + 4}" class="legend">stated in the document\'s graph</text>',
        f'<line x1="{lx}" y1="{ly + 24}" x2="{lx + 46}" y2="{ly + 24}" stroke="{DERIVED}" stroke-width="1.6" stroke-dasharray="7 4" marker-end="url(#arrow-derived)"/>',
        f'<text x="{lx + 56}" y="{ly + 28}" class="legend" fill="{DERIVED}">the direct layer (derived graph)</text>',
        f'<line x1="{lx}" y1="{ly + 48}" x2="{lx + 46}" y2="{ly + 48}" stroke="{ANCHOR}" stroke-width="1.6" marker-end="url(#arrow-anchor)"/>',
        f'<text x="{lx + 56}" y="{ly + 52}" class="legend">the full Web Annotation form</text>',
    ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    TARGET.write_text(svg(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
