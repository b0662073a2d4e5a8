"""`htkg publish`: replace each named graph on a SPARQL 1.1 Graph Store, then read it back and compare."""

from __future__ import annotations

from ..publish import publish
from ..remote import auth_from_env
from ._common import err, out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "publish",
        help="upload the built graph to a SPARQL Graph Store, one named graph at a time, and check what the endpoint shows",
        description="Replace each named graph of the built dataset (run `htkg build` first) on a triple store "
        "with one SPARQL 1.1 Graph Store Protocol PUT per graph, then read each graph back through the SPARQL "
        "endpoint and compare it with what was sent. Stops at the first failure and says which graphs were replaced and which were not. "
        "HTTP authentication (Basic, or Digest when the server asks for it) is read from the environment variables "
        "HTKG_USER and HTKG_PASSWORD.",
    )
    parser.add_argument("--endpoint", metavar="URL", required=True, help="the SPARQL query endpoint (e.g. http://host:7878/query)")
    parser.add_argument("--store", metavar="URL", help="the Graph Store address, when it differs from the endpoint's (e.g. http://host:7878/store)")
    parser.add_argument("--backup", metavar="DIR", help="save each graph's previous content (N-Triples) in DIR before replacing it")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS", help="per request (default: 300)")
    parser.add_argument("--allow-unvalidated", action="store_true",
                        help="publish data that no build validated against shapes/ (refused otherwise)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    auth = auth_from_env()
    result = publish(project, args.endpoint, store=args.store, auth=auth, backup_dir=args.backup, timeout=args.timeout,
                     allow_unvalidated=args.allow_unvalidated)
    (out if result.ok else err)(result.text())
    return result.exit_code
