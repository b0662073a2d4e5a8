"""`htkg network`: one view of the network derived from the graph (actors, evidence or routes),
analysed on that view's own ties and printed as a table that says what its measures mean,
optionally written as a page, a picture or a file for Gephi/Cytoscape."""

from __future__ import annotations

import re
import textwrap

from ..network import EDGE_TYPES, FORMATS, VIEWS, network
from ..network.analysis import MEASURES
from ..network.model import VIEW_EDGES
from ..network.style import COLOUR_BY
from ..errors import UsageError
from ..query import endpoint_warning
from ..remote import auth_from_env
from ._common import err, out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "network",
        help="who works with whom, who says what on whose word, where people are taken: a view of the network as a table, page or picture",
        description="Derive one view of the network from the built graph by SPARQL and analyse it on that view's own ties. "
        "actors: who works with whom (co-participation in events, support, training, cooperation, influence, membership, "
        "funding), actors only. evidence: who says what on whose word (authors and publishers of documents, documents "
        "relaying others' claims and citing others' works, assessments), among authors, bodies and documents. routes: "
        "places and trafficking flows by form of exploitation, victim group, document and period. Print degree, "
        "betweenness, PageRank, communities and brokers, and what they mean in the view; with --format and --out, write it.",
        epilog="Edge types by view: " + "; ".join(
            f"{view}: " + ", ".join(f"{t} ({EDGE_TYPES[t][1]})" for t in types) for view, types in VIEW_EDGES.items()),
    )
    parser.add_argument("--view", choices=VIEWS, default="actors", help="actors (default), evidence or routes")
    when = parser.add_argument_group(
        "years and documents",
        "A tie is kept when some of its evidence holds in the years chosen: a claim's reference period (the time the "
        "claim holds for, time:hasTime in the direct layer), else the time of the event or route it is about, a "
        "document's date of issue for writing and publishing. A period open at the end (\"since 2001\") holds from its "
        "first year on, one open at the start (\"by March 2004\") in its last year only. Undated evidence is left out "
        "when years are given, unless --include-undated. The command says how many ties the years and documents left "
        "out, and why.")
    when.add_argument("--year", type=_year, metavar="YYYY", help="only ties whose evidence holds in this year")
    when.add_argument("--years", type=_year_range, metavar="FROM-TO", help="only ties whose evidence holds in some year of this range (e.g. 2004-2010)")
    when.add_argument("--since", type=_year, metavar="YYYY", help="only ties whose evidence holds in this year or later")
    when.add_argument("--until", type=_year, metavar="YYYY", help="only ties whose evidence holds in this year or earlier")
    when.add_argument("--include-undated", action="store_true", help="with a year filter, keep the ties that have no dated evidence")
    when.add_argument("--document", "--source", dest="documents", action="append", default=[], metavar="SLUG",
                      help="only what this document says (its slug, e.g. carim-east-2013-azerbaijan); repeatable")
    parser.add_argument("--kind", action="append", default=[], metavar="KIND",
                        help="only nodes of this kind and the kinds under it (e.g. Ministry, NGO, Organisation, Country); repeatable")
    parser.add_argument("--edge", action="append", default=[], metavar="TYPE", choices=sorted(EDGE_TYPES),
                        help="only edges of this type (one of the view's types); repeatable")
    parser.add_argument("--colour-by", "--color-by", dest="colour_by", choices=COLOUR_BY, default="kind",
                        help="colour the ties by kind (default: type of tie; form of exploitation on the map), by the latest "
                        "year of their evidence (a sequential palette, undated grey) or by document (several: black); the "
                        "pictures also write the year or document tag by each tie and the legend says which colour is which; "
                        "the page can change it")
    parser.add_argument("--format", choices=sorted(FORMATS), help="write the network in this format (needs --out)")
    parser.add_argument("--out", metavar="FILE", help="the file to write")
    parser.add_argument("--endpoint", metavar="URL",
                        help="read the graph from this SPARQL 1.1 endpoint instead of out/htkg.nq "
                        "(its default graph must be the union of the named graphs; HTTP credentials from HTKG_USER and "
                        "HTKG_PASSWORD)")
    parser.add_argument("--top", type=int, default=30, metavar="N", help="rows of the table (default 30; 0 for all)")
    parser.set_defaults(handler=run)


def _year(text: str) -> int:
    """A year as written on the command line: four digits."""
    import argparse

    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year: write four digits, e.g. 2010")
    return int(text)


