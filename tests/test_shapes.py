"""The SHACL shapes of shapes/: every shape fails on a fixture made to break it (with the
expected sh:sourceShape and constraint component), holds on the valid fixture project, says
what to fix, and names its severity. The fixtures are SPARQL updates of a small project
(tests/data/shapes/project) run through `htkg build`, listed in tests/data/shapes/cases.ru."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from htkg.build import DERIVED_GRAPH, compile_dataset
from htkg.compile import derivation, derive
from htkg.namespaces import CLAIM, DCTERMS, HTKG, OA, PREFIXES, SCHEMA
from htkg.project import Project
from htkg.rdfio import union_graph
from htkg.validate import SH, SHAPE, load_shapes, validate_graph

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "shapes"
CASES_FILE = DATA / "cases.ru"
_ALL_PREFIXES = {**PREFIXES, "sh": str(SH), "shape": str(SHAPE)}
UPDATE_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(_ALL_PREFIXES.items()))

#: SHACL constraint parameters (SHACL 4): a shape that has one of them can produce results.
CONSTRAINT_PARAMETERS = {
    SH[name]
    for name in (
        "class datatype nodeKind minCount maxCount minInclusive maxInclusive minExclusive maxExclusive "
        "minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan lessThanOrEquals "
        "not and or xone node qualifiedValueShape closed hasValue in sparql"
    ).split()
}


# --------------------------------------------------------------------------- the fixture project


def make_project(root: Path) -> Project:
    """A project at `root` with the repository's ontology, shapes and derivation queries
    (queries/construct-*.rq, which the shapes rely on: shapes/privacy.ttl reads the public-role
    links they derive) and the fixture evidence."""
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(REPO / "shapes", root / "shapes")
    shutil.copytree(DATA / "project" / "graph", root / "graph")
    shutil.copytree(DATA / "project" / "sources", root / "sources")
    (root / "queries").mkdir()
    for query in sorted((REPO / "queries").glob("construct-*.rq")):
        shutil.copy(query, root / "queries" / query.name)
    return Project(root, out=root / "out")


@pytest.fixture(scope="session")
def shapes_project(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("shapes-project"))


@pytest.fixture(scope="session")
def fixture_dataset(shapes_project):
    dataset, _ = compile_dataset(shapes_project)
    return dataset


@pytest.fixture(scope="session")
def fixture_union(fixture_dataset) -> Graph:
    return union_graph(fixture_dataset)


@pytest.fixture(scope="session")
def fixture_asserted(fixture_dataset) -> Graph:
    """The fixture's statements without what the build derives from them."""
    out = Graph()
    for graph in fixture_dataset.graphs():
        if str(graph.identifier) != DERIVED_GRAPH:
            for triple in graph:
                out.add(triple)
    return out


