"""`htkg network`: one view of the network derived from the graph (actors, evidence or routes),
analysed on that view's own ties and printed as a table that says what its measures mean,
optionally written as a page, a picture or a file for Gephi/Cytoscape."""

from __future__ import annotations

import textwrap

from ..network import EDGE_TYPES, FORMATS, VIEWS, network
from ..network.analysis import MEASURES
from ..network.model import VIEW_EDGES
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
    parser.add_argument("--since", type=int, metavar="YEAR", help="only links whose events, claims or documents reach this year or later")
    parser.add_argument("--until", type=int, metavar="YEAR", help="only links whose events, claims or documents begin by this year")
    parser.add_argument("--kind", action="append", default=[], metavar="KIND",
                        help="only nodes of this kind and the kinds under it (e.g. Ministry, NGO, Organisation, Country); repeatable")
    parser.add_argument("--edge", action="append", default=[], metavar="TYPE", choices=sorted(EDGE_TYPES),
                        help="only edges of this type (one of the view's types); repeatable")
    parser.add_argument("--source", metavar="SLUG", help="only what one document says (e.g. carim-east-2013-azerbaijan)")
    parser.add_argument("--format", choices=sorted(FORMATS), help="write the network in this format (needs --out)")
    parser.add_argument("--out", metavar="FILE", help="the file to write")
    parser.add_argument("--endpoint", metavar="URL",
                        help="read the graph from this SPARQL 1.1 endpoint instead of out/htkg.nq "
                        "(its default graph must be the union of the named graphs; HTTP credentials from HTKG_USER and "
                        "HTKG_PASSWORD)")
    parser.add_argument("--top", type=int, default=30, metavar="N", help="rows of the table (default 30; 0 for all)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..terminal import literal

    project = project_of(args)
    auth = auth_from_env() if args.endpoint else None
    result = network(
        project,
        fmt=args.format,
        out=args.out,
        view=args.view,
        since=args.since,
        until=args.until,
        kinds=args.kind,
        edge_types=args.edge,
        source=args.source,
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