def _year_range(text: str) -> tuple[int, int]:
    """FROM-TO (or one year), e.g. 2004-2010."""
    import argparse

    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-\u2013]\s*(\d{4})\s*)?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a range of years: write FROM-TO, e.g. 2004-2010")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if first > last:
        raise argparse.ArgumentTypeError(f"{text!r} is an empty range: the first year comes after the last; write {last}-{first}")
    return first, last


def window(args) -> tuple[int | None, int | None]:
    """The years asked for, from --year, --years, --since and --until (one way at a time)."""
    given = [name for name, value in (("--year", args.year), ("--years", args.years)) if value is not None]
    if args.since is not None or args.until is not None:
        given.append("--since/--until")
    if len(given) > 1:
        raise UsageError("give the years one way: " + " or ".join(given), hint="use --year YYYY, --years FROM-TO, or --since/--until")
    if args.year is not None:
        return args.year, args.year
    if args.years is not None:
        return args.years
    if args.since is not None and args.until is not None and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}", hint="give a year range that is not empty")
    return args.since, args.until


def left_out_message(left_out: dict[str, int], since, until, documents) -> str:
    """What the year and document filters left out, in words (empty when nothing was)."""
    if not left_out:
        return ""
    years = (f"{since}" if since == until else f"{since or '…'}–{until or '…'}") if (since or until) else ""
    parts = []
    if left_out.get("outside"):
        parts.append(f"{left_out['outside']} dated outside {years}")
    if left_out.get("undated"):
        parts.append(f"{left_out['undated']} with no dated evidence (--include-undated keeps them)")
    if left_out.get("document"):
        parts.append(f"{left_out['document']} not in {', '.join(documents)}")
    total = sum(left_out.values())
    return f"Left out {total} tie{'s' if total != 1 else ''}: " + "; ".join(parts) + "."


def run(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..terminal import literal

    since, until = window(args)
    if args.include_undated and since is None and until is None:
        raise UsageError("--include-undated needs years to filter by", hint="add --year, --years, --since or --until")
    project = project_of(args)
    auth = auth_from_env() if args.endpoint else None
    result = network(
        project,
        fmt=args.format,
        out=args.out,
        colour_by=args.colour_by,
        view=args.view,
        since=since,
        until=until,
        include_undated=args.include_undated,
        kinds=args.kind,
        edge_types=args.edge,
        documents=args.documents,
        endpoint=args.endpoint,
        auth=auth,
    )
    net, analysis = result.network, result.analysis
    console = Console(highlight=False, soft_wrap=False, width=160)
    console.print(
        f"{args.view} network: {analysis.nodes} nodes, {analysis.edges} edges, "
        f"{analysis.components} connected components, {len(analysis.communities)} communities"
    )
    counts = {t: sum(1 for e in net.edges if e.type == t) for t in net.edge_types}
    if counts:
        console.print("Edges by type: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    message = left_out_message(net.left_out, since, until, args.documents)
    if message:
        console.print(literal(message))
    console.print(textwrap.fill(analysis.explanation, width=110))
    console.print(textwrap.fill("Measures: " + "; ".join(f"{k}: {v}" for k, v in MEASURES.items()) + ".", width=110))
    rows = analysis.rows if args.top == 0 else analysis.rows[: args.top]
    table = Table(title=None, show_lines=False)
    columns = [("node", "left"), ("kind", "left")]
    if net.view == "routes":
        columns.append(("roles", "left"))
    columns += [("degree", "right"), ("betweenness", "right"), ("PageRank", "right"), ("community", "right"), ("broker", "left")]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for r in rows:  # labels, kinds and roles come from the data: printed literally, never as markup
        cells = [literal(r.label), literal(r.kind)]
        if net.view == "routes":
            cells.append(literal(", ".join(net.roles.get(r.id, {}))))
        cells += [str(r.degree), f"{r.betweenness:.4f}", f"{r.pagerank:.4f}", str(r.community),
                  "articulation" if r.articulation else ("yes" if r.broker else "")]
        table.add_row(*cells)
    console.print(table)
    if len(rows) < len(analysis.rows):
        console.print(f"({len(analysis.rows) - len(rows)} more nodes; --top 0 lists all)")
    brokers = analysis.brokers
    if brokers:
        console.print(literal(f"Brokers of the {net.view} view: " + "; ".join(
            f"{b.label} (communities {b.communities_reached}, betweenness {b.betweenness:.3f})" for b in brokers)))
    for note in analysis.notes:
        console.print(literal(f"Note: {note}"))
    if result.output:
        out(f"Wrote {result.output} ({result.format}: {analysis.nodes} nodes, {analysis.edges} edges)")
    if args.endpoint and analysis.nodes == 0:
        warning = endpoint_warning(args.endpoint, auth=auth)
        if warning:
            err(f"Warning: {warning}")
    return 0
