"""`htkg validate`: check the built graph (or given RDF files) against the SHACL shapes."""

from __future__ import annotations

import sys

from ..errors import InputError
from ..validate import ENGINES, validate_built, validate_files
from ._common import project_of

FORMATS = ("text", "turtle", "json")


def register(sub) -> None:
    parser = sub.add_parser(
        "validate",
        help="check the built graph (or RDF files) against the SHACL shapes in shapes/",
        description="Validate the built graph (out/htkg.nq) or the given RDF files, with the ontology, against "
        "shapes/*.ttl, and print the report: each problem with its severity, record, file and line, and what to fix. "
        "Exit 0 when the data conforms (warnings allowed), 1 when it does not, 2 when data or shapes cannot be loaded.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate instead of the built graph")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument(
        "--engine",
        choices=("auto", *ENGINES),
        default="auto",
        help="SHACL engine (default: pyshacl-turbo when installed, else pyshacl)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    if args.files:
        report = validate_files(args.files, project, engine=args.engine)
    else:
        if not project.dataset_path.exists():
            raise InputError("no built graph", where=project.relative(project.dataset_path), hint="run htkg build first")
        report = validate_built(project, engine=args.engine)
    if args.format == "json":
        sys.stdout.write(report.to_json())
    elif args.format == "turtle":
        sys.stdout.write(report.to_turtle())
    else:
        sys.stdout.write(report.text)
    return 0 if report.conforms else 1
