"""Accept a reviewed draft: check that it parses and that every quote still stands at its
offsets in the document's text, then move it to graph/<slug>.ttl with the day it was accepted
as the graph's dcterms:modified. The build then validates it like any curated file."""

from __future__ import annotations

import re
from datetime import date as _date
from pathlib import Path

import pyoxigraph as ox

from .. import anchors
from ..errors import InputError
from ..project import Project
from .draft import PROPOSED_NOTE, draft_path
from .turtle import SLUG_PATTERN, write_atomic

__all__ = ["accept_draft", "ACCEPTED_NOTE"]

HTKG = "https://w3id.org/htkg/ontology#"
ACCEPTED_NOTE = "extracted by htkg extract and accepted by a curator"


def accept_draft(project: Project, slug: str, draft: str | Path | None = None, *, today: str | None = None) -> Path:
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(f"{slug!r} is not a document's slug", where=slug, hint="give the slug of a document under sources/")
    source = draft_path(project, slug) if draft is None else Path(draft)
    where = project.relative(source) if draft is None else str(draft)
    text_path = project.sources_dir / f"{slug}.txt"
    if not text_path.exists():
        raise InputError(f"no registered document {slug!r}", where=f"sources/{slug}.txt", hint="register it with `htkg add FILE`, then `htkg extract SLUG`")
    target = project.graph_dir / f"{slug}.ttl"
    if target.exists():
        raise InputError(
            f"graph/{slug}.ttl exists: the document's claims were accepted already",
            where=f"graph/{slug}.ttl",
            hint="edit graph/" + slug + ".ttl by hand (see graph/CURATING.md); accept never overwrites curated evidence",
        )
    if not source.exists():
        raise InputError("no draft to accept", where=where, hint=f"make one with `htkg extract {slug}` and review it")
    body = source.read_text(encoding="utf-8")
    try:
        triples = list(ox.parse(body.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", where=where, hint="fix the draft (a candidate cut in half?) and accept again") from None
    text, _ = anchors.read_text(text_path, where=project.relative(text_path))
    _check_anchors(triples, text, where)
    today = today or _date.today().isoformat()
    lines = body.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    header = [
        f"# Curated evidence of sources/{slug}.txt: claims proposed by `htkg extract` and accepted on {today}.",
        "# Hand-edited from now on; see graph/CURATING.md.",
    ]
    body = "\n".join(lines).replace(f'"{PROPOSED_NOTE}: ', f'"{ACCEPTED_NOTE}: ')
    dated = f'\n<https://w3id.org/htkg/graph/{slug}> dcterms:modified "{today}"^^xsd:date .\n'
    prefix_end = _after_prefixes(body)
    content = "\n".join(header) + "\n" + body[:prefix_end] + dated + body[prefix_end:].rstrip("\n") + "\n"
    write_atomic(target, content.encode("utf-8"))
    if draft is None:
        source.unlink(missing_ok=True)
    return target


def _after_prefixes(body: str) -> int:
    last = None
    for last in re.finditer(r"^@prefix[^\n]*\n", body, flags=re.M):
        pass
    return last.end() if last else 0


def _check_anchors(triples: list[ox.Triple], text: str, where: str) -> None:
    by_subject: dict = {}
    for t in triples:
        if t.predicate.value in (HTKG + "quote", HTKG + "start", HTKG + "end") and isinstance(t.object, ox.Literal):
            by_subject.setdefault(t.subject, {})[t.predicate.value.rsplit("#", 1)[-1]] = t.object.value
    for subject, values in sorted(by_subject.items(), key=lambda kv: str(kv[0])):
        name = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
        quote = values.get("quote")
        try:
            start, end = int(values.get("start", "")), int(values.get("end", ""))
        except ValueError:
            raise InputError(f"{name}: htkg:start and htkg:end must be integers", where=where, hint="take them from `htkg anchor`") from None
        if quote is None or text[start:end] != quote:
            near = anchors.nearest_match(text, quote or "")
            found = f"; the nearest match is at {near.start}-{near.end}" if near else ""
            raise InputError(
                f"{name}: the quote {quote!r} does not stand at {start}-{end}{found}",
                where=where,
                hint="correct the quote or its offsets (`htkg anchor sources/<slug>.txt \"the words\"`), or delete the candidate",
            )
