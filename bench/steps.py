"""One benchmark step, run in its own process by bench/run.py so that memory peaks do not mix:

    python3 bench/steps.py STEP PROJECT [--repeat N]

Each measurement is printed as soon as it is made, one JSON object a line ({"key", "seconds"} or
{"key", "value"}), so that the runner keeps what a step measured before its time limit; the last
line holds the process's peak resident memory. Steps: build, embedded, rdflib, export-<format>,
network, oxigraph-server, virtuoso."""

from __future__ import annotations

import functools
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: How long a server may spend on one query (Oxigraph's --timeout-s, Virtuoso's
#: MaxQueryExecutionTime); set by the runner's --query-timeout.
QUERY_TIMEOUT_S = 120
#: The library's queries as the runner prepared them (parameters bound as a user runs them);
#: set by the runner's --queries, else the project's own queries/.
LIBRARY: Path | None = None
#: The folder of that copy where the runner writes the whole-graph listings: each query with a
#: parameter its header says may be left unset ("unset: every indicator"), with it unset.
#: Measured, with no target.
UNSET = "unset"


def emit(key: str, **fields) -> None:
    print(json.dumps({"key": key, **fields}), flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes), or that of its largest
    child process if larger (the build compiles in worker processes). The children's peaks
    come before the parent's (the workers are gone before the store is loaded), so the larger
    of the two is the peak of the step."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def query_files(project_root: Path) -> list[Path]:
    """The library's queries (queries/*.rq, or the runner's prepared copy and its whole-graph
    listings in unset/), then the benchmark's own probes (bench/queries/)."""
    library = LIBRARY if LIBRARY is not None else project_root / "queries"
    return sorted(library.glob("*.rq")) + sorted(library.glob(f"{UNSET}/*.rq")) + sorted((HERE / "queries").glob("*.rq"))


def query_name(path: Path) -> str:
    if path.is_relative_to(HERE):
        return f"bench/{path.name}"
    return f"{UNSET}/{path.name}" if path.parent.name == UNSET else path.name


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside comments and IRIs."""
    code = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("PREFIX") else "" for line in sparql.splitlines())
    code = re.sub(r"<[^>\s]*>", "<>", code)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


def median_ms(run, repeat: int) -> tuple[float, int]:
    """Median wall time of `run()` (which returns a row count) over `repeat` runs, after one
    warm-up run (the first run also parses and plans; users run queries repeatedly)."""
    t0 = time.perf_counter()
    rows = run()
    first = time.perf_counter() - t0
    if first > 5:  # a slow query: its first run is the measure (repeats would only cost time)
        return first * 1000, rows
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), rows


def measure(name: str, run, repeat: int) -> None:
    """Emit a query's median time, or the error it raised (the other queries still run)."""
    try:
        ms, rows = median_ms(run, repeat)
    except Exception as exc:  # any engine's failure is a result to report, not a crash
        message = " ".join(str(exc).split())[:300]
        emit(f"query:{name}", error=f"{type(exc).__name__}: {message}")
    else:
        emit(f"query:{name}", seconds=ms / 1000, rows=rows)


# --------------------------------------------------------------------------- build


def _edit_one_document(project_root: Path) -> tuple[Path, str]:
    """Change one small document the way a curator does: the first label of the smallest
    curated file of a source document gets a word more. Returns the file and its old text."""
    candidates = sorted(
        (p.stat().st_size, p.name, p)
        for p in (project_root / "graph").glob("*.ttl")
        if (project_root / "sources" / f"{p.stem}.txt").exists()
    )
    for _, _, path in candidates:
        text = path.read_text(encoding="utf-8")
        at = text.find('rdfs:label "')
        if at != -1:
            at += len('rdfs:label "')
            path.write_text(text[:at] + "(edited) " + text[at:], encoding="utf-8")
            return path, text
    raise SystemExit("no curated document with an rdfs:label to edit")


def _emit_build(prefix: str, result, seconds: float) -> None:
    validation = result.validation
    emit(
        prefix,
        seconds=seconds,
        triples=result.triples,
        anchors=result.anchors_checked,
        mode=result.mode,
        recompiled=len(result.recompiled),
        revalidated=result.revalidated,
        conforms=None if validation is None else bool(validation.conforms),
    )
    for name, spent in result.timings.items():
        emit(f"{prefix}.phase.{name}", seconds=spent, label=name)


def step_build(project_root: Path, repeat: int) -> None:
    """A full build (htkg build --full: compile, derive, validate, write out/htkg.nq and
    out/store/), then an incremental one after editing one small document, then one more after
    putting the document back (so the later steps see the generated data)."""
    from htkg.build import build
    from htkg.buildcache import BuildCache
    from htkg.project import Project

    project = Project(project_root)
    # A full build from nothing, as on a first checkout: `--full` alone still reuses the files
    # compiled before (out/.cache/compiled/), which a kept project (--keep) would have.
    shutil.rmtree(BuildCache(project).root, ignore_errors=True)
    t0 = time.perf_counter()
    result = build(project, full=True)
    _emit_build("build.full", result, time.perf_counter() - t0)
    emit("peak-mb", value=peak_rss_mb())
    path, text = _edit_one_document(project_root)
    try:
        t0 = time.perf_counter()
        result = build(project)
        _emit_build("build.incremental", result, time.perf_counter() - t0)
        emit("build.incremental.file", value=f"graph/{path.name}")
    finally:
        path.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    result = build(project)
    _emit_build("build.restore", result, time.perf_counter() - t0)


# --------------------------------------------------------------------------- stores


def step_embedded(project_root: Path, repeat: int, only: Path | None = None, load_only: bool = False) -> None:
    """Load the built dataset into the embedded store; run every query, or only `only` (the
    runner gives each query its own process, so that one slow query cannot hide the others)."""
    from htkg.project import Project
    from htkg.store import OxigraphStore

    import pyoxigraph as ox

    project = Project(project_root)
    t0 = time.perf_counter()
    store = OxigraphStore.from_file(project.dataset_path)
    emit("load", seconds=time.perf_counter() - t0, quads=len(store))
    emit("peak-mb", value=peak_rss_mb())  # replaced by the final peak unless the step is cut short
    if load_only:
        return
    for path in [only] if only else query_files(project_root):
        sparql = path.read_text(encoding="utf-8")

        def run():
            result = store.query(sparql, where=path.name)
            if isinstance(result, ox.QueryBoolean):
                return 1
            return sum(1 for _ in result)

        measure(query_name(path), run, repeat)


#: Queries not run on rdflib's engine, and why (tests/test_query_bench.py keeps the same list).
RDFLIB_SKIPS = {
    "claims-on-statistics-of": "not run: rdflib walks the organisation tree from every node of the graph (minutes even at 10^4)",
    "conflicting-figures": "not run: rdflib joins its two sub-SELECTs by nested loops (minutes even at 10^4)",
}


def step_rdflib(project_root: Path, repeat: int) -> None:
    from rdflib import Dataset

    from htkg.project import Project

    project = Project(project_root)
    t0 = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(project.dataset_path, format="nquads")
    emit("load", seconds=time.perf_counter() - t0, quads=len(dataset))
    emit("peak-mb", value=peak_rss_mb())  # replaced by the final peak unless the step is cut short
    for path in query_files(project_root):
        sparql = path.read_text(encoding="utf-8")
        if path.stem in RDFLIB_SKIPS:
            emit(f"query:{query_name(path)}", error=RDFLIB_SKIPS[path.stem])
            continue

        def run():
            result = dataset.query(sparql)
            if result.type == "ASK":
                return 1
            return sum(1 for _ in result)

        measure(query_name(path), run, max(1, min(repeat, 3)))


def count_answer(client, sparql: str) -> int:
    """Send `sparql` through a SPARQLWrapper client and count its answer: rows, 1 for ASK, or
    the statements of a CONSTRUCT or DESCRIBE."""
    from SPARQLWrapper import JSON, N3

    form = query_form(sparql)
    # SPARQLWrapper guesses the query type with a regex that takes words in comments or
    # strings (e.g. "load") for an update and then sends `update=`; say what it is.
    client.queryType = form
    client.setReturnFormat(JSON if form in ("SELECT", "ASK") else N3)
    response = client.query()
    if form == "SELECT":
        return len(response.convert()["results"]["bindings"])
    if form == "ASK":
        return 1
    return sum(1 for line in response.response.read().decode("utf-8").splitlines() if line.strip().endswith("."))


def _sparqlwrapper_runner(make_client, sparql: str):
    def run():
        client = make_client(sparql)
        client.setTimeout(QUERY_TIMEOUT_S + 30)
        return count_answer(client, sparql)

    return run


def _plain_client(endpoint: str, sparql: str):
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setMethod(POST)
    return client


def _vm_hwm_mb(pid: int) -> float | None:
    """A server's peak resident memory, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def step_oxigraph_server(project_root: Path, repeat: int) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import free_port, oxigraph_program, wait_until_up  # the test suite's helpers

    from htkg.project import Project

    project = Project(project_root)
    try:
        exe = oxigraph_program()
    except RuntimeError:
        emit("load", skipped="oxigraph not installed")
        return
    with tempfile.TemporaryDirectory(prefix="htkg-bench-oxigraph-") as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([exe, "serve", "--location", tmp, "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                                   "--timeout-s", str(QUERY_TIMEOUT_S)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(f"{base}/query?query=ASK%7B%7D")
            t0 = time.perf_counter()
            # SPARQL 1.1 Graph Store Protocol on the whole dataset: POST N-Quads to /store.
            request = urllib.request.Request(f"{base}/store", data=project.dataset_path.read_bytes(),
                                             headers={"Content-Type": "application/n-quads"}, method="POST")
            with urllib.request.urlopen(request, timeout=3600) as response:
                response.read()
            emit("load", seconds=time.perf_counter() - t0)
            for path in query_files(project_root):
                measure(query_name(path), _sparqlwrapper_runner(functools.partial(_plain_client, f"{base}/query"), path.read_text(encoding="utf-8")), repeat)
            emit("server-peak-mb", value=_vm_hwm_mb(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)


def step_virtuoso(project_root: Path, repeat: int) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    import virtuoso  # tests/virtuoso.py

    from htkg.project import Project

    project = Project(project_root)
    if not virtuoso.available():
        emit("load", skipped="virtuoso-opensource not installed")
        return
    with tempfile.TemporaryDirectory(prefix="htkg-bench-virtuoso-") as tmp:
        server = virtuoso.VirtuosoServer(Path(tmp), max_seconds=QUERY_TIMEOUT_S)
        try:
            t0 = time.perf_counter()
            server.bulk_load(project.dataset_path)
            emit("load", seconds=time.perf_counter() - t0)
            # Queried naming no graph, as `htkg query --endpoint` sends a query: the default
            # graph is every graph on the server (the graph group is seconds per query at 10^6).
            server.query_all_graphs()
            for path in query_files(project_root):
                measure(query_name(path), _sparqlwrapper_runner(server.client, path.read_text(encoding="utf-8")), repeat)
            emit("server-peak-mb", value=_vm_hwm_mb(server.process.pid))
        finally:
            server.stop()


# --------------------------------------------------------------------------- export, network


def step_export(project_root: Path, repeat: int, fmt: str) -> None:
    from htkg.export import export
    from htkg.project import Project

    project = Project(project_root)
    with tempfile.TemporaryDirectory(prefix="htkg-bench-export-") as tmp:
        target = Path(tmp) / f"export.{fmt}"
        t0 = time.perf_counter()
        export(project, fmt, out=target)
        emit(f"export.{fmt}", seconds=time.perf_counter() - t0, bytes=target.stat().st_size)


def step_network(project_root: Path, repeat: int) -> None:
    """Network derivation (htkg.network): every view from the embedded store, and its analysis."""
    try:
        from htkg.network.model import VIEWS, build_network
    except ImportError:
        emit("network", skipped="no htkg.network")
        return
    try:
        from htkg.network.analysis import analyse
    except ImportError:
        analyse = None
    from htkg.project import Project
    from htkg.store import OxigraphStore

    store = OxigraphStore.from_file(Project(project_root).dataset_path)
    for view in VIEWS:
        t0 = time.perf_counter()
        network = build_network(store, view=view)
        emit(f"network.{view}", seconds=time.perf_counter() - t0, nodes=len(getattr(network, "nodes", ())))
        if analyse is not None:
            t0 = time.perf_counter()
            analyse(network)
            emit(f"network.{view}.analyse", seconds=time.perf_counter() - t0)


STEPS = {
    "build": step_build,
    "embedded": step_embedded,
    "rdflib": step_rdflib,
    "oxigraph-server": step_oxigraph_server,
    "virtuoso": step_virtuoso,
    "network": step_network,
}


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step")
    parser.add_argument("project")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--query", type=Path, help="embedded: run only this query file")
    parser.add_argument("--load-only", action="store_true", help="embedded: load, run no query")
    parser.add_argument("--query-timeout", type=int, default=QUERY_TIMEOUT_S, help="servers: seconds per query")
    parser.add_argument("--queries", type=Path, help="stores: the folder of library queries to run (default PROJECT/queries)")
    args = parser.parse_args(argv)
    globals()["QUERY_TIMEOUT_S"] = args.query_timeout
    globals()["LIBRARY"] = args.queries
    root = Path(args.project)
    if args.step.startswith("export-"):
        step_export(root, args.repeat, args.step.removeprefix("export-"))
    elif args.step == "embedded":
        step_embedded(root, args.repeat, only=args.query, load_only=args.load_only)
    else:
        STEPS[args.step](root, args.repeat)
    emit("peak-mb", value=peak_rss_mb())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
