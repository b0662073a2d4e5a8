"""Derive the three views of the network from the graph with the SPARQL queries in
`htkg/sparql/network-*.rq`: each query returns evidence rows (one link between two nodes, the
claim and document behind it, its period); this module filters the rows and folds them into
nodes and typed edges. Nothing is hand-kept: every edge is what the queries find.

The views never mix kinds of ties, so that each is analysed on its own:

- `actors`: who works with whom. Actors only, tied by co-participation in events, support,
  training, cooperation, influence, membership and funding.
- `evidence`: who says what on whose word. Authors, bodies and documents, tied by writing and
  publishing documents, documents relaying others' claims and citing others' works, and
  assessments (reports, endorses, doubts, disputes).
- `routes`: where people are taken. Places, tied by trafficking flows."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from ..errors import UsageError
from ..namespaces import DOC

__all__ = [
    "EDGE_TYPES",
    "VIEWS",
    "VIEW_NODES",
    "VIEW_EDGES",
    "VIEW_TITLES",
    "Node",
    "Edge",
    "ClaimInfo",
    "Network",
    "load_query",
    "build_network",
    "overlaps",
    "select",
]

#: Edge types: name -> (directed, what it means).
EDGE_TYPES: dict[str, tuple[bool, str]] = {
    "co-participation": (False, "take part in the same event"),
    "supports": (True, "assists, funds or leads an event of the other"),
    "trains": (True, "trains the other (a training event)"),
    "cooperates-with": (False, "a claim says they cooperate"),
    "influenced-by": (True, "a claim says the first was influenced by the second"),
    "part-of": (True, "part or member of the other (W3C ORG)"),
    "funds": (True, "funds the other's work"),
    "writes": (True, "wrote the document"),
    "publishes": (True, "published the document"),
    "relays": (True, "the document carries claims the other made"),
    "cites": (True, "the document cites the other work in a footnote"),
    "assesses": (True, "reports, endorses, doubts or disputes the other's claims"),
    "flow": (True, "victims trafficked from the first place to the second"),
}

#: The views: what each is about, the top classes its nodes belong to, and its edge types.
VIEWS = ("actors", "evidence", "routes")

VIEW_NODES: dict[str, tuple[str, ...]] = {
    "actors": ("Actor",),
    "evidence": ("Actor", "Document"),
    "routes": ("Place",),
}

VIEW_EDGES: dict[str, tuple[str, ...]] = {
    "actors": ("co-participation", "supports", "trains", "cooperates-with", "influenced-by", "part-of", "funds"),
    "evidence": ("writes", "publishes", "relays", "cites", "assesses"),
    "routes": ("flow",),
}

VIEW_TITLES = {
    "actors": "actor network: who works with whom",
    "evidence": "evidence network: who says what, on whose word",
    "routes": "routes: where people are taken",
}

#: The queries of each view, with the edge type each finds (None: the query names it).
_VIEW_QUERIES: dict[str, dict[str, str | None]] = {
    "actors": {
        "network-participation.rq": "co-participation",
        "network-support.rq": None,
        "network-structure.rq": None,
        "network-claimed.rq": None,
    },
    "evidence": {
        "network-authorship.rq": None,
        "network-relays.rq": "relays",
        "network-citations.rq": "cites",
        "network-assessments.rq": "assesses",
    },
    "routes": {"network-flows.rq": "flow"},
}

_YEAR = re.compile(r"^-?(\d{4})")


def load_query(name: str) -> str:
    """The text of one of the library's network queries (package data)."""
    return resources.files("htkg").joinpath("sparql", name).read_text(encoding="utf-8")


def select(store, query: str, *, where: str) -> list[dict[str, str]]:
    """Run a SELECT query on the embedded store or a remote endpoint (anything with `select`)
    and return its rows as dictionaries of strings (IRIs and lexical forms; unbound left out)."""
    return [{name: str(term) for name, term in row.items()} for row in store.select(query, where=where)]


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Evidence:
    """One link the queries found: who to whom, of what type, and what stands behind it."""

    source: str
    target: str
    etype: str
    claim: str | None = None
    doc: str | None = None
    period: str | None = None
    event: str | None = None
    detail: tuple[tuple[str, str], ...] = ()
    year: int | None = None


