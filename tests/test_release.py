"""`htkg export --release`: rights acted on (a reserved text never goes out; every quote can be
checked against a text whose SHA-256 the release gives), releases versioned by their data (two
releases of different data differ in version, date and addresses, and the later one lists what
changed), sizes and checksums of the distributions, the contact point, the citation, and a README
that shows titles as text."""

from __future__ import annotations

import datetime
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from export_project import GRAPH_DATE, TEXT_A, TEXT_B, built_fixture, dated
from htkg.outdir import file_sha256, write_record
from htkg.build import build
from htkg.describe import DATASET, PROFILES
from htkg.errors import ConformanceError, InputError
from htkg.export import RELEASE_DATASET_FILES
from htkg.release import release
from htkg.namespaces import DCAT
from htkg.release import DESCRIPTION_FILES, md_text

REPO = Path(__file__).resolve().parents[1]
OA = "http://www.w3.org/ns/oa#"
SPDX = "http://spdx.org/rdf/terms#"
RDF_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
               ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
DOC_B = "https://w3id.org/htkg/id/document/doc-b"
CARIM = "https://w3id.org/htkg/id/document/carim-east-2013-azerbaijan"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_fixture(tmp_path_factory.mktemp("release") / "project")


@pytest.fixture(scope="module")
def first(project, tmp_path_factory):
    """The fixture's first release."""
    dest = tmp_path_factory.mktemp("releases") / "first"
    result = release(project, dest)
    return result


# --------------------------------------------------------------------------- helpers


