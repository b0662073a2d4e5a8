"""Register a new source document: its text under sources/<slug>.txt (a plain text kept byte
for byte; a PDF or an HTML page converted to text, the original kept beside it as
sources/<slug>.pdf or .html), and its metadata record sources/<slug>.ttl in the shape
shapes/documents.ttl checks (title, author, issued, text file, SHA-256, access rights).
Nothing is overwritten and nothing is half-written: every file is written to a temporary file
first, and all are renamed only when all are ready."""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

from ..errors import InputError
from ..project import Project
from .graphindex import ID, load_index
from .turtle import PREFIX_BLOCK, SLUG_PATTERN, literal, slugify, write_atomic

__all__ = ["Metadata", "Added", "add_document", "convert", "MAX_INPUT_BYTES"]

MAX_INPUT_BYTES = 200 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DEFAULT_RIGHTS = "all-rights-reserved"


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    rights: str | None = None
    slug: str | None = None


@dataclass
class Added:
    slug: str
    files: list[Path]
    sha256: str
    notes: list[str] = field(default_factory=list)


def _read(path: Path, where: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except IsADirectoryError:
        raise InputError("is a directory", where=where, hint="name one document's file (.txt, .pdf or .html)") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=where, hint="name one document's file (.txt, .pdf or .html)") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"more than {MAX_INPUT_BYTES // (1024 * 1024)} MB: too big for one document", where=where)
    if not data.strip():
        raise InputError("the file is empty", where=where, hint="name the file that holds the document's text")
    return data


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or bool(re.search(rb"<(html|body|head|p|div)[\s>]", head))


def _decode(data: bytes, where: str) -> str:
    from ..anchors import decode_utf8

    return decode_utf8(data, where, hint="convert it to UTF-8 first (`iconv -f <its encoding> -t UTF-8`)")


def convert(data: bytes, suffix: str, where: str) -> tuple[str, bytes]:
    """The document's text (as it will be kept, UTF-8) from the bytes of a file whose name ends
    in `suffix`. A plain text is kept byte for byte. Raises InputError for a file that is not
    what its suffix says, a PDF with no text layer, or an unknown suffix."""
    suffix = suffix.lower()
    is_pdf = data.lstrip()[:5] == b"%PDF-"
    if suffix in TEXT_SUFFIXES:
        if is_pdf or _looks_like_html(data):
            kind = "a PDF" if is_pdf else "HTML"
            raise InputError(
                f"the file ends in {suffix} but holds {kind}, not plain text",
                where=where,
                hint=f"rename it to {'.pdf' if is_pdf else '.html'} so that it is converted to text",
            )
        return _decode(data, where), data
    if suffix in PDF_SUFFIXES:
        if not is_pdf:
            raise InputError(f"the file ends in {suffix} but is not a PDF (it does not start with %PDF-)", where=where, hint="give the real PDF, or name the file after what it holds")
        text = _pdf_text(data, where)
    elif suffix in HTML_SUFFIXES:
        if is_pdf or not _looks_like_html(data):
            raise InputError(f"the file ends in {suffix} but is not HTML", where=where, hint="give the saved web page, or name the file after what it holds (.txt, .pdf)")
        text = _html_text(_decode(data, where))
    else:
        raise InputError(f"cannot read a {suffix or 'suffix-less'} file", where=where, hint="give a .txt, .pdf or .html file")
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip("\n") + "\n"
    if len(text.strip()) == 0:
        raise InputError("no text could be taken from it", where=where, hint="give the document as text")
    return text, text.encode("utf-8")


def _pdf_text(data: bytes, where: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"the PDF cannot be read: {exc}", where=where, hint="give an intact copy of the PDF, or its text") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise InputError(
            f"the PDF has no text layer ({len(pages)} page(s) of images: a scan?)",
            where=where,
            hint="run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) or give the document's text as a .txt file",
        )
    return text


def _html_text(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


def _issued(value: str, where: str) -> tuple[str, str]:
    for pattern, datatype in ((r"\d{4}-\d{2}-\d{2}", "xsd:date"), (r"\d{4}-\d{2}", "xsd:gYearMonth"), (r"\d{4}", "xsd:gYear")):
        if re.fullmatch(pattern, value):
            if datatype == "xsd:date":
                try:
                    _date.fromisoformat(value)
                except ValueError:
                    break
            return value, datatype
    raise InputError(f"--date {value!r} is not a date", where=where, hint="give when the document was issued as YYYY-MM-DD, YYYY-MM or YYYY")


def propose_slug(meta: Metadata, text: str) -> str:
    """A slug from the metadata: the title's words, with the year of issue if the title lacks one."""
    slug = slugify(meta.title or "", limit=50)
    year = (meta.date or "")[:4]
    if year and year not in slug:
        slug = f"{slug}-{year}" if slug else year
    return slug or "document"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:200]
    return ""


