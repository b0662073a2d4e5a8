"""The ontology documentation page lists every class, property and concept scheme (with its
concepts) of ontology/*.ttl, anchors each term of the ontology's namespace at its fragment, is
well-formed, self-contained (no network needed to view it) and the same bytes every time, and,
given the built data, shows an example instance of each main class taken from that data."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from htkg.docs import display_label, main_classes, ontology_html, ontology_terms, render
from htkg.namespaces import HTKG, ONTOLOGY_IRI, PREFIXES
from htkg.project import Project
from htkg.serialize import read_quads

REPO = Path(__file__).resolve().parents[1]

#: Elements that have no end tag.
VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "embed", "source", "track", "wbr"}


class _Collect(HTMLParser):
    """Everything the tests look at, and a strict check that every element is closed in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.external: list[str] = []
        self.links: list[dict] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.sections: list[tuple[str, str]] = []  # (id, heading text) of each term section
        self.h2: list[str] = []
        self.small: list[str] = []
        self._open: list[tuple[str, list[str]]] = []  # headings being read, with their text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "link":
            self.links.append(attrs)
        if tag in ("script", "img", "iframe") and attrs.get("src") or tag == "link" and attrs.get("rel") != "alternate":
            self.external.append(f"{tag} {attrs}")
        if tag == "section" and attrs.get("class") == "term":
            self.sections.append((attrs["id"], ""))
        if tag in ("h2", "h3", "small"):
            self._open.append((tag, []))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag of void element {tag}")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag in ("h2", "h3", "small") and self._open and self._open[-1][0] == tag:
            text = "".join(self._open.pop()[1])
            if tag == "h2":
                self.h2.append(text.strip())
            elif tag == "small":
                self.small.append(text.strip())
            elif tag == "h3" and self.sections:
                sid, _ = self.sections[-1]
                self.sections[-1] = (sid, text)

    def handle_data(self, data):
        self.text.append(data)
        for _, buffer in self._open:
            buffer.append(data)


def parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in Project(REPO).ontology_files():
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def page() -> str:
    return ontology_html(Project(REPO))


@pytest.fixture(scope="module")
def data(built_project) -> list[ox.Quad]:
    return read_quads(built_project.dataset_path)


@pytest.fixture(scope="module")
def data_page(data) -> str:
    return ontology_html(Project(REPO), data)


def _declared(graph: Graph, *types) -> set[URIRef]:
    return {s for t in types for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}