@dataclass
class Node:
    id: str
    label: str
    kind: str
    short: str
    kind_label: str = ""
    metrics: dict = field(default_factory=dict)
    top: str = ""


@dataclass
class Edge:
    """A typed edge and everything behind it. For the routes view, `type` is "flow" and the key
    also holds the form of exploitation, the victim group, the document and the period."""

    id: str
    source: str
    target: str
    type: str
    directed: bool
    claims: list[str]
    documents: list[str]
    years: list[int]
    stances: list[str]
    events: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    #: The distinct (first year, last year) of its dated evidence; None for an open side.
    spans: list[tuple[int | None, int | None]] = field(default_factory=list)
    #: Whether some of its evidence has no date at all.
    undated: bool = False
    #: The numbers behind a flow (counts of victims by destination): one per claim, with its
    #: first and last year (None: undated), value or bounds, indicator and claim, by year.
    figures: list[dict] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """The number of independent sources: distinct documents carrying the edge's claims."""
        return len(self.documents)

    @property
    def begin(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def end(self) -> int | None:
        return self.years[-1] if self.years else None


@dataclass(frozen=True)
class ClaimInfo:
    id: str
    claimant: str
    quote: str
    locator: str
    document: str
    assessed: str
    stance: str


@dataclass
class Network:
    """The nodes and edges of one view after filtering, and what the edges cite. `kind_tree`
    maps each node kind to the kinds it falls under (itself included), for styles and filters;
    `places` (routes view) maps a place to its ISO 3166-1 code and the places it lies in, and
    `roles` a place to its roles in trafficking (origin, transit, destination) with the
    documents that give them."""

    view: str
    nodes: dict[str, Node]
    edges: list[Edge]
    claims: dict[str, ClaimInfo]
    documents: dict[str, str]
    labels: dict[str, str]
    filters: dict
    kind_tree: dict[str, set[str]] = field(default_factory=dict)
    places: dict[str, dict] = field(default_factory=dict)
    roles: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: Ties the year and document filters left out, by reason: "outside" (dated, but not in the
    #: years), "undated" (no dated evidence; `include_undated` keeps them), "document" (not in
    #: the documents chosen). Each tie is counted once, under the first reason that applies.
    left_out: dict[str, int] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        if iri in self.nodes:
            return self.nodes[iri].label
        return self.labels.get(iri) or local_name(iri)

    @property
    def kinds(self) -> list[str]:
        return sorted({n.kind for n in self.nodes.values()})

    @property
    def edge_types(self) -> list[str]:
        return sorted({e.type for e in self.edges})

    @property
    def title(self) -> str:
        return VIEW_TITLES.get(self.view, f"{self.view} network")


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class _Entry:
    kind: str
    label: str
    short: str
    top: str


def _node_table(store) -> tuple[dict[str, _Entry], dict[str, set[str]], dict[str, str]]:
    """node -> its kind, label, short name and top class (Actor, Place or Document);
    kind -> the kinds it falls under; kind -> label."""
    kinds: dict[str, set[str]] = defaultdict(set)
    kind_labels: dict[str, str] = {}
    for row in select(store, load_query("network-kinds.rq"), where="network-kinds.rq"):
        kinds[local_name(row["kind"])].add(local_name(row["broader"]))
        if "label" in row:
            kind_labels[local_name(row["kind"])] = row["label"]
    found: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, set[str]] = defaultdict(set)
    alts: dict[str, set[str]] = defaultdict(set)
    for row in select(store, load_query("network-nodes.rq"), where="network-nodes.rq"):
        node = row["node"]
        found[node].add(local_name(row["kind"]))
        if "label" in row:
            labels[node].add(row["label"])
        if "title" in row:
            titles[node].add(row["title"])
        if "altLabel" in row:
            alts[node].add(row["altLabel"])
    table = {}
    for node, node_kinds in found.items():
        # Two unrelated classes are rare; the alphabetically first keeps the output stable.
        kind = sorted(node_kinds)[0]
        names = labels[node] or titles[node]
        label = sorted(names)[0] if names else local_name(node)
        top = next((t for t in ("Actor", "Place", "Document") if t in kinds.get(kind, ())), "")
        table[node] = _Entry(kind, label, _short(label, alts[node]), top)
    return table, kinds, kind_labels


def _short(label: str, alts: set[str], limit: int = 28) -> str:
    """A name that fits on a drawing: the label, or the longest other name that fits (so
    "Ministry of Internal Affairs" rather than "MIA"), or the label cut short."""
    if len(label) <= limit:
        return label
    fitting = sorted((a for a in alts if 3 <= len(a) <= limit), key=lambda a: (-len(a), a))
    if fitting:
        return fitting[0]
    return label[: limit - 1].rstrip() + "…"


def _document_short(entry: _Entry, authors: list[_Entry], publishers: list[_Entry], year: int | None) -> str:
    """A document's name on a drawing, as a reference list cites it: its first author (or
    publisher) and year ("IOM 2002", "Sergey Rummyansev 2013"); without a year, or when no
    author's or publisher's name fits, its label cut short."""
    if year is None:
        return entry.short
    for names, many in ((authors, len(authors) > 1), (publishers, False)):
        fitting = [a for a in names if not a.short.endswith("…")]
        if fitting:
            return fitting[0].short + (" et al." if many else "") + f" {year}"
    return entry.short


def _year_of(value: str) -> int | None:
    match = _YEAR.match(value)
    return int(match.group(1)) if match else None


def _years(store) -> dict[str, tuple[int | None, int | None]]:
    """period -> (first year, last year); either may be None for a period open on that side.
    Read from the time nodes of the direct layer (`schema:startDate`, `schema:endDate`,
    `htkg:timePrecision`); a store without the direct layer (built by an older htkg) is read
    from the OWL-Time intervals instead. Undated time nodes are left out: what they date is
    undated."""
    periods: dict[str, tuple[int | None, int | None]] = {}
    rows = select(store, load_query("network-times.rq"), where="network-times.rq")
    if not rows:
        rows = select(store, load_query("network-periods.rq"), where="network-periods.rq")
        rows = [{"period": r["period"], "start": r.get("begin", ""), "end": r.get("end", "")} for r in rows]
    for row in rows:
        b, e = _year_of(row.get("start", "")), _year_of(row.get("end", ""))
        if b is None and e is None:
            continue
        old = periods.get(row["period"])
        key = ((b if b is not None else -(10**6)), (e if e is not None else 10**6))
        if old is None or key < ((old[0] if old[0] is not None else -(10**6)), (old[1] if old[1] is not None else 10**6)):
            periods[row["period"]] = (b, e)
    return periods


def _span_years(span: tuple[int | None, int | None]) -> range:
    """The years an edge shows for a period: all of a closed one, the known year of an open one."""
    begin, end = span
    if begin is None:
        return range(end, end + 1)
    return range(begin, (end if end is not None else begin) + 1)


def _evidence(store, view: str) -> list[Evidence]:
    rows: list[Evidence] = []
    for name, etype in _VIEW_QUERIES[view].items():
        for row in select(store, load_query(name), where=name):
            detail = []
            for key in ("form", "group", "transit", "route", "stance", "assessed", "citation"):
                if key in row:
                    detail.append((key, row[key]))
            if any(k in row for k in ("value", "minValue", "maxValue")):
                detail.append(("figure", "\t".join(row.get(k, "") for k in ("value", "minValue", "maxValue", "indicator"))))
            issued = _YEAR.match(row.get("issued", ""))
            rows.append(
                Evidence(
                    source=row["source"],
                    target=row["target"],
                    etype=etype or row["etype"],
                    claim=row.get("claim"),
                    doc=row.get("doc"),
                    period=row.get("period"),
                    event=row.get("event"),
                    detail=tuple(detail),
                    year=int(issued.group(1)) if issued else None,
                )
            )
    return rows


def _claims(store) -> dict[str, ClaimInfo]:
    claims = {}
    for row in sorted(select(store, load_query("network-claims.rq"), where="network-claims.rq"), key=lambda r: sorted(r.items())):
        claims.setdefault(
            row["claim"],
            ClaimInfo(
                id=row["claim"],
                claimant=row["claimant"],
                quote=row.get("quote", ""),
                locator=row.get("locator", ""),
                document=row.get("doc", ""),
                assessed=row.get("assessed", ""),
                stance=row.get("stance", ""),
            ),
        )
    return claims


def _places(store) -> dict[str, dict]:
    """place -> {"code": ISO code or "", "within": [(place, its code)]}, for the map."""
    places: dict[str, dict] = {}
    for row in select(store, load_query("network-places.rq"), where="network-places.rq"):
        entry = places.setdefault(row["place"], {"code": "", "within": []})
        if row.get("code"):
            entry["code"] = min(filter(None, (entry["code"], row["code"])))
        if row.get("within"):
            pair = [row["within"], row.get("withinCode", "")]
            if pair not in entry["within"]:
                entry["within"].append(pair)
    for entry in places.values():
        entry["within"].sort()
    return places


def _stated_roles(store) -> dict[str, dict[str, set[str]]]:
    """place -> role -> the documents whose claims give the place that role."""
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(store, load_query("network-roles.rq"), where="network-roles.rq"):
        roles[row["place"]][local_name(row["role"])].add(row.get("doc", ""))
    return roles


# --------------------------------------------------------------------------- filters


def _norm(kind: str) -> str:
    return re.sub(r"[^a-z]", "", kind.lower())


def _resolve_kinds(wanted, kinds: dict[str, set[str]]) -> set[str] | None:
    """The node kinds a --kind list selects: each name (a class such as `Ministry`, or the
    controlled-list spelling `government-body`) selects that kind and all kinds under it."""
    if not wanted:
        return None
    by_norm = {_norm(k): k for k in kinds}
    chosen = set()
    for name in wanted:
        kind = by_norm.get(_norm(name))
        if kind is None:
            raise UsageError(f"unknown node kind {name!r}", hint="choose among: " + ", ".join(sorted(kinds)))
        chosen |= {k for k, broader in kinds.items() if kind in broader}
    return chosen


def overlaps(span: tuple[int | None, int | None] | None, since: int | None, until: int | None) -> bool:
    """Whether dated evidence holds in the years `since`..`until` (either open). A closed
    period holds in every year it covers; one open at the end ("since 2001") from its first
    year on; one open at the start ("by March 2004") in its last year only, the one year the
    document names. Undated evidence (`span` None) cannot be placed in a time window."""
    if since is None and until is None:
        return True
    if span is None:
        return False
    begin, end = span
    first = begin if begin is not None else end
    last = end if end is not None else 10**6
    return (since is None or last >= since) and (until is None or first <= until)


def _span(ev: Evidence, periods) -> tuple[int | None, int | None] | None:
    if ev.period and ev.period in periods:
        return periods[ev.period]
    if ev.year is not None:
        return (ev.year, ev.year)
    return None


# --------------------------------------------------------------------------- folding


def _group_key(ev: Evidence, view: str) -> tuple:
    """The edge an evidence row belongs to: its type and ends (in IRI order when undirected),
    and on the routes view also its form, victim group, document and period."""
    directed = EDGE_TYPES[ev.etype][0]
    a, b = (ev.source, ev.target) if directed or ev.source <= ev.target else (ev.target, ev.source)
    key: tuple = (ev.etype, a, b)
    if view == "routes":
        d = dict(ev.detail)
        key = key + (d.get("form", ""), d.get("group", ""), ev.doc or "", ev.period or "")
    return key


def build_network(
    store,
    *,
    view: str = "actors",
    since: int | None = None,
    until: int | None = None,
    kinds=(),
    edge_types=(),
    source: str | None = None,
    documents=(),
    include_undated: bool = False,
) -> Network:
    """The network of one view, derived by the network queries from a store holding the built
    graph, after the filters: years (`since`, `until`: by the time each tie's evidence holds
    for, read from the direct layer: a claim's reference period, else the time of the event or
    route it is about, a document's date of issue for writing and publishing; see `overlaps`
    for open periods; undated evidence is left out when a year is given, unless
    `include_undated`), node kinds (with the kinds under them), edge types, and source
    documents (slugs: `source` for one, `documents` for several). A view holds only its own
    kinds of node (`VIEW_NODES`) and ties (`VIEW_EDGES`). `Network.left_out` counts the ties
    the year and document filters left out, and why."""
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}", hint="choose one of " + ", ".join(VIEWS))
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}", hint="give a year range that is not empty")
    allowed_types = set(VIEW_EDGES[view])
    for name in edge_types:
        if name not in allowed_types:
            raise UsageError(
                f"edge type {name!r} is not in the {view} view",
                hint="choose among: " + ", ".join(VIEW_EDGES[view]),
            )
    table, kind_tree, kind_labels = _node_table(store)
    tops = set(VIEW_NODES[view])
    chosen_kinds = _resolve_kinds(kinds, kind_tree)
    periods = _years(store)
    docs = {}
    for row in select(store, load_query("network-documents.rq"), where="network-documents.rq"):
        docs.setdefault(row["doc"], row.get("title") or local_name(row["doc"]))
    slugs = sorted(set(documents) | ({source} if source is not None else set()))
    doc_iris: set[str] | None = None
    if slugs:
        doc_iris = set()
        for slug in slugs:
            iri = str(DOC[slug])
            if iri not in docs:
                known = sorted(local_name(d) for d in docs if d.startswith(str(DOC)))
                raise UsageError(f"unknown document {slug!r}", hint="name one of: " + ", ".join(known))
            doc_iris.add(iri)
    labels = {}
    for row in select(store, load_query("network-labels.rq"), where="network-labels.rq"):
        labels.setdefault(row["thing"], row["label"])
        labels[row["thing"]] = min(labels[row["thing"]], row["label"])

    dated_filter = since is not None or until is not None
    evidence = _evidence(store, view)
    kept: list[Evidence] = []
    dropped: dict[tuple, set[str]] = defaultdict(set)
    for ev in evidence:
        if ev.source not in table or ev.target not in table:
            continue
        if table[ev.source].top not in tops or table[ev.target].top not in tops:
            continue  # each view holds only its own kinds of node
        if ev.source == ev.target and ev.etype != "flow":
            continue
        if edge_types and ev.etype not in edge_types:
            continue
        if chosen_kinds is not None and not (table[ev.source].kind in chosen_kinds and table[ev.target].kind in chosen_kinds):
            continue
        if doc_iris is not None and ev.doc not in doc_iris:
            dropped[_group_key(ev, view)].add("document")
            continue
        if dated_filter:
            span = _span(ev, periods)
            if span is None and not include_undated:
                dropped[_group_key(ev, view)].add("undated")
                continue
            if span is not None and not overlaps(span, since, until):
                dropped[_group_key(ev, view)].add("outside")
                continue
        kept.append(ev)

    all_claims = _claims(store)
    assessments: dict[str, set[str]] = defaultdict(set)
    for info in all_claims.values():
        if info.assessed and info.stance:
            assessments[info.assessed].add(local_name(info.stance))

    groups: dict[tuple, list[Evidence]] = defaultdict(list)
    for ev in kept:
        groups[_group_key(ev, view)].append(ev)
    left_out: dict[str, int] = {}
    for key, reasons in dropped.items():
        if key in groups:
            continue
        reason = next(r for r in ("undated", "outside", "document") if r in reasons)
        left_out[reason] = left_out.get(reason, 0) + 1

    edges = []
    for key in sorted(groups):
        evs = groups[key]
        etype, a, b = key[:3]
        claims = sorted({e.claim for e in evs if e.claim})
        years: set[int] = set()
        spans: set[tuple[int | None, int | None]] = set()
        undated = False
        for e in evs:
            span = _span(e, periods)
            if span is not None:
                years.update(_span_years(span))
                spans.add(span)
            else:
                undated = True
        stances = set()
        for c in claims:
            stances |= assessments.get(c, set())
        details = defaultdict(set)
        for e in evs:
            for k, v in e.detail:
                details[k].add(v)
        stances |= {local_name(s) for s in details["stance"]}
        figures = {}
        for e in evs:
            for k, v in e.detail:
                if k == "figure" and e.claim:
                    value, low, high, indicator = v.split("\t")
                    span = _span(e, periods)
                    figures[e.claim] = {"claim": e.claim, "first": span[0] if span else None, "last": span[1] if span else None,
                                        "value": value, "min": low, "max": high, "indicator": indicator, "doc": e.doc or ""}
        ident = f"{etype}|{a}|{b}"
        if view == "routes":
            ident += "|" + "|".join(local_name(k) if k else "" for k in key[3:])
        edges.append(
            Edge(
                id=ident,
                source=a,
                target=b,
                type=etype,
                directed=EDGE_TYPES[etype][0],
                claims=claims,
                documents=sorted({e.doc for e in evs if e.doc}),
                years=sorted(years),
                stances=sorted(stances),
                events=sorted({e.event for e in evs if e.event}),
                forms=sorted(details["form"]),
                groups=sorted(details["group"]),
                transit=sorted(details["transit"]),
                routes=sorted(details["route"]),
                periods=sorted({e.period for e in evs if e.period}),
                spans=sorted(spans, key=lambda sp: (sp[0] if sp[0] is not None else -(10**6), sp[1] if sp[1] is not None else 10**6)),
                undated=undated,
                figures=sorted(figures.values(), key=lambda f: (f["last"] if f["last"] is not None else 10**6, f["first"] or 0, f["claim"])),
            )
        )

    used = sorted({n for e in edges for n in (e.source, e.target)})
    # Documents go by their first author (or publisher) and year, as a reference list cites them.
    authors: dict[str, list[_Entry]] = defaultdict(list)
    publishers: dict[str, list[_Entry]] = defaultdict(list)
    issued: dict[str, int] = {}
    if view == "evidence":
        for ev in evidence:
            if ev.etype in ("writes", "publishes") and ev.source in table:
                (authors if ev.etype == "writes" else publishers)[ev.target].append(table[ev.source])
                if ev.year is not None:
                    issued[ev.target] = ev.year
    nodes = {}
    for iri in used:
        entry = table[iri]
        short = entry.short
        if entry.top == "Document":
            short = _document_short(entry, sorted(set(authors[iri]), key=lambda x: x.label),
                                    sorted(set(publishers[iri]), key=lambda x: x.label), issued.get(iri))
        nodes[iri] = Node(id=iri, label=entry.label, kind=entry.kind, short=short,
                          kind_label=kind_labels.get(entry.kind, entry.kind), top=entry.top)
    needed = {c for e in edges for c in e.claims}
    needed |= {all_claims[c].assessed for c in needed if c in all_claims and all_claims[c].assessed}
    claims = {c: all_claims[c] for c in sorted(needed) if c in all_claims}
    for info in claims.values():
        if info.claimant not in labels and info.claimant in table:
            labels[info.claimant] = table[info.claimant].label
    for d, title in docs.items():
        labels.setdefault(d, title)
    places: dict[str, dict] = {}
    roles: dict[str, dict[str, list[str]]] = {}
    if view == "routes":
        known = _places(store)
        places = {iri: known.get(iri, {"code": "", "within": []}) for iri in nodes}
        found_roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for edge in edges:
            found_roles[edge.source]["origin"].update(edge.documents)
            found_roles[edge.target]["destination"].update(edge.documents)
            for place in edge.transit:
                if place in nodes:
                    found_roles[place]["transit"].update(edge.documents)
        stated = _stated_roles(store)
        for iri in nodes:
            for role, role_docs in stated.get(iri, {}).items():
                if doc_iris is None or doc_iris & role_docs:
                    found_roles[iri][role].update(d for d in role_docs if doc_iris is None or d in doc_iris)
        order = {"origin": 0, "transit": 1, "destination": 2}
        roles = {
            iri: {r: sorted(filter(None, ds)) for r, ds in sorted(found_roles[iri].items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))}
            for iri in sorted(found_roles) if iri in nodes
        }
    filters = {
        "view": view,
        "since": since,
        "until": until,
        "kinds": sorted(kinds),
        "edges": sorted(edge_types),
        "source": source,
        "documents": slugs if documents else [],
        "include_undated": include_undated if dated_filter else False,
    }
    return Network(
        view=view,
        nodes=nodes,
        edges=edges,
        claims=claims,
        documents={d: docs[d] for d in sorted({d for e in edges for d in e.documents} | {c.document for c in claims.values() if c.document}) if d in docs},
        labels=dict(sorted(labels.items())),
        filters=filters,
        kind_tree={k: set(v) | {k} for k, v in sorted(kind_tree.items())},
        places=places,
        roles=roles,
        left_out=dict(sorted(left_out.items())),
    )