def add_document(project: Project, file: str | os.PathLike, meta: Metadata, *, today: str | None = None) -> Added:
    """Register `file` as a new source document of `project` (see the module's docstring)."""
    path = Path(file)
    where = str(file)
    data = _read(path, where)
    text, text_bytes = convert(data, path.suffix, where)
    if meta.author is None or not meta.author.strip():
        raise InputError("no author given", where=where, hint='say who wrote it: --author "Name of the office or person"')
    if meta.date is None:
        raise InputError("no date of issue given", where=where, hint="say when it was issued: --date YYYY-MM-DD (or YYYY-MM, YYYY)")
    issued, issued_type = _issued(meta.date.strip(), "--date")
    meta.title = (meta.title or "").strip() or _first_line(text)
    index = load_index(project)
    rights = (meta.rights or DEFAULT_RIGHTS).strip()
    rights = rights.removeprefix("cpt:")
    if rights not in index.text_rights:
        raise InputError(
            f"--rights {meta.rights!r} is not a concept of cpt:text-rights",
            where="--rights",
            hint="give one of: " + ", ".join(sorted(index.text_rights)),
        )
    if meta.url is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", meta.url):
        raise InputError(f"--url {meta.url!r} is not an http(s) address", where="--url", hint="give the address the document was taken from, https://...")
    slug = meta.slug or propose_slug(meta, text)
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(f"--slug {slug!r} is not a slug", where="--slug", hint="use lower-case letters, digits and hyphens, e.g. us-tip-2024-azerbaijan")
    suffix = path.suffix.lower()
    original = None if suffix in TEXT_SUFFIXES else project.sources_dir / f"{slug}{'.html' if suffix in HTML_SUFFIXES else '.pdf'}"
    targets = [project.sources_dir / f"{slug}.txt", project.sources_dir / f"{slug}.ttl", project.graph_dir / f"{slug}.ttl"]
    if original is not None:
        targets.append(original)
    taken = [t for t in targets if t.exists()]
    if taken:
        raise InputError(
            f"the slug {slug!r} is taken: {project.relative(taken[0])} exists",
            where=project.relative(taken[0]),
            hint="give the new document another slug (--slug ...); htkg add never overwrites a document",
        )
    notes = []
    sha = hashlib.sha256(text_bytes).hexdigest()
    author_iri, author_decl = _actor(index, meta.author, "author", notes)
    publisher_iri, publisher_decl = (None, "")
    if meta.publisher:
        publisher_iri, publisher_decl = _actor(index, meta.publisher, "publisher", notes)
        if publisher_iri == author_iri:
            publisher_decl = ""
    if meta.rights is None:
        notes.append(f"access rights: cpt:{DEFAULT_RIGHTS} (the default: only quotations are passed on); give --rights if the text may be passed on")
    today = today or _date.today().isoformat()
    record = _record(slug, meta, issued, issued_type, rights, sha, author_iri, publisher_iri, today, original, project)
    record += author_decl + publisher_decl
    files: list[tuple[Path, bytes]] = [(targets[0], text_bytes), (targets[1], record.encode("utf-8"))]
    if original is not None:
        files.append((original, data))
    written: list[Path] = []
    try:
        for target, content in files:
            write_atomic(target, content)
            written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return Added(slug=slug, files=[f for f, _ in files], sha256=sha, notes=notes)


def _actor(index, name: str, role: str, notes: list[str]) -> tuple[str, str]:
    """The IRI of the actor named `name` (known to the graph, or minted and declared)."""
    found = index.find_actor(name)
    if found:
        notes.append(f"{role}: {name!r} is the graph's actor:{found.rsplit('/', 1)[-1]}")
        return found, ""
    local = slugify(name)
    if not local:
        raise InputError(f"--{role} {name!r} has no letters or digits", where=f"--{role}", hint="give the name as the document prints it")
    iri = f"{ID}actor/{local}"
    notes.append(f"{role}: {name!r} is new to the graph: declared as actor:{local}, an htkg:Organisation (edit the record if it is a person or a government body)")
    return iri, f"\nactor:{local} a htkg:Organisation ;\n    rdfs:label {literal(' '.join(name.split()), 'en')} .\n"


def _record(slug, meta, issued, issued_type, rights, sha, author, publisher, today, original, project) -> str:
    lines = [
        f"# Metadata record of the source document sources/{slug}.txt (registered by `htkg add`).",
        "# Document-level facts (who wrote and published it, when) are metadata, not claims.",
        "",
        PREFIX_BLOCK,
        f"<https://w3id.org/htkg/graph/{slug}> dcterms:modified \"{today}\"^^xsd:date .",
        "",
        f"doc:{slug} a htkg:SourceDocument ;",
        f"    rdfs:label {literal(meta.title, 'en')} ;",
        f"    dcterms:title {literal(meta.title, 'en')} ;",
        f"    dcterms:creator <{author}> ;",
    ]
    if publisher:
        lines.append(f"    dcterms:publisher <{publisher}> ;")
    lines.append(f'    dcterms:issued "{issued}"^^{issued_type} ;')
    lines.append('    dcterms:language "en" ;')
    lines.append(f"    dcterms:accessRights cpt:{rights} ;")
    if meta.url:
        lines.append(f"    schema:url <{meta.url}> ;")
    if original is not None:
        lines.append(f"    skos:note {literal(f'The text was converted from the original {original.name}, kept beside it under sources/.', 'en')} ;")
    lines.append(f'    htkg:textFile "{slug}.txt" ;')
    lines.append(f'    htkg:sha256 "{sha}" .')
    return "\n".join(lines) + "\n"