def with_derivations(graph: Graph, project: Project) -> Graph:
    """`graph` and what the build derives from it (htkg.compile.Derivation: the construct
    queries and the ontology's axioms), as the build would after the same edit to the curated
    files."""
    rules = derivation(project)
    triples = [q.triple for q in ox.parse(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    derived = derive(triples, rules) + rules.axioms()
    graph.parse(data=ox.serialize(derived, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


@pytest.fixture(scope="session")
def shapes_graph(shapes_project) -> Graph:
    return load_shapes(shapes_project)


def copy_graph(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def result_keys(report) -> set[tuple[str, str, str, str]]:
    return {(r.severity, r.source_shape, r.constraint_component, r.focus_node) for r in report.results}


# --------------------------------------------------------------------------- the case manifest


@dataclass(frozen=True)
class Case:
    name: str
    expected: frozenset
    update: str


def _expand(token: str) -> str:
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    if token.startswith('"'):
        return token
    prefix, _, local = token.partition(":")
    return _ALL_PREFIXES[prefix] + local


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    cases: list[Case] = []
    for block in re.split(r"^### ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        expected, update = set(), []
        for line in body.splitlines():
            match = re.match(r"#\s+(Violation|Warning|Info)\s+(\S+)\s+(\S+)\s+(\S+)\s*$", line)
            if match:
                severity, shape, component, focus = match.groups()
                expected.add((severity, _expand(shape), _expand(component), _expand(focus)))
            elif not line.startswith("#"):
                update.append(line)
        cases.append(Case(name.strip(), frozenset(expected), "\n".join(update).strip()))
    return cases


CASES = load_cases()


def apply_case(asserted: Graph, case: Case) -> Graph:
    graph = copy_graph(asserted)
    graph.update(UPDATE_PREFIXES + case.update)
    return graph


def test_case_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)) and len(names) > 100


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, fixture_asserted, shapes_graph, shapes_project):
    """The update (an edit of the curated statements, derived from again as the build would)
    gives exactly the expected results: the shape and component that should catch it, and
    nothing else (a case with no expectations must conform without warnings)."""
    graph = apply_case(fixture_asserted, case)
    assert len(graph) != len(fixture_asserted) or case.update.startswith("DELETE {"), "the update changed nothing"
    report = validate_graph(with_derivations(graph, shapes_project), shapes_graph, shapes_project)
    assert result_keys(report) == set(case.expected)
    for result in report.results:
        assert result.message and not result.message.startswith("Less than"), result


def test_fixture_project_conforms_without_warnings(fixture_union, shapes_graph, shapes_project):
    report = validate_graph(copy_graph(fixture_union), shapes_graph, shapes_project)
    assert report.results == []
    assert report.conforms


# --------------------------------------------------------------------------- the shapes themselves


def _result_shapes(shapes: Graph) -> list[URIRef]:
    """The shapes that can produce a result: those with a constraint parameter of their own."""
    found = set()
    for shape_type in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, shape_type):
            if any((shape, p, None) in shapes for p in CONSTRAINT_PARAMETERS):
                found.add(shape)
    return sorted(found)


def _targets(shapes: Graph, data: Graph, shape) -> set:
    focus = set()
    for cls in shapes.objects(shape, SH.targetClass):
        classes = {cls, *data.transitive_subjects(RDFS.subClassOf, cls)}
        for c in classes:
            focus.update(data.subjects(RDF.type, c))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        focus.update(data.objects(None, prop))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        focus.update(data.subjects(prop, None))
    focus.update(shapes.objects(shape, SH.targetNode))
    for holder in shapes.subjects(SH.property, shape):
        focus |= _targets(shapes, data, holder)
    return focus


_TARGETS = (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode)


def _has_target(shapes: Graph, shape) -> bool:
    return any((shape, p, None) in shapes for p in _TARGETS)


def test_every_reporting_shape_is_named(shapes_graph):
    """Results name their shape (sh:sourceShape): a shape with targets, and every property
    shape of one, has an IRI in the shape: namespace, so a report says shape:Claim-claimant."""
    targeted = [s for s in set(shapes_graph.subjects()) if _has_target(shapes_graph, s)]
    assert len(targeted) > 30
    for shape in targeted:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SHAPE)), shape
        for prop in shapes_graph.objects(shape, SH.property):
            assert isinstance(prop, URIRef) and str(prop).startswith(str(SHAPE)), (shape, prop)


def _reporting_shapes(shapes: Graph) -> list[URIRef]:
    """Named shapes that report results themselves (not helpers used through sh:node)."""
    return [s for s in _result_shapes(shapes) if isinstance(s, URIRef) and str(s).startswith(str(SHAPE))]


def test_every_shape_says_what_to_fix_and_how_bad_it_is(shapes_graph):
    reporting = _reporting_shapes(shapes_graph)
    assert len(reporting) > 90
    for shape in reporting:
        severity = shapes_graph.value(shape, SH.severity)
        assert severity in (SH.Violation, SH.Warning, SH.Info), f"{shape} has no sh:severity"
        own = [p for p in CONSTRAINT_PARAMETERS if (shape, p, None) in shapes_graph]
        if own != [SH.sparql]:  # a SHACL-SPARQL constraint carries its own message
            assert shapes_graph.value(shape, SH.message) is not None, f"{shape} has no sh:message"
    for constraint in shapes_graph.objects(None, SH.sparql):
        assert shapes_graph.value(constraint, SH.message) is not None, f"{constraint} has no sh:message"


def test_node_shapes_name_their_severity(shapes_graph):
    for shape in shapes_graph.subjects(RDF.type, SH.NodeShape):
        if _has_target(shapes_graph, shape):
            assert shapes_graph.value(shape, SH.severity) is not None, shape


def test_every_shape_has_a_failing_case(shapes_graph):
    caught = {shape for case in CASES for (_, shape, _, _) in case.expected}
    missing = [str(s) for s in _reporting_shapes(shapes_graph) if str(s) not in caught]
    assert missing == []


def test_every_shape_has_conforming_focus_nodes_in_the_fixture(shapes_graph, fixture_union):
    """The valid fixture (which conforms) exercises every shape: each has a focus node there."""
    idle = [str(s) for s in _reporting_shapes(shapes_graph) if not _targets(shapes_graph, fixture_union, s)]
    # Shapes that guard against what valid data never has (a victim record, a named
    # referral) have no focus node in valid data; their conforming cases are in cases.ru.
    assert set(idle) <= {str(SHAPE[n]) for n in ("PersonPrivacy-attributes", "PersonPrivacy-group", "ReferralPrivacy", "VictimAttributeHolder")}, idle
    conforming = [c for c in CASES if not c.expected]
    assert len(conforming) >= 10


def test_severities_are_used_deliberately(shapes_graph):
    severities = {shapes_graph.value(s, SH.severity) for s in _reporting_shapes(shapes_graph)}
    assert severities == {SH.Violation, SH.Warning, SH.Info}
    assert shapes_graph.value(SHAPE["LegalInstrumentDate"], SH.severity) == SH.Warning


