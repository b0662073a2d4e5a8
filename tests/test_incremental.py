"""Incremental builds give what a full build gives: after each kind of change to the project's
real evidence, the dataset (byte for byte) and the validation results of `htkg build` equal
those of a full build of the same files, while only the changed file is compiled again and
only the nodes within reach of the change are validated again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from htkg.build import build
from htkg.errors import ValidationFailed
from htkg.project import Project
from htkg.store import OxigraphStore

REPO = Path(__file__).resolve().parents[1]
TIP = "graph/us-tip-2004-azerbaijan.ttl"
CLAIM = "claim:tip2004-azerbaijan-country-of-transit a htkg:Claim ;"


@pytest.fixture()
def project(tmp_path) -> Project:
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "shapes", "queries", "sources"):
        shutil.copytree(REPO / folder, root / folder)
    project = Project(root, out=tmp_path / "out")
    first = build(project)
    assert first.mode == "full" and first.validation.conforms
    return project


def _outcome(project: Project, *, full: bool):
    """(bytes of out/htkg.nq, validation results as JSON, or the error's text)."""
    try:
        result = build(project, full=full)
    except ValidationFailed as exc:
        return None, str(exc), None
    return project.dataset_path.read_bytes(), result.validation.to_json(), result


def _same_as_full(project: Project, tmp_path: Path):
    incremental = _outcome(project, full=False)
    fresh = Project(project.root, out=tmp_path / "full")
    full = _outcome(fresh, full=True)
    assert incremental[0] == full[0]
    assert incremental[1] == full[1]
    return incremental[2]


def _edit(project: Project, path: str, old: str, new: str) -> None:
    file = project.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_compiles_and_validates_nothing(project, tmp_path):
    result = _same_as_full(project, tmp_path)
    assert result.mode == "incremental"
    assert result.recompiled == [] and result.revalidated == 0


def test_an_edited_label_recompiles_one_file_and_revalidates_a_few_nodes(project, tmp_path):
    _edit(project, "graph/reference.ttl", 'actor:azerbaijan-ministry-of-internal-affairs a htkg:Ministry ;',
          'actor:azerbaijan-ministry-of-internal-affairs a htkg:Ministry ; rdfs:comment "edited" ;')
    result = _same_as_full(project, tmp_path)
    assert result.mode == "incremental"
    assert result.recompiled == ["reference"]
    store = OxigraphStore.from_file(project.dataset_path)
    subjects = {row["s"] for row in store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")}
    assert 0 < result.revalidated < len(subjects) / 4


def test_a_new_violation_fails_as_a_full_build_fails_and_leaves_out_as_it_was(project, tmp_path):
    before = project.dataset_path.read_bytes()
    _edit(project, TIP, "    htkg:claimant actor:us-office-to-monitor-and-combat-trafficking ;\n", "")
    incremental = _outcome(project, full=False)
    full = _outcome(Project(project.root, out=tmp_path / "full"), full=True)
    assert incremental[0] is None and "Violation" in incremental[1]
    assert incremental[1] == full[1]
    assert project.dataset_path.read_bytes() == before
    # The store was put back: after the fix, the next build matches a full one again.
    _edit(project, TIP, "claim:tip2004-azerbaijan-country-of-origin a htkg:Claim ;\n",
          "claim:tip2004-azerbaijan-country-of-origin a htkg:Claim ;\n    htkg:claimant actor:us-office-to-monitor-and-combat-trafficking ;\n")
    assert _same_as_full(project, tmp_path / "again").mode == "incremental"


def test_a_change_in_another_file_revalidates_the_records_that_refer_to_it(project, tmp_path):
    # The claimant of the TIP claims becomes a place: their sh:class check must fail, though
    # their own file did not change.
    _edit(project, "graph/reference.ttl", "actor:us-office-to-monitor-and-combat-trafficking a htkg:GovernmentDepartment ;",
          "actor:us-office-to-monitor-and-combat-trafficking a htkg:Country ;")
    incremental = _outcome(project, full=False)
    full = _outcome(Project(project.root, out=tmp_path / "full"), full=True)
    assert incremental[1] == full[1]
    assert "tip2004-azerbaijan-country-of-transit" in incremental[1]


def test_removing_a_document_and_its_claims(project, tmp_path):
    for path in ("graph/us-tip-2004-azerbaijan.ttl", "sources/us-tip-2004-azerbaijan.ttl", "sources/us-tip-2004-azerbaijan.txt"):
        (project.root / path).unlink()
    # The discrepancies between the two documents now point at claims no file defines.
    incremental = _outcome(project, full=False)
    full = _outcome(Project(project.root, out=tmp_path / "full"), full=True)
    assert incremental[0] == full[0]
    assert incremental[1] == full[1]


def test_a_store_left_half_changed_makes_a_full_build(project, tmp_path):
    state_path = project.out_dir / ".cache" / "state.json"
    state = json.loads(state_path.read_text())
    state["store"] = "dirty"
    state_path.write_text(json.dumps(state))
    result = build(project)
    assert result.mode == "full"


def test_the_on_disk_store_holds_what_out_htkg_nq_holds(project):
    _edit(project, TIP, CLAIM, CLAIM + ' rdfs:comment "edited" ;')
    build(project)
    import pyoxigraph as ox

    on_disk = ox.Store.read_only(str(project.store_dir))
    in_memory = OxigraphStore.from_file(project.dataset_path).store
    assert set(on_disk) == set(in_memory)
    assert any(q.object == ox.Literal("edited") for q in on_disk)


def test_a_build_without_validation_makes_the_next_validating_build_full(project, tmp_path):
    _edit(project, TIP, "    htkg:claimant actor:us-office-to-monitor-and-combat-trafficking ;\n", "")
    assert build(project, validate=False).mode == "incremental"
    # The violation written during the draft build is found by the next build that validates.
    with pytest.raises(ValidationFailed):
        build(project)


def test_the_oxigraph_server_serves_out_store_as_the_build_left_it(project):
    from conftest import OxigraphServer

    from htkg.query import run_endpoint

    _edit(project, TIP, CLAIM, CLAIM + ' rdfs:comment "edited" ;')
    build(project)
    server = OxigraphServer(project.store_dir, read_only=True)
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        served = run_endpoint(server.query_url, count).as_dicts()[0]["n"]
        edited = run_endpoint(server.query_url, 'ASK { GRAPH ?g { ?s ?p "edited" } }')
    finally:
        server.stop()
    assert int(served) == sum(1 for line in project.dataset_path.read_bytes().splitlines() if line)
    assert edited.boolean is True


def test_a_removed_public_role_fails_as_a_full_build_fails(project, tmp_path):
    # The person's check reads the htkg:publicRoleStatedIn link the build derives from the claim
    # (shapes/privacy.ttl): when the claim no longer states a role, the derived link goes, and
    # the incremental build validates the person again, as a full build does.
    _edit(project, "graph/carim-east-2013-azerbaijan.ttl",
          "    htkg:about actor:vilayat-eyvazov ;\n    htkg:predicate htkg:publicRole ;\n",
          "    htkg:about actor:vilayat-eyvazov ;\n    htkg:predicate htkg:positionTitle ;\n")
    incremental = _outcome(project, full=False)
    full = _outcome(Project(project.root, out=tmp_path / "full"), full=True)
    assert incremental[0] is None and incremental[1] == full[1]
    assert "shape:PublicRole" in incremental[1] and "vilayat-eyvazov" in incremental[1]


def test_a_change_to_many_files_is_a_full_build(project, tmp_path, monkeypatch):
    """Replacing most graphs of out/store/ one by one is slower than writing it anew: past
    build._LARGE_CHANGE files, and a quarter of them, the build is a full one (here with the
    threshold lowered to the project's four files)."""
    import importlib

    monkeypatch.setattr(importlib.import_module("htkg.build"), "_LARGE_CHANGE", 2)
    _edit(project, "graph/reference.ttl", 'actor:azerbaijan-ministry-of-internal-affairs a htkg:Ministry ;',
          'actor:azerbaijan-ministry-of-internal-affairs a htkg:Ministry ; rdfs:comment "edited" ;')
    _edit(project, TIP, CLAIM, CLAIM + ' rdfs:comment "edited" ;')
    result = _same_as_full(project, tmp_path)
    assert result.mode == "full" and sorted(result.recompiled) == ["reference", "us-tip-2004-azerbaijan"]


def test_the_walk_follows_only_the_properties_the_shapes_read():
    """A shape's SPARQL names properties in full or with the prefixes the shapes declare; a
    variable property may read anything, so the walk then follows every statement."""
    from rdflib import Graph

    from htkg.incremental import shape_properties

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix ex: <https://example.org/> .
        ex:prefixes sh:declare [ sh:prefix "oa" ; sh:namespace "http://www.w3.org/ns/oa#"^^xsd:anyURI ] .
        ex:S a sh:NodeShape ; sh:property [ sh:path ( ex:a [ sh:inversePath ex:b ] ) ] ;
            sh:sparql [ sh:prefixes ex:prefixes ; sh:select "SELECT $this WHERE { $this oa:hasSelector/oa:exact ?v ; <https://example.org/c> ?w }" ] .
        """, format="turtle")
    read = shape_properties(shapes)
    for iri in ("https://example.org/a", "https://example.org/b", "https://example.org/c",
                "http://www.w3.org/ns/oa#hasSelector", "http://www.w3.org/ns/oa#exact"):
        assert iri in read, iri
    assert "http://purl.org/dc/terms/references" not in read
    shapes.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:T a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
        """, format="turtle")
    assert shape_properties(shapes) is None


def test_a_document_that_names_an_actor_does_not_revalidate_its_claims_when_the_actor_changes(project):
    """The document's `dcterms:references` (derived from its mentions) is read by no shape: an
    edit to the actor the document names must not reach, through the document, every claim
    that cites it as its source."""
    from htkg.incremental import affected_nodes, shape_properties
    from htkg.validate import load_shapes

    build(project)
    store = OxigraphStore.from_file(project.dataset_path).store
    actor = ox.NamedNode("https://w3id.org/htkg/id/actor/azerbaijan-ministry-of-internal-affairs")
    document = ox.NamedNode("https://w3id.org/htkg/id/document/us-tip-2004-azerbaijan")
    assert list(store.quads_for_pattern(document, ox.NamedNode("http://purl.org/dc/terms/references"), actor))
    change = {ox.Triple(actor, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal("edited"))}
    focused = affected_nodes(store, change, read=shape_properties(load_shapes(project)))
    everything = affected_nodes(store, change)
    assert document not in focused and document in everything
    assert len(focused) < len(everything) / 3
