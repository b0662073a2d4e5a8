"""`htkg extract`: propose a registered document's claims as a draft curated file."""

from __future__ import annotations

from collections import Counter

from ..extract.draft import write_draft
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "extract",
        help="propose a registered document's claims as a draft curated file (out/drafts/SLUG.ttl)",
        description="Read sources/SLUG.txt and write out/drafts/SLUG.ttl: its figures as proposed claims (value or "
        "bounds, indicator, unit, year, destination, the total they are part of), each with its quote and offsets "
        "checked and a note of the rules that proposed it; mentions of entities the graph knows (its labels, ISO "
        "country names and demonyms); organisation-like names it does not know. The build never reads drafts: "
        "review it, then `htkg accept SLUG`. Exit 2 when SLUG is not a registered document.",
    )
    parser.add_argument("slug", help="the document's slug, as `htkg add` printed it")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    path, draft = write_draft(project, args.slug)
    figures = draft.of_kind("figure")
    active = [c for c in figures if c.active]
    out(f"wrote {project.relative(path)}")
    out(f"  {len(active)} proposed claim(s) with figures" + (f", {len(figures) - len(active)} more commented out (see why in the draft)" if len(active) < len(figures) else ""))
    kinds = Counter(c.figure.indicator for c in active)
    for indicator, count in sorted(kinds.items()):
        out(f"    {count:3d}  cpt:{indicator}")
    out(f"  {len(draft.of_kind('mention'))} mention(s) of known entities, {len(draft.of_kind('new-actor'))} name(s) of possible new actors")
    if (project.graph_dir / f"{args.slug}.ttl").exists():
        out(f"# graph/{args.slug}.ttl exists already: accept will not overwrite it; copy what you keep from the draft by hand")
    else:
        out(f"next: review {project.relative(path)}, then htkg accept {args.slug}")
    return 0
