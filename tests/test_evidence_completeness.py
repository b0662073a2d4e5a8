"""Nothing a document states lives only in a comment, and the graph says what a document does
besides stating facts: every curated file of graph/ is free of rdfs:comment and skos:note (what
is left of a curator's remark is a skos:editorialNote); a structural relation a document's graph
states is backed by a claim with its quote (the curators' general knowledge lives in the
reference graph, which says so); the build gives each mention its motivation and its document's
dcterms:references, and each inference its attribution to the curators."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from htkg.annotations import derive_annotations
from htkg.build import DERIVED_GRAPH
from htkg.namespaces import ACTOR, CPT, DOC, GRAPH, HTKG, OA, PREFIXES

REPO = Path(__file__).resolve().parents[1]
GRAPH_FILES = sorted((REPO / "graph").glob("*.ttl"))
DOCUMENT_FILES = [p for p in GRAPH_FILES if (REPO / "sources" / f"{p.stem}.txt").exists()]
#: Structural relations a document's graph may state only with a claim that backs them.
STRUCTURAL = (ORG.subOrganizationOf, ORG.memberOf, HTKG.locatedIn)
#: What a document names: the kinds of entity a mention is expected for.
NAMED_KINDS = (HTKG.Actor, HTKG.Place, HTKG.LegalInstrument)
TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def parse(text: str) -> Graph:
    return Graph().parse(data=TURTLE_PREFIXES + text, format="turtle")


# --------------------------------------------------------------------------- no fact in a comment


def commented(graph: Graph) -> list[str]:
    """The nodes of a curated file that carry an rdfs:comment or a skos:note."""
    return sorted({str(s) for p in (RDFS.comment, SKOS.note) for s in graph.subjects(p, None)})


def test_a_comment_or_a_note_is_found_and_an_editorial_note_is_not():
    graph = parse("""
        claim:x a htkg:Claim ; rdfs:comment "a fact"@en .
        place:y a htkg:City ; skos:note "another"@en .
        actor:z a htkg:Group ; skos:editorialNote "the report names none of them"@en .
    """)
    assert commented(graph) == [str(PREFIXES["claim"] + "x"), str(PREFIXES["place"] + "y")]


@pytest.mark.parametrize("path", GRAPH_FILES, ids=[p.name for p in GRAPH_FILES])
def test_no_curated_entity_or_claim_carries_a_comment(path):
    """What a document states is a claim with its quote; a curator's remark is a
    skos:editorialNote; a discrepancy's explanation, the curators' finding, is its
    dcterms:description (graph/CURATING.md)."""
    assert commented(Graph().parse(path, format="turtle")) == []


# --------------------------------------------------------------------------- structure backed by claims


def unbacked_structure(graph: Graph) -> list[tuple[str, str, str]]:
    """The structural statements of a document's curated file that no claim of the file states
    (same subject, predicate and object, not negated)."""
    claimed = set()
    for claim in graph.subjects(HTKG.predicate, None):
        if (claim, HTKG.negated, Literal(True)) in graph or (claim, HTKG.quote, None) not in graph:
            continue
        for s in graph.objects(claim, HTKG.about):
            for p in graph.objects(claim, HTKG.predicate):
                for o in graph.objects(claim, HTKG.object):
                    claimed.add((s, p, o))
    return sorted(
        (str(s), str(p), str(o)) for p in STRUCTURAL for s, o in graph.subject_objects(p) if (s, p, o) not in claimed
    )


def test_structure_without_a_claim_is_found():
    graph = parse("""
        actor:a org:subOrganizationOf actor:b .
        actor:c org:memberOf actor:d .
        claim:c-in-d a htkg:Claim ; htkg:about actor:c ; htkg:predicate org:memberOf ; htkg:object actor:d ;
            htkg:quote "c of d" ; htkg:start 0 ; htkg:end 6 .
        place:e htkg:locatedIn place:f .
        claim:e-not-in-f a htkg:Claim ; htkg:about place:e ; htkg:predicate htkg:locatedIn ; htkg:object place:f ;
            htkg:negated true ; htkg:quote "e is not in f" ; htkg:start 0 ; htkg:end 13 .
    """)
    found = unbacked_structure(graph)
    assert [(s.rsplit("/", 1)[1], o.rsplit("/", 1)[1]) for s, _, o in found] == [("a", "b"), ("e", "f")]


@pytest.mark.parametrize("path", DOCUMENT_FILES, ids=[p.name for p in DOCUMENT_FILES])
def test_structure_a_document_graph_states_is_backed_by_a_claim(path):
    """Part of, member of, located in: in a document's graph, only as the document states it
    (a claim with its quote; the build derives the plain triple); the curators' general
    knowledge goes to graph/reference.ttl."""
    assert unbacked_structure(Graph().parse(path, format="turtle")) == []


def test_the_reference_graph_says_it_is_the_curators_general_knowledge():
    graph = Graph().parse(REPO / "graph" / "reference.ttl", format="turtle")
    iri = URIRef(str(GRAPH["reference"]))
    assert (iri, HTKG.basis, CPT["general-knowledge"]) in graph
    assert (iri, PROV.wasAttributedTo, ACTOR["htkg-curators"]) in graph


# --------------------------------------------------------------------------- mentions and inferences, as built


def test_derive_annotations_on_statements():
    """Each mention: its motivation, and one dcterms:references per document and entity however
    many mentions name it; each inference: its attribution; nothing for anything else."""
    n = ox.NamedNode
    rdf_type, body, source = n(str(RDF.type)), n(str(OA.hasBody)), n(str(DCTERMS.source))
    doc, entity = n(str(DOC["d"])), n("https://w3id.org/htkg/id/actor/e")
    m1, m2, claim, inference = (n(f"https://example.org/{x}") for x in ("m1", "m2", "c", "i"))
    triples = [
        ox.Triple(m1, rdf_type, n(str(HTKG.Mention))), ox.Triple(m1, body, entity), ox.Triple(m1, source, doc),
        ox.Triple(m2, rdf_type, n(str(HTKG.Mention))), ox.Triple(m2, body, entity), ox.Triple(m2, source, doc),
        ox.Triple(claim, rdf_type, n(str(HTKG.Claim))), ox.Triple(claim, source, doc),
        ox.Triple(inference, rdf_type, n(str(HTKG.Inference))),
    ]
    derived = derive_annotations(triples)
    assert derived == {
        ox.Triple(m1, n(str(OA.motivatedBy)), n(str(OA.identifying))),
        ox.Triple(m2, n(str(OA.motivatedBy)), n(str(OA.identifying))),
        ox.Triple(doc, n(str(DCTERMS.references)), entity),
        ox.Triple(inference, n(str(PROV.wasAttributedTo)), n(str(ACTOR["htkg-curators"]))),
    }


@pytest.fixture(scope="module")
def graphs(built_dataset) -> dict[str, Graph]:
    out: dict[str, Graph] = {}
    for s, p, o, g in built_dataset.quads((None, None, None, None)):
        out.setdefault(str(g.identifier if hasattr(g, "identifier") else g), Graph()).add((s, p, o))
    return out


def _union(graphs) -> Graph:
    union = Graph()
    for graph in graphs.values():
        for triple in graph:
            union.add(triple)
    return union


def test_every_mention_is_built_into_an_identifying_annotation_and_a_reference(graphs):
    derived = graphs[DERIVED_GRAPH]
    union = _union(graphs)
    mentions = set(union.subjects(RDF.type, HTKG.Mention))
    assert len(mentions) >= 25
    for mention in mentions:
        assert (mention, OA.motivatedBy, OA.identifying) in derived, mention
        (document,) = union.objects(mention, DCTERMS.source)
        (entity,) = union.objects(mention, OA.hasBody)
        assert (document, DCTERMS.references, entity) in derived, mention
        assert union.value(mention, HTKG.quote) is not None, mention


@pytest.mark.parametrize("path", DOCUMENT_FILES, ids=[p.name for p in DOCUMENT_FILES])
def test_a_document_names_every_actor_place_and_instrument_its_file_defines(path, graphs):
    """One mention per entity per document at least: what a document's file defines (an
    entity only that document speaks of) the document names somewhere."""
    curated = Graph().parse(path, format="turtle")
    union = _union(graphs)
    document = URIRef(str(DOC[path.stem]))
    defined = {
        s for s, o in curated.subject_objects(RDF.type)
        if isinstance(s, URIRef) and any((o, RDFS.subClassOf, kind) in union or o == kind for kind in NAMED_KINDS)
    }
    assert defined
    named = set(graphs[DERIVED_GRAPH].objects(document, DCTERMS.references))
    assert sorted(str(e) for e in defined - named) == []


def test_every_inference_is_attributed_to_the_curators(graphs):
    derived = graphs[DERIVED_GRAPH]
    union = _union(graphs)
    inferences = set(union.subjects(RDF.type, HTKG.Inference))
    assert len(inferences) >= 5
    for inference in inferences:
        assert (inference, PROV.wasAttributedTo, ACTOR["htkg-curators"]) in derived, inference
        assert union.value(inference, SKOS.editorialNote) is not None, inference


# --------------------------------------------------------------------------- the TIP 2004 report, read again


CLAIM = PREFIXES["claim"]


def test_tip_2004_recommendations_are_recommendations_addressed_to_the_government(graphs):
    union = _union(graphs)
    government = ACTOR["government-of-azerbaijan"]
    found = {
        (str(union.value(c, HTKG.object)).rsplit("/", 1)[1], str(union.value(c, HTKG.about)).rsplit("/", 1)[1])
        for c in union.subjects(RDF.type, HTKG.RecommendationClaim)
        if str(c).startswith(CLAIM + "tip2004-") and (c, HTKG.addressee, government) in union
    }
    assert found == {
        ("adopt", "azerbaijan-national-action-plan-trafficking"),
        ("implement", "azerbaijan-national-action-plan-trafficking"),
        ("reform-law", "azerbaijan-criminal-code"),
    }
    # A recommendation is not a finding: none of them is stated as one any more.
    for c in union.subjects(RDF.type, HTKG.RecommendationClaim):
        assert (c, HTKG.predicate, HTKG.finding) not in union


def test_tip_2004_reasons_and_release(graphs):
    union = _union(graphs)
    reasons = {(str(a)[len(CLAIM):], str(b)[len(CLAIM):]) for a, b in union.subject_objects(HTKG.reasonFor) if str(a).startswith(CLAIM + "tip2004-")}
    assert reasons == {
        ("tip2004-government-efforts-initial-stage", "tip2004-government-merits-tier-2-watch-list"),
        ("tip2004-more-complete-picture", "tip2004-first-inclusion-of-azerbaijan"),
        ("tip2004-dismissed-officials-issued-illegal-cards", "tip2004-dismissal-of-passport-officials"),
    }
    released = {str(c)[len(CLAIM):] for c in union.subjects(HTKG.releasedIn, None)}
    assert {"tip2004-arrests", "tip2004-convictions"} <= released
    # The offences used to prosecute trafficking are claims, not comments.
    used = {str(s).rsplit("/", 1)[1] for s, o in union.subject_objects(HTKG.usedToProsecute) if o == CPT["trafficking-in-persons"]}
    assert used == {f"azerbaijan-criminal-code-{o}" for o in ("slavery", "rape", "coercion-into-prostitution", "inducing-minor-into-prostitution")}
