"""The build on small fixture projects: quotes re-found and expanded into Web Annotation
selectors, clear errors for quotes that moved or were mistyped, stable blank-node names,
byte-identical output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from htkg.build import build, compile_dataset
from htkg.compile import skolemize
from htkg.errors import AnchorError, InputError
from htkg.namespaces import CLAIM, DOC, GRAPH, HTKG, OA
from htkg.project import Project

REPO = Path(__file__).resolve().parents[1]
TEXT = "In 2010, 34 victims were found.\nIt is impossible to evaluate their accuracy.\n"
PREFIXES = """@prefix htkg: <https://w3id.org/htkg/ontology#> .
@prefix cpt: <https://w3id.org/htkg/concept/> .
@prefix claim: <https://w3id.org/htkg/id/claim/> .
@prefix actor: <https://w3id.org/htkg/id/actor/> .
@prefix place: <https://w3id.org/htkg/id/place/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def claim_ttl(quote="34 victims were found", start=9, end=30, name="a-victims") -> str:
    return PREFIXES + f"""
actor:m a htkg:Ministry ; rdfs:label "M" .
place:AZ a htkg:Country ; rdfs:label "Azerbaijan" ; htkg:iso3166Code "AZ" .
claim:{name} a htkg:Claim ; htkg:claimant actor:m ; htkg:about place:AZ ;
  htkg:quantity [ a htkg:Quantity ; schema:value 34 ; htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ] ;
  htkg:quote "{quote}" ; htkg:start {start} ; htkg:end {end} ; htkg:locator "line 1" .
"""


