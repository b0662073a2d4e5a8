"""The validation library (htkg.validate) and `htkg validate`: the report and its formats, where
a result is traced back to (file and line), validation over the union of the named graphs, the
engines, the build's use of it, and the command's exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from htkg.build import build, compile_dataset
from htkg.cli import main
from htkg.errors import InputError, ValidationFailed
from htkg.namespaces import CLAIM, GRAPH, HTKG, SCHEMA
from htkg.rdfio import union_graph
from htkg.validate import SH, SHAPE, ValidationReport, ValidationResult, validate_dataset, validate_files, validate_graph
from test_shapes import CASES, UPDATE_PREFIXES, copy_graph, make_project, result_keys

CLAIM_IRI = CLAIM["mini2013-victims-2010"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("validate-project"))


@pytest.fixture(scope="module")
def dataset(project):
    return compile_dataset(project)[0]


def broken(dataset: Dataset) -> Dataset:
    """A copy of the fixture dataset with a claim lacking its claimant, a negative count and an
    instrument without a date (a warning)."""
    out = Dataset()
    for quad in dataset.quads((None, None, None, None)):
        out.add(quad)
    doc = out.graph(URIRef(GRAPH["mini-2013"]))
    doc.remove((CLAIM_IRI, HTKG.claimant, None))
    doc.set((URIRef(f"{CLAIM_IRI}/quantity"), SCHEMA.value, Literal(-5)))
    doc.remove((URIRef("https://w3id.org/htkg/id/instrument/fixture-trafficking-law"), HTKG.dateAdopted, None))
    return out


@pytest.fixture(scope="module")
def broken_report(project, dataset):
    return validate_dataset(broken(dataset), project)


def line_of(project, path: str, token: str) -> int:
    lines = (project.root / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(token))


# --------------------------------------------------------------------------- the report


def test_valid_dataset_conforms(project, dataset):
    report = validate_dataset(dataset, project)
    assert report.conforms and report.results == []
    assert report.summary_line() == "SHACL: conforms (0 violations, 0 warnings)"
    assert report.shapes and all(s.startswith("shapes/") for s in report.shapes)


def test_report_counts_and_summary(broken_report):
    assert not broken_report.conforms
    assert (broken_report.violations, broken_report.warnings) == (2, 1)
    assert broken_report.summary_line() == "SHACL: does not conform (2 violations, 1 warning)"


def test_warnings_alone_conform():
    report = ValidationReport(results=[ValidationResult("Warning", "x", None, None, "m", "s", "c")])
    assert report.conforms
    assert report.summary_line() == "SHACL: conforms (0 violations, 1 warning)"
    report.raise_if_not_conforming()  # does not raise


def test_results_carry_shape_component_path_value_and_message(broken_report):
    by_shape = {r.source_shape: r for r in broken_report.results}
    claimant = by_shape[str(SHAPE["Claim-claimant"])]
    assert claimant.severity == "Violation"
    assert claimant.focus_node == str(CLAIM_IRI)
    assert claimant.constraint_component == str(SH.MinCountConstraintComponent)
    assert claimant.path == "htkg:claimant"
    assert "htkg:claimant" in claimant.message
    count = by_shape[str(SHAPE["Quantity-value"])]
    assert count.value == Literal(-5).n3()
    assert count.constraint_component == str(SH.MinInclusiveConstraintComponent)
    assert by_shape[str(SHAPE["LegalInstrumentDate"])].severity == "Warning"
    assert [r.severity for r in broken_report.results] == ["Violation", "Violation", "Warning"]


def test_results_name_the_curated_file_and_line(project, broken_report):
    """A focus node maps to the line its record is written at; a node the build minted under a
    claim (its quantity) maps to the claim."""
    claim_line = line_of(project, "graph/mini-2013.ttl", "claim:mini2013-victims-2010 ")
    law_line = line_of(project, "graph/mini-2013.ttl", "law:fixture-trafficking-law ")
    by_shape = {r.source_shape: r for r in broken_report.results}
    claimant = by_shape[str(SHAPE["Claim-claimant"])]
    assert (claimant.file, claimant.line, claimant.record) == ("graph/mini-2013.ttl", claim_line, "claim:mini2013-victims-2010")
    quantity = by_shape[str(SHAPE["Quantity-value"])]
    assert quantity.focus_node == f"{CLAIM_IRI}/quantity"
    assert (quantity.file, quantity.line, quantity.record) == ("graph/mini-2013.ttl", claim_line, "claim:mini2013-victims-2010")
    law = by_shape[str(SHAPE["LegalInstrumentDate"])]
    assert (law.file, law.line) == ("graph/mini-2013.ttl", law_line)


def test_reference_records_map_to_reference_file(project, dataset):
    data = union_graph(dataset)
    period = URIRef("https://w3id.org/htkg/id/period/2010")
    data.remove((URIRef(f"{period}/hasBeginning"), None, None))
    report = validate_graph(data, validate_shapes(project), project)
    located = {(r.file, r.line) for r in report.results}
    assert located == {("graph/reference.ttl", line_of(project, "graph/reference.ttl", "period:2010 "))}


def validate_shapes(project):
    from htkg.validate import load_shapes

    return load_shapes(project)


def test_text_groups_by_shape_and_focus_node(project, broken_report):
    text = broken_report.text
    assert text.startswith("SHACL: does not conform (2 violations, 1 warning)\n")
    assert "Violation: shape:Claim-claimant (sh:MinCountConstraintComponent): 1 result" in text
    assert f"claim:mini2013-victims-2010 at graph/mini-2013.ttl:{line_of(project, 'graph/mini-2013.ttl', 'claim:mini2013-victims-2010 ')}" in text
    assert "claim:mini2013-victims-2010/quantity (record claim:mini2013-victims-2010)" in text
    assert text.index("Violation:") < text.index("Warning:")


def test_json_is_stable_and_complete(project, dataset, broken_report):
    data = json.loads(broken_report.to_json())
    assert data["conforms"] is False and data["violations"] == 2 and data["warnings"] == 1
    assert {r["source_shape"] for r in data["results"]} == {r.source_shape for r in broken_report.results}
    assert set(data["results"][0]) >= {"severity", "focus_node", "path", "value", "message", "source_shape",
                                       "constraint_component", "file", "line", "record"}
    again = validate_dataset(broken(dataset), project)
    assert again.to_json() == broken_report.to_json()


def test_turtle_is_the_shacl_report_and_stable(project, dataset, broken_report):
    text = broken_report.to_turtle()
    graph = Graph().parse(data=text, format="turtle")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(False)
    assert len(list(graph.objects(root, SH.result))) == 3
    assert (None, SH.sourceShape, SHAPE["Claim-claimant"]) in graph
    assert validate_dataset(broken(dataset), project).to_turtle() == text


def test_raise_if_not_conforming_carries_the_report(broken_report):
    with pytest.raises(ValidationFailed) as caught:
        broken_report.raise_if_not_conforming()
    assert caught.value.exit_code == 1
    assert "shape:Claim-claimant" in str(caught.value)
    assert "graph/mini-2013.ttl:" in str(caught.value)


# --------------------------------------------------------------------------- union and engines


def test_validation_sees_references_across_named_graphs(project, dataset):
    """The claimant (actor:fixture-ministry) is typed in the reference graph, the claim in the
    document graph: validated alone, the document graph fails sh:class; the union conforms.
    This is why validation runs on the union (pySHACL issues 152 and 156)."""
    alone = Graph()
    for triple in dataset.graph(URIRef(GRAPH["mini-2013"])):
        alone.add(triple)
    for triple in dataset.graph(URIRef(GRAPH["ontology"])):
        alone.add(triple)
    report = validate_graph(alone, validate_shapes(project), project)
    assert (("Violation", str(SHAPE["Claim-claimant"]), str(SH.ClassConstraintComponent), str(CLAIM_IRI))
            in result_keys(report))
    assert validate_dataset(dataset, project).conforms


def test_ontology_is_added_when_the_dataset_lacks_it(project, dataset):
    without = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g != URIRef(GRAPH["ontology"]):
            without.add((s, p, o, g))
    assert validate_dataset(without, project).conforms


def test_an_exception_in_the_engines_graph_slot_is_an_error(project, dataset, monkeypatch):
    """pySHACL's validate() can return an exception where the report graph should be."""
    import pyshacl

    monkeypatch.setattr(pyshacl, "validate", lambda *a, **k: (False, RuntimeError("engine broke"), ""))
    with pytest.raises(InputError, match="engine broke"):
        validate_graph(union_graph(dataset), validate_shapes(project), project, engine="pyshacl")


