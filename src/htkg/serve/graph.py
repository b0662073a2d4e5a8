"""What the pages show, read from the built graph: for any IRI its label, kinds, statements,
incoming links, the claims about it and its place in the actor network; for a claim its quote
in its source, citations, assessments and discrepancies; for a document its text with every
claim's span. The live server and the static site render the same views.

Every lookup goes through pyoxigraph's indexes (`quads_for_pattern`), not SPARQL: Oxigraph
answers a join by reading each property's whole extent (README, "Scale"), which costs a
page hundreds of milliseconds at 10^6 triples, where an index lookup costs microseconds.
Everything is sorted (by label, then IRI), so a page is the same bytes for the same graph."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE, HTKG, OA, PREFIXES, SESAME
from ..project import Project
from .rights import rights_statements, text_may_be_shown

__all__ = ["V", "SiteGraph", "curie", "local_path", "namespace_of", "Quote", "ClaimSummary", "Citation", "DiscrepancyView",
           "NetworkPlace", "Segment", "Statement"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
DCTERMS_DESCRIPTION = "http://purl.org/dc/terms/description"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TIME = "http://www.w3.org/2006/time#"
SCHEMA = "https://schema.org/"
DIRECT_TYPE = str(SESAME.directType)
H = str(HTKG)

#: Label properties, best first.
LABEL_PROPERTIES = (RDFS_LABEL, SKOS + "prefLabel", DCTERMS + "title", "http://xmlns.com/foaf/0.1/name")
#: At most this many claims, incoming statements and list entries on one page; the page says
#: how many more there are and links to a query that lists them all.
PAGE_LIMIT = 200
#: Incoming statements are read up to this many (a hub such as a country has tens of thousands
#: at 10^6 triples); the page says "more than".
SCAN_LIMIT = 5000

_SORTED_PREFIXES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def curie(iri: str) -> str:
    for prefix, ns in _SORTED_PREFIXES:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


#: IRIs under the base that the dataset description mints, and those of release files, which
#: live on the release's host rather than in the site (`https://w3id.org/htkg/release/...`).
DESCRIPTION_IRIS = tuple(BASE + p for p in ("dataset", "catalog", "contact", "project", "shapes"))
RELEASE_IRIS = BASE + "release/"


def local_path(iri: str) -> str | None:
    """The path of an IRI under the base (`id/actor/osce`, `ontology#Claim`), or None for IRIs
    elsewhere and for release files."""
    if not iri.startswith(BASE) or iri.startswith(RELEASE_IRIS):
        return None
    return iri[len(BASE):]


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@dataclass(frozen=True)
class V:
    """A term as a page shows it: an IRI with its label and short name, or a literal."""

    kind: str  # "iri", "literal", "bnode"
    value: str
    label: str = ""
    short: str = ""
    datatype: str = ""
    lang: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    @property
    def local(self) -> bool:
        return self.kind == "iri" and local_path(self.value) is not None

    @property
    def text(self) -> str:
        return self.label or self.short or self.value

    @property
    def datatype_short(self) -> str:
        if not self.datatype or self.datatype == XSD + "string":
            return ""
        return curie(self.datatype)

    def sort_key(self) -> tuple:
        return (self.text.lower(), self.value)


@dataclass
class Statement:
    predicate: V
    values: list[tuple[V, list[str]]]  # each value with the named graphs that state it
    total: int = 0


@dataclass
class Quote:
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    locator: str = ""
    document: V | None = None
    before: str = ""  # the surrounding text, where the document's rights allow showing it
    after: str = ""
    context: bool = False


@dataclass
class ClaimSummary:
    iri: str
    kind: V | None
    claimant: V | None
    document: V | None
    subject: V | None
    statement: str
    statement_values: list[V]
    quote: Quote | None
    periods: list[V]
    stance: V | None
    assessed: V | None
    assessments: list["ClaimSummary"] = field(default_factory=list)
    discrepancies: list[V] = field(default_factory=list)


@dataclass
class Citation:
    iri: str
    footnote: str
    cited: list[V]
    characterisations: list[V]
    quote: Quote | None
    accessed: str = ""


@dataclass
class DiscrepancyView:
    iri: V
    kind: list[V]
    comment: str
    claims: list[ClaimSummary]


@dataclass
class NetworkPlace:
    degree: int
    betweenness: float
    pagerank: float
    community: int
    broker: bool
    neighbours: list[tuple[V, str, int, int]]  # other node, link type, claims, documents


@dataclass
class Segment:
    text: str
    claims: list[str]  # claims whose span covers the segment, shortest span first


class SiteGraph:
    """The built graph as the pages read it."""

    def __init__(self, store: ox.Store, project: Project, *, description=None):
        """`description`: a function that returns the dataset description (DCAT-AP and VoID,
        `htkg.describe`) as a pyoxigraph Store; called once, when a page of the dataset or the
        catalogue is first asked for (describing counts over the whole graph, seconds at 10^6
        triples)."""
        self.store = store
        self.project = project
        self._description_maker = description
        self._description: ox.Store | None = None
        self._description_labels: dict[str, str] = {}
        self._lock = threading.Lock()
        self._network_lock = threading.Lock()
        self._labels = self._read_labels(self.store)
        self._texts: dict[str, str | None] = {}
        self._network = None

    # ------------------------------------------------------------------ basic lookups

    @property
    def description(self) -> ox.Store:
        with self._lock:
            if self._description is None:
                self._description = self._description_maker() if self._description_maker else ox.Store()
                self._description_labels = self._read_labels(self._description)
            return self._description

    @staticmethod
    def in_description(iri: str) -> bool:
        """IRIs the dataset description mints (`htkg.describe`): the catalogue, the dataset and
        its parts, its contact, project and shapes."""
        return iri.startswith(DESCRIPTION_IRIS)

    def _stores(self, iri: str) -> list[ox.Store]:
        return [self.store, self.description] if self.in_description(iri) else [self.store]

    @staticmethod
    def _read_labels(store: ox.Store) -> dict[str, str]:
        best: dict[str, tuple] = {}
        for store in (store,):
            for rank, prop in enumerate(LABEL_PROPERTIES):
                for quad in store.quads_for_pattern(None, _node(prop), None, None):
                    obj = quad.object
                    if not isinstance(obj, ox.Literal) or isinstance(quad.subject, ox.Triple):
                        continue
                    lang = obj.language or ""
                    key = (rank, 0 if lang in ("en", "") else 1, obj.value)
                    subject = quad.subject.value
                    if subject not in best or key < best[subject]:
                        best[subject] = key
        return {iri: key[2] for iri, key in best.items()}

    def label(self, iri: str) -> str:
        if self.in_description(iri):
            self.description  # noqa: B018 (makes the description and its labels)
            return self._description_labels.get(iri) or self._labels.get(iri, "")
        return self._labels.get(iri, "")

    def v(self, term) -> V:
        if isinstance(term, str):
            term = _node(term)
        if isinstance(term, ox.NamedNode):
            return V("iri", term.value, self.label(term.value), curie(term.value))
        if isinstance(term, ox.Literal):
            return V("literal", term.value, datatype=term.datatype.value if term.datatype else "", lang=term.language or "")
        if isinstance(term, ox.BlankNode):
            return V("bnode", term.value, short="_:" + term.value)
        return V("literal", str(term))

    def objects(self, subject: str, predicate: str) -> list:
        seen = {}
        for store in self._stores(subject):
            for quad in store.quads_for_pattern(_node(subject), _node(predicate), None, None):
                seen[str(quad.object)] = quad.object
        return [seen[k] for k in sorted(seen)]

    def first(self, subject: str, predicate: str):
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def first_text(self, subject: str, predicate: str) -> str:
        values = self.objects(subject, predicate)
        literals = sorted(values, key=lambda t: (getattr(t, "language", None) not in (None, "en"), str(t)))
        return literals[0].value if literals else ""

    def subjects(self, predicate: str, obj: str, *, limit: int | None = None) -> list[str]:
        seen = set()
        for quad in self.store.quads_for_pattern(None, _node(predicate), _node(obj), None):
            if isinstance(quad.subject, ox.NamedNode):
                seen.add(quad.subject.value)
                if limit is not None and len(seen) >= limit:
                    break
        return sorted(seen)

    def exists(self, iri: str) -> bool:
        """Whether the graph (or the dataset description) says anything of or about the IRI,
        or names a graph with it."""
        node = _node(iri)
        for store in self._stores(iri):
            if next(iter(store.quads_for_pattern(node, None, None, None)), None) is not None:
                return True
            if next(iter(store.quads_for_pattern(None, None, node, None)), None) is not None:
                return True
            if next(iter(store.quads_for_pattern(None, node, None, None)), None) is not None:
                return True
        return iri in self.graph_names

    @cached_property
    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def kinds(self, iri: str) -> list[V]:
        direct = self.objects(iri, DIRECT_TYPE) or self.objects(iri, RDF_TYPE)
        return sorted((self.v(t) for t in direct if isinstance(t, ox.NamedNode)), key=V.sort_key)

    def kind_iris(self, iri: str) -> set[str]:
        return {t.value for t in self.objects(iri, RDF_TYPE) if isinstance(t, ox.NamedNode)}

    def owner(self, iri: str) -> str | None:
        """For a part named after its parent (`<claim>/anchor/quote`, `<claim>/quantity`), the
        nearest ancestor IRI the graph knows."""
        path = local_path(iri)
        if not path or not path.startswith("id/"):
            return None
        parts = path.split("/")
        for cut in range(len(parts) - 1, 2, -1):
            candidate = BASE + "/".join(parts[:cut])
            if any(True for _ in self.store.quads_for_pattern(_node(candidate), None, None, None)):
                return candidate
        return None

    # ------------------------------------------------------------------ statements

    def statements(self, iri: str) -> list[Statement]:
        """What the graph says of the IRI, one entry per predicate: rdf:type first, then by the
        predicate's label; each value with the named graphs that state it."""
        by_predicate: dict[str, dict[str, tuple[object, set[str]]]] = {}
        for store in self._stores(iri):
            for quad in store.quads_for_pattern(_node(iri), None, None, None):
                values = by_predicate.setdefault(quad.predicate.value, {})
                key = str(quad.object)
                graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
                entry = values.setdefault(key, (quad.object, set()))
                if graph:
                    entry[1].add(graph)
        out = []
        for predicate, values in by_predicate.items():
            items = sorted(((self.v(term), sorted(graphs)) for term, graphs in values.values()), key=lambda item: item[0].sort_key())
            out.append(Statement(self.v(predicate), items, len(items)))
        order = {RDF_TYPE: 0, DIRECT_TYPE: 1}
        return sorted(out, key=lambda s: (order.get(s.predicate.value, 2), s.predicate.sort_key()))

    def incoming(self, iri: str, *, skip: set[str] = frozenset()) -> tuple[list[Statement], bool]:
        """Statements that point at the IRI, by predicate (leaving out `skip`), read up to
        SCAN_LIMIT; and whether there are more."""
        by_predicate: dict[str, set[str]] = {}
        more = False
        count = 0
        for quad in self.store.quads_for_pattern(None, None, _node(iri), None):
            if quad.predicate.value in skip or not isinstance(quad.subject, ox.NamedNode):
                continue
            count += 1
            if count > SCAN_LIMIT:
                more = True
                break
            by_predicate.setdefault(quad.predicate.value, set()).add(quad.subject.value)
        out = []
        for predicate, subjects in by_predicate.items():
            values = sorted((self.v(s) for s in subjects), key=V.sort_key)
            out.append(Statement(self.v(predicate), [(v, []) for v in values[:PAGE_LIMIT]], len(values)))
        return sorted(out, key=lambda s: s.predicate.sort_key()), more

    def quads(self, iri: str) -> list[ox.Quad]:
        """The statements an IRI's RDF documents hold: what is said of it and of its parts
        (`<iri>/...`, such as a claim's anchor and quantity), and what points at it; in the
        named graphs that hold them."""
        found: dict[str, ox.Quad] = {}
        node = _node(iri)
        for store in self._stores(iri):
            for quad in store.quads_for_pattern(node, None, None, None):
                found[str(quad)] = quad
        for part in self.parts(iri):
            for quad in self.store.quads_for_pattern(_node(part), None, None, None):
                found[str(quad)] = quad
        for count, quad in enumerate(self.store.quads_for_pattern(None, None, node, None)):
            if count >= SCAN_LIMIT:
                break
            found[str(quad)] = quad
        return [found[k] for k in sorted(found)]

    def parts(self, iri: str) -> list[str]:
        """The IRIs named after this one (`<iri>/anchor`, `<iri>/anchor/quote`, ...) that it
        reaches by its statements."""
        prefix = iri + "/"
        seen: set[str] = set()
        todo = [iri]
        while todo:
            current = todo.pop()
            for quad in self.store.quads_for_pattern(_node(current), None, None, None):
                obj = quad.object
                if isinstance(obj, ox.NamedNode) and obj.value.startswith(prefix) and obj.value not in seen:
                    seen.add(obj.value)
                    todo.append(obj.value)
        return sorted(seen)

    # ------------------------------------------------------------------ claims

    def is_claim(self, iri: str) -> bool:
        kinds = self.kind_iris(iri)
        return H + "Claim" in kinds or H + "Assessment" in kinds

    def quote(self, holder: str, *, context: int = 0) -> Quote | None:
        """The text anchor of a claim or citation: its quote, offsets, locator and document;
        with `context`, up to that many characters of the source around it, where the
        document's rights allow showing its text."""
        anchor = self.first(holder, H + "textAnchor")
        if not isinstance(anchor, ox.NamedNode):
            return None
        q = Quote(locator=self.first_text(anchor.value, H + "locator"))
        source = self.first(anchor.value, str(OA.hasSource))
        if isinstance(source, ox.NamedNode):
            q.document = self.v(source)
        for selector in self.objects(anchor.value, str(OA.hasSelector)):
            if not isinstance(selector, ox.NamedNode):
                continue
            sel = selector.value
            if self.first(sel, str(OA.exact)) is not None:
                q.exact = self.first_text(sel, str(OA.exact))
                q.prefix = self.first_text(sel, str(OA.prefix))
                q.suffix = self.first_text(sel, str(OA.suffix))
            start, end = self.first(sel, str(OA.start)), self.first(sel, str(OA.end))
            if start is not None and end is not None:
                q.start, q.end = int(start.value), int(end.value)
        if not q.exact:
            q.exact = self.first_text(holder, H + "quote")
        if context and q.document is not None and q.start is not None:
            text = self.document_text(q.document.value)
            if text is not None and text[q.start:q.end] == q.exact:
                q.before = _cut_before(text[max(0, q.start - context):q.start], q.start > context)
                q.after = _cut_after(text[q.end:q.end + context], q.end + context < len(text))
                q.context = True
        return q

    def statement_of(self, claim: str) -> tuple[str, list[V]]:
        """What a claim states, in words: predicate and object, or the quantity."""
        predicate = self.first(claim, H + "predicate")
        obj = self.objects(claim, H + "object")
        if isinstance(predicate, ox.NamedNode):
            values = [self.v(o) for o in obj]
            return (self.v(predicate).text, values)
        quantity = self.first(claim, H + "quantity")
        if quantity is not None and not isinstance(quantity, ox.Literal):
            q = quantity.value
            value = self.first(q, SCHEMA + "value")
            low, high = self.first(q, SCHEMA + "minValue"), self.first(q, SCHEMA + "maxValue")
            unit = self.first(q, H + "unit")
            indicator = self.first(q, H + "indicator")
            if value is not None:
                number = value.value
            elif low is not None or high is not None:
                number = f"{low.value if low is not None else '…'}–{high.value if high is not None else '…'}"
            else:
                number = "?"
            words = number + (f" {self.v(unit).text}" if unit is not None else "")
            extra = [self.v(indicator)] if indicator is not None else []
            return (words, extra)
        return ("", [])

    def claim_summary(self, claim: str, *, assessments: bool = True, context: int = 0) -> ClaimSummary:
        kinds = self.kinds(claim)
        claimant = self.first(claim, H + "claimant")
        subject = self.first(claim, H + "about")
        stance = self.first(claim, H + "stance")
        assessed = self.first(claim, H + "assesses")
        quote = self.quote(claim, context=context)
        document = quote.document if quote and quote.document else None
        if document is None:
            source = self.first(claim, DCTERMS + "source")
            document = self.v(source) if isinstance(source, ox.NamedNode) else None
        periods = [self.v(p) for p in self.objects(claim, H + "referencePeriod") if isinstance(p, ox.NamedNode)]
        words, values = self.statement_of(claim)
        summary = ClaimSummary(
            iri=claim,
            kind=kinds[0] if kinds else None,
            claimant=self.v(claimant) if isinstance(claimant, ox.NamedNode) else None,
            document=document,
            subject=self.v(subject) if isinstance(subject, ox.NamedNode) else None,
            statement=words,
            statement_values=values,
            quote=quote,
            periods=sorted(periods, key=V.sort_key),
            stance=self.v(stance) if isinstance(stance, ox.NamedNode) else None,
            assessed=self.v(assessed) if isinstance(assessed, ox.NamedNode) else None,
        )
        if assessments:
            summary.assessments = [self.claim_summary(a, assessments=False) for a in self.subjects(H + "assesses", claim)]
        summary.discrepancies = sorted((self.v(d) for d in self.subjects(H + "involves", claim)), key=V.sort_key)
        return summary

    def claims_about(self, iri: str) -> tuple[list[str], int]:
        """Claims whose subject or object is the IRI (their IRIs, at most PAGE_LIMIT) and how
        many there are (counted up to SCAN_LIMIT)."""
        found: set[str] = set()
        for predicate in (H + "about", H + "object"):
            for quad in self.store.quads_for_pattern(None, _node(predicate), _node(iri), None):
                if isinstance(quad.subject, ox.NamedNode):
                    found.add(quad.subject.value)
                if len(found) > SCAN_LIMIT:
                    break
        ordered = sorted(found)
        return ordered[:PAGE_LIMIT], len(ordered)

    def claims_by(self, iri: str) -> tuple[list[str], int]:
        found = self.subjects(H + "claimant", iri, limit=SCAN_LIMIT + 1)
        return found[:PAGE_LIMIT], len(found)

    def citations(self, claim: str) -> list[Citation]:
        out = []
        for cite in self.objects(claim, H + "cites"):
            if not isinstance(cite, ox.NamedNode):
                continue
            c = cite.value
            out.append(Citation(
                iri=c,
                footnote=self.first_text(c, H + "footnote"),
                cited=sorted((self.v(w) for w in self.objects(c, H + "citedWork") if isinstance(w, ox.NamedNode)), key=V.sort_key),
                characterisations=[self.v(x) for x in self.objects(c, "http://purl.org/spar/cito/hasCitationCharacterization")],
                quote=self.quote(c),
                accessed=self.first_text(c, H + "accessed"),
            ))
        return sorted(out, key=lambda c: (_int(c.footnote), c.iri))

    def discrepancy(self, iri: str) -> DiscrepancyView:
        claims = [self.claim_summary(c, assessments=False) for c in sorted(
            (t.value for t in self.objects(iri, H + "involves") if isinstance(t, ox.NamedNode)))]
        return DiscrepancyView(
            iri=self.v(iri),
            kind=[self.v(k) for k in self.objects(iri, H + "discrepancyKind")],
            # What disagrees: the curators' description (graph/CURATING.md), else a comment.
            comment=self.first_text(iri, DCTERMS_DESCRIPTION) or self.first_text(iri, RDFS_COMMENT),
            claims=claims,
        )

    # ------------------------------------------------------------------ documents

    def is_source_document(self, iri: str) -> bool:
        return H + "SourceDocument" in self.kind_iris(iri)

    def text_shown(self, document: str) -> bool:
        return text_may_be_shown(self.store, document)

    def rights(self, document: str) -> list[tuple[V, V]]:
        return [(self.v(p), self.v(o)) for p, o in rights_statements(self.store, document)]

    def document_text(self, document: str) -> str | None:
        """The document's text from sources/, only where its rights allow showing it."""
        if document not in self._texts:
            text = None
            name = self.first_text(document, H + "textFile")
            if name and self.text_shown(document):
                path = self.project.sources_dir / Path(name).name
                try:
                    text = path.read_text(encoding="utf-8")
                except OSError:
                    text = None
            self._texts[document] = text
        return self._texts[document]

    def anchored_in(self, document: str) -> list[tuple[int, int, str]]:
        """(start, end, holder) for every claim and citation anchored in the document, in text
        order."""
        out = []
        for anchor in self.subjects(str(OA.hasSource), document):
            holders = self.subjects(H + "textAnchor", anchor)
            start = end = None
            for selector in self.objects(anchor, str(OA.hasSelector)):
                if isinstance(selector, ox.NamedNode):
                    s, e = self.first(selector.value, str(OA.start)), self.first(selector.value, str(OA.end))
                    if s is not None and e is not None:
                        start, end = int(s.value), int(e.value)
            if start is None:
                continue
            for holder in holders:
                out.append((start, end, holder))
        return sorted(out)

    def segments(self, text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
        """The text cut at every span boundary; each piece with the claims that cover it."""
        cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        out = []
        for a, b in zip(cuts, cuts[1:]):
            covering = sorted(((e - s, h) for s, e, h in spans if s <= a and b <= e))
            out.append(Segment(text[a:b], [h for _, h in covering]))
        return out

    # ------------------------------------------------------------------ lists

    @cached_property
    def _members(self) -> dict[str, list[str]]:
        index: dict[str, set[str]] = {}
        for quad in self.store.quads_for_pattern(None, _node(RDF_TYPE), None, None):
            s = quad.subject
            if isinstance(s, ox.NamedNode):
                ns = namespace_of(s.value)
                if ns:
                    index.setdefault(ns, set()).add(s.value)
        return {ns: sorted(members) for ns, members in sorted(index.items())}

    def members(self, namespace: str) -> list[str]:
        """The typed IRIs directly under a namespace (`https://w3id.org/htkg/id/actor/`), not
        their parts, sorted."""
        return self._members.get(namespace, [])

    @property
    def namespaces(self) -> list[tuple[str, int]]:
        """The namespaces under the base whose members have pages (`id/actor/`, `concept/`),
        with how many members each has."""
        return [(ns, len(members)) for ns, members in self._members.items()]

    def all_iris(self) -> list[str]:
        """Every IRI under the base that the graph or the description names (subject, object,
        predicate or graph name), without fragments (hash IRIs share their document)."""
        found: set[str] = set()
        for store in (self.store, self.description):
            for quad in store:
                for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
                    if isinstance(term, ox.NamedNode) and local_path(term.value) is not None:
                        found.add(term.value.split("#", 1)[0])
        return sorted(found)

    # ------------------------------------------------------------------ the network

    def network(self):
        """The actor network of the graph and its analysis (made once)."""
        with self._network_lock:
            if self._network is None:
                from ..network import analyse, build_network
                from ..store import OxigraphStore

                net = build_network(OxigraphStore(self.store))
                self._network = (net, analyse(net))
            return self._network

    def network_place(self, iri: str) -> NetworkPlace | None:
        net, analysis = self.network()
        if iri not in net.nodes:
            return None
        metrics = analysis.by_id().get(iri)
        neighbours: dict[tuple[str, str], tuple[int, int]] = {}
        for edge in net.edges:
            if iri not in (edge.source, edge.target):
                continue
            other = edge.target if edge.source == iri else edge.source
            claims, docs = neighbours.get((other, edge.type), (0, 0))
            neighbours[(other, edge.type)] = (claims + len(edge.claims), max(docs, len(edge.documents)))
        rows = sorted(((self.v(other), etype, c, d) for (other, etype), (c, d) in neighbours.items()), key=lambda r: (r[0].sort_key(), r[1]))
        return NetworkPlace(
            degree=metrics.degree if metrics else 0,
            betweenness=metrics.betweenness if metrics else 0.0,
            pagerank=metrics.pagerank if metrics else 0.0,
            community=metrics.community if metrics else 0,
            broker=bool(metrics and metrics.broker),
            neighbours=rows,
        )


def namespace_of(iri: str) -> str | None:
    """The listing namespace of an IRI under the base: `https://w3id.org/htkg/id/actor/` for
    an actor, `.../concept/` for a concept; None for the ontology and other single IRIs."""
    path = local_path(iri)
    if not path or "#" in path:
        return None
    parts = path.split("/")
    if parts[0] == "id" and len(parts) == 3 and parts[2]:
        return BASE + f"id/{parts[1]}/"
    if parts[0] in ("concept", "graph") and len(parts) == 2 and parts[1]:
        return BASE + parts[0] + "/"
    return None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 1 << 30


def _cut_before(text: str, cut: bool) -> str:
    """The text before a quote in its paragraph (from the paragraph's start when it lies in the
    window, else from the start of a word)."""
    paragraph = text.rfind("\n\n")
    if paragraph != -1:
        return text[paragraph + 2:]
    if cut and " " in text:
        text = "…" + text[text.index(" ") + 1:]
    return text


def _cut_after(text: str, cut: bool) -> str:
    """The text after a quote to the end of its paragraph (or of a word, with …)."""
    paragraph = text.find("\n\n")
    if paragraph != -1:
        return text[:paragraph]
    if cut and " " in text:
        text = text[: text.rindex(" ")] + "…"
    return text

