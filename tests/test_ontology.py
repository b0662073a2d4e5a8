"""The ontology parses, every term is labelled and defined, every project term used in the
repository is declared, and an OWL RL closure finds no clash."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from htkg.errors import InputError, OntologyError, UndeclaredTerm
from htkg.namespaces import CPT, HTKG, ONTOLOGY_IRI, VANN
from htkg.ontology import (
    check_ontology,
    declared_terms,
    load_ontology,
    owlrl_clashes,
    terms_missing_docs,
    undeclared_terms,
)
from htkg.project import Project


@pytest.fixture
def ontology(repo_project):
    return load_ontology(repo_project)


def test_every_term_has_label_and_definition(ontology):
    assert terms_missing_docs(ontology) == []


def test_repository_uses_only_declared_terms(repo_project, ontology):
    assert undeclared_terms(repo_project, declared_terms(ontology)) == []


def test_owl_rl_closure_is_consistent(ontology):
    assert owlrl_clashes(ontology) == []


def test_ontology_metadata_for_lov_and_foops(ontology):
    onto = URIRef(ONTOLOGY_IRI)
    for prop in (
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/terms/description",
        "http://purl.org/dc/terms/creator",
        "http://purl.org/dc/terms/created",
        "http://purl.org/dc/terms/modified",
        "http://purl.org/dc/terms/license",
        str(OWL.versionIRI),
        str(OWL.versionInfo),
        str(VANN.preferredNamespacePrefix),
        str(VANN.preferredNamespaceUri),
    ):
        assert ontology.value(onto, URIRef(prop)) is not None, prop
    assert str(ontology.value(onto, VANN.preferredNamespaceUri)) == str(HTKG)


def test_required_families_are_modelled(ontology):
    """The issue's families: actors, instruments, events, routes, claims, documents, lists."""
    for name in (
        "Person", "Organisation", "GovernmentBody", "Ministry", "GovernmentDepartment", "NGO",
        "InternationalOrganisation", "OrganisationOffice", "ResearchBody", "ResearchConsortium",
        "Publisher", "MediaOutlet", "Country", "Region",
        "Convention", "Protocol", "Declaration", "Decree", "NationalActionPlan", "Recommendation",
        "CriminalCode", "LegalProvision",
        "Conference", "Training", "Campaign", "Approval", "Ratification", "FacilityOpening",
        "StatisticsRelease", "Publication", "Arrest", "Prosecution", "Conviction", "Dismissal",
        "VictimReferral",
        "Route", "Claim", "Assessment", "Quantity", "Citation", "Document", "SourceDocument",
        "Discrepancy",
    ):
        assert (HTKG[name], RDF.type, OWL.Class) in ontology, name
    for scheme in (
        "exploitation-forms", "victim-groups", "indicators", "stances", "country-roles",
        "tip-tiers", "actor-kinds", "units", "findings", "discrepancy-kinds",
    ):
        assert (CPT[scheme], RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")) in ontology


def test_aligned_with_the_fields_vocabularies(ontology):
    from rdflib.namespace import RDFS

    # Subclass, subproperty and range axioms that point into each reused vocabulary.
    supers = {
        str(o)
        for axiom in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.range)
        for o in ontology.objects(None, axiom)
    }
    for ns in (
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/ns/org#",
        "http://semanticweb.cs.vu.nl/2009/11/sem/",
        "http://data.europa.eu/eli/ontology#",
        "http://www.w3.org/ns/oa#",
        "https://schema.org/",
        "http://purl.org/spar/cito/",
    ):
        assert any(s.startswith(ns) for s in supers), ns


# --- the checks fail when they should -------------------------------------------------------


def _copy_ontology(tmp_path, repo_project) -> Project:
    shutil.copytree(repo_project.ontology_dir, tmp_path / "ontology")
    (tmp_path / "graph").mkdir()
    return Project(tmp_path)


def test_missing_definition_is_reported(tmp_path, repo_project):
    project = _copy_ontology(tmp_path, repo_project)
    (project.ontology_dir / "extra.ttl").write_text(
        "@prefix htkg: <https://w3id.org/htkg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'htkg:Undocumented a owl:Class ; rdfs:label "undocumented" .\n'
    )
    with pytest.raises(OntologyError, match="Undocumented has no skos:definition"):
        check_ontology(project)


def test_typo_in_curated_file_is_reported_with_file_and_line(tmp_path, repo_project):
    project = _copy_ontology(tmp_path, repo_project)
    (project.graph_dir / "doc.ttl").write_text(
        "@prefix htkg: <https://w3id.org/htkg/ontology#> .\n"
        "<https://w3id.org/htkg/id/claim/x> a htkg:Claim ;\n"
        "    htkg:claimnt <https://w3id.org/htkg/id/actor/y> .\n"
    )
    with pytest.raises(UndeclaredTerm) as info:
        check_ontology(project)
    assert "graph/doc.ttl:3: htkg:claimnt" in str(info.value)


def test_disjoint_and_subclass_clash_is_found(ontology):
    broken = Graph()
    for triple in ontology:
        broken.add(triple)
    # A person that is also an organisation: Person and Organisation are disjoint.
    x = URIRef("https://w3id.org/htkg/id/actor/x")
    broken.add((x, RDF.type, HTKG.Person))
    broken.add((x, RDF.type, HTKG.Organisation))
    assert owlrl_clashes(broken)


def test_unparsable_ontology_names_the_file(tmp_path, repo_project):
    project = _copy_ontology(tmp_path, repo_project)
    (project.ontology_dir / "broken.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b \n")
    with pytest.raises(InputError) as info:
        check_ontology(project)
    assert "ontology/broken.ttl" in str(info.value)