def test_malformed_shapes_are_an_input_error(project, dataset, tmp_path):
    bad = make_project(tmp_path / "bad")
    (bad.shapes_dir / "broken.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n")
    with pytest.raises(InputError) as caught:
        validate_dataset(dataset, bad)
    assert caught.value.where == "shapes/broken.ttl"


def test_engines_give_the_same_results(project, dataset):
    """pyshacl-turbo and pySHACL agree on the valid fixture and on one graph that carries every
    failing case of tests/data/shapes/cases.ru at once."""
    shapes = validate_shapes(project)
    union = union_graph(dataset)
    everything = copy_graph(union)
    for case in CASES:
        everything.update(UPDATE_PREFIXES + case.update)
    for graph in (union, everything):
        turbo = validate_graph(copy_graph(graph), shapes, project, engine="pyshacl-turbo")
        reference = validate_graph(copy_graph(graph), shapes, project, engine="pyshacl")
        assert result_keys(turbo) == result_keys(reference)
        assert [r.message for r in turbo.results] == [r.message for r in reference.results]
    assert len(result_keys(turbo)) > 100


def test_unknown_engine_is_an_input_error(project, dataset):
    with pytest.raises(InputError):
        validate_dataset(dataset, project, engine="jena")


# --------------------------------------------------------------------------- files


