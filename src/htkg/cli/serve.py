"""`htkg serve`: serve the built graph as a linked-data site with a SPARQL endpoint."""

from __future__ import annotations

import sys

from ._common import project_of


def register(sub) -> None:
    from ..serve.app import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, DEFAULT_WORKERS

    parser = sub.add_parser(
        "serve",
        help="serve the built graph: SPARQL endpoint, query page, a page for every IRI",
        description="Serve the built graph (out/htkg.nq), read-only: the SPARQL 1.1 Protocol at /sparql, "
        "a query page at /query, a page for every IRI under https://w3id.org/htkg/ with content negotiation "
        "(https://w3id.org/htkg/id/actor/osce at /id/actor/osce), claims in the text of their source, the "
        "actor network at /network and the ontology at /ontology. Nothing is loaded from the network.",
        epilog="Example: htkg serve --port 8000, then open http://127.0.0.1:8000/query",
    )
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a query after this many seconds (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                        help=f"refuse answers of more rows or triples (default: {DEFAULT_MAX_ROWS})")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, metavar="N",
                        help=f"query worker processes (default: {DEFAULT_WORKERS})")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..serve.app import serve

    serve(project_of(args), host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
          workers=args.workers, announce=lambda text: print(text, file=sys.stderr, flush=True))
    return 0
