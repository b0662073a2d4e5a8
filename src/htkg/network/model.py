"""Derive the actor network (and the routes view) from the graph with the SPARQL queries in
`htkg/sparql/network-*.rq`: each query returns evidence rows (one link between two nodes, the
claim and document behind it, its period); this module filters the rows and folds them into
nodes and typed edges. Nothing is hand-kept: every edge is what the queries find."""

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
    "Node",
    "Edge",
    "ClaimInfo",
    "Network",
    "load_query",
    "build_network",
    "select",
]

#: Edge types of the actor view: name -> (directed, what it means, the query that finds it).
EDGE_TYPES: dict[str, tuple[bool, str]] = {
    "co-participation": (False, "take part in the same event"),
    "supports": (True, "assists, funds or leads an event of the other"),
    "trains": (True, "trains the other (a training event)"),
    "cooperates-with": (False, "a claim says they cooperate"),
    "influenced-by": (True, "a claim says the first was influenced by the second"),
    "part-of": (True, "part or member of the other (W3C ORG)"),
    "funds": (True, "funds the other's work"),
    "relays": (True, "the author's document carries the other's claims"),
    "cites": (True, "the author's document cites the other's work"),
    "assesses": (True, "reports, endorses, doubts or disputes the other's claims"),
    "flow": (True, "victims trafficked from the first place to the second"),
}

#: The two views: the actor network and the routes network (places and flows).
VIEWS = ("actors", "routes")

