"""`htkg export`: write the built dataset, one graph, the ontology or the shapes in a standard
RDF format, or a complete release folder for linked-data and open-data portals."""

from __future__ import annotations

import sys

from ..errors import UsageError
from ..export import FORMATS, export
from ..release import release
from ._common import err, out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "export",
        help="write the built graph in Turtle, TriG, N-Triples, N-Quads or JSON-LD, or a release folder",
        description="Write the built dataset (run `htkg build` first), one of its named graphs, the ontology "
        "or the shapes in a standard format, deterministically (same input, same bytes). Turtle and "
        "N-Triples of the whole dataset hold the union of its graphs; TriG, N-Quads and JSON-LD keep the "
        "named graphs. --release DIR writes every format, the ontology and its documentation, the shapes, "
        "the queries, the source texts whose rights allow it, DCAT-AP + VoID descriptions, a changelog, a README "
        "and SHA256SUMS, under a data version (the day the data last changed and a hash of its content).",
    )
    parser.add_argument("--format", choices=FORMATS, default="trig", help="output format (default: trig)")
    parser.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--graph", metavar="NAME", help="only this named graph: a curated file's stem (e.g. reference) or the full graph IRI")
    what.add_argument("--ontology", action="store_true", help="the ontology and concept schemes (ontology/*.ttl)")
    what.add_argument("--shapes", action="store_true", help="the SHACL shapes (shapes/*.ttl)")
    what.add_argument("--release", metavar="DIR", help="write a complete release folder to DIR (replaced as a whole)")
    parser.add_argument("--endpoint", metavar="URL", help="with --release: the public SPARQL endpoint to name in the description")
    parser.add_argument("--previous", metavar="DIR", help="with --release: the earlier release folder the changelog compares with "
                        "(default: the release at the --release folder, if any)")
    parser.add_argument("--allow-unvalidated", action="store_true",
                        help="with --release: release data that no build validated against shapes/ (refused otherwise)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    if args.endpoint and not args.release:
        raise UsageError("--endpoint goes with --release", hint="htkg export --release DIR --endpoint URL")
    if args.previous and not args.release:
        raise UsageError("--previous goes with --release", hint="htkg export --release DIR --previous EARLIER-DIR")
    if args.release:
        if args.out:
            raise UsageError("--out does not go with --release", hint="--release DIR names the folder")
        result = release(project, args.release, endpoint=args.endpoint, previous=args.previous,
                         allow_unvalidated=args.allow_unvalidated)
        out(f"Wrote release {result.version} to {args.release}: {result.triples} triples in {result.graphs} named graphs, "
            f"{len(result.files)} files")
        out(f"  {result.changes}")
        if result.withheld_texts:
            out(f"  Full text not included (its rights do not allow it): {', '.join(result.withheld_texts)}")
        for name in result.files:
            if not name.startswith("site/"):
                out(f"  {name}")
        site = sum(1 for name in result.files if name.startswith("site/"))
        if site:
            out(f"  site/ ({site} files: the static pages of every IRI, with .htaccess rules)")
        for warning in result.warnings:
            err(f"Warning: {warning}")
        return 0
    if args.out:
        result = export(project, args.format, out=args.out, graph=args.graph, ontology=args.ontology, shapes=args.shapes)
        out(f"Wrote {args.out}: {result.selection}, {result.statements} statements ({args.format})")
    else:
        # Streamed to standard output as it is serialized, never held whole.
        sys.stdout.flush()
        export(project, args.format, stream=sys.stdout.buffer, graph=args.graph, ontology=args.ontology, shapes=args.shapes,
               quiet=sys.stdout.isatty())
    return 0
