"""`htkg accept`: move a reviewed draft into graph/<slug>.ttl."""

from __future__ import annotations

from ..extract.accept import accept_draft
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "accept",
        help="move a reviewed draft (out/drafts/SLUG.ttl) into graph/SLUG.ttl",
        description="Check that the reviewed draft parses and that every quote stands at its offsets, then move it to "
        "graph/SLUG.ttl, dated today (dcterms:modified). `htkg build` then validates it. Exit 2 when there is no "
        "draft, a quote is off, or graph/SLUG.ttl exists already (never overwritten).",
    )
    parser.add_argument("slug", help="the document's slug")
    parser.add_argument("--draft", metavar="FILE", help="the reviewed draft (default: out/drafts/SLUG.ttl)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    target = accept_draft(project, args.slug, args.draft)
    out(f"wrote {project.relative(target)}")
    out("next: htkg build   (validates it)")
    return 0
