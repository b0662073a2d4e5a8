"""`htkg queries`: list the query library with each query's question and parameters."""

from __future__ import annotations

from ..query import library
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "queries",
        help="list the query library (queries/*.rq) with each question and its parameters",
        description="List the queries of the library: name, the question it answers, its parameters "
        "(with type and default) and tags. Run one with `htkg query NAME`.",
    )
    parser.add_argument("--tag", metavar="TAG", help="only the queries with this tag")
    parser.add_argument("--all", action="store_true", help="also list construct-* and *-violation queries")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    queries = library(project)
    if args.tag:
        queries = [q for q in queries if args.tag in q.tags]
    if not args.all:
        queries = [q for q in queries if q.role == "question"]
    for query in queries:
        out(query.name)
        out(f"    {query.question or query.summary}")
        for param in query.params:
            out(f"    --param {param.describe()}")
        if query.tags:
            out(f"    tags: {', '.join(query.tags)}")
    out("")
    out(f"{len(queries)} queries. Run one with `htkg query NAME`.")
    return 0