def make_project(tmp_path: Path, curated: str, *, stem="doc-a", text=TEXT, rights: str | None = None) -> Project:
    """A project of one curated file and its text; `rights` (a cpt:text-rights concept) writes
    the document's metadata record with it."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "graph").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / f"{stem}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "graph" / f"{stem}.ttl").write_text(curated, encoding="utf-8")
    if rights:
        (tmp_path / "sources" / f"{stem}.ttl").write_text(
            PREFIXES + f"<https://w3id.org/htkg/id/document/{stem}> a htkg:SourceDocument ;\n"
            f"    <http://purl.org/dc/terms/accessRights> {rights} .\n", encoding="utf-8")
    return Project(tmp_path)


def test_quote_is_expanded_into_web_annotation_selectors(tmp_path):
    dataset, result = compile_dataset(make_project(tmp_path, claim_ttl(), rights="cpt:public-domain"))
    g = dataset.graph(GRAPH["doc-a"])
    claim = CLAIM["a-victims"]
    anchor = g.value(claim, HTKG.textAnchor)
    assert (anchor, RDF.type, OA.SpecificResource) in g
    assert g.value(anchor, OA.hasSource) == DOC["doc-a"]
    assert g.value(claim, URIRef("http://purl.org/dc/terms/source")) == DOC["doc-a"]
    selectors = {g.value(s, RDF.type): s for s in g.objects(anchor, OA.hasSelector)}
    quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
    assert str(g.value(quote, OA.exact)) == "34 victims were found"
    assert str(g.value(quote, OA.prefix)) == "In 2010, "
    assert str(g.value(quote, OA.suffix)) == TEXT[30:62]
    assert (int(g.value(position, OA.start)), int(g.value(position, OA.end))) == (9, 30)
    # the curation short form does not leak into the published graph
    assert g.value(claim, HTKG.quote) is None and g.value(claim, HTKG.start) is None
    assert result.anchors_checked == 1


@pytest.mark.parametrize("rights", ["cpt:public-domain", "cpt:open-licence", "cpt:all-rights-reserved", "cpt:quotations-only", None])
def test_text_around_a_quote_is_kept_only_where_the_text_may_be_passed_on(tmp_path, rights):
    """oa:prefix and oa:suffix repeat the text beside each quote: kept for a document whose
    rights concept is narrower than cpt:text-redistributable, left out for any other (and for a
    document whose record names no rights), so the graph holds nothing of a reserved text but
    the quotations themselves."""
    dataset, _ = compile_dataset(make_project(tmp_path, claim_ttl(), rights=rights))
    g = dataset.graph(GRAPH["doc-a"])
    quote = next(s for s in g.subjects(RDF.type, OA.TextQuoteSelector))
    assert str(g.value(quote, OA.exact)) == "34 victims were found"
    kept = rights in ("cpt:public-domain", "cpt:open-licence")
    assert (g.value(quote, OA.prefix) is not None, g.value(quote, OA.suffix) is not None) == (kept, kept)
    if not kept:
        literals = {str(o) for o in g.objects()} | {str(o) for _, _, o in g}
        assert not [lit for lit in literals if "In 2010" in lit or "accuracy" in lit]


def test_moved_quote_names_claim_and_new_offsets(tmp_path):
    with pytest.raises(AnchorError) as info:
        compile_dataset(make_project(tmp_path, claim_ttl(start=10, end=31)))
    message = str(info.value)
    assert "graph/doc-a.ttl" in message and "a-victims" in message
    assert "stands at 9–30" in message


def test_mistyped_quote_shows_nearest_match(tmp_path):
    with pytest.raises(AnchorError) as info:
        compile_dataset(make_project(tmp_path, claim_ttl(quote="34 victims was found")))
    assert "nearest match at 9–29" in str(info.value)
    assert "'34 victims were foun'" in str(info.value)


def test_missing_offsets_suggest_them(tmp_path):
    ttl = claim_ttl().replace("htkg:start 9 ; htkg:end 30 ;", "")
    with pytest.raises(AnchorError, match=r"htkg:start and htkg:end are required \(the quote stands at 9–30\)"):
        compile_dataset(make_project(tmp_path, ttl))


def test_quote_without_source_text_is_refused(tmp_path):
    project = make_project(tmp_path, PREFIXES)
    (project.graph_dir / "reference.ttl").write_text(claim_ttl(), encoding="utf-8")
    with pytest.raises(AnchorError, match="no source text sources/reference.txt"):
        compile_dataset(project)


def test_same_claim_in_two_files_is_refused(tmp_path):
    project = make_project(tmp_path, claim_ttl())
    (project.sources_dir / "doc-b.txt").write_text(TEXT, encoding="utf-8")
    (project.graph_dir / "doc-b.ttl").write_text(claim_ttl(), encoding="utf-8")
    with pytest.raises(InputError, match="a-victims in graph/doc-a.ttl, graph/doc-b.ttl"):
        compile_dataset(project)


def test_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(InputError) as info:
        compile_dataset(make_project(tmp_path, claim_ttl().replace('rdfs:label "M" .', 'rdfs:label "M"')))
    assert "graph/doc-a.ttl" in str(info.value)
    assert "line" in str(info.value)


def test_blank_nodes_are_named_after_their_parent(tmp_path):
    dataset, _ = compile_dataset(make_project(tmp_path, claim_ttl()))
    g = dataset.graph(GRAPH["doc-a"])
    assert g.value(CLAIM["a-victims"], HTKG.quantity) == URIRef(f"{CLAIM['a-victims']}/quantity")
    assert not any(isinstance(t, type(None)) for t in g)


def test_sibling_blank_nodes_get_stable_numbered_names():
    import pyoxigraph as ox

    ttl = PREFIXES + """
    <https://w3id.org/htkg/id/period/x> <http://www.w3.org/2006/time#hasBeginning> [ rdfs:label "b" ] , [ rdfs:label "a" ] .
    """
    names = []
    for _ in range(2):
        parsed = [q.triple for q in ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)]
        triples = skolemize(parsed)
        label = "http://www.w3.org/2000/01/rdf-schema#label"
        names.append(sorted((t.subject.value, t.object.value) for t in triples if t.predicate.value == label))
    assert names[0] == names[1]
    assert names[0] == [
        ("https://w3id.org/htkg/id/period/x/hasBeginning-1", "a"),
        ("https://w3id.org/htkg/id/period/x/hasBeginning-2", "b"),
    ]


def test_build_writes_nothing_when_a_quote_fails(tmp_path):
    project = make_project(tmp_path, claim_ttl(start=0, end=5))
    with pytest.raises(AnchorError):
        build(project, validate=False)
    assert not project.dataset_path.exists() and not project.store_dir.exists()


def _run_build_in_subprocess(project_root: Path) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "htkg.cli", "--project", str(project_root), "build", "--full", "--no-validate"],
        check=True,
        capture_output=True,
    )
    return (project_root / "out" / "htkg.nq").read_bytes()


def test_two_builds_in_separate_processes_are_byte_identical(tmp_path):
    project = make_project(tmp_path, claim_ttl())
    first = _run_build_in_subprocess(project.root)
    second = _run_build_in_subprocess(project.root)
    assert first == second


def test_build_writes_only_into_out(tmp_path):
    project = make_project(tmp_path, claim_ttl())

    def snapshot():
        return {
            p.relative_to(tmp_path).as_posix(): p.read_bytes()
            for p in tmp_path.rglob("*")
            if p.is_file() and "out" not in p.relative_to(tmp_path).parts
        }

    before = snapshot()
    build(project, validate=False)
    assert snapshot() == before
    assert sorted(p.name for p in project.out_dir.iterdir()) == [".build.lock", ".cache", "build.json", "htkg.nq", "store"]


# --------------------------------------------------------------------------- entailments


EVENT_TTL = PREFIXES + """
actor:m a htkg:Ministry ; rdfs:label "M" .
actor:n a htkg:NGO ; rdfs:label "N" .
<https://w3id.org/htkg/id/event/r> a htkg:Ratification ; rdfs:label "R" ;
  htkg:organiser actor:m ; htkg:supporter actor:n .
