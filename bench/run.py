"""Run the scale benchmark: for each size, grow a synthetic project (bench/generate.py), then
measure each step in its own process (bench/steps.py) so that memory peaks do not mix, and print
one table per size with the targets.

    python3 bench/run.py                       # 10^4, 10^5 and 10^6 triples
    python3 bench/run.py --sizes 1e4 --repeat 3
    python3 bench/run.py --sizes 1e7 --keep /tmp/htkg-bench   # 10^7 on request; keeps projects

Progress goes to the terminal (rich) when there is one; the tables go to stdout as Markdown."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, beside this file)
from steps import UNSET  # noqa: E402  (where prepare_library writes the whole-graph listings)

#: The targets the benchmark reports against at 10^6 triples.
TARGET_BUILD_S = 60.0
TARGET_QUERY_MS = 200.0
TARGET_TURTLE_S = 15.0
TARGET_MEMORY_MB = 4096.0
TARGET_INCREMENTAL_SHARE = 0.10
STORES = ["embedded", "rdflib", "oxigraph-server", "virtuoso"]
STORE_TITLES = {"embedded": "embedded (pyoxigraph)", "rdflib": "rdflib memory", "oxigraph-server": "Oxigraph server (HTTP)", "virtuoso": "Virtuoso (HTTP)"}
#: Azerbaijan's first trafficking report of the generated data, whichever year it is at the size.
AZ_REPORT = re.compile(rb"<(https://w3id\.org/htkg/id/document/us-tip-\d{4}-azerbaijan)>")
#: Lookup queries run as a user runs them: `htkg query NAME` binds each parameter that has a
#: default in the query's header. The defaults name entities of the curated documents; in the
#: synthetic project these stand in (a regular expression: the first IRI of the built dataset that
#: matches, as in BENCH_VALUES).
SYNTHETIC_VALUES = {
    "actor:azerbaijan-ministry-of-internal-affairs": "actor:az-ministry-of-internal-affairs",
    "doc:carim-east-2013-azerbaijan": AZ_REPORT,
    "law:azerbaijan-national-action-plan-trafficking": "law:az-national-action-plan",
}
#: A parameter without a default is bound too, as a user asking about one thing binds it, to a
#: value of the generated data: a literal, an IRI, or (a regular expression) the first IRI in
#: the built dataset that matches. Azerbaijan's reports come first at every size.
BENCH_VALUES = {
    ("actor-event-roles", "actor"): "actor:government-of-az",
    ("claim-provenance", "claim"): re.compile(rb"<(https://w3id\.org/htkg/id/claim/tip\d{4}az-identified-victims)>"),
    ("conflicting-figures", "subject"): "place:AZ",
    ("destination-reports", "destination"): "place:TR",
    ("destinations-first-last-reported", "destination"): "place:TR",
    ("evaluative-findings", "subject"): "actor:government-of-az",
    ("event-profile", "event"): re.compile(rb"<(https://w3id\.org/htkg/id/event/tip\d{4}az-conference)>"),
    ("figures-by-indicator", "document"): AZ_REPORT,
    ("figures-changing-between-reports", "indicator"): "cpt:identified-victims",
    ("figures-timeline", "indicator"): "cpt:identified-victims",
    ("footnote-supports", "footnote"): "1",
    ("indicator-over-years", "indicator"): "cpt:identified-victims",
    ("reporting-chain", "claim"): re.compile(rb"<(https://w3id\.org/htkg/id/claim/tip\d{4}az-ngo-estimate)>"),
    ("routes-by-document", "document"): AZ_REPORT,
    ("tier-history", "country"): "place:AZ",
}


@dataclass
class Binding:
    query: str
    param: str
    value: str
    present: bool | None  # the IRI occurs in the built dataset (None: a literal)

    def __str__(self) -> str:
        note = "" if self.present is not False else " (not in the generated data)"
        return f"{self.query} {self.param}={self.value}{note}"


def prepare_library(root: Path, target: Path) -> list[Binding]:
    """Write the project's queries into `target` with their parameters bound as `htkg query
    NAME` binds them, to values of the generated data (SYNTHETIC_VALUES, BENCH_VALUES); return
    the bindings made. A query whose header lets a parameter be unset for every value is also
    written into `target/unset/` with that parameter unset: the whole-graph listing."""
    import mmap
    import shutil

    from htkg.query import expand_prefixed, load_query, prepare

    shutil.rmtree(target, ignore_errors=True)
    (target / UNSET).mkdir(parents=True)
    dataset = root / "out" / "htkg.nq"
    bindings: list[Binding] = []
    with open(dataset, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for path in sorted((root / "queries").glob("*.rq")):
            query = load_query(path)
            values = {}
            for param in query.params:
                if param.default is not None:
                    value = SYNTHETIC_VALUES.get(param.default, param.default)
                else:
                    value = BENCH_VALUES.get((path.stem, param.name))
                if isinstance(value, re.Pattern):
                    match = value.search(data)
                    value = match.group(1).decode("utf-8") if match else None
                if value is None:
                    continue
                values[param.name] = value
                present = data.find(f"<{expand_prefixed(value)}>".encode("utf-8")) >= 0 if param.type == "iri" else None
                bindings.append(Binding(path.stem, param.name, value, present))
            (target / path.name).write_text(prepare(query, values).text, encoding="utf-8")
            optional = {p.name for p in query.params if p.default is None and "unset:" in p.doc}
            if optional & values.keys():
                unset = {name: value for name, value in values.items() if name not in optional}
                (target / UNSET / path.name).write_text(prepare(query, unset).text, encoding="utf-8")
    return bindings


@dataclass
class StepResult:
    step: str
    records: dict[str, dict] = field(default_factory=dict)
    wall: float = 0.0
    timed_out: bool = False
    error: str | None = None

    def seconds(self, key: str) -> float | None:
        record = self.records.get(key)
        return record.get("seconds") if record else None

    @property
    def peak_mb(self) -> float | None:
        record = self.records.get("peak-mb")
        return record.get("value") if record else None


def run_embedded(root: Path, *, repeat: int, timeout: float, query_timeout: float, library: Path | None = None) -> StepResult:
    """The embedded store: one process loads (its load time and memory), then one process per
    query, each with its own time limit, so that one slow query cannot hide the others."""
    import steps as step_module

    combined = run_step("embedded", root, repeat=repeat, timeout=timeout, extra=["--load-only"])
    peaks = [combined.peak_mb] if combined.peak_mb is not None else []
    step_module.LIBRARY = library
    for path in step_module.query_files(root):
        one = run_step("embedded", root, repeat=repeat, timeout=query_timeout, extra=["--query", str(path)])
        name = f"query:{step_module.query_name(path)}"
        if one.timed_out:
            combined.records[name] = {"error": f"past the {query_timeout:.0f} s limit"}
        elif one.error:
            combined.records[name] = {"error": one.error}
        elif name in one.records:
            combined.records[name] = one.records[name]
        if one.peak_mb is not None:
            peaks.append(one.peak_mb)
        combined.wall += one.wall
    if peaks:
        combined.records["peak-mb"] = {"value": max(peaks)}
    return combined


def run_step(step: str, root: Path, *, repeat: int, timeout: float, extra: list[str] | None = None,
             query_timeout: float | None = None, library: Path | None = None) -> StepResult:
    """Run one step in a new process (and session, so a server it started dies with it on a
    timeout); keep every measurement it printed before it ended."""
    result = StepResult(step)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent / "src"), env.get("PYTHONPATH")]))
    t0 = time.perf_counter()
    command = [sys.executable, str(HERE / "steps.py"), step, str(root), "--repeat", str(repeat), *(extra or [])]
    if query_timeout is not None:
        command += ["--query-timeout", str(int(query_timeout))]
    if library is not None:
        command += ["--queries", str(library)]
    process = subprocess.Popen(command,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        result.timed_out = True
    result.wall = time.perf_counter() - t0
    for line in out.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        result.records[record.pop("key")] = record
    if process.returncode not in (0, None) and not result.timed_out:
        lines = [line for line in err.strip().splitlines() if line.strip()]
        result.error = lines[-1] if lines else f"exit code {process.returncode}"
    return result


# --------------------------------------------------------------------------- formatting


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    ms = seconds * 1000
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.0f} ms"


def fmt_mb(mb: float | None) -> str:
    if mb is None:
        return "—"
    return f"{mb:.0f} MB" if mb < 1024 else f"{mb / 1024:.2f} GB"


def mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✓" if ok else " ✗")


def size_label(size: int) -> str:
    exponent = len(str(size)) - 1
    return f"10^{exponent}" if size == 10**exponent else f"{size:,}"


def phase_rows(build: StepResult, prefix: str) -> list[str]:
    """One indented table row per timed phase of the build measured as `prefix`."""
    return [
        f"| &nbsp;&nbsp;{record.get('label', key)} | {fmt_s(record.get('seconds'))} | | |"
        for key, record in build.records.items()
        if key.startswith(f"{prefix}.phase.")
    ]


def report(size: int, info: dict, steps: dict[str, StepResult], bindings: list[Binding] | None = None) -> tuple[str, dict]:
    """The Markdown tables for one size and the target verdicts."""
    lines = []
    build = steps.get("build")
    triples = build.records.get("build.full", {}).get("triples") if build else None
    lines.append(f"### {size_label(size)} triples — {triples if triples is not None else '?'} built, "
                 f"{info['documents']} documents (generated in {fmt_s(info['generate_s'])})")
    lines.append("")
    lines.append("| step | time | peak memory | target |")
    lines.append("| --- | --- | --- | --- |")
    verdicts: dict[str, bool | None] = {}
    library_peaks: list[float] = []
    if build:
        full = build.records.get("build.full", {})
        total = full.get("seconds")
        verdicts["build"] = None if total is None else total <= TARGET_BUILD_S
        if build.peak_mb is not None:
            library_peaks.append(build.peak_mb)
        problem = " (timed out)" if build.timed_out else (f" (failed: {build.error})" if build.error else "")
        conforms = {True: "conforms", False: "does not conform", None: "not validated"}[full.get("conforms")]
        lines.append(f"| **build, full (SHACL included: {conforms})**{problem} | {fmt_s(total)} | {fmt_mb(build.peak_mb)} "
                     f"| ≤ {TARGET_BUILD_S:.0f} s{mark(verdicts['build'])} |")
        lines += phase_rows(build, "build.full")
        incremental = build.records.get("build.incremental", {})
        if incremental:
            seconds = incremental.get("seconds")
            share = None if not (seconds and total) else seconds / total
            verdicts["incremental"] = None if share is None else share <= TARGET_INCREMENTAL_SHARE
            edited = build.records.get("build.incremental.file", {}).get("value", "one document")
            lines.append(f"| **build, incremental** after editing {edited} ({incremental.get('recompiled')} file compiled, "
                         f"{incremental.get('revalidated')} nodes validated again) | {fmt_s(seconds)}"
                         f"{'' if share is None else f' ({share:.0%} of full)'} | | ≤ {TARGET_INCREMENTAL_SHARE:.0%} of full{mark(verdicts['incremental'])} |")
            lines += phase_rows(build, "build.incremental")
    for name, step in steps.items():
        if not name.startswith("export-"):
            continue
        fmt = name.removeprefix("export-")
        seconds = step.seconds(f"export.{fmt}")
        target = ""
        if fmt == "turtle":
            verdicts["turtle"] = None if seconds is None else seconds <= TARGET_TURTLE_S
            target = f"≤ {TARGET_TURTLE_S:.0f} s{mark(verdicts['turtle'])}"
        if step.peak_mb is not None:
            library_peaks.append(step.peak_mb)
        problem = " (timed out)" if step.timed_out else (f" (failed: {step.error})" if step.error else "")
        lines.append(f"| export {fmt}{problem} | {fmt_s(seconds)} | {fmt_mb(step.peak_mb)} | {target} |")
    network = steps.get("network")
    if network:
        if network.peak_mb is not None:
            library_peaks.append(network.peak_mb)
        shown = False
        for key, record in network.records.items():
            if key.startswith("network"):
                if "skipped" in record:
                    lines.append(f"| network derivation | — ({record['skipped']}) | | |")
                else:
                    lines.append(f"| {key.replace('.', ' ')} | {fmt_s(record.get('seconds'))} | {fmt_mb(network.peak_mb) if not shown else ''} | |")
                shown = True
        if network.error or network.timed_out:
            lines.append(f"| network derivation | — ({'timed out' if network.timed_out else 'failed: ' + str(network.error)}) | | |")
    embedded = steps.get("embedded")
    if embedded and embedded.peak_mb is not None:
        library_peaks.append(embedded.peak_mb)
    peak = max(library_peaks) if library_peaks else None
    verdicts["memory"] = None if peak is None else peak <= TARGET_MEMORY_MB
    lines.append(f"| **peak memory of any library step** | | {fmt_mb(peak)} | < {TARGET_MEMORY_MB / 1024:.0f} GB{mark(verdicts['memory'])} |")
    lines.append("")
    # Stores: load, peak memory, and each query's median.
    present = [s for s in STORES if s in steps]
    if present:
        lines.append("| | " + " | ".join(STORE_TITLES[s] for s in present) + " | target |")
        lines.append("| --- |" + " --- |" * (len(present) + 1))

        errors: list[str] = []

        def cell(store: str, key: str, as_ms: bool) -> str:
            step = steps[store]
            record = step.records.get(key)
            if record is None or "seconds" not in record:
                if record and "skipped" in record:
                    return f"— ({record['skipped']})"
                if record and "error" in record:
                    errors.append(f"{STORE_TITLES[store]}, {key.removeprefix('query:')}: {record['error']}")
                    return f"error [{len(errors)}]"
                if step.error and key == "load":
                    return f"— (failed: {step.error[:80]})"
                return "—"
            return fmt_ms(record["seconds"]) if as_ms else fmt_s(record["seconds"])

        lines.append("| load | " + " | ".join(cell(s, "load", False) for s in present) + " | |")

        def store_peak(store: str) -> str:
            step = steps[store]
            server = step.records.get("server-peak-mb", {}).get("value")
            if server is not None:
                return f"{fmt_mb(server)} (server) + {fmt_mb(step.peak_mb)}"
            return fmt_mb(step.peak_mb)

        lines.append("| peak memory | " + " | ".join(store_peak(s) for s in present) + " | |")
        queries = []
        for store in present:
            for key in steps[store].records:
                if key.startswith("query:") and key not in queries:
                    queries.append(key)
        slowest = None
        untargeted = ("query:bench/", f"query:{UNSET}/")
        for key in sorted(queries, key=lambda k: (k.startswith(untargeted), k)):
            target = ""
            if "embedded" in steps and not key.startswith(untargeted):
                seconds = steps["embedded"].seconds(key)
                if seconds is not None:
                    slowest = max(slowest or 0.0, seconds)
                    target = f"≤ {TARGET_QUERY_MS:.0f} ms{mark(seconds * 1000 <= TARGET_QUERY_MS)}"
            lines.append(f"| {key.removeprefix('query:')} | " + " | ".join(cell(s, key, True) for s in present) + f" | {target} |")
        verdicts["queries"] = None if slowest is None else slowest * 1000 <= TARGET_QUERY_MS
        if errors:
            lines.append("")
            lines.append("Errors and time-outs:  ")
            lines.extend(f"[{i}] {message}  " for i, message in enumerate(errors, start=1))
        if bindings:
            lines.append("")
            lines.append("Queries bound as `htkg query NAME --param` binds them, to values of the generated data (the header's "
                         "default, its synthetic counterpart, or bench/run.py's BENCH_VALUES): " + "; ".join(str(b) for b in bindings) + ". "
                         f"`{UNSET}/NAME.rq`: the same query with the parameter its header lets a user leave unset left unset, "
                         "a listing over the whole graph, measured without a target.")
        timeouts = [STORE_TITLES[s] for s in present if steps[s].timed_out]
        if timeouts:
            lines.append("")
            lines.append(f"Past the time limit (— from there on): {', '.join(timeouts)}.")
    lines.append("")
    return "\n".join(lines), verdicts


# --------------------------------------------------------------------------- main


def machine() -> str:
    cpus = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{mem:.0f} GB"
    except (ValueError, OSError, AttributeError):
        memory = "? GB"
    return f"{cpus} cores, {memory}, Python {platform.python_version()}, {platform.system()}"


def export_formats() -> list[str]:
    try:
        from htkg.export import FORMATS
    except ImportError:
        return []
    return list(FORMATS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the htkg library at growing sizes (see bench/README.md).")
    parser.add_argument("--sizes", default="1e4,1e5,1e6", help="comma-separated triple counts (default 1e4,1e5,1e6)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query; the median is reported (default 5)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds each step may take (default 1800)")
    parser.add_argument("--rdflib-timeout", type=float, default=300, help="seconds rdflib's memory store may take (default 300)")
    parser.add_argument("--query-timeout", type=float, default=120, help="seconds one query may take (default 120)")
    parser.add_argument("--stores", default=",".join(STORES), help=f"stores to measure (default {','.join(STORES)})")
    parser.add_argument("--skip", default="", help="steps to leave out, e.g. network,export-jsonld")
    parser.add_argument("--keep", metavar="DIR", help="generate projects into DIR and keep them (reused when present)")
    parser.add_argument("--json", metavar="FILE", help="also write every measurement as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "src"))
    sizes = [generate.parse_size(s) for s in args.sizes.split(",") if s.strip()]
    stores = [s for s in args.stores.split(",") if s]
    skip = {s for s in args.skip.split(",") if s}
    plan = ["build", *stores, *(f"export-{f}" for f in export_formats()), "network"]
    plan = [s for s in plan if s not in skip]
    progress = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        progress.start()
    task = progress.add_task("benchmark", total=len(sizes) * (len(plan) + 1)) if progress else None

    def tick(description: str) -> None:
        if progress:
            progress.update(task, description=description)

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="htkg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"## Scale benchmark\n\nMachine: {machine()}. Seed {args.seed}; query times are medians of {args.repeat} runs after one warm-up.\n")
    everything = {"machine": machine(), "seed": args.seed, "sizes": {}}
    all_ok = True
    try:
        for size in sizes:
            root = workdir / f"project-{size}-seed{args.seed}"
            marker = root / "bench-generated.json"
            tick(f"{size_label(size)}: generating")
            if marker.exists():
                info = json.loads(marker.read_text())
            else:
                if root.exists():
                    import shutil

                    shutil.rmtree(root)
                t0 = time.perf_counter()
                made = generate.generate(root, size, seed=args.seed)
                info = {"documents": made.documents, "estimated": made.estimated_triples, "generate_s": time.perf_counter() - t0}
                marker.write_text(json.dumps(info))
            if progress:
                progress.advance(task)
            steps: dict[str, StepResult] = {}
            library = workdir / f"queries-{size}-seed{args.seed}"  # the library with its parameters bound
            bindings: list[Binding] | None = None
            for step in plan:
                tick(f"{size_label(size)}: {step}")
                if step in STORES and bindings is None and (root / "out" / "htkg.nq").exists():
                    bindings = prepare_library(root, library)
                    for binding in bindings:
                        if progress:
                            progress.console.print(f"{size_label(size)}: bound {binding}")
                        else:
                            print(f"{size_label(size)}: bound {binding}", file=sys.stderr, flush=True)
                if step == "embedded":
                    steps[step] = run_embedded(root, repeat=args.repeat, timeout=args.timeout, query_timeout=args.query_timeout,
                                               library=library if bindings is not None else None)
                else:
                    limit = args.rdflib_timeout if step == "rdflib" else args.timeout
                    steps[step] = run_step(step, root, repeat=args.repeat, timeout=limit, query_timeout=args.query_timeout,
                                           library=library if step in STORES and bindings is not None else None)
                if progress:
                    progress.advance(task)
                if step == "build" and not (root / "out" / "htkg.nq").exists():
                    break  # nothing else can run without the built dataset
            text, verdicts = report(size, info, steps, bindings)
            if progress:
                progress.console.print(f"{size_label(size)} done")
            print(text, flush=True)
            if size >= 10**6:
                all_ok = all_ok and all(v is not False for v in verdicts.values())
            everything["sizes"][str(size)] = {"info": info, "verdicts": verdicts, "bindings": [vars(b) for b in bindings or []],
                                              "steps": {k: {"records": v.records, "wall": v.wall, "timed_out": v.timed_out, "error": v.error} for k, v in steps.items()}}
    finally:
        if progress:
            progress.stop()
        if not args.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(everything, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