def anchors(folder: Path, document: str | None = None) -> list[tuple[str, str, str, int, int]]:
    """(document, text file, SHA-256, exact, start, end) of every quote in a release, as its
    htkg.nq says."""
    store = ox.Store()
    store.load(path=str(folder / "htkg.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query(
        f"""PREFIX oa: <{OA}> PREFIX htkg: <https://w3id.org/htkg/ontology#>
        SELECT ?doc ?file ?sha ?exact ?start ?end WHERE {{
          ?anchor oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
          OPTIONAL {{ ?doc htkg:textFile ?file }} OPTIONAL {{ ?doc htkg:sha256 ?sha }} }}""",
        use_default_graph_as_union=True,
    )
    found = [(r["doc"].value, r["file"].value if r["file"] else "", r["sha"].value if r["sha"] else "", r["exact"].value,
              int(r["start"].value), int(r["end"].value)) for r in rows]
    return [a for a in found if document is None or a[0] == document]


def release_contents(folder: Path, *, without_quotes: bool = False) -> list[str]:
    """Everything a release says, as text: each file as it is and, for RDF files, the values of
    its literals (Turtle, N-Triples and JSON-LD escape line breaks and quotes). With
    `without_quotes`, the oa:exact literals are left out."""
    contents = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        fmt = RDF_FORMATS.get(path.suffix)
        if fmt is None:
            contents.append(path.read_bytes().decode("utf-8", errors="replace"))
            continue
        literals = {q.object.value for q in ox.parse(path=str(path), format=fmt)
                    if isinstance(q.object, ox.Literal) and not (without_quotes and q.predicate.value == OA + "exact")}
        contents.append("\x00".join(sorted(literals)))
        if not without_quotes:
            contents.append(path.read_bytes().decode("utf-8"))
    return contents


def inside_a_quote(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def stretches_found(text: str, haystack: str, minimum: int) -> list[tuple[int, int]]:
    """The longest stretches of `text` (start, end), at least `minimum` characters long, that
    occur somewhere in `haystack`."""
    found = []
    n = len(text)
    for i in range(n - minimum + 1):
        if text[i:i + minimum] not in haystack:
            continue
        lo, hi = minimum, n - i
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text[i:i + mid] in haystack:
                lo = mid
            else:
                hi = mid - 1
        found.append((i, i + lo))
    return found


def copy_project(project, root: Path):
    """A copy of the fixture project's sources (not its out/), to edit and build."""
    from htkg.project import Project

    for folder in ("ontology", "graph", "sources", "queries", "shapes"):
        shutil.copytree(project.root / folder, root / folder)
    return Project(root)


def description(folder: Path, name: str = "description.ttl") -> Graph:
    return Graph().parse(folder / name, format="turtle")


# --------------------------------------------------------------------------- rights


def test_a_release_carries_no_text_of_a_reserved_document_but_its_quotations(first):
    """doc-b is "all rights reserved": its text is not in the release, nor the text around its
    quote (oa:prefix, oa:suffix), nor any stretch of it of 8 characters or more that is not
    inside its quotation, in any file, raw or as RDF literals. doc-a (public domain) is there in
    full, with its context."""
    folder = first.path
    assert "sources/doc-b.txt" not in first.files and first.withheld_texts == ["doc-b.txt"]
    assert (folder / "sources" / "doc-a.txt").read_text(encoding="utf-8") == TEXT_A
    digest = hashlib.sha256(TEXT_B.encode("utf-8")).hexdigest()
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() != digest for p in folder.rglob("*") if p.is_file())
    spans = [(start, end) for *_, start, end in anchors(folder, DOC_B)]
    assert spans == [(22, 57)]
    contents = release_contents(folder)
    leaks = [TEXT_B[i:i + 8] for i in range(len(TEXT_B) - 8 + 1)
             if not inside_a_quote(i, i + 8, spans) and any(TEXT_B[i:i + 8] in c for c in contents)]
    assert leaks == []
    # the public-domain document keeps the text around its quotes
    dataset = "\n".join(contents)
    assert TEXT_A[:9] in dataset  # "In 2010, ", the prefix of a-victims


def test_text_around_a_reserved_quote_in_the_built_graph_stays_out_of_the_release(project, tmp_path):
    """The build writes no oa:prefix or oa:suffix for a reserved document; a graph that has them
    anyway (built by other means) loses them in the release, and only them."""
    copy = copy_project(project, tmp_path / "p")
    build(copy)
    selector = "<https://w3id.org/htkg/id/claim/b-arrests/anchor/quote>"
    graph = "<https://w3id.org/htkg/graph/doc-b>"
    with copy.dataset_path.open("a", encoding="utf-8") as handle:
        handle.write(f'{selector} <{OA}prefix> "Between 2006 and 2012 " {graph} .\n')
        handle.write(f'{selector} <{OA}suffix> ".\\n" {graph} .\n')
    # Record the altered file as a build would have, so that readers take it as built.
    write_record(copy, size=copy.dataset_path.stat().st_size, sha256=file_sha256(copy.dataset_path))
    result = release(copy, tmp_path / "r", allow_unvalidated=True)  # the graph was altered after its build
    text = (result.path / "htkg.nq").read_text(encoding="utf-8")
    assert "Between 2006" not in text and f"<{OA}suffix>" in text  # doc-a's context stays
    assert len(text.splitlines()) == len((project.out_dir / "htkg.nq").read_text(encoding="utf-8").splitlines()) + 1  # + header


def test_every_quote_checks_against_a_text_whose_sha256_the_release_gives(first, project):
    """A reader who has the texts (from the release where it includes them, else obtained
    elsewhere: here the project's copy) checks each text against the SHA-256 the release gives,
    then finds every quote at its offsets."""
    found = anchors(first.path)
    assert {a[0] for a in found} == {DOC_B, "https://w3id.org/htkg/id/document/doc-a"}
    sums = dict(reversed(line.split("  ", 1)) for line in (first.path / "sources" / "SHA256SUMS").read_text().splitlines())
    for document, file, sha, exact, start, end in found:
        assert sums[f"sources/{file}"] == sha
        shipped = first.path / "sources" / file
        data = shipped.read_bytes() if shipped.exists() else (project.sources_dir / file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha, file
        assert data.decode("utf-8")[start:end] == exact, (file, start, end)


def test_the_readme_check_of_the_quotes_runs(first, project, tmp_path):
    """The README's snippet, run in a copy of the release once the reader has added the text
    it does not include, passes; with a changed text it fails."""
    code = re.search(r"```python\n(.*?)```", (first.path / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    folder = tmp_path / "copy"
    shutil.copytree(first.path, folder)
    shutil.copyfile(project.sources_dir / "doc-b.txt", folder / "sources" / "doc-b.txt")
    run = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    check = subprocess.run(["sha256sum", "-c", "sources/SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    (folder / "sources" / "doc-b.txt").write_text(TEXT_B.replace("police", "Police"), encoding="utf-8")
    assert subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True).returncode != 0


def test_a_text_that_differs_from_its_recorded_sha256_stops_the_release(project, tmp_path):
    copy = copy_project(project, tmp_path / "p")
    build(copy)
    (copy.sources_dir / "doc-a.txt").write_text(TEXT_A + "edited\n", encoding="utf-8")
    with pytest.raises(InputError, match="SHA-256") as caught:
        release(copy, tmp_path / "r")
    assert caught.value.where == "sources/doc-a.txt"
    assert not (tmp_path / "r").exists()


def test_the_repository_release_keeps_the_carim_note_to_its_quotations(built_project, tmp_path):
    """The real data: the CARIM-East note (all rights reserved) is not in the release and none
    of its quotes carries the text around it; whatever else of it the release holds (titles,
    labels and comments that repeat its words, the copyright notice) adds under 5% of the text
    to what the quotations hold. The TIP report (public domain) is included."""
    result = release(built_project, tmp_path / "release")
    folder = result.path
    text = (REPO / "sources" / "carim-east-2013-azerbaijan.txt").read_text(encoding="utf-8")
    assert "sources/us-tip-2004-azerbaijan.txt" in result.files
    assert "sources/carim-east-2013-azerbaijan.txt" not in result.files
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() != digest for p in folder.rglob("*") if p.is_file())
    store = ox.Store()
    store.load(path=str(folder / "htkg.nq"), format=ox.RdfFormat.N_QUADS)
    context = store.query(f"""PREFIX oa: <{OA}> ASK {{ ?a oa:hasSource <{CARIM}> ; oa:hasSelector ?s .
                              {{ ?s oa:prefix ?x }} UNION {{ ?s oa:suffix ?x }} }}""", use_default_graph_as_union=True)
    assert not bool(context)
    spans = [(start, end) for *_, start, end in anchors(folder, CARIM)]
    assert len(spans) > 100
    quoted = set().union(*(range(a, b) for a, b in spans))
    haystack = "\x00".join(release_contents(folder, without_quotes=True))
    elsewhere = set().union(*(range(a, b) for a, b in stretches_found(text, haystack, 40)))
    assert len(elsewhere - quoted) < 0.05 * len(text)
    assert text not in haystack


# --------------------------------------------------------------------------- versions and changes


def _next_day(day: str) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()


def test_the_first_release_says_so_and_is_versioned_by_its_data(first):
    g = description(first.path)
    version = str(g.value(DATASET, DCAT.version))
    assert version == first.version and re.fullmatch(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{8}", version)
    assert version.startswith(first.modified + "-")
    assert g.value(DATASET, DCTERMS.modified) == Literal(first.modified, datatype=XSD.date)
    assert "First release." in (first.path / "CHANGES.md").read_text()
    for dist in g.objects(DATASET, DCAT.distribution):
        assert str(g.value(dist, DCAT.downloadURL)).startswith(f"https://w3id.org/htkg/release/{version}/")


def test_two_releases_of_different_data_differ_and_the_later_lists_what_changed(project, first, tmp_path):
    """One claim added to doc-b and one claim of doc-a changed (their graphs dated the day
    after the first release): a new version, a later date, new addresses, and a changelog and
    version notes naming the added and the changed claim."""
    copy = copy_project(project, tmp_path / "p")
    day = _next_day(first.modified)
    doc_b = (copy.graph_dir / "doc-b.ttl").read_text(encoding="utf-8").replace(dated("doc-b"), dated("doc-b", day))
    doc_b += """
claim:b-police a htkg:Claim ; htkg:claimant actor:ministry ; htkg:about place:AZ ;
  htkg:quantity [ a htkg:Quantity ; schema:value 120 ; htkg:indicator cpt:arrests ; htkg:unit cpt:persons ] ;
  htkg:quote "arrested 120 traffickers" ; htkg:start 33 ; htkg:end 57 .
"""
    (copy.graph_dir / "doc-b.ttl").write_text(doc_b, encoding="utf-8")
    doc_a = (copy.graph_dir / "doc-a.ttl").read_text(encoding="utf-8").replace(dated("doc-a"), dated("doc-a", day))
    (copy.graph_dir / "doc-a.ttl").write_text(doc_a.replace('htkg:locator "line 1"', 'htkg:locator "first line"', 1), encoding="utf-8")
    build(copy)
    later = release(copy, tmp_path / "later", previous=first.path)
    assert later.version != first.version and later.modified == day > first.modified
    g_first, g_later = description(first.path), description(later.path)
    urls = lambda g: {str(g.value(d, DCAT.downloadURL)) for d in g.objects(DATASET, DCAT.distribution)}  # noqa: E731
    assert urls(g_first).isdisjoint(urls(g_later))
    assert all(f"/release/{later.version}/" in u for u in urls(g_later))
    assert g_later.value(DATASET, DCTERMS.modified) == Literal(day, datatype=XSD.date)
    changes = (later.path / "CHANGES.md").read_text(encoding="utf-8")
    assert f"Compared with release {first.version}" in changes
    added = changes.split("## Added claims (1)")[1].split("##")[0]
    assert "`claim:b-police`" in added and "arrested 120 traffickers" in added
    changed = changes.split("## Changed claims (1)")[1].split("##")[0]
    assert "`claim:a-victims`" in changed
    assert "Removed" not in changes and "## Changed entities" not in changes
    notes = str(g_later.value(DATASET, URIRef("http://www.w3.org/ns/adms#versionNotes")))
    assert notes == f"Since release {first.version}: claims: 1 added, 1 changed."
    # writing over the earlier release compares with it too, to the same bytes
    over = tmp_path / "over"
    shutil.copytree(first.path, over)
    release(copy, over)
    assert (over / "SHA256SUMS").read_bytes() == (later.path / "SHA256SUMS").read_bytes()


def test_a_graph_that_changed_without_a_later_day_stops_the_release(project, first, tmp_path):
    copy = copy_project(project, tmp_path / "p")
    doc_b = (copy.graph_dir / "doc-b.ttl").read_text(encoding="utf-8").replace('htkg:locator "line 1"', 'htkg:locator "l. 1"')
    (copy.graph_dir / "doc-b.ttl").write_text(doc_b, encoding="utf-8")
    build(copy)
    with pytest.raises(ConformanceError) as caught:
        release(copy, tmp_path / "r", previous=first.path)
    assert caught.value.where == "graph/doc-b.ttl"
    assert f"graph <https://w3id.org/htkg/graph/doc-b> says {GRAPH_DATE}" in str(caught.value)
    assert not (tmp_path / "r").exists()


def test_writing_the_same_data_again_gives_the_same_release(project, first, tmp_path):
    """Same data, same version: the release written again (over itself, or elsewhere with the
    first as the previous one) keeps its changelog and is byte-identical."""
    before = {p.relative_to(first.path): p.read_bytes() for p in first.path.rglob("*") if p.is_file()}
    again = release(project, tmp_path / "again", previous=first.path)
    assert again.version == first.version
    assert {p.relative_to(again.path): p.read_bytes() for p in again.path.rglob("*") if p.is_file()} == before
    release(project, first.path)
    assert {p.relative_to(first.path): p.read_bytes() for p in first.path.rglob("*") if p.is_file()} == before


def test_a_previous_folder_that_is_not_a_release_is_an_input_error(project, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="not a release folder"):
        release(project, tmp_path / "r", previous=tmp_path / "empty")


# --------------------------------------------------------------------------- the descriptions


@pytest.mark.parametrize("profile", sorted(DESCRIPTION_FILES))
def test_each_distribution_states_the_size_and_checksum_of_its_file(first, profile):
    """In the form its DCAT-AP version accepts: 3.0.1 SHA-256 and xsd:nonNegativeInteger, 2.1.1
    SHA-1 (the only algorithm it admits) and xsd:decimal."""
    g = description(first.path, DESCRIPTION_FILES[profile])
    form = PROFILES[profile]
    names = set()
    for dist in g.objects(DATASET, DCAT.distribution):
        name = str(g.value(dist, DCAT.downloadURL)).rsplit("/", 1)[-1]
        names.add(name)
        data = (first.path / name).read_bytes()
        size = g.value(dist, DCAT.byteSize)
        assert size == Literal(str(len(data)), datatype=form["byte_size"])
        checksum = g.value(dist, URIRef(SPDX + "checksum"))
        assert g.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_" + form["algorithm"])
        value = g.value(checksum, URIRef(SPDX + "checksumValue"))
        assert value.datatype == XSD.hexBinary and str(value) == hashlib.new(form["algorithm"], data).hexdigest()
    assert names == set(RELEASE_DATASET_FILES.values())


def test_the_description_says_which_parts_are_under_which_terms(first):
    g = description(first.path)
    rights = g.value(DATASET, DCTERMS.rights)
    text = str(g.value(rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert "licensed under Creative Commons Attribution 4.0" in text
    assert "quotations" in text and "remain their authors'" in text
    assert '"Document A: a report" is included (public domain)' in text
    assert '"Document B: another report" is not included (all rights reserved)' in text
    assert hashlib.sha256(TEXT_B.encode("utf-8")).hexdigest() in text
    for dist in g.objects(DATASET, DCAT.distribution):
        assert g.value(dist, DCTERMS.rights) == rights
    readme = (first.path / "README.md").read_text(encoding="utf-8")
    assert "## Terms of use" in readme and "`sources/doc-a.txt`" in readme and "no: quotations only" in readme
    assert "An Author. Document B: another report. Example Press, 2004." in readme


def test_citation_and_contact_point(first):
    g = description(first.path)
    citation = str(g.value(DATASET, DCTERMS.bibliographicCitation))
    assert first.version in citation and f"https://w3id.org/htkg/release/{first.version}/" in citation
    contact = g.value(DATASET, DCAT.contactPoint)
    email = g.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))
    assert str(email) == "mailto:contact@example.org"
    assert any("placeholder contact@example.org" in w and "dataset.ttl" in w for w in first.warnings)


def test_the_readme_says_how_to_load_the_release_into_four_stores(first):
    readme = (first.path / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Loading into a triple store")[1].split("\n## ")[0]
    for store, setting in (("Oxigraph", "--union-default-graph"), ("Fuseki", "tdb2:unionDefaultGraph true"),
                           ("Virtuoso", "RDF_GRAPH_GROUP_INS"), ("GraphDB", "union of all graphs")):
        assert store in section and setting in section, store
    for graph in ("doc-a", "doc-b", "reference", "ontology", "derived"):
        assert f"'https://w3id.org/htkg/graph/{graph}'" in section


# --------------------------------------------------------------------------- the README shows titles as text


def test_markdown_text_escapes_html_and_markdown():
    title = "<b>Bold</b> & *stars* _under_ [link](http://x) `code` a|b ~strike~ # not a heading\nsecond line"
    escaped = md_text(title)
    assert "<" not in escaped and ">" not in escaped and "\n" not in escaped
    assert escaped.startswith("&lt;b&gt;Bold&lt;/b&gt; &amp; \\*stars\\* \\_under\\_ \\[link\\](http://x) \\`code\\` a\\|b \\~strike\\~ \\# not")


def test_titles_with_html_do_not_become_markup_in_the_readme(project, tmp_path):
    copy = copy_project(project, tmp_path / "p")
    meta = copy.sources_dir / "doc-a.ttl"
    meta.write_text(meta.read_text(encoding="utf-8").replace('dcterms:title "Document A: a report"@en',
                    'dcterms:title "<script>alert(1)</script> *A* | [report](x)"@en'), encoding="utf-8")
    build(copy)
    readme = (release(copy, tmp_path / "r").path / "README.md").read_text(encoding="utf-8")
    assert "<script>" not in readme and "&lt;script&gt;alert(1)&lt;/script&gt; \\*A\\* \\| \\[report\\](x)" in readme


# --------------------------------------------------------------------------- repository files


def test_citation_cff_names_the_version_and_licence_of_the_package():
    cff = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1)
    assert re.search(r"^cff-version: 1\.2\.0$", cff, re.M)
    assert re.search(rf'^version: "{re.escape(version)}"$', cff, re.M)
    assert re.search(r"^license: MIT$", cff, re.M) and 'license = { text = "MIT" }' in pyproject
    assert re.search(r"^authors:\n  - name: ", cff, re.M) and re.search(r"^title: ", cff, re.M) and re.search(r"^message: ", cff, re.M)
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    assert "CC BY 4.0" in (REPO / "LICENSE-DATA.md").read_text()


def test_cli_release_names_its_version_and_what_it_kept_out(project, first, tmp_path, capsys):
    from htkg.cli import main

    assert main(["--project", str(project.root), "export", "--previous", str(first.path)]) == 2
    capsys.readouterr()
    assert main(["--project", str(project.root), "export", "--release", str(tmp_path / "r"), "--previous", str(first.path)]) == 0
    captured = capsys.readouterr()
    assert f"Wrote release {first.version} to " in captured.out
    assert "Full text not included (its rights do not allow it): doc-b.txt" in captured.out
    assert "Warning: the contact e-mail is the placeholder" in captured.err