_ACTOR_QUERIES = {
    "network-participation.rq": "co-participation",
    "network-support.rq": None,
    "network-structure.rq": None,
    "network-claimed.rq": None,
    "network-relays.rq": "relays",
    "network-citations.rq": "cites",
    "network-assessments.rq": "assesses",
    "network-flows.rq": "flow",
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


@dataclass
class Node:
    id: str
    label: str
    kind: str
    short: str
    kind_label: str = ""
    metrics: dict = field(default_factory=dict)


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
    """The nodes and edges of one view after filtering, and what the edges cite."""

    view: str
    nodes: dict[str, Node]
    edges: list[Edge]
    claims: dict[str, ClaimInfo]
    documents: dict[str, str]
    labels: dict[str, str]
    filters: dict

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


# --------------------------------------------------------------------------- queries


def _first_label(values: list[tuple[str, str]]) -> str | None:
    return min(values)[1] if values else None


def _node_table(store) -> tuple[dict[str, tuple[str, str, str]], dict[str, set[str]], dict[str, str]]:
    """node -> (kind, label, short name); kind -> the kinds it falls under; kind -> label."""
    kinds: dict[str, set[str]] = defaultdict(set)
    kind_labels: dict[str, str] = {}
    for row in select(store, load_query("network-kinds.rq"), where="network-kinds.rq"):
        kinds[local_name(row["kind"])].add(local_name(row["broader"]))
        if "label" in row:
            kind_labels[local_name(row["kind"])] = row["label"]
    found: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    alts: dict[str, set[str]] = defaultdict(set)
    for row in select(store, load_query("network-nodes.rq"), where="network-nodes.rq"):
        node = row["node"]
        found[node].add(local_name(row["kind"]))
        if "label" in row:
            labels[node].add(row["label"])
        if "altLabel" in row:
            alts[node].add(row["altLabel"])
    table = {}
    for node, node_kinds in found.items():
        # Two unrelated classes are rare; the alphabetically first keeps the output stable.
        kind = sorted(node_kinds)[0]
        label = sorted(labels[node])[0] if labels[node] else local_name(node)
        table[node] = (kind, label, _short(label, alts[node]))
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


def _years(store) -> dict[str, tuple[int, int | None]]:
    periods = {}
    for row in select(store, load_query("network-periods.rq"), where="network-periods.rq"):
        begin = _YEAR.match(row["begin"])
        end = _YEAR.match(row.get("end", ""))
        if begin is None:
            continue
        b = int(begin.group(1))
        e = int(end.group(1)) if end else None
        old = periods.get(row["period"])
        if old is None or (b, e or 10**6) < (old[0], old[1] or 10**6):
            periods[row["period"]] = (b, e)
    return periods


def _evidence(store, view: str) -> list[Evidence]:
    rows: list[Evidence] = []
    queries = {"network-flows.rq": "flow"} if view == "routes" else _ACTOR_QUERIES
    for name, etype in queries.items():
        for row in select(store, load_query(name), where=name):
            detail = []
            for key in ("form", "group", "transit", "route", "stance", "assessed", "citation"):
                if key in row:
                    detail.append((key, row[key]))
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


def _overlaps(span: tuple[int, int | None] | None, since: int | None, until: int | None) -> bool:
    if since is None and until is None:
        return True
    if span is None:
        return False  # undated evidence cannot be placed in a time window
    begin, end = span
    last = end if end is not None else 10**6
    return (since is None or last >= since) and (until is None or begin <= until)


# --------------------------------------------------------------------------- folding


def build_network(
    store,
    *,
    view: str = "actors",
    since: int | None = None,
    until: int | None = None,
    kinds=(),
    edge_types=(),
    source: str | None = None,
) -> Network:
    """The network of one view, derived by the network queries from a store holding the built
    graph, after the filters: years (`since`, `until`, by the periods of the events or claims;
    undated links are left out when a year is given), node kinds (with the kinds under them),
    edge types, and one source document (its slug)."""
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}", hint="choose one of " + ", ".join(VIEWS))
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}", hint="give a year range that is not empty")
    allowed_types = set(EDGE_TYPES) if view == "actors" else {"flow"}
    for name in edge_types:
        if name not in allowed_types:
            raise UsageError(f"unknown edge type {name!r}", hint="choose among: " + ", ".join(sorted(allowed_types)))
    table, kind_tree, kind_labels = _node_table(store)
    chosen_kinds = _resolve_kinds(kinds, kind_tree)
    periods = _years(store)
    docs = {}
    for row in select(store, load_query("network-documents.rq"), where="network-documents.rq"):
        docs.setdefault(row["doc"], row.get("title") or local_name(row["doc"]))
    doc_iri = None
    if source is not None:
        doc_iri = str(DOC[source])
        if doc_iri not in docs:
            known = sorted(local_name(d) for d in docs if d.startswith(str(DOC)))
            raise UsageError(f"unknown document {source!r}", hint="name one of: " + ", ".join(known))
    labels = {}
    for row in select(store, load_query("network-labels.rq"), where="network-labels.rq"):
        labels.setdefault(row["thing"], row["label"])
        labels[row["thing"]] = min(labels[row["thing"]], row["label"])

    kept: list[Evidence] = []
    for ev in _evidence(store, view):
        if ev.source not in table or ev.target not in table:
            continue  # only actors and places are nodes
        if ev.source == ev.target and ev.etype != "flow":
            continue
        if edge_types and ev.etype not in edge_types:
            continue
        if doc_iri is not None and ev.doc != doc_iri:
            continue
        if not _overlaps(periods.get(ev.period) if ev.period else None, since, until):
            continue
        if chosen_kinds is not None and not (table[ev.source][0] in chosen_kinds and table[ev.target][0] in chosen_kinds):
            continue
        kept.append(ev)

    all_claims = _claims(store)
    assessments: dict[str, set[str]] = defaultdict(set)
    for info in all_claims.values():
        if info.assessed and info.stance:
            assessments[info.assessed].add(local_name(info.stance))

    groups: dict[tuple, list[Evidence]] = defaultdict(list)
    for ev in kept:
        directed = EDGE_TYPES[ev.etype][0]
        a, b = (ev.source, ev.target) if directed or ev.source <= ev.target else (ev.target, ev.source)
        key: tuple = (ev.etype, a, b)
        if view == "routes":
            d = dict(ev.detail)
            key = key + (d.get("form", ""), d.get("group", ""), ev.doc or "", ev.period or "")
        groups[key].append(ev)

    edges = []
    for key in sorted(groups):
        evs = groups[key]
        etype, a, b = key[:3]
        claims = sorted({e.claim for e in evs if e.claim})
        years: set[int] = set()
        for e in evs:
            span = periods.get(e.period) if e.period else None
            if span is not None:
                begin, end = span
                years.update(range(begin, (end if end is not None else begin) + 1))
        stances = set()
        for c in claims:
            stances |= assessments.get(c, set())
        details = defaultdict(set)
        for e in evs:
            for k, v in e.detail:
                details[k].add(v)
        stances |= {local_name(s) for s in details["stance"]}
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
            )
        )

    used = sorted({n for e in edges for n in (e.source, e.target)})
    nodes = {}
    for iri in used:
        kind, label, short = table[iri]
        nodes[iri] = Node(id=iri, label=label, kind=kind, short=short, kind_label=kind_labels.get(kind, kind))
    needed = {c for e in edges for c in e.claims}
    needed |= {all_claims[c].assessed for c in needed if c in all_claims and all_claims[c].assessed}
    claims = {c: all_claims[c] for c in sorted(needed) if c in all_claims}
    for info in claims.values():
        if info.claimant not in labels and info.claimant in table:
            labels[info.claimant] = table[info.claimant][1]
    for d, title in docs.items():
        labels.setdefault(d, title)
    filters = {
        "view": view,
        "since": since,
        "until": until,
        "kinds": sorted(kinds),
        "edges": sorted(edge_types),
        "source": source,
    }
    return Network(
        view=view,
        nodes=nodes,
        edges=edges,
        claims=claims,
        documents={d: docs[d] for d in sorted({d for e in edges for d in e.documents} | {c.document for c in claims.values() if c.document}) if d in docs},
        labels=dict(sorted(labels.items())),
        filters=filters,
    )
