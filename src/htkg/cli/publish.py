"""`htkg publish`: replace each named graph on a SPARQL 1.1 Graph Store, then check its count."""

from __future__ import annotations

import os

from ..errors import UsageError
from ..publish import publish
from ._common import err, out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "publish",
        help="upload the built graph to a SPARQL Graph Store, one named graph at a time, and check the counts",
        description="Replace each named graph of the built dataset (run `htkg build` first) on a triple store "
        "with one SPARQL 1.1 Graph Store Protocol PUT per graph, then count each graph's triples on the server "
        "with a SPARQL query. Stops at the first failure and says which graphs were replaced and which were not. "
        "HTTP basic authentication is read from the environment variables HTKG_USER and HTKG_PASSWORD.",
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
    user, password = os.environ.get("HTKG_USER"), os.environ.get("HTKG_PASSWORD")
    if bool(user) != bool(password):
        raise UsageError("set both HTKG_USER and HTKG_PASSWORD, or neither", hint="basic authentication needs both")
    auth = (user, password) if user else None
    result = publish(project, args.endpoint, store=args.store, auth=auth, backup_dir=args.backup, timeout=args.timeout,
                     allow_unvalidated=args.allow_unvalidated)
    (out if result.ok else err)(result.text())
    return result.exit_code
