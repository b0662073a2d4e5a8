"""The pages of the site, rendered from the graph with Jinja2: the page of every IRI under the
base (entity, claim, document, discrepancy), the lists of each namespace, the home page, and
the RDF documents of each IRI. The live server (`app.py`) and the static site (`site.py`) use
the same renderer; only where links point differs (`Links`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..namespaces import BASE, ONTOLOGY_IRI, PREFIXES
from ..serialize import serialize_quads
from .conneg import PAGE_FORMATS, Format
from .graph import PAGE_LIMIT, SiteGraph, curie, local_path

__all__ = ["Links", "Renderer", "doc_path", "LISTING_PAGE_SIZE", "DATASET", "CATALOG"]

DATASET = BASE + "dataset"
CATALOG = BASE + "catalog"
#: Entries on one page of a namespace's list.
LISTING_PAGE_SIZE = 500
H = BASE + "ontology#"


def doc_path(iri: str, suffix: str) -> str | None:
    """The path (under the site root) of the document of an IRI in a format: `id/actor/osce.html`;
    a namespace IRI ending in `/` has `index.<suffix>`; the fragment of a hash IRI is dropped."""
    path = local_path(iri)
    if path is None:
        return None
    path = path.split("#", 1)[0]
    if path == "" or path.endswith("/"):
        path += "index"
    return f"{path}.{suffix}"


class Links:
    """Where links point: on the live server, root-relative paths (`/id/actor/osce.html`); in
    the static site, paths relative to the page being written (`../actor/osce.html`), so the
    site works from any folder and from file://."""

    def __init__(self, *, live: bool, here: str = "index.html"):
        self.live = live
        self.here = here
        self._up = here.split("/")[:-1]  # the folders of the page being written

    def _href(self, path: str) -> str:
        if self.live:
            return "/" + path
        parts = path.split("/")
        common = 0
        for a, b in zip(self._up, parts[:-1]):
            if a != b:
                break
            common += 1
        return "/".join([".."] * (len(self._up) - common) + parts[common:])

    def page(self, iri: str, suffix: str = "html") -> str:
        """The link to the page of an IRI: its local document under the base, the IRI itself
        elsewhere."""
        path = doc_path(iri, suffix)
        if path is None:
            return iri
        fragment = iri.split("#", 1)[1] if "#" in iri else ""
        return self._href(path) + (f"#{fragment}" if fragment else "")

    def listing(self, namespace: str, page: int = 1) -> str:
        path = doc_path(namespace, "html")
        if page > 1:
            if self.live:
                return self._href(path) + f"?page={page}"
            path = path[: -len(".html")] + f"-{page}.html"
        return self._href(path)

    def special(self, name: str) -> str:
        """A page of the site that is no IRI: `query`, `network`, `sparql`, `.well-known/void`."""
        if self.live:
            return "/" + name
        return self._href(name + ".html" if name in ("network",) else name)

    def asset(self, name: str) -> str:
        return self._href("static/" + name)

    def home(self) -> str:
        return self._href("index.html") if not self.live else "/"


@dataclass
class Alternate:
    label: str
    media_type: str
    href: str