def test_every_class_property_scheme_and_concept_has_its_entry(ontology, page):
    parser = parse(page)
    text = "".join(parser.text)
    terms = (
        _declared(ontology, OWL.Class, RDFS.Class)
        | _declared(ontology, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
        | _declared(ontology, SKOS.ConceptScheme, SKOS.Concept)
    )
    assert len(_declared(ontology, OWL.Class)) > 10 and len(_declared(ontology, SKOS.ConceptScheme)) > 3
    missing = []
    for term in sorted(terms):
        label = ontology.value(term, RDFS.label) or ontology.value(term, SKOS.prefLabel)
        # an entry: the IRI written out, and the label shown
        if str(term) not in page:
            missing.append(str(term))
        elif label is not None and str(label) not in text:
            missing.append(f"{term} (label {label!r})")
    assert not missing, missing


@pytest.mark.parametrize("which", ["page", "data_page"])
def test_page_is_well_formed_with_unique_ids_and_no_dangling_link(which, request):
    page = request.getfixturevalue(which)
    parser = parse(page)
    assert parser.errors == [] and parser.stack == [], (parser.errors, parser.stack)
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    assert duplicates == []
    internal = [h[1:] for h in parser.hrefs if h.startswith("#")]
    assert len(internal) > 100
    assert sorted(set(internal) - set(parser.ids)) == []
    assert "\x00" not in page and not re.search("[\x01-\x08\x0b\x0c\x0e-\x1f]", page)


def test_terms_of_the_ontology_are_anchored_at_their_fragment(ontology, page):
    """https://w3id.org/htkg/ontology#Actor must land on htkg:Actor's entry."""
    parser = parse(page)
    sections = dict(parser.sections)
    own = sorted(t for t in _declared(ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) if str(t).startswith(ONTOLOGY_IRI + "#"))
    assert len(own) > 50
    for term in own:
        fragment = str(term).split("#", 1)[1]
        assert fragment in sections, term
        # the entry anchored there is this term's: its label is the heading, its IRI follows
        assert sections[fragment].startswith(display_label(ontology, term)), (term, sections[fragment])
        start = page.index(f'<section class="term" id="{fragment}">')
        assert f"<code>{term}</code>" in page[start : page.index("</section>", start)]
    assert "Actor" in sections and "Claim" in sections


def test_headings_name_the_kinds_of_property_in_full(page):
    parser = parse(page)
    assert "Object properties" in parser.h2 and "Datatype properties" in parser.h2
    assert "object property" in parser.small and "datatype property" in parser.small and "class" in parser.small
    assert not re.search(r"propertie\b", page)


def test_namespace_table_lists_every_prefix_the_page_uses(page):
    start = page.index('<table class="namespaces">')
    table = page[start : page.index("</table>", start)]
    rows = dict(re.findall(r"<tr><td><code>([^<]*)</code></td><td><code>([^<]*)</code></td></tr>", table))
    for prefix, ns in rows.items():
        assert PREFIXES[prefix] == ns
    used = set(re.findall(r"<code>([a-z]+):[^<\s]+</code>", page)) - {"https", "http"}
    assert used and used <= set(rows), used - set(rows)
    assert {"htkg", "cpt", "owl", "prov"} <= set(rows)
    assert 'href="#namespaces"' in page


def test_page_offers_its_turtle_and_is_self_contained_and_deterministic(page):
    parser = parse(page)
    assert parser.external == []
    assert {"rel": "alternate", "type": "text/turtle", "href": "ontology.ttl"} in parser.links
    assert page.startswith("<!DOCTYPE html>\n<!-- Generated by `htkg export --release`")
    assert ontology_html(Project(REPO)) == page


def _section_labels(page: str, start_marker: str, end_marker: str) -> list[str]:
    start = page.index(start_marker)
    end = page.index(end_marker, start + 1) if end_marker else len(page)
    return [re.sub(r"&[a-z]+;", "", m) for m in re.findall(r"<h3>(.*?) <small>", page[start:end])]


def test_terms_are_listed_in_the_order_of_their_labels(ontology, page):
    """Sorted by what the reader sees, ignoring case: not by IRI."""
    classes = _section_labels(page, '<h2 id="classes">', '<h2 id="objectproperties">')
    assert len(classes) == len(_declared(ontology, OWL.Class))
    assert classes == sorted(classes, key=str.casefold)
    objects = _section_labels(page, '<h2 id="objectproperties">', '<h2 id="datatypeproperties">')
    assert objects == sorted(objects, key=str.casefold) and len(objects) > 20
    # concepts within each scheme
    terms = ontology_terms(ontology)
    for concepts in terms.schemes.values():
        labels = [display_label(ontology, c) for c in concepts]
        assert labels == sorted(labels, key=str.casefold)
    # The order really is the labels': two classes whose IRI order and label order differ.
    graph = Graph() + ontology
    for name, label in (("Aaa", "zebra"), ("Bbb", "apple"), ("Mmm", "Banana"), ("Zzz", "Aardvark")):
        graph.add((HTKG[name], RDF.type, OWL.Class))
        graph.add((HTKG[name], RDFS.label, Literal(label, lang="en")))
    html = render(graph)
    shown = _section_labels(html, '<h2 id="classes">', '<h2 id="objectproperties">')
    assert shown.index("Aardvark") < shown.index("apple") < shown.index("Banana") < shown.index("zebra")


def test_concepts_are_listed_under_their_scheme(ontology, page):
    terms = ontology_terms(ontology)
    for scheme, concepts in terms.schemes.items():
        assert concepts, f"{scheme} has no concepts"
        start = page.index(f"<code>{scheme}</code>")
        end = page.index("</ul>", start)
        for concept in concepts:
            assert f'href="{concept}"' in page[start:end], (scheme, concept)


def test_a_new_term_shows_up(ontology):
    """Guards against a page built from a fixed list: add a class and a concept, see them."""
    graph = Graph() + ontology
    new = URIRef("https://w3id.org/htkg/ontology#BrandNewClass")
    graph.add((new, RDF.type, OWL.Class))
    graph.add((new, RDFS.label, Literal("brand new class", lang="en")))
    html = render(graph)
    assert "https://w3id.org/htkg/ontology#BrandNewClass" in html and "brand new class" in html
    assert '<section class="term" id="BrandNewClass">' in html


def test_an_anchor_never_collides_with_a_section(ontology):
    """A term whose fragment is also a section's name keeps its fragment; the section moves."""
    graph = Graph() + ontology
    odd = HTKG["classes"]
    graph.add((odd, RDF.type, OWL.ObjectProperty))
    graph.add((odd, RDFS.label, Literal("classes", lang="en")))
    parser = parse(render(graph))
    assert "classes" in dict(parser.sections)
    assert len(parser.ids) == len(set(parser.ids))
    assert sorted({h[1:] for h in parser.hrefs if h.startswith("#")} - set(parser.ids)) == []


def test_control_characters_in_labels_do_not_reach_the_page(ontology):
    graph = Graph() + ontology
    graph.add((HTKG.Odd, RDF.type, OWL.Class))
    graph.add((HTKG.Odd, RDFS.label, Literal("odd\x01label\x0b<script>", lang="en")))
    html = render(graph)
    assert "odd\ufffdlabel\ufffd&lt;script&gt;" in html
    assert not re.search("[\x01-\x08\x0b\x0c\x0e-\x1f]", html)


# --------------------------------------------------------------------------- examples


def test_main_classes_are_the_ontologys_top_classes(ontology):
    mains = main_classes(ontology)
    assert {HTKG.Actor, HTKG.Claim, HTKG.Event, HTKG.LegalInstrument, HTKG.Route, HTKG.Quantity, HTKG.Discrepancy} <= set(mains)
    for cls in mains:
        assert str(cls).startswith(str(HTKG))
        assert not [s for s in ontology.objects(cls, RDFS.subClassOf) if str(s).startswith(str(HTKG))]
    assert HTKG.Assessment not in mains and HTKG.Ministry not in mains  # subclasses of Claim, Actor


def _examples(page: str) -> dict[str, tuple[str, str]]:
    """term fragment -> (the example's subject as shown, the example's HTML)."""
    out = {}
    for match in re.finditer(r'<section class="term" id="([^"]+)">(.*?)</section>', page, re.S):
        example = re.search(r'<div class="example"><p>Example from the data: <code>([^<]+)</code></p>(.*?)</div>', match.group(2), re.S)
        if example:
            out[match.group(1)] = (example.group(1), example.group(2))
    return out


def _expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def test_each_main_class_shows_an_instance_from_the_data(ontology, data, data_page, page):
    store = ox.Store()
    store.extend(data)
    shown = _examples(data_page)
    assert _examples(page) == {}  # no data given, no example
    with_instances = [
        cls for cls in main_classes(ontology)
        if store.query(f"ASK {{ ?s a/<{RDFS.subClassOf}>* <{cls}> FILTER(isIRI(?s)) }}", use_default_graph_as_union=True)
    ]
    assert len(with_instances) >= 8
    assert sorted(shown) == sorted(str(c).split("#")[1] for c in with_instances)
    for fragment, (subject, rows) in shown.items():
        iri = _expand(subject)
        cls = str(HTKG[fragment])
        assert store.query(f"ASK {{ <{iri}> a/<{RDFS.subClassOf}>* <{cls}> }}", use_default_graph_as_union=True), (fragment, iri)
        # every statement shown with an IRI object is in the data
        pairs = re.findall(r'<tr><th><a href="[^"]*"><code>([^<]+)</code></a></th><td>(.*?)</td></tr>', rows)
        assert pairs, fragment
        for pred, cell in pairs:
            for obj in re.findall(r"<code>([a-z]+:[^<\"]+)</code>", cell):
                assert store.query(f"ASK {{ <{iri}> <{_expand(pred)}> <{_expand(obj)}> }}", use_default_graph_as_union=True), (iri, pred, obj)
    assert ontology_html(Project(REPO), data) == data_page


def test_the_example_follows_the_data(data):
    """Not wired to the current data: an actor with more properties than any other becomes the
    example, and a class without instances shows none."""
    actor = ox.NamedNode("https://w3id.org/htkg/id/actor/zz-new-body")
    g = ox.NamedNode("https://w3id.org/htkg/graph/new-document")
    extra = [ox.Quad(actor, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(HTKG.NGO)), g)]
    for i in range(30):
        extra.append(ox.Quad(actor, ox.NamedNode(f"https://example.org/p{i:02d}"), ox.Literal(f"value {i}"), g))
    html = ontology_html(Project(REPO), [*data, *extra])
    subject, rows = _examples(html)["Actor"]
    assert subject == "actor:zz-new-body"
    assert rows.count("<tr>") == 15 and "… and 16 more statements." in html
    no_routes = [q for q in data if not q.subject.value.startswith(PREFIXES["route"])]
    assert "Route" not in _examples(ontology_html(Project(REPO), no_routes))
