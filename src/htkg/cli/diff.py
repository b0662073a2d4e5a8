"""`htkg diff`: what a later report adds, drops or changes against an earlier one."""

from __future__ import annotations

from ..extract.diff import diff_documents, to_turtle
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "diff",
        help="what a later report adds, drops or changes against an earlier one (tier, roles, destinations, figures)",
        description="Compare two documents of the built graph on the subjects yearly reports share: tier placements, "
        "country roles, destinations and figures (by indicator, reference period and destination). Prints a Markdown "
        "table, or with --turtle each changed value as a proposed htkg:Discrepancy between the two documents' claims. "
        "Exit 2 when a document is not in the built graph.",
    )
    parser.add_argument("before", help="the earlier document's slug")
    parser.add_argument("after", help="the later document's slug")
    parser.add_argument("--same", action="store_true", help="list what both say alike too")
    parser.add_argument("--turtle", action="store_true", help="print each changed value as a proposed htkg:Discrepancy (Turtle) instead of the table")
    parser.set_defaults(handler=run)


def run(args) -> int:
    changes = diff_documents(project_of(args), args.before, args.after, same=args.same)
    if args.turtle:
        out(to_turtle(changes, args.before, args.after).rstrip("\n"))
        return 0
    out(f"| kind | subject | {args.before} | {args.after} | change |")
    out("| --- | --- | --- | --- | --- |")
    for c in changes:
        out(f"| {c.kind} | {c.subject} | {c.before} | {c.after} | {c.change} |")
    return 0
