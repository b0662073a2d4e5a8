"""A release folder for linked-data and open-data portals, versioned by its data.

What a release holds: the dataset in every format, the ontology and its documentation, the
shapes, the query library, the full text of each source document whose rights allow it
(`sources/`, with `sources/SHA256SUMS` giving the SHA-256 of every text, included or not), two
dataset descriptions (DCAT-AP 3.0.1 + VoID, and DCAT-AP 2.1.1), a changelog, a README and
SHA256SUMS.

The data version is the day the data last changed (from the data: each named graph's own
dcterms:modified and the ontology's dates) and a short hash of everything the release publishes
but its descriptions, README and changelog: it changes whenever a published byte does, and the
download addresses (https://w3id.org/htkg/release/<version>/<file>) with it. The changelog
compares the data with the previous release: the folder named by `previous`, or the release the
new one replaces. A named graph that changed since then must say so with a later date; a release
of the same version again keeps its changelog.

Everything is written into a temporary folder beside the destination and renamed into place: a
failure leaves the previous release (or nothing), never half of one."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import progress
from .changes import DERIVED_GRAPH, KINDS, Changes, PreviousRelease, compare, read_release
from .errors import ConformanceError, UsageError
from .namespaces import GRAPH, PREFIXES
from .outdir import make_temp_dir, require_validated
from .project import Project
from .serialize import header_for, prepare, serialize_quads, write_quads

__all__ = ["ReleaseResult", "release", "readme", "md_text", "DESCRIPTION_FILES", "SOURCES_SUMS"]

#: The descriptions of a release: the DCAT-AP version each conforms to, and its file.
DESCRIPTION_FILES = {"3.0.1": "description.ttl", "2.1.1": "description-dcat-ap-2.1.1.ttl"}
#: SHA-256 of every source text, included in the release or not (`sha256sum -c` input).
SOURCES_SUMS = "sources/SHA256SUMS"
#: Files that say what the release is, derived from its content and so not part of the version.
_ABOUT = {*DESCRIPTION_FILES.values(), "README.md", "CHANGES.md", "SHA256SUMS"}
_PLACEHOLDER_DOMAIN = "example.org"


@dataclass
class ReleaseResult:
    """A release folder: where it is, the files in it (paths relative to the folder), its data
    version and what it says about itself."""

    path: Path
    files: list[str] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0
    version: str = ""
    modified: str | None = None
    previous: str | None = None
    changes: str = ""
    withheld_texts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the folder


def _sha256sums(folder: Path, names: list[str] | None = None) -> str:
    """`sha256sum -c` input: "<hex>  <path>" for every file (or the given ones), sorted by path."""
    if names is None:
        names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    lines = []
    for rel in sorted(names):
        with (folder / rel).open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        lines.append(f"{digest}  {rel}")
    return "".join(line + "\n" for line in lines)


def _is_release(folder: Path) -> bool:
    return folder.is_dir() and (folder / "SHA256SUMS").is_file()


def _is_replaceable(dest: Path) -> bool:
    return not dest.exists() or (dest.is_dir() and (not any(dest.iterdir()) or _is_release(dest)))


def _swap_into_place(tmp: Path, dest: Path) -> None:
    """Rename the finished folder into place; an older release is moved aside first and removed
    only once the new one stands (rename cannot replace a non-empty folder)."""
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        os.replace(dest, old)
    try:
        os.replace(tmp, dest)
    except BaseException:
        if old is not None:
            os.replace(old, dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write(folder: Path, name: str, data: bytes) -> None:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def release(project: Project, dest: str | Path, *, endpoint: str | None = None, previous: str | Path | None = None,
            allow_unvalidated: bool = False) -> ReleaseResult:
    """Write a release folder to `dest` (see the module's docstring). `previous` is the folder of
    the release to compare with; by default the release at `dest`, if there is one. An existing
    `dest` is replaced only if it is empty or a previous release (has SHA256SUMS). Data not
    validated against shapes/ is refused (NotValidated) unless `allow_unvalidated`."""
    from .describe import FileFacts, _store, data_dates, data_version, describe
    from .docs import ontology_html
    from .export import RELEASE_DATASET_FILES, _command, select
    from .serialize import built_quads
    from .rights import check_texts, context_quads, source_texts
    from .serve.site import write_site

    dest = Path(dest)
    if not _is_replaceable(dest):
        raise UsageError(
            f"{dest.name} exists and is not a release folder (no SHA256SUMS)",
            hint="choose a new or empty folder; a previous release is replaced as a whole",
        )
    if not allow_unvalidated:
        require_validated(project, command="htkg export --release")
    earlier: PreviousRelease | None = None
    if previous is not None:
        earlier = read_release(previous)
    elif _is_release(dest) and (dest / "description.ttl").is_file() and (dest / "htkg.nq").is_file():
        earlier = read_release(dest)

    quads = built_quads(project)
    texts = source_texts(quads)
    reserved = {t.document for t in texts if not t.redistributable}
    # The build leaves out the text around the quotes of a reserved document; a graph built
    # otherwise must not carry it into a release either.
    withheld = set(context_quads(quads, reserved))
    if withheld:
        quads = [q for q in quads if q not in withheld]
    included_texts = check_texts(texts, project.sources_dir, project.relative)
    store = _store(quads)
    _, modified, graph_dates = data_dates(store)

    tmp = make_temp_dir(dest)  # also removes what killed releases left beside dest
    try:
        # The dataset files are written straight into the folder. The quad formats share one
        # sorted list (references to the same quads); Turtle sorts by triple and N-Triples by
        # line on their own, without a copy of the statements.
        ordered = prepare(quads, union=False)
        for fmt, name in RELEASE_DATASET_FILES.items():
            header = header_for(_command(fmt, release=True))
            with progress.task(f"Writing {name}", total=len(quads)) as advance, (tmp / name).open("wb") as handle:
                if fmt in ("trig", "nquads", "jsonld"):
                    write_quads(ordered, fmt, handle, header=header, prepared=True, advance=advance)
                else:
                    write_quads(quads, fmt, handle, header=header, advance=advance)
        del ordered
        files: dict[str, bytes] = {}
        ontology_quads, _ = select(project, ontology=True)
        files["ontology.ttl"] = serialize_quads(ontology_quads, "turtle", header=header_for(_command("turtle", ontology=True))).encode("utf-8")
        if project.shape_files():
            shape_quads, _ = select(project, shapes=True)
            files["shapes.ttl"] = serialize_quads(shape_quads, "turtle", header=header_for(_command("turtle", shapes=True))).encode("utf-8")
        files["ontology.html"] = ontology_html(project, quads).encode("utf-8")
        for path in sorted(project.queries_dir.glob("*.rq")):
            files[f"queries/{path.name}"] = path.read_bytes()
        for name, data in sorted(included_texts.items()):
            files[f"sources/{name}"] = data
        files[SOURCES_SUMS] = "".join(f"{t.sha256}  sources/{t.text_file}\n" for t in sorted(texts, key=lambda t: t.text_file)).encode("utf-8")
        for name, data in files.items():
            _write(tmp, name, data)

        # The version: the data's date and a hash of all the content published so far.
        content = sorted([*files, *RELEASE_DATASET_FILES.values()])
        version = data_version(modified, hashlib.sha256(_sha256sums(tmp, content).encode("utf-8")).hexdigest())

        changelog, notes, changes = _changelog(earlier, quads, version, modified, graph_dates, project)
        dataset_facts = {name: FileFacts.of((tmp / name).read_bytes()) for name in RELEASE_DATASET_FILES.values()}
        listing = sorted([*content, *DESCRIPTION_FILES.values(), "CHANGES.md", "README.md", "SHA256SUMS"])
        descriptions = {
            profile: describe(project, quads=quads, store=store, endpoint=endpoint, release_files=listing, version=version,
                              file_facts=dataset_facts, profile=profile, version_notes=notes)
            for profile in DESCRIPTION_FILES
        }
        description = descriptions["3.0.1"]
        for profile, name in DESCRIPTION_FILES.items():
            _write(tmp, name, descriptions[profile].turtle.encode("utf-8"))
        _write(tmp, "CHANGES.md", changelog)
        _write(tmp, "README.md", readme(description, listing, notes=notes, earlier=earlier, changes=changes).encode("utf-8"))
        # The static pages of every IRI (htkg.serve.site): made from the data above, so they are
        # not part of the version's hash.
        write_site(project, tmp / "site", quads=quads, description=description.turtle)
        (tmp / "SHA256SUMS").write_text(_sha256sums(tmp), encoding="utf-8")
        _swap_into_place(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    warnings = []
    if description.contact_email.endswith("@" + _PLACEHOLDER_DOMAIN) or not description.contact_email:
        warnings.append(
            f"the contact e-mail is the placeholder {description.contact_email or '(none)'}: set vcard:hasEmail of "
            "<https://w3id.org/htkg/contact> in src/htkg/data/dataset.ttl before publishing"
        )
    names = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    return ReleaseResult(
        path=dest, files=names, triples=description.triples, graphs=len(description.graphs), version=version,
        modified=modified, previous=earlier.version if earlier else None, changes=notes,
        withheld_texts=sorted(t.text_file for t in texts if not t.redistributable), warnings=warnings,
    )


# --------------------------------------------------------------------------- the changelog


def _graph_file(project: Project, graph: str) -> str:
    """The file a curator edits to date a named graph."""
    stem = graph.rsplit("/", 1)[-1]
    if graph == str(GRAPH["ontology"]):
        return "ontology/htkg.ttl"
    for folder in (project.graph_dir, project.sources_dir):
        if (folder / f"{stem}.ttl").is_file():
            return project.relative(folder / f"{stem}.ttl")
    return f"graph/{stem}.ttl"


def _check_dates(changes: Changes, graph_dates: dict[str, str], earlier: PreviousRelease, project: Project) -> None:
    """Each named graph that changed since the earlier release must record a day of change no
    earlier than that release's (the derived graph follows from the others and is exempt):
    otherwise the new release's dcterms:modified would not move with its data."""
    if not earlier.modified:
        return
    stale = [(g, graph_dates.get(g)) for g in changes.changed_graphs if g != DERIVED_GRAPH and (graph_dates.get(g) or "") < earlier.modified]
    if not stale:
        return
    lines = [f"{_graph_file(project, g)}: graph <{g}> says {date or 'nothing'}" for g, date in stale]
    raise ConformanceError(
        f"{len(stale)} named graph(s) changed since release {earlier.version} ({earlier.modified}) without a later "
        "day of change:\n  " + "\n  ".join(lines),
        where=_graph_file(project, stale[0][0]),
        hint='set each one\'s `<graph IRI> dcterms:modified "YYYY-MM-DD"^^xsd:date` (the ontology: its dcterms:modified) '
        "to the day of the change",
    )


def _changelog(earlier, quads, version, modified, graph_dates, project) -> tuple[bytes, str, Changes | None]:
    """CHANGES.md, the one-line version notes, and the changes themselves (None when there is no
    earlier release, or when the earlier release is this very version and keeps its changelog)."""
    if earlier is None:
        notes = "First release."
        text = f"# Changes in release {version}\n\n<!-- Generated by `htkg export --release`; do not edit. -->\n\n{notes} No earlier release was given to compare with.\n"
        return text.encode("utf-8"), notes, None
    if earlier.version == version and earlier.changelog is not None:
        return earlier.changelog, earlier.version_notes or "", None
    changes = compare(earlier.quads, quads)
    _check_dates(changes, graph_dates, earlier, project)
    notes = f"Since release {earlier.version}: {changes.summary()}."
    return _changes_markdown(changes, version, modified, earlier, notes).encode("utf-8"), notes, changes


def _prefixed(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9._-]+", iri[len(ns):] or "!"):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _changes_markdown(changes: Changes, version: str, modified: str | None, earlier: PreviousRelease, notes: str) -> str:
    lines = [
        f"# Changes in release {version}",
        "",
        "<!-- Generated by `htkg export --release`; do not edit. -->",
        "",
        f"Compared with release {earlier.version} ({earlier.modified or 'no date'}); this release's data last changed "
        f"on {modified or 'no date'}. {md_text(notes)}",
        "",
        "A record is an IRI the project mints (under `https://w3id.org/htkg/id/`) with every statement about it and its "
        "parts (anchors, quantities, instants), in every graph but the derived one. Changed means its statements differ.",
    ]
    for kind in KINDS:
        for what, found in (("Added", changes.added[kind]), ("Changed", changes.changed[kind]), ("Removed", changes.removed[kind])):
            if not found:
                continue
            lines += ["", f"## {what} {kind} ({len(found)})", ""]
            for record in found:
                label = f": {md_text(_short(record.label))}" if record.label else ""
                lines.append(f"- `{_prefixed(record.iri)}`{label}")
    lines += ["", "## Named graphs", "", "| graph | triples before | triples after | changed |", "| --- | --- | --- | --- |"]
    for graph, (before, after) in changes.graphs.items():
        lines.append(f"| `{graph}` | {before} | {after} | {'yes' if graph in changes.changed_graphs else 'no'} |")
    lines.append("")
    return "\n".join(lines)


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------- the README


def md_text(text: str) -> str:
    """Text from the data as plain Markdown text: on one line, HTML's special characters as
    entities (a title like `<b>Report</b>` shows as written, it does not become markup) and
    Markdown's inline punctuation escaped (no accidental emphasis, link, code or table cell)."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|~#])", r"\\\1", text)


_WHAT = {
    "htkg.ttl": "the whole dataset, all named graphs merged (Turtle)",
    "htkg.nt": "the whole dataset, all named graphs merged (N-Triples)",
    "htkg.trig": "the dataset with its named graphs (TriG)",
    "htkg.nq": "the dataset with its named graphs (N-Quads)",
    "htkg.jsonld": "the dataset with its named graphs as JSON-LD @graph objects",
    "ontology.ttl": "the ontology and its SKOS concept schemes (Turtle)",
    "ontology.html": "documentation of the ontology: classes, properties, concept schemes, an example of each main class",
    "shapes.ttl": "the SHACL shapes the data conforms to (Turtle)",
    "description.ttl": "the dataset description: DCAT-AP 3.0.1 and VoID (Turtle)",
    "description-dcat-ap-2.1.1.ttl": "the same description for DCAT-AP 2.1.1 harvesters (SHA-1 checksums, sizes as xsd:decimal)",
    "CHANGES.md": "what changed since the previous release (claims, entities, discrepancies, graphs)",
    "README.md": "this file",
    "SHA256SUMS": "SHA-256 checksums of every file (check with `sha256sum -c SHA256SUMS`)",
    SOURCES_SUMS: "SHA-256 of every source text, included here or not (`sha256sum -c sources/SHA256SUMS` once you have them)",
}

_CHECK_QUOTES = '''```python
# Check every quote at its offsets (Unicode code points, end exclusive) in the texts under sources/.
import hashlib, pyoxigraph as ox
store = ox.Store(); store.load(path="htkg.nq", format=ox.RdfFormat.N_QUADS)
rows = store.query("""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX htkg: <https://w3id.org/htkg/ontology#>
  SELECT ?file ?sha ?exact ?start ?end WHERE { ?anchor oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
  ?doc htkg:textFile ?file ; htkg:sha256 ?sha . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }""",
  use_default_graph_as_union=True)
for file, sha, exact, start, end in rows:
    data = open(f"sources/{file.value}", "rb").read()
    assert hashlib.sha256(data).hexdigest() == sha.value, file.value
    assert data.decode("utf-8")[int(start.value):int(end.value)] == exact.value, (file.value, start.value)
```'''


def _loading(graphs: list[str]) -> list[str]:
    group = "urn:x-htkg:union"
    lines = [
        "## Loading into a triple store",
        "",
        f"The dataset has {len(graphs)} named graphs (listed below) and nothing in the default graph. The query "
        "library (`queries/`) expects the default graph to be the union of the named graphs; each store below "
        "says how to get that. Load `htkg.nq` (or `htkg.trig`): they keep the graphs; `htkg.ttl` and `htkg.nt` "
        "hold the same triples merged into one graph.",
        "",
        "**Oxigraph** (`pip install oxigraph` or the `oxigraph` binary): load, then serve with the union default graph:",
        "",
        "```sh",
        "oxigraph load --location store --file htkg.nq",
        "oxigraph serve-read-only --location store --union-default-graph   # http://localhost:7878/query",
        "```",
        "",
        "Without `--union-default-graph` the default graph is empty and queries answer nothing; a single query can "
        "also ask for the union with `?union-default-graph` on the query URL.",
        "",
        "**Apache Jena Fuseki** (TDB2): load with `tdb2.tdbloader --loc DB htkg.nq`, then serve the database with "
        "the union default graph set in its configuration (`fuseki-server --config config.ttl`):",
        "",
        "```turtle",
        "PREFIX fuseki: <http://jena.apache.org/fuseki#>",
        "PREFIX tdb2:   <http://jena.apache.org/2016/tdb#>",
        "<#service> a fuseki:Service ; fuseki:name \"htkg\" ;",
        "    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name \"sparql\" ] ;",
        "    fuseki:dataset <#dataset> .",
        "<#dataset> a tdb2:DatasetTDB2 ; tdb2:location \"DB\" ; tdb2:unionDefaultGraph true .",
        "```",
        "",
        "Without that setting, name the union graph per request: `default-graph-uri=urn:x-arq:UnionGraph`.",
        "",
        "**OpenLink Virtuoso**: put the folder in `DirsAllowed` (virtuoso.ini), bulk-load the quads, and group the "
        f"named graphs into one graph group, `{group}`, that queries take as their default graph:",
        "",
        "```sql",
        f"ld_dir('/path/to/this/folder', 'htkg.nq', '{group}-default');",
        "rdf_loader_run();",
        "checkpoint;",
        f"DB.DBA.RDF_GRAPH_GROUP_CREATE('{group}', 1);",
        *[f"DB.DBA.RDF_GRAPH_GROUP_INS('{group}', '{g}');" for g in graphs],
        "```",
        "",
        f"Then query with `default-graph-uri={group}` (and, for queries with `GRAPH`, each graph as a "
        "`named-graph-uri`): without it Virtuoso's default graph also holds its own system graphs. On a server "
        "that holds this dataset alone, naming no graph is much faster (a graph group of many graphs makes "
        "Virtuoso check each pattern against every member): the default graph is then every graph the server "
        "holds, its own few system graphs (`virtrdf#`) included, which the query library does not match.",
        "",
        "**Ontotext GraphDB**: import `htkg.nq` or `htkg.trig` into a repository (Workbench: Import, keeping the "
        "graphs of the data; or `importrdf load -i <repository> htkg.nq`). GraphDB's default graph already is the "
        "union of all graphs: nothing to set.",
    ]
    return lines


def readme(description, names: list[str], *, notes: str = "", earlier=None, changes=None) -> str:
    """The README of a release folder, for the portal page. Text from the data is escaped."""
    texts = description.texts
    lines = [
        f"# {md_text(description.title)}",
        "",
        "<!-- Generated by `htkg export --release`; do not edit. -->",
        "",
        md_text(description.summary),
        "",
        f"- Version: {description.version} (the data's last change: {description.modified or 'no date'})",
        f"- Download: {description.release_base}",
        f"- Cite as: {md_text(description.citation)}",
        f"- Licence of the curated statements: {md_text(description.license_label)} ({description.license})",
        f"- Temporal coverage: {description.temporal_start} to {description.temporal_end}",
        f"- Size: {description.triples} triples in {len(description.graphs)} named graphs",
        f"- Landing page: {description.landing_page}",
    ]
    if description.contact_email:
        lines.append(f"- Contact: {md_text(description.contact_email)}")
    lines.append(f"- Changes: {md_text(notes or 'see CHANGES.md')} (`CHANGES.md`)")
    lines += [
        "",
        "## Terms of use",
        "",
        f"- The curated statements (claims, assessments, entities, discrepancies and their descriptions) are "
        f"licensed under {md_text(description.license_label)} ({description.license}). Cite the dataset as above.",
        "- The quotations from the source documents (`oa:exact`, each with its document and character offsets) "
        "remain their authors'; they are reproduced as quotations, to show what each claim rests on, and are not "
        "covered by that licence.",
        "- The source texts stay under their own terms, below. A text is included in `sources/` only where its "
        "rights allow; of the others this release holds only the quotations the claims need (no text around them).",
        "",
        "| source document | rights | full text here | SHA-256 of the text |",
        "| --- | --- | --- | --- |",
    ]
    for text in texts:
        here = f"`sources/{text.text_file}`" if text.redistributable else "no: quotations only"
        lines.append(f"| {md_text(text.title)} (`{text.document}`) | {md_text(text.access_label or 'not recorded')} | {here} | "
                     f"`{text.sha256}` |")
    withheld = [t for t in texts if not t.redistributable]
    if withheld:
        lines += ["", "Where to obtain the texts not included (no address is recorded):", ""]
        for text in withheld:
            lines.append(f"- {md_text(text.citation or text.title)}")
    notices = [t for t in texts if t.rights]
    if notices:
        lines += ["", "The documents' own rights statements:", ""]
        for text in notices:
            lines.append(f"- {md_text(text.title)}: {md_text(text.rights)}")
    lines += [
        "",
        "## Checking the quotations",
        "",
        "Every claim carries its quote (`oa:TextQuoteSelector`) and its offsets (`oa:TextPositionSelector`) in its "
        "document's text, and each document its text's SHA-256 (`htkg:sha256`). With the texts in `sources/` "
        "(those not included obtained from their citations), `sha256sum -c sources/SHA256SUMS` checks they are the "
        "texts the offsets count in, and this checks every quote:",
        "",
        _CHECK_QUOTES,
        "",
        *_loading(list(description.graphs)),
        "",
        "## Files",
        "",
        "| file | what it holds |",
        "| --- | --- |",
    ]
    for name in sorted(set(names)):
        if name.startswith("queries/"):
            continue
        what = _WHAT.get(name, "")
        if not what and name.startswith("sources/"):
            what = "the full text of a source document, exactly as received"
        lines.append(f"| `{name}` | {what} |")
    queries = [n for n in names if n.startswith("queries/")]
    if queries:
        lines.append(f"| `queries/` | the SPARQL query library ({len(queries)} queries) |")
    lines += ["", "## Named graphs", "", "| graph | triples | last changed |", "| --- | --- | --- |"]
    for graph, count in description.graphs.items():
        lines.append(f"| `{graph}` | {count} | {description.graph_dates.get(graph, '')} |")
    lines.append("")
    return "\n".join(lines)