def test_sparql_constraints_are_few(shapes_graph):
    """SHACL-SPARQL runs once per focus node (slow in pySHACL): only where core cannot say it."""
    assert len(set(shapes_graph.objects(None, SH.sparql))) <= 3


def test_shapes_are_valid_shacl(shapes_graph):
    """The shapes graph conforms to the SHACL-SHACL shapes (SHACL Appendix C)."""
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes_graph, meta_shacl=True)
    assert conforms, text


def test_shapes_use_only_declared_terms(repo_project):
    """The typo guard of the ontology check covers shapes/ too."""
    from htkg.ontology import declared_terms, load_ontology, undeclared_terms

    found = undeclared_terms(repo_project, declared_terms(load_ontology(repo_project)))
    assert [f for f in found if f[0].startswith("shapes/")] == []


# --------------------------------------------------------------------------- mutations of a built claim


CLAIM_IRI = CLAIM["mini2013-victims-2010"]
OPTIONAL = {HTKG.locator, OA.prefix, OA.suffix, HTKG.cites, HTKG.referencePeriod, HTKG.qualifier, HTKG.releasedIn}


def _claim_record(union: Graph) -> list[tuple]:
    """Every triple of the built claim: the claim, its anchor, selectors and quantity."""
    anchor = union.value(CLAIM_IRI, HTKG.textAnchor)
    quantity = union.value(CLAIM_IRI, HTKG.quantity)
    nodes = [CLAIM_IRI, anchor, quantity, *union.objects(anchor, OA.hasSelector)]
    return sorted(t for node in nodes for t in union.triples((node, None, None)))


def test_the_built_claim_has_the_expanded_anchor(fixture_union, fixture_asserted):
    anchor = fixture_union.value(CLAIM_IRI, HTKG.textAnchor)
    assert anchor == URIRef(f"{CLAIM_IRI}/anchor")
    # The short form is expanded, not kept; the derived graph states the quote as a plain property.
    assert (CLAIM_IRI, HTKG.quote, None) not in fixture_asserted
    assert fixture_union.value(CLAIM_IRI, HTKG.quote) == fixture_union.value(URIRef(f"{anchor}/quote"), OA.exact)
    assert len(_claim_record(fixture_union)) >= 20


def test_removing_any_required_triple_of_a_claim_fails(fixture_asserted, shapes_graph, shapes_project):
    """Mutation test: drop each triple of a valid built claim in turn (derived from again, as
    the build would); every drop of a triple that is not optional must make validation fail."""
    survivors = []
    required = [t for t in _claim_record(fixture_asserted) if t[1] not in OPTIONAL]
    for triple in required:
        graph = copy_graph(fixture_asserted)
        graph.remove(triple)
        if validate_graph(with_derivations(graph, shapes_project), shapes_graph, shapes_project).conforms:
            survivors.append(triple)
    assert survivors == []


@pytest.mark.parametrize(
    "what, subject, prop",
    [
        ("claimant", "", HTKG.claimant),
        ("document", "", DCTERMS.source),
        ("anchor document", "/anchor", OA.hasSource),
        ("quote", "/anchor/quote", OA.exact),
        ("start offset", "/anchor/position", OA.start),
        ("end offset", "/anchor/position", OA.end),
        ("indicator", "/quantity", HTKG.indicator),
    ],
)
def test_removing_a_named_part_of_a_claim_fails(what, subject, prop, fixture_union, shapes_graph, shapes_project):
    graph = copy_graph(fixture_union)
    node = URIRef(f"{CLAIM_IRI}{subject}")
    assert (node, prop, None) in graph
    graph.remove((node, prop, None))
    report = validate_graph(graph, shapes_graph, shapes_project)
    assert not report.conforms, what
    assert any(r.focus_node == str(node) for r in report.results if r.severity == "Violation")


@pytest.mark.parametrize(
    "what, subject, prop, value",
    [
        ("negative count", "/quantity", SCHEMA.value, Literal(-34)),
        ("end before start", "/anchor/position", OA.end, Literal(3)),
        ("unknown indicator", "/quantity", HTKG.indicator, URIRef("https://w3id.org/htkg/concept/victims-of-everything")),
        ("unit from another list", "/quantity", HTKG.unit, URIRef("https://w3id.org/htkg/concept/tier-3")),
        ("quote of another length", "/anchor/quote", OA.exact, Literal("34 victims")),
        ("claimant a place", "", HTKG.claimant, URIRef("https://w3id.org/htkg/id/place/AZ")),
    ],
)
def test_corrupting_a_value_of_a_claim_fails(what, subject, prop, value, fixture_union, shapes_graph, shapes_project):
    graph = copy_graph(fixture_union)
    graph.set((URIRef(f"{CLAIM_IRI}{subject}"), prop, value))
    report = validate_graph(graph, shapes_graph, shapes_project)
    assert not report.conforms, what
