"""Load benchmark of `htkg serve` on loopback: entity pages, the library's queries through the
SPARQL endpoint against the embedded store's own time, and 20 concurrent clients, with the
server's memory. Bounded: a fixed number of pages and queries, a fixed time under load.

    python3 bench/serve.py --size 1e5                    # grow and build a synthetic project first
    python3 bench/serve.py --project /tmp/htkg-1e6       # a project already built (out/htkg.nq)
    python3 bench/serve.py --project . --pages 300 --clients 20 --duration 30 --json serve.json

Targets (at 10^6 triples): an entity page p50 <= 50 ms; the endpoint adds <= 10% to the embedded
store's own time for a library query; no error and bounded memory under 20 concurrent clients.

What is measured:
- pages: `--pages` IRIs drawn (seeded) evenly from each kind the graph names (actors, claims,
  events, routes, places, documents, ...), each page fetched once by one client, then again by
  `--clients` clients at once;
- queries: each library question (bound as `htkg query NAME` binds it, bench/run.py), run
  `--repeat` times on the embedded store in this process (pyoxigraph, the union default graph,
  serialized as SPARQL JSON results by pyoxigraph: what the endpoint does) and through the
  endpoint (HTTP POST, JSON results, the answer read whole); medians compared;
- load: `--clients` clients for `--duration` seconds, each sending page requests (4 in 5) and
  library queries (1 in 5) one after the other; every answer other than 200 is an error;
- memory: the server's processes (the web process, the query zygote and its workers) sampled
  every 0.2 s: the peak of their summed proportional set size (PSS: pages shared
  copy-on-write between them count once), and the web process's own peak (VmHWM)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGET_PAGE_P50_MS = 50.0
TARGET_ENDPOINT_OVERHEAD = 0.10
KINDS = ["actor", "claim", "event", "route", "place", "document", "instrument", "period", "citation", "discrepancy", "facility"]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class Client:
    """A keep-alive HTTP connection to the server."""

    def __init__(self, port: int, timeout: float = 300):
        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def page(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def query(self, text: str) -> tuple[int, bytes]:
        body = urllib.parse.urlencode({"query": text}).encode("ascii")
        return self.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})


class MemoryWatch:
    """Samples the server's processes: summed PSS and the web process's VmHWM."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid = pid
        self.interval = interval
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def pids(self) -> list[int]:
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as handle:
                        todo.extend(int(c) for c in handle.read().split())
            except OSError:
                pass
        return found

    @staticmethod
    def _field(path: str, name: str) -> int:
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(name + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = self.pids()
            total = sum(self._field(f"/proc/{p}/smaps_rollup", "Pss") for p in pids)
            if total > self.peak_pss_kb:
                self.peak_pss_kb = total
                self.peak_processes = len(pids)
            self._stop.wait(self.interval)

    def hwm_kb(self) -> int:
        return self._field(f"/proc/{self.pid}/status", "VmHWM")

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)


