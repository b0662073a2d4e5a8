"""`htkg add`: register a new source document (its text and its metadata record)."""

from __future__ import annotations

from ..extract.register import Metadata, add_document
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "add",
        help="register a new source document: its text under sources/ and its metadata record",
        description="Register FILE (.txt kept byte for byte; .pdf or .html converted to text, the original kept "
        "beside it) as sources/<slug>.txt with its metadata record sources/<slug>.ttl (title, author, date of issue, "
        "access rights, SHA-256). Never overwrites. Exit 2 for an empty file, a PDF with no text, a file that is not "
        "what its suffix says, a slug that is taken or missing metadata.",
    )
    parser.add_argument("file", help="the document: a .txt, .pdf or .html file")
    parser.add_argument("--slug", help="the document's short name (default: proposed from the title and year)")
    parser.add_argument("--title", help="its title (default: the text's first line)")
    parser.add_argument("--author", help="who wrote it (an actor of the graph by its label, or a new organisation)")
    parser.add_argument("--publisher", help="who published it")
    parser.add_argument("--date", help="when it was issued: YYYY-MM-DD, YYYY-MM or YYYY")
    parser.add_argument("--url", help="where it was taken from")
    parser.add_argument("--rights", help="a concept of cpt:text-rights (default: all-rights-reserved)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    meta = Metadata(title=args.title, author=args.author, publisher=args.publisher, date=args.date, url=args.url, rights=args.rights, slug=args.slug)
    added = add_document(project, args.file, meta)
    for path in added.files:
        out(f"wrote {project.relative(path)}")
    out(f"sha256 {added.sha256}")
    for note in added.notes:
        out(f"# {note}")
    out(f"next: htkg extract {added.slug}   (propose its claims), then htkg build")
    return 0
