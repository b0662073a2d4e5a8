"""`htkg export`: every format parses back isomorphic to the built graph (rdflib, and the
independent parser rapper), is byte-identical across processes, and the release folder is
complete, checksummed and written atomically. A hypothesis property test round-trips small
random graphs through every format."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from export_project import built_fixture
from needs import program
from htkg.errors import InputError, UsageError
from htkg.export import RELEASE_DATASET_FILES, export
from htkg.release import release
from htkg.namespaces import GRAPH
from htkg.rdfio import load_dataset, union_graph
from htkg.serialize import FORMATS, QUAD_FORMATS, serialize_dataset, serialize_graph, serialize_quads, write_quads

RAPPER_SYNTAX = {"turtle": "turtle", "trig": "trig", "ntriples": "ntriples", "nquads": "nquads"}
_OX = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "ntriples": ox.RdfFormat.N_TRIPLES,
       "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMAT = {"turtle": "turtle", "trig": "trig", "ntriples": "nt", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_fixture(tmp_path_factory.mktemp("export") / "project")


@pytest.fixture(scope="module")
def built(project):
    return load_dataset(project.dataset_path)


def parse_dataset(text: str, fmt: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=text, format=RDFLIB_FORMAT[fmt])
    return dataset


def named_graphs(dataset: Dataset) -> dict[str, Graph]:
    graphs = {}
    for graph in dataset.graphs():
        if len(graph) and str(graph.identifier) != "urn:x-rdflib:default":
            copy = Graph()
            for triple in graph:
                copy.add(triple)
            graphs[str(graph.identifier)] = copy
    return graphs


def assert_same_dataset(parsed: Dataset, expected: Dataset) -> None:
    got, want = named_graphs(parsed), named_graphs(expected)
    assert sorted(got) == sorted(want)
    for name in want:
        assert isomorphic(got[name], want[name]), name


def rapper_count(path: Path, fmt: str) -> int:
    """Parse with rapper (raptor2), an RDF parser independent of rdflib and pyoxigraph."""
    exe = program("rapper", "raptor2-utils")
    run = subprocess.run([exe, "-i", RAPPER_SYNTAX[fmt], "-c", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return int(run.stderr.split("returned ")[1].split()[0])


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_dataset_round_trips(project, built, fmt):
    """Quad formats keep every named graph; Turtle and N-Triples hold the union of the graphs."""
    text = export(project, fmt).text
    parsed = parse_dataset(text, fmt)
    if fmt in QUAD_FORMATS:
        assert_same_dataset(parsed, built)
    else:
        assert isomorphic(union_graph(parsed), union_graph(built))


@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_rapper_parses_every_export(project, built, fmt, tmp_path):
    path = tmp_path / f"export.{fmt}"
    export(project, fmt, out=path)
    union = union_graph(built)
    expected = sum(len(g) for g in named_graphs(built).values()) if fmt in QUAD_FORMATS else len(union)
    assert rapper_count(path, fmt) == expected


def test_jsonld_parses_in_pyoxigraph_too(project, built):
    """JSON-LD: besides rdflib (above), pyoxigraph's JSON-LD parser must read the same quads."""
    import pyoxigraph as ox

    quads = ox.parse(export(project, "jsonld").text.encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    assert_same_dataset(parse_dataset(text, "nquads"), built)


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_graph_by_stem_or_iri(project, built, fmt):
    by_stem = export(project, fmt, graph="doc-a").text
    by_iri = export(project, fmt, graph=str(GRAPH["doc-a"])).text
    # the same bytes but for the header line, which repeats the command
    assert by_stem.split("\n", 1)[1] == by_iri.split("\n", 1)[1] if fmt != "jsonld" else by_stem == by_iri
    parsed = parse_dataset(by_stem, fmt)
    expected = named_graphs(built)[str(GRAPH["doc-a"])]
    assert isomorphic(union_graph(parsed), expected)
    if fmt in QUAD_FORMATS:
        assert list(named_graphs(parsed)) == [str(GRAPH["doc-a"])]


def test_unknown_graph_is_a_usage_error_listing_the_graphs(project):
    with pytest.raises(UsageError) as caught:
        export(project, "turtle", graph="no-such-document")
    text = str(caught.value)
    for stem in ("doc-a", "doc-b", "reference", "ontology"):
        assert stem in text


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_ontology_and_shapes_exports(project, fmt):
    ontology = Graph()
    for path in project.ontology_files():
        ontology.parse(path)
    assert isomorphic(union_graph(parse_dataset(export(project, fmt, ontology=True).text, fmt)), ontology)
    shapes = Graph().parse(project.shapes_dir / "claims.ttl")
    assert isomorphic(union_graph(parse_dataset(export(project, fmt, shapes=True).text, fmt)), shapes)


def test_missing_build_and_missing_shapes_are_input_errors(tmp_path):
    from export_project import make_project

    bare = make_project(tmp_path / "p", shapes=False)
    with pytest.raises(InputError, match="htkg build"):
        export(bare, "turtle")
    with pytest.raises(InputError, match="shapes"):
        export(bare, "turtle", shapes=True)


def test_turtle_is_readable(project):
    """Prefixes declared and sorted, a header line saying which command made the file, each
    subject once with rdf:type first, subjects in IRI order, no backslash-escaped names."""
    text = export(project, "turtle").text
    lines = text.splitlines()
    assert lines[0] == "# Generated by `htkg export --format turtle`; do not edit."
    prefixes = [line for line in lines if line.startswith("@prefix ")]
    assert prefixes == sorted(prefixes) and "@prefix claim: <https://w3id.org/htkg/id/claim/> ." in prefixes
    subjects = [line.split(" ", 1)[0] for line in lines[1:] if line and not line.startswith(("@prefix", "\t", "#"))]
    assert len(subjects) == len(set(subjects))
    assert "claim:a-victims a htkg:Claim ;" in lines
    assert "\\/" not in text
    trig = export(project, "trig").text
    assert trig.index("<https://w3id.org/htkg/graph/doc-a> {") < trig.index("<https://w3id.org/htkg/graph/doc-b> {")


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_across_processes(project, fmt, tmp_path):
    """Hash seeds, store order and blank-node labels differ between processes; the bytes must not."""
    first = tmp_path / "first"
    second = tmp_path / "second"
    for target in (first, second):
        code = (
            "import sys; from pathlib import Path; from htkg.project import Project; from htkg.export import export; "
            f"p = Project(Path({str(project.root)!r}), out=Path({str(project.out_dir)!r})); "
            f"export(p, {fmt!r}, out={str(target)!r}); export(p, {fmt!r}, shapes=True, out={str(target) + '.shapes'!r})"
        )
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    assert first.read_bytes() == second.read_bytes()
    assert Path(f"{first}.shapes").read_bytes() == Path(f"{second}.shapes").read_bytes()


# --------------------------------------------------------------------------- streaming


class _Recorder:
    """A binary file that keeps what is written to it and the size of each write."""

    def __init__(self):
        self.data = bytearray()
        self.writes: list[int] = []

    def write(self, data) -> int:
        self.data += data
        self.writes.append(len(data))
        return len(data)

    def flush(self) -> None:
        pass


def _many_quads(n: int) -> list[ox.Quad]:
    graph = ox.NamedNode("https://w3id.org/htkg/graph/many")
    return [
        ox.Quad(ox.NamedNode(f"https://w3id.org/htkg/id/claim/c{i}"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(f"claim number {i} " + "x" * 40), graph)
        for i in range(n)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_stream_and_text_are_the_same_bytes(project, fmt, tmp_path):
    path = tmp_path / f"out.{fmt}"
    written = export(project, fmt, out=path)
    assert written.text is None and written.path == path
    stream = _Recorder()
    streamed = export(project, fmt, stream=stream)
    text = export(project, fmt).text
    assert path.read_bytes() == bytes(stream.data) == text.encode("utf-8")
    assert written.statements == streamed.statements > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_reaches_the_file_in_chunks_not_as_one_string(fmt):
    """The serialized text is never built whole: a large output arrives in writes of at most a
    few MB (the old code wrote one string of the whole file)."""
    handle = _Recorder()
    count = write_quads(_many_quads(40_000), fmt, handle, header="" if fmt == "jsonld" else "# h\n")
    assert count == 40_000
    assert len(handle.data) > 3 << 20
    assert len(handle.writes) > 2 and max(handle.writes) <= (2 << 20)
    assert bytes(handle.data).decode("utf-8") == serialize_quads(_many_quads(40_000), fmt, header="" if fmt == "jsonld" else "# h\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_line_separators_inside_literals_stay_inside_their_statement(fmt):
    """U+2028, U+2029 and U+0085 are line breaks to str.splitlines but plain characters in an RDF
    literal (pyoxigraph writes them raw): cutting lines there broke N-Triples and Turtle."""
    graph = ox.NamedNode("https://w3id.org/htkg/graph/one")
    quads = [
        ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(f"a\u2028b\u2029c\x85d {i}"), graph)
        for i in range(3)
    ]
    text = serialize_quads(quads, fmt)
    parsed = {q if fmt in QUAD_FORMATS else q.triple for q in ox.parse(text.encode("utf-8"), format=_OX[fmt])}
    expected = set(quads) if fmt in QUAD_FORMATS else {q.triple for q in quads}
    assert parsed == expected


def test_a_failed_export_leaves_the_previous_file_and_no_temporary_file(project, tmp_path, monkeypatch):
    import htkg.export

    target = tmp_path / "htkg.ttl"
    target.write_text("previous export\n")

    def broken(quads, fmt, handle, **options):
        handle.write(b"half of a file")
        raise OSError("disk full")

    monkeypatch.setattr(htkg.export, "write_quads", broken)
    with pytest.raises(OSError, match="disk full"):
        export(project, "turtle", out=target)
    assert target.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["htkg.ttl"]


def test_cli_streams_to_standard_output(project):
    """Without --out the export goes to stdout as it is written, the same bytes as to a file."""
    for fmt in ("nquads", "turtle"):
        run = subprocess.run(
            [sys.executable, "-m", "htkg", "--project", str(project.root), "export", "--format", fmt],
            capture_output=True,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout == export(project, fmt).text.encode("utf-8")
        assert run.stderr == b""  # no progress bar when stderr is not a terminal


# --------------------------------------------------------------------------- release folder


def test_release_folder_is_complete_and_checksummed(project, tmp_path):
    dest = tmp_path / "release"
    result = release(project, dest)
    names = set(result.files)
    assert set(RELEASE_DATASET_FILES.values()) <= names
    assert {"ontology.ttl", "shapes.ttl", "ontology.html", "description.ttl", "README.md", "SHA256SUMS", "queries/documents.rq"} <= names
    sums = dict(reversed(line.split("  ", 1)) for line in (dest / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == names - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((dest / name).read_bytes()).hexdigest() == digest
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dest, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert (dest / "queries" / "documents.rq").read_bytes() == (project.queries_dir / "documents.rq").read_bytes()
    # each file is what the single export would write
    assert (dest / "ontology.ttl").read_text() == export(project, "turtle", ontology=True).text
    assert (dest / "shapes.ttl").read_text() == export(project, "turtle", shapes=True).text
    for fmt, name in RELEASE_DATASET_FILES.items():
        body = (dest / name).read_text()
        single = export(project, fmt).text
        assert body.split("\n", 1)[1] == single.split("\n", 1)[1] if fmt != "jsonld" else body == single
    readme = (dest / "README.md").read_text()
    assert "Document A: a report" in readme and "htkg.trig" in readme
    # the ontology page shows an example of a main class from the released data
    page = (dest / "ontology.html").read_text()
    assert 'Example from the data: <code>claim:a-' in page and 'Example from the data: <code>doc:doc-a</code>' in page
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folders left behind"


def test_release_is_byte_identical_when_repeated(project, tmp_path):
    release(project, tmp_path / "a")
    release(project, tmp_path / "b")
    assert (tmp_path / "a" / "SHA256SUMS").read_bytes() == (tmp_path / "b" / "SHA256SUMS").read_bytes()


def test_failed_release_leaves_the_previous_release_untouched(project, tmp_path, monkeypatch):
    """Written into a temporary folder and renamed into place: a failure half-way must leave the
    previous release as it was and no temporary folder behind."""
    dest = tmp_path / "release"
    release(project, dest)
    before = {p.name: p.read_bytes() for p in dest.iterdir() if p.is_file()}

    import htkg.docs

    def broken(_project, _quads=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(htkg.docs, "ontology_html", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        release(project, dest)
    after = {p.name: p.read_bytes() for p in dest.iterdir() if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["release"]


def test_release_refuses_to_replace_a_folder_that_is_not_a_release(project, tmp_path):
    dest = tmp_path / "precious"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not a release"):
        release(project, dest)
    assert (dest / "notes.txt").read_text() == "mine"


# --------------------------------------------------------------------------- CLI


def test_cli_export_and_usage_errors(project, tmp_path):
    from htkg.cli import main

    out = tmp_path / "doc-b.nt"
    # the fixture was built into its own out/, where the CLI looks
    assert main(["--project", str(project.root), "export", "--format", "ntriples", "--graph", "doc-b", "--out", str(out)]) == 0
    assert "120" in out.read_text()
    assert main(["--project", str(project.root), "export", "--graph", "nope"]) == 2
    assert main(["--project", str(project.root), "export", "--endpoint", "http://x/sparql"]) == 2
    assert main(["--project", str(project.root), "export", "--release", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "SHA256SUMS").exists()


# --------------------------------------------------------------------------- property test

_IRIS = st.sampled_from(
    [URIRef(f"http://example.org/{name}") for name in ("a", "b", "c", "p", "q", "r/s", "t#u", "ü")]
    + [URIRef("https://w3id.org/htkg/id/claim/x"), URIRef("https://w3id.org/htkg/id/claim/x/anchor/quote"),
       URIRef("https://w3id.org/htkg/ontology#about"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]
)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\"\\'"), max_size=12)
_LITERALS = st.one_of(
    _TEXT.map(Literal),
    st.tuples(_TEXT, st.sampled_from(["en", "az", "ru", "az-latn"])).map(lambda t: Literal(t[0], lang=t[1])),
    st.integers(-10**6, 10**6).map(Literal),
    st.tuples(_TEXT, st.sampled_from(["http://example.org/dt", "http://www.w3.org/2001/XMLSchema#string"])).map(
        lambda t: Literal(t[0], datatype=URIRef(t[1]))
    ),
)
_BNODES = st.sampled_from([BNode(f"n{i}") for i in range(4)])
_TRIPLES = st.tuples(st.one_of(_IRIS, _BNODES), _IRIS, st.one_of(_IRIS, _BNODES, _LITERALS))
_GRAPHS = st.sampled_from([URIRef("https://w3id.org/htkg/graph/one"), URIRef("http://example.org/g/two")])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_TRIPLES, _GRAPHS), max_size=12), st.sampled_from(FORMATS))
def test_property_parse_of_serialize_is_isomorphic(statements, fmt):
    """parse(serialize(g)) is isomorphic to g, for small random graphs with blank nodes, language
    tags, datatypes, escapes and non-ASCII text, in every format."""
    graph = Graph()
    dataset = Dataset()
    for triple, name in statements:
        graph.add(triple)
        dataset.graph(name).add(triple)
    parsed = parse_dataset(serialize_graph(graph, fmt), fmt)
    assert isomorphic(_plain(union_graph(parsed)), _plain(graph))
    if fmt in QUAD_FORMATS:
        # blank nodes shared between graphs: compare the whole dataset as one graph of quads
        text = serialize_dataset(dataset, fmt)
        assert isomorphic(_plain(_quads_graph(parse_dataset(text, fmt))), _plain(_quads_graph(dataset)))


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _plain(graph: Graph) -> Graph:
    """"x"^^xsd:string and "x" are the same literal in RDF 1.1 (Concepts, 3.3), and writers
    print the short form; rdflib alone tells them apart, so compare them as one."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == _XSD_STRING:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def _quads_graph(dataset: Dataset) -> Graph:
    """A dataset as one graph (the graph name folded into the predicate), for isomorphism."""
    out = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        if name is None or str(name) == "urn:x-rdflib:default":
            continue
        out.add((s, URIRef(f"urn:x-quad:{hashlib.sha256(f'{p} {name}'.encode()).hexdigest()}"), o))
    return out


# --------------------------------------------------------------------------- the real graph


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_repository_graph_round_trips(built_project, built_dataset, fmt, tmp_path):
    """The curated evidence itself (both documents, reference data, discrepancies, ontology,
    derived triples), not only the fixture: rdflib reads every export back, rapper too."""
    path = tmp_path / f"htkg.{fmt}"
    result = export(built_project, fmt, out=path)
    assert result.text is None  # written to the file, not kept
    text = path.read_text(encoding="utf-8")
    parsed = parse_dataset(text, fmt)
    if fmt in QUAD_FORMATS:
        assert_same_dataset(parsed, built_dataset)
    else:
        assert isomorphic(union_graph(parsed), union_graph(built_dataset))
    if fmt in RAPPER_SYNTAX:
        rapper_count(path, fmt)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_repository_shapes_and_ontology_are_byte_identical_across_processes(repo_project, fmt):
    """The real shapes are full of blank nodes (property shapes, sh:declare, RDF lists): their
    labels come from the graph's structure, so two processes write the same bytes."""
    outputs = []
    for _ in range(2):
        code = (
            "import sys; from pathlib import Path; from htkg.project import Project; from htkg.export import export; "
            f"p = Project(Path({str(repo_project.root)!r})); "
            f"sys.stdout.write(export(p, {fmt!r}, shapes=True).text + export(p, {fmt!r}, ontology=True).text)"
        )
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert "sh:" in outputs[0] or "shacl" in outputs[0]