def sample_pages(store, count: int, seed: int) -> list[str]:
    from htkg.namespaces import BASE

    rng = random.Random(seed)
    by_kind: dict[str, list[str]] = {}
    rdf_type = __import__("pyoxigraph").NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for quad in store.quads_for_pattern(None, rdf_type, None, None):
        iri = getattr(quad.subject, "value", "")
        parts = iri[len(BASE):].split("/") if iri.startswith(BASE) else []
        if len(parts) == 3 and parts[0] == "id" and parts[1] in KINDS:
            by_kind.setdefault(parts[1], set()).add(iri)
    kinds = sorted(by_kind)
    chosen: list[str] = []
    per_kind = max(1, count // max(1, len(kinds)))
    for kind in kinds:
        members = sorted(by_kind[kind])
        chosen += rng.sample(members, min(per_kind, len(members)))
    rng.shuffle(chosen)
    return ["/" + iri[len(BASE):] + ".html" for iri in chosen[:count]]


def library_queries(root: Path) -> list[tuple[str, str]]:
    """(name, bound text) of each library question, bound as bench/run.py binds them."""
    from run import prepare_library

    target = Path(tempfile.mkdtemp(prefix="htkg-serve-queries-"))
    prepare_library(root, target)
    out = []
    for path in sorted(target.glob("*.rq")):
        if path.stem.startswith("construct-") or path.stem.endswith("-violation"):
            continue
        out.append((path.stem, path.read_text(encoding="utf-8")))
    return out


def median_s(run, repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--project", type=Path, help="a built project (out/htkg.nq)")
    where.add_argument("--size", type=float, help="grow and build a synthetic project of about this many triples")
    parser.add_argument("--keep", type=Path, help="with --size: keep (and reuse) the project in this folder")
    parser.add_argument("--pages", type=int, default=300, help="entity pages to fetch (default 300)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients under load (default 20)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query, after a warm-up (default 3)")
    parser.add_argument("--query-limit", type=float, default=20.0, help="leave out queries slower than this on the embedded store (s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args(argv)

    import socket

    import pyoxigraph as ox

    from generate import built_project

    root = args.project.resolve() if args.project else built_project(int(args.size), args.keep, prefix="htkg-serve-bench-")
    dataset = root / "out" / "htkg.nq"
    if not dataset.exists():
        parser.error(f"{dataset} does not exist: run `htkg build` in the project first")

    results: dict = {"project": str(root)}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "htkg", "--project", str(root), "serve", "--port", str(port), "--timeout", "300", "--max-rows", "10000000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    watch = MemoryWatch(server.pid)
    try:
        client = Client(port)
        while True:
            try:
                status, _ = client.page("/")
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                raise SystemExit("the server stopped: " + server.stderr.read().decode("utf-8", "replace")[-2000:])
            time.sleep(0.2)
        results["startup_s"] = time.perf_counter() - started
        print(f"Server up in {results['startup_s']:.1f} s", file=sys.stderr)

        store = ox.Store()
        store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
        results["quads"] = len(store)
        pages = sample_pages(store, args.pages, args.seed)

        # ---- entity pages, one client
        latencies, errors = [], 0
        for path in pages:
            t0 = time.perf_counter()
            status, _ = client.page(path)
            latencies.append(time.perf_counter() - t0)
            errors += status != 200
        results["pages"] = {"count": len(pages), "p50_ms": percentile(latencies, 50) * 1000, "p99_ms": percentile(latencies, 99) * 1000,
                            "max_ms": max(latencies) * 1000, "errors": errors}
        print(f"Pages: {results['pages']}", file=sys.stderr)

        # ---- library queries: embedded vs endpoint
        rows = []
        for name, text in library_queries(root):
            def embedded():
                answer = store.query(text, use_default_graph_as_union=True)
                if isinstance(answer, ox.QueryTriples):
                    return ox.serialize(answer, format=ox.RdfFormat.TURTLE)
                return answer.serialize(format=ox.QueryResultsFormat.JSON)

            t0 = time.perf_counter()
            embedded()
            if time.perf_counter() - t0 > args.query_limit:
                rows.append({"query": name, "embedded_ms": None, "endpoint_ms": None, "note": f"over {args.query_limit:g} s"})
                continue
            embedded_s = median_s(embedded, args.repeat)

            def endpoint():
                status, body = client.query(text)
                if status != 200:
                    raise RuntimeError(f"{name}: HTTP {status}: {body[:300]!r}")

            endpoint_s = median_s(endpoint, args.repeat)
            rows.append({"query": name, "embedded_ms": embedded_s * 1000, "endpoint_ms": endpoint_s * 1000,
                         "overhead": endpoint_s / embedded_s - 1})
        measured = [r for r in rows if r["embedded_ms"] is not None]
        results["queries"] = rows
        results["queries_total"] = {
            "embedded_ms": sum(r["embedded_ms"] for r in measured),
            "endpoint_ms": sum(r["endpoint_ms"] for r in measured),
        }
        results["queries_total"]["overhead"] = results["queries_total"]["endpoint_ms"] / results["queries_total"]["embedded_ms"] - 1
        slow = [r for r in measured if r["embedded_ms"] >= 100]
        results["queries_over_100ms"] = {
            "count": len(slow),
            "median_overhead": statistics.median(r["overhead"] for r in slow) if slow else None,
            "max_overhead": max((r["overhead"] for r in slow), default=None),
        }
        print(f"Queries: {results['queries_total']}", file=sys.stderr)

        # ---- load: many clients
        fast = [text for r, (name, text) in zip(rows, library_queries(root)) if r.get("embedded_ms") is not None and r["embedded_ms"] < 1000]
        stop_at = time.monotonic() + args.duration
        lock = threading.Lock()
        load = {"page": [], "query": [], "errors": 0, "error_samples": []}

        def worker(index: int) -> None:
            rng = random.Random(args.seed * 1000 + index)
            mine = Client(port)
            while time.monotonic() < stop_at:
                is_query = rng.random() < 0.2 and fast
                t0 = time.perf_counter()
                try:
                    status, body = mine.query(rng.choice(fast)) if is_query else mine.page(rng.choice(pages))
                except Exception as exc:  # a refused or dropped connection is an error too
                    status, body = 0, str(exc).encode()
                elapsed = time.perf_counter() - t0
                with lock:
                    load["query" if is_query else "page"].append(elapsed)
                    if status != 200:
                        load["errors"] += 1
                        if len(load["error_samples"]) < 5:
                            load["error_samples"].append(f"{status}: {body[:200]!r}")

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results["load"] = {
            "clients": args.clients,
            "seconds": args.duration,
            "requests": len(load["page"]) + len(load["query"]),
            "errors": load["errors"],
            "error_samples": load["error_samples"],
            "page_p50_ms": (percentile(load["page"], 50) or 0) * 1000,
            "page_p99_ms": (percentile(load["page"], 99) or 0) * 1000,
            "query_p50_ms": (percentile(load["query"], 50) or 0) * 1000,
            "query_p99_ms": (percentile(load["query"], 99) or 0) * 1000,
        }
        print(f"Load: {results['load']}", file=sys.stderr)
    finally:
        results["memory"] = {"peak_pss_mb": watch.peak_pss_kb / 1024, "processes": watch.peak_processes, "web_process_hwm_mb": watch.hwm_kb() / 1024}
        watch.stop()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    ok = (results["pages"]["p50_ms"] <= TARGET_PAGE_P50_MS and results["load"]["errors"] == 0
          and results["queries_total"]["overhead"] <= TARGET_ENDPOINT_OVERHEAD)
    return 0 if ok else 1


def report(r: dict) -> str:
    def ms(value):
        return "—" if value is None else (f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms")

    pages, load, total, slow, memory = r["pages"], r["load"], r["queries_total"], r["queries_over_100ms"], r["memory"]
    lines = [
        f"Project: {r['quads']:,} quads; server up in {r['startup_s']:.1f} s.",
        "",
        "| | measured | target |",
        "| --- | --- | --- |",
        f"| entity page, one client: p50 / p99 ({pages['count']} pages) | {ms(pages['p50_ms'])} / {ms(pages['p99_ms'])} | p50 ≤ {TARGET_PAGE_P50_MS:g} ms |",
        f"| library queries: endpoint / embedded store, total of {len([q for q in r['queries'] if q['embedded_ms'] is not None])} | "
        f"{ms(total['endpoint_ms'])} / {ms(total['embedded_ms'])} (+{total['overhead'] * 100:.1f}%) | ≤ +{TARGET_ENDPOINT_OVERHEAD * 100:g}% |",
        f"| queries of 100 ms or more: median / largest overhead ({slow['count']}) | "
        + ("—" if slow["median_overhead"] is None else f"+{slow['median_overhead'] * 100:.1f}% / +{slow['max_overhead'] * 100:.1f}%") + " | |",
        f"| {load['clients']} clients for {load['seconds']:g} s: requests, errors | {load['requests']:,}, {load['errors']} | no error |",
        f"| under load: page p50 / p99 | {ms(load['page_p50_ms'])} / {ms(load['page_p99_ms'])} | |",
        f"| under load: query p50 / p99 | {ms(load['query_p50_ms'])} / {ms(load['query_p99_ms'])} | |",
        f"| server memory: peak PSS of its {memory['processes']} processes / web process peak RSS | {memory['peak_pss_mb']:,.0f} MB / {memory['web_process_hwm_mb']:,.0f} MB | bounded |",
        "",
        "| query | embedded | endpoint | overhead |",
        "| --- | --- | --- | --- |",
    ]
    for q in sorted(r["queries"], key=lambda q: -(q["embedded_ms"] or 1e12)):
        if q["embedded_ms"] is None:
            lines.append(f"| {q['query']} | {q['note']} | | |")
        else:
            lines.append(f"| {q['query']} | {ms(q['embedded_ms'])} | {ms(q['endpoint_ms'])} | {q['overhead'] * 100:+.0f}% |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