def test_validate_files_reads_turtle_nquads_and_trig(project, dataset, tmp_path):
    data = broken(dataset)
    keys = None
    for fmt, name in (("nquads", "data.nq"), ("trig", "data.trig")):
        path = tmp_path / name
        path.write_text(data.serialize(format=fmt), encoding="utf-8")
        report = validate_files([path], project)
        keys = keys or result_keys(report)
        assert result_keys(report) == keys
    turtle = tmp_path / "data.ttl"
    turtle.write_text(union_graph(data).serialize(format="turtle"), encoding="utf-8")
    assert result_keys(validate_files([turtle], project)) == keys
    assert not validate_files([turtle], project).conforms


def test_validate_files_adds_the_ontology(project, dataset, tmp_path):
    """A file without the ontology still finds the concepts and subclasses it needs."""
    path = tmp_path / "data.nq"
    without = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g != URIRef(GRAPH["ontology"]):
            without.add((s, p, o, g))
    path.write_text(without.serialize(format="nquads"), encoding="utf-8")
    assert validate_files([path], project).conforms


def test_validate_files_errors(project, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        validate_files([tmp_path / "missing.ttl"], project)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        validate_files([bad], project)


def test_validate_files_refuses_the_curated_short_form(project):
    """A curated file is validated by the build, after its quotes become anchors."""
    with pytest.raises(InputError, match="short form"):
        validate_files([project.graph_dir / "mini-2013.ttl"], project)


# --------------------------------------------------------------------------- the build


def test_build_validates_and_refuses_to_write_broken_data(tmp_path):
    project = make_project(tmp_path / "p")
    result = build(project)
    assert result.validation.summary_line() == "SHACL: conforms (0 violations, 0 warnings)"
    assert project.dataset_path.exists()
    shutil.rmtree(project.out_dir)
    curated = project.graph_dir / "mini-2013.ttl"
    curated.write_text(curated.read_text(encoding="utf-8").replace("    htkg:claimant actor:fixture-ministry ;\n", "", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed, match="shape:Claim-claimant"):
        build(project)
    assert not project.dataset_path.exists()


# --------------------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("cli-project"))
    build(project)
    return project


def run_cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_conforming_graph_exits_0(built, capsys, monkeypatch):
    monkeypatch.chdir(built.root)
    # The built graph is where `htkg build` writes it; --project finds the fixture project.
    code, out, _ = run_cli(capsys, "--project", str(built.root), "validate")
    assert code == 0
    assert out.startswith("SHACL: conforms (0 violations, 0 warnings)")


def test_cli_without_built_graph_exits_2(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    code, out, err = run_cli(capsys, "--project", str(project.root), "validate")
    assert code == 2
    assert "run htkg build first" in err


@pytest.fixture(scope="module")
def broken_file(built, dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("files") / "broken.nq"
    path.write_text(broken(dataset).serialize(format="nquads"), encoding="utf-8")
    return path


def test_cli_non_conforming_file_exits_1_with_text(built, broken_file, capsys):
    code, out, _ = run_cli(capsys, "--project", str(built.root), "validate", str(broken_file))
    assert code == 1
    assert out.startswith("SHACL: does not conform (2 violations, 1 warning)")
    assert "shape:Claim-claimant" in out


def test_cli_json_format(built, broken_file, capsys):
    code, out, _ = run_cli(capsys, "--project", str(built.root), "validate", "--format", "json", str(broken_file))
    assert code == 1
    data = json.loads(out)
    assert data["conforms"] is False and data["violations"] == 2


def test_cli_turtle_format(built, broken_file, capsys):
    code, out, _ = run_cli(capsys, "--project", str(built.root), "validate", "--format", "turtle", str(broken_file))
    assert code == 1
    graph = Graph().parse(data=out, format="turtle")
    assert len(list(graph.subjects(RDF.type, SH.ValidationResult))) >= 3


def test_cli_turtle_and_json_of_a_conforming_graph(built, capsys):
    code, out, _ = run_cli(capsys, "--project", str(built.root), "validate", "--format", "json")
    assert code == 0 and json.loads(out)["conforms"] is True
    code, out, _ = run_cli(capsys, "--project", str(built.root), "validate", "--format", "turtle")
    assert code == 0
    graph = Graph().parse(data=out, format="turtle")
    assert (None, SH.conforms, Literal(True)) in graph


def test_cli_unreadable_input_exits_2(built, tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle at all\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--project", str(built.root), "validate", str(bad))
    assert code == 2 and "cannot parse" in err
    code, _, err = run_cli(capsys, "--project", str(built.root), "validate", str(tmp_path / "missing.ttl"))
    assert code == 2 and "no such file" in err


def test_cli_unloadable_shapes_exit_2(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    build(project)
    (project.shapes_dir / "broken.ttl").write_text("not turtle\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--project", str(project.root), "validate")
    assert code == 2 and "shapes/broken.ttl" in err


def test_cli_help_lists_validate(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "--format" in out and "text" in out and "turtle" in out and "json" in out


# --------------------------------------------------------------------------- the real graph


def test_the_built_graph_of_both_documents_conforms(built_project):
    """The repository's graph, built (and so validated) by the session fixture, conforms; its
    report is re-run here on the written N-Quads."""
    from htkg.rdfio import load_dataset

    report = validate_dataset(load_dataset(built_project.dataset_path), built_project)
    assert report.conforms, report.text


def test_both_engines_give_the_same_results_on_the_built_store(built_project):
    from htkg.store import open_built
    from htkg.validate import validate_store

    turbo = validate_store(open_built(built_project), built_project, engine="pyshacl-turbo")
    reference = validate_store(open_built(built_project), built_project, engine="pyshacl")
    assert turbo.results and turbo.results == reference.results
