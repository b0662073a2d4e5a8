"""`htkg add`: a new document's text and metadata record, in the shape the build checks; bad
input is refused with exit 2, naming the file, and nothing is written."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pyoxigraph as ox
import pytest

from extract_project import copy_project
from htkg.errors import InputError
from htkg.extract.register import Metadata, add_document

TEXT = "Azerbaijan 2023 Trafficking in Persons Report\n\nIn 2022, the government identified 72 victims.\n"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "p")


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "htkg", "--project", str(project.root), "add", *args], capture_output=True, text=True)


def listing(project):
    return sorted(p.relative_to(project.root).as_posix() for p in project.root.rglob("*") if p.is_file())


def test_a_text_is_kept_byte_for_byte_with_a_record_the_build_accepts(project, tmp_path):
    src = tmp_path / "report.txt"
    src.write_bytes(TEXT.encode())
    result = run(project, str(src), "--author", "Office to Monitor and Combat Trafficking in Persons", "--date", "2023-06-15", "--rights", "public-domain")
    assert result.returncode == 0, result.stderr
    slug = "azerbaijan-2023-trafficking-in-persons-report"
    text = project.sources_dir / f"{slug}.txt"
    assert text.read_bytes() == TEXT.encode()
    record = (project.sources_dir / f"{slug}.ttl").read_text()
    assert hashlib.sha256(TEXT.encode()).hexdigest() in record
    graph = ox.Store()
    graph.load(record.encode(), format=ox.RdfFormat.TURTLE)
    doc = ox.NamedNode(f"https://w3id.org/htkg/id/document/{slug}")
    creators = [q.object.value for q in graph.quads_for_pattern(doc, ox.NamedNode("http://purl.org/dc/terms/creator"), None)]
    assert creators == ["https://w3id.org/htkg/id/actor/us-office-to-monitor-and-combat-trafficking"]  # the known actor, by label
    from htkg.build import build

    report = build(project)  # validates the record against shapes/documents.ttl and checks the SHA-256
    assert report is not None


def test_html_is_converted_and_the_original_kept(project, tmp_path):
    src = tmp_path / "page.html"
    src.write_text("<html><body><h1>GRETA report</h1><p>In 2021, 40 victims were identified.</p></body></html>")
    result = run(project, str(src), "--author", "GRETA", "--date", "2022", "--slug", "greta-2022")
    assert result.returncode == 0, result.stderr
    text = (project.sources_dir / "greta-2022.txt").read_text()
    assert "In 2021, 40 victims were identified." in text and "<p>" not in text
    assert (project.sources_dir / "greta-2022.html").read_bytes() == src.read_bytes()
    record = (project.sources_dir / "greta-2022.ttl").read_text()
    assert "actor:greta a htkg:Organisation" in record  # a new author is declared
    assert '"2022"^^xsd:gYear' in record
    assert "cpt:all-rights-reserved" in record  # the safe default


def test_pdf_text_is_extracted(project, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=300, height=300)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"), NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 200 Td (Police arrested 12 suspects in 2020.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    src = tmp_path / "r.pdf"
    with open(src, "wb") as handle:
        writer.write(handle)
    result = run(project, str(src), "--author", "GRETA", "--date", "2021", "--slug", "pdf-doc")
    assert result.returncode == 0, result.stderr
    assert "Police arrested 12 suspects in 2020." in (project.sources_dir / "pdf-doc.txt").read_text()
    assert (project.sources_dir / "pdf-doc.pdf").exists()


def _blank_pdf(path):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=100, height=100)
    with open(path, "wb") as handle:
        writer.write(handle)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", b"  \n", "the file is empty"),
        ("fake.pdf", b"just some text\n", "is not a PDF"),
        ("fake.txt", b"%PDF-1.4\n...", "holds a PDF"),
        ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "holds HTML"),
        ("fake.html", b"plain words\n", "is not HTML"),
        ("latin1.txt", "caf\u00e9\n".encode("latin-1"), "not UTF-8"),
        ("report.docx", b"PK\x03\x04", "cannot read a .docx file"),
        ("scan.pdf", None, "no text layer"),
    ],
)
def test_bad_input_is_exit_2_and_writes_nothing(project, tmp_path, name, content, expected):
    src = tmp_path / name
    if content is None:
        _blank_pdf(src)
    else:
        src.write_bytes(content)
    before = listing(project)
    result = run(project, str(src), "--author", "GRETA", "--date", "2021")
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {src}"), result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert listing(project) == before


def test_an_existing_slug_is_refused(project, tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(TEXT)
    before = listing(project)
    result = run(project, str(src), "--author", "GRETA", "--date", "2021", "--slug", "us-tip-2004-azerbaijan")
    assert result.returncode == 2
    assert "Error: sources/us-tip-2004-azerbaijan.txt: the slug 'us-tip-2004-azerbaijan' is taken" in result.stderr
    assert listing(project) == before


@pytest.mark.parametrize(
    "meta, expected",
    [
        (Metadata(author=None, date="2021"), "no author given"),
        (Metadata(author="X", date=None), "no date of issue given"),
        (Metadata(author="X", date="15 June 2021"), "is not a date"),
        (Metadata(author="X", date="2021", rights="free"), "not a concept of cpt:text-rights"),
        (Metadata(author="X", date="2021", slug="Bad Slug"), "is not a slug"),
        (Metadata(author="X", date="2021", url="ftp://x"), "not an http(s) address"),
    ],
)
def test_missing_or_wrong_metadata_is_an_input_error(project, tmp_path, meta, expected):
    src = tmp_path / "r.txt"
    src.write_text(TEXT)
    before = listing(project)
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        add_document(project, src, meta)
    assert listing(project) == before