class Renderer:
    """Renders pages and RDF documents of the graph."""

    def __init__(self, graph: SiteGraph, *, live: bool, endpoint: str | None = None):
        self.graph = graph
        self.live = live
        self.endpoint = endpoint
        self.env = Environment(
            loader=PackageLoader("htkg.serve", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.globals.update(curie=curie, PAGE_LIMIT=PAGE_LIMIT, ONTOLOGY=ONTOLOGY_IRI, DATASET=DATASET, BASE=BASE)
        self.env.filters["number"] = lambda n: f"{n:,}"
        self.env.filters["tag"] = lambda g: g.rstrip("/").rsplit("/", 1)[-1]

    # ------------------------------------------------------------------ helpers

    def _render(self, template: str, here: str, **context) -> str:
        links = Links(live=self.live, here=here)
        return self.env.get_template(template).render(links=links, live=self.live, endpoint=self.endpoint, **context)

    def _alternates(self, iri: str, here: str) -> list[Alternate]:
        links = Links(live=self.live, here=here)
        return [Alternate(f.label, f.media_type, links.page(iri, f.suffix)) for f in PAGE_FORMATS]

    @cached_property
    def metadata(self) -> dict[str, str]:
        """The dataset's hand-written title and summary (`data/dataset.ttl`)."""
        from ..describe import DATASET as DS, metadata_template
        from rdflib.namespace import DCTERMS

        g = metadata_template()
        return {"title": str(g.value(DS, DCTERMS.title) or "htkg"), "summary": str(g.value(DS, DCTERMS.description) or "")}

    # ------------------------------------------------------------------ what an IRI is

    def is_page(self, iri: str) -> bool:
        """Whether the site has a page for this IRI (the graph names it, or it is a namespace
        with members, or one of the site's own IRIs)."""
        if iri in (BASE, ONTOLOGY_IRI, DATASET, CATALOG):
            return True
        if iri.endswith("/") and self.graph.members(iri):
            return True
        return self.graph.exists(iri)

    def has_rdf(self, iri: str) -> bool:
        if iri == BASE:
            return False
        if iri.endswith("/") and not self.graph.exists(iri):
            return False
        return self.is_page(iri)

    # ------------------------------------------------------------------ pages

    def page(self, iri: str, *, page_no: int = 1) -> str:
        """The HTML page of an IRI under the base."""
        if iri == BASE:
            return self.home()
        if iri == ONTOLOGY_IRI:
            return self.ontology()
        here = doc_path(iri, "html")
        if iri.endswith("/") and self.graph.members(iri):
            return self.listing(iri, page_no=page_no)
        graph = self.graph
        context = dict(
            iri=iri,
            e=graph.v(iri),
            kinds=graph.kinds(iri),
            owner=graph.v(graph.owner(iri)) if graph.owner(iri) else None,
            statements=graph.statements(iri),
            alternates=self._alternates(iri, here),
            title=graph.v(iri).text,
            view="entity",
            named_graph=_count(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))) if iri in graph.graph_names else None,
        )
        skip = set()
        claim = graph.is_claim(iri)
        if claim:
            summary = graph.claim_summary(iri, context=600)
            context["title"] = _claim_title(summary) or context["title"]
            context.update(
                view="claim",
                claim=summary,
                citations=graph.citations(iri),
                discrepancies=[_this_first(graph.discrepancy(d.value), iri) for d in summary.discrepancies],
            )
            skip |= {H + "assesses", H + "involves"}
        if BASE + "ontology#Discrepancy" in graph.kind_iris(iri):
            context.update(view="discrepancy", discrepancy=graph.discrepancy(iri))
        if graph.is_source_document(iri):
            context.update(self._document(iri))
        about, about_total = graph.claims_about(iri)
        by, by_total = graph.claims_by(iri)
        context.update(
            claims_about=[graph.claim_summary(c) for c in about],
            claims_about_total=about_total,
            claims_by=[graph.claim_summary(c, assessments=False) for c in by],
            claims_by_total=by_total,
            about_query=_claims_query(iri, "about"),
            by_query=_claims_query(iri, "claimant"),
        )
        skip |= {H + "about", H + "object", H + "claimant"}
        if claim:
            skip.add(H + "assesses")
        incoming, incoming_more = graph.incoming(iri, skip=skip)
        context.update(incoming=incoming, incoming_more=incoming_more, network=graph.network_place(iri) if iri.startswith(BASE + "id/") else None)
        return self._render(f"{context['view']}.html", here, **context)

    def _document(self, iri: str) -> dict:
        graph = self.graph
        spans = graph.anchored_in(iri)
        text = graph.document_text(iri)
        claims = {h for _, _, h in spans}
        quotes = []
        for start, end, holder in spans:
            if graph.is_claim(holder):
                quotes.append(graph.claim_summary(holder, assessments=False))
        return dict(
            view="document",
            text_shown=text is not None,
            segments=graph.segments(text, [s for s in spans if graph.is_claim(s[2])]) if text is not None else [],
            quotes=quotes,
            anchored=len(claims),
            rights=graph.rights(iri),
        )

    def listing(self, namespace: str, *, page_no: int = 1) -> str:
        members = self.graph.members(namespace)
        pages = max(1, -(-len(members) // LISTING_PAGE_SIZE))
        page_no = min(max(1, page_no), pages)
        chunk = members[(page_no - 1) * LISTING_PAGE_SIZE: page_no * LISTING_PAGE_SIZE]
        here = doc_path(namespace, "html")
        if not self.live and page_no > 1:
            here = here[: -len(".html")] + f"-{page_no}.html"
        rows = [(self.graph.v(m), self.graph.kinds(m)) for m in chunk]
        exists = self.graph.exists(namespace)
        return self._render(
            "listing.html", here,
            title=f"{curie(namespace)} ({len(members):,})",
            namespace=namespace,
            e=self.graph.v(namespace),
            rows=rows,
            total=len(members),
            page_no=page_no,
            pages=pages,
            statements=self.graph.statements(namespace) if exists else [],
            alternates=self._alternates(namespace, here) if exists else [],
        )

    def listing_pages(self, namespace: str) -> int:
        return max(1, -(-len(self.graph.members(namespace)) // LISTING_PAGE_SIZE))

    def home(self) -> str:
        graph = self.graph
        docs = [graph.v(d) for d in graph.subjects("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", H + "SourceDocument")]
        documents = sorted(((d, len(graph.anchored_in(d.value))) for d in docs), key=lambda item: item[0].sort_key())
        namespaces = [(graph.v(ns), ns, count) for ns, count in graph.namespaces]
        return self._render(
            "home.html", "index.html",
            title=self.metadata["title"],
            summary=self.metadata["summary"],
            documents=documents,
            namespaces=namespaces,
            graphs=[graph.v(g) for g in graph.graph_names],
            triples=len(graph.store),
            alternates=[],
        )

    def ontology(self) -> str:
        """The ontology's documentation (htkg.docs, which anchors every term at its own fragment,
        `#Claim`, so that the ontology's hash IRIs land on their term), with local links."""
        from ..docs import ontology_html

        text = ontology_html(self.graph.project)
        here = "ontology.html"
        links = Links(live=self.live, here=here)

        def local(match: re.Match) -> str:
            return f'href="{links.page(match.group(1))}"'

        text = re.sub(r'href="(' + re.escape(BASE) + r'[^"]*)"', local, text)
        nav = self._render("nav.html", here)
        return text.replace("<body>", "<body>\n" + _NAV_STYLE + nav, 1)

    def not_found(self, path: str) -> str:
        return self._render("notfound.html", "index.html", title="Not found", path=path, alternates=[])

    # ------------------------------------------------------------------ RDF

    def rdf(self, iri: str, fmt: Format) -> bytes:
        """The RDF document of an IRI: what is said of it and of its parts, and what points at
        it (the dataset's description as a whole for the dataset and the catalogue; the
        ontology graph for the ontology)."""
        graph = self.graph
        if iri in (DATASET, CATALOG):
            quads = list(graph.description)
        elif iri == ONTOLOGY_IRI:
            quads = list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/ontology")))
        elif iri in graph.graph_names:  # a named graph's IRI: its content
            quads = list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
        else:
            quads = graph.quads(iri)
        triples = sorted({ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}, key=str)
        if fmt.name == "rdfxml":
            used = _used_prefixes(triples)
            return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in triples], format=ox.RdfFormat.RDF_XML, prefixes=used)
        name = {"turtle": "turtle", "ntriples": "ntriples", "jsonld": "jsonld"}[fmt.name]
        return serialize_quads(triples, name).encode("utf-8")


#: The site's navigation bar on the ontology's documentation page, which has its own style.
_NAV_STYLE = (
    "<style>header.top { display: flex; gap: 1.5rem; align-items: baseline; padding: 0.6rem 1rem; background: #24292f;"
    " border-radius: 0.3rem; margin-bottom: 1rem; } header.top a { color: #f0f3f6; text-decoration: none; }"
    " header.top nav { display: flex; gap: 1.1rem; } header.top .brand { font-weight: 700; }</style>\n"
)


def _this_first(discrepancy, claim: str):
    """A discrepancy as a claim's page shows it: this claim first, the other side beside it."""
    discrepancy.claims.sort(key=lambda c: c.iri != claim)
    return discrepancy


def _claim_title(c) -> str:
    """A claim's heading: who says what of whom ("Sergey Rummyansev on the Baku conference")."""
    who = c.claimant.text if c.claimant else "Someone"
    if c.stance is not None and c.assessed is not None:
        return f"{who} {c.stance.text} a claim"
    if c.subject is not None:
        return f"{who} on {c.subject.text}"
    return ""


def _count(iterator) -> int:
    return sum(1 for _ in iterator)


def _used_prefixes(quads) -> dict[str, str]:
    iris = set()
    for q in quads:
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def _claims_query(iri: str, role: str) -> str:
    """A SPARQL query listing every claim about (or by) the IRI, for the query page."""
    if role == "about":
        pattern = f"{{ ?claim htkg:about <{iri}> }} UNION {{ ?claim htkg:object <{iri}> }}"
    else:
        pattern = f"?claim htkg:claimant <{iri}> ."
    return (
        "PREFIX htkg: <https://w3id.org/htkg/ontology#>\n"
        "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
        "SELECT ?claim ?claimant ?quote WHERE {\n"
        f"  {pattern}\n"
        "  ?claim htkg:claimant ?claimant .\n"
        "  OPTIONAL { ?claim htkg:textAnchor/oa:hasSelector/oa:exact ?quote }\n"
        "}\nORDER BY ?claim"
    )
