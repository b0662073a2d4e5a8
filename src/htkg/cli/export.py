"""`htkg export`: write the built dataset in a standard RDF format."""

from __future__ import annotations

import sys

from ..export import FORMATS, export
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "export",
        help="write the built graph as TriG or N-Quads",
        description="Write the built dataset (run `htkg build` first) in a standard format, deterministically.",
    )
    parser.add_argument("--format", choices=sorted(FORMATS), default="trig", help="output format (default: trig)")
    parser.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    text = export(project, args.format, out=args.out)
    if args.out:
        out(f"Wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0