<https://w3id.org/htkg/id/event/c> a htkg:Event, htkg:Conference ; rdfs:label "C" .
"""


def _superclasses(ontology, cls) -> set:
    """The superclasses of `cls` in the project's namespace, walked in the ontology by rdflib."""
    from rdflib.namespace import RDFS

    return {c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if c != cls and str(c).startswith(str(HTKG))}


def test_the_derived_graph_holds_what_the_ontology_entails(tmp_path):
    """Superclass types, statements through superproperties (every role is also a
    participation) and the closure of the subclass and subproperty axioms, as the ontology's own
    axioms say, in the derived graph and not in the document's, each statement in one graph
    only; roles stay as stated in the document's graph."""
    from rdflib.namespace import RDFS

    from htkg.build import DERIVED_GRAPH
    from htkg.ontology import load_ontology

    project = make_project(tmp_path, EVENT_TTL)
    dataset, _ = compile_dataset(project)
    ontology = load_ontology(project)
    derived, document = dataset.graph(URIRef(DERIVED_GRAPH)), dataset.graph(GRAPH["doc-a"])
    event = URIRef("https://w3id.org/htkg/id/event/r")
    for node, cls in ((event, HTKG.Ratification), (URIRef("https://w3id.org/htkg/id/actor/m"), HTKG.Ministry)):
        expected = _superclasses(ontology, cls)
        assert expected and {o for o in derived.objects(node, RDF.type)} == expected
        assert set(document.objects(node, RDF.type)) == {cls}
    assert {HTKG.Approval, HTKG.Event} <= _superclasses(ontology, HTKG.Ratification)
    m, n = URIRef("https://w3id.org/htkg/id/actor/m"), URIRef("https://w3id.org/htkg/id/actor/n")
    assert set(derived.objects(event, HTKG.participant)) == {m, n}
    assert (event, HTKG.organiser, m) in document and (event, HTKG.organiser, m) not in derived
    assert (event, HTKG.participant, None) not in document
    # One step of rdfs:subClassOf reaches every superclass, as it does not in the ontology itself;
    # the axioms the ontology states are not stated again.
    assert (HTKG.Ratification, RDFS.subClassOf, HTKG.Event) in derived
    assert (HTKG.Ratification, RDFS.subClassOf, HTKG.Event) not in ontology
    ontology_graph = dataset.graph(URIRef("https://w3id.org/htkg/graph/ontology"))
    for role in (HTKG.organiser, HTKG.supporter):
        assert (role, RDFS.subPropertyOf, HTKG.participant) in ontology_graph
        assert (role, RDFS.subPropertyOf, HTKG.participant) not in derived


def test_the_derived_graph_states_each_node_s_most_specific_types(tmp_path):
    """sesame:directType: the stated project classes that no other stated one narrows."""
    from htkg.build import DERIVED_GRAPH
    from htkg.namespaces import SESAME

    dataset, _ = compile_dataset(make_project(tmp_path, EVENT_TTL))
    derived = dataset.graph(URIRef(DERIVED_GRAPH))

    def kinds(local: str) -> set:
        return set(derived.objects(URIRef(f"https://w3id.org/htkg/id/{local}"), SESAME.directType))

    assert kinds("event/r") == {HTKG.Ratification}
    assert kinds("event/c") == {HTKG.Conference}
    assert kinds("actor/n") == {HTKG.NGO}


def test_a_new_subclass_axiom_is_entailed_by_the_next_build(tmp_path):
    """The compiled files are kept under a key that covers the ontology's closure: a build after
    an ontology edit derives again, though the curated file did not change."""
    from htkg.build import DERIVED_GRAPH
    from htkg.rdfio import load_dataset

    project = make_project(tmp_path, EVENT_TTL)
    build(project, validate=False)
    ngo = URIRef("https://w3id.org/htkg/id/actor/n")
    derived = load_dataset(project.dataset_path).graph(URIRef(DERIVED_GRAPH))
    assert (ngo, RDF.type, HTKG.ResearchBody) not in derived
    ontology = tmp_path / "ontology" / "htkg.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8") + "\nhtkg:NGO rdfs:subClassOf htkg:ResearchBody .\n", encoding="utf-8")
    result = build(project, validate=False)
    assert result.recompiled == ["doc-a"]
    derived = load_dataset(project.dataset_path).graph(URIRef(DERIVED_GRAPH))
    assert (ngo, RDF.type, HTKG.ResearchBody) in derived and (ngo, RDF.type, HTKG.Organisation) in derived
