"""The query library on OpenLink Virtuoso after `htkg publish`: one command, one table.

    python3 bench/virtuoso.py --size 1e6 --keep /tmp/htkg-bench     # grow, build (or reuse), measure
    python3 bench/virtuoso.py --project DIR                          # a project already built
    python3 bench/virtuoso.py --project DIR --graph-group            # the graph group, for comparison

Starts a private Virtuoso (Debian's virtuoso-opensource, `tests/virtuoso.py`: 127.0.0.1, free
ports, a temporary database), publishes the built dataset with
`htkg publish` (one Graph Store PUT per named graph, each read back and compared), then runs each
library query, its parameters bound as `bench/run.py` binds them, the way `htkg query NAME
--endpoint URL` sends it (`htkg.remote.run_endpoint`: a POST with the query and nothing else, so
the default graph is the server's: the union of every graph it holds, the published ones and
Virtuoso's own few system graphs). Prints the rows and the
median time of `--repeat` runs after a warm-up, and the rows the embedded store gives for the
same text (a different count is a wrong answer, in bold), and exits 1 if a query takes more
than 1 s.

With `--graph-group` the graphs are instead grouped in one Virtuoso graph group that each request
names as its default graph (`default-graph-uri`, and every graph as a `named-graph-uri` for a
query with GRAPH, in the POST body, through the tests' client): what the harness did before, for
comparison."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

TARGET_MS = 1000.0


def _group_runner(server, sparql: str):
    """A query run through the harness's client, which names the graph group as the default
    graph and every graph as a named graph in the POST body (in the address they would make it
    too long: Virtuoso then reads only part of it)."""
    from steps import count_answer

    def run() -> int:
        return count_answer(server.client(sparql), sparql)

    return run


def _embedded_rows(project, library: Path, rows: list[dict]) -> None:
    """Each query's row count on the embedded store (pyoxigraph, union default graph), beside
    Virtuoso's: a different count is a wrong answer on one of them, however fast."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(project.dataset_path), format=ox.RdfFormat.N_QUADS)
    for row in rows:
        answer = store.query((library / f"{row['query']}.rq").read_text(encoding="utf-8"), use_default_graph_as_union=True)
        row["embedded_rows"] = 1 if isinstance(answer, ox.QueryBoolean) else sum(1 for _ in answer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--project", type=Path, help="a built project (out/htkg.nq)")
    where.add_argument("--size", type=float, help="grow and build a synthetic project of about this many triples")
    parser.add_argument("--keep", type=Path, help="with --size: keep (and reuse) the project in this folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query after a warm-up; the median is shown (default 3)")
    parser.add_argument("--query-timeout", type=int, default=120, help="Virtuoso's limit for one query, seconds (default 120)")
    parser.add_argument("--graph-group", action="store_true", help="name the dataset as a graph group in each request instead")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args(argv)

    import virtuoso

    from htkg.errors import EndpointError
    from htkg.project import Project
    from htkg.publish import publish
    from htkg.remote import run_endpoint
    from run import UNSET, prepare_library

    if not virtuoso.available():
        parser.error("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    from generate import built_project

    root = args.project.resolve() if args.project else built_project(int(args.size), args.keep, prefix="htkg-virtuoso-bench-")
    project = Project(root)
    if not project.dataset_path.exists():
        parser.error(f"{project.dataset_path} does not exist: run `htkg build` in the project first")

    results: dict = {"project": str(root), "mode": "graph group" if args.graph_group else "union of all graphs", "queries": []}
    with tempfile.TemporaryDirectory(prefix="htkg-bench-virtuoso-") as tmp:
        library = Path(tmp) / "queries"
        bindings = prepare_library(root, library)
        server = virtuoso.VirtuosoServer(Path(tmp) / "server", max_seconds=args.query_timeout)
        try:
            results["system_graphs"] = server.query_all_graphs() if not args.graph_group else []
            started = time.perf_counter()
            published = publish(project, server.query_url, store=server.graph_store_url,
                                auth=(virtuoso.USER, virtuoso.PASSWORD), timeout=3600)
            results["publish_s"] = time.perf_counter() - started
            if not published.ok:
                print("\n".join(line for line in published.text().splitlines() if "FAILED" in line or "MISMATCH" in line)[:3000], file=sys.stderr)
                return 2
            results["graphs"] = len(published.graphs)
            results["triples"] = sum(g.triples for g in published.graphs)
            server.graphs = [g.graph for g in published.graphs]
            if args.graph_group:
                server.group(server.graphs)
            print(f"Published {results['graphs']} graphs, {results['triples']:,} triples in {results['publish_s']:.1f} s",
                  file=sys.stderr)
            for path in sorted(library.glob("*.rq")) + sorted(library.glob(f"{UNSET}/*.rq")):
                text = path.read_text(encoding="utf-8")
                listing = path.parent != library  # a whole-graph listing: measured, no target

                def once() -> int:
                    answer = run_endpoint(server.query_url, text, timeout=args.query_timeout + 30, where=path.name)
                    return len(answer.triples) if answer.kind == "graph" else len(answer.rows) if answer.kind == "select" else 1

                if args.graph_group:
                    once = _group_runner(server, text)  # noqa: F811

                row = {"query": f"{UNSET}/{path.stem}" if listing else path.stem, "listing": listing}
                try:
                    t0 = time.perf_counter()
                    row["rows"] = once()
                    first = time.perf_counter() - t0
                    times = [first] if first > 5 else []
                    for _ in range(args.repeat if first <= 5 else 0):
                        t0 = time.perf_counter()
                        once()
                        times.append(time.perf_counter() - t0)
                    row["ms"] = statistics.median(times) * 1000
                except EndpointError as exc:
                    row["error"] = " ".join(exc.message.split())[:200]
                except Exception as exc:  # the graph group's client (SPARQLWrapper) raises its own
                    row["error"] = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
                results["queries"].append(row)
                print(f"  {row}", file=sys.stderr)
        finally:
            server.stop()
        _embedded_rows(project, library, results["queries"])
    results["bindings"] = [str(b) for b in bindings]
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if all(q.get("ms", float("inf")) <= TARGET_MS for q in results["queries"] if not q.get("listing")) else 1


def report(r: dict) -> str:
    from run import UNSET

    targeted = [q for q in r["queries"] if not q.get("listing")]
    over = [q for q in targeted if q.get("ms", float("inf")) > TARGET_MS]
    lines = [
        f"Virtuoso, {r['mode']}: {r['graphs']:,} graphs, {r['triples']:,} triples published in {r['publish_s']:.1f} s; "
        f"{len(targeted) - len(over)} of {len(targeted)} library queries within {TARGET_MS:,.0f} ms "
        f"({UNSET}/NAME: the query with its optional parameter unset, a whole-graph listing without a target).",
        "",
        "| query | rows | ms on Virtuoso | ≤ 1 s | rows embedded |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for q in r["queries"]:
        if "error" in q:
            lines.append(f"| {q['query']} | | error: {q['error']} | {'—' if q.get('listing') else '✗'} | {q.get('embedded_rows', '')} |")
        else:
            ms = f"{q['ms']:,.0f}" if q["ms"] >= 10 else f"{q['ms']:.1f}"
            same = "same" if q.get("embedded_rows") == q["rows"] else f"**{q.get('embedded_rows', 0):,}**"
            verdict = "—" if q.get("listing") else "✓" if q["ms"] <= TARGET_MS else "✗"
            lines.append(f"| {q['query']} | {q['rows']:,} | {ms} | {verdict} | {same} |")
    lines += ["", "Bindings: " + "; ".join(r["bindings"]) + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
