"""`htkg query`: run a library query, a .rq file or a SPARQL text on the built graph or on a
remote SPARQL 1.1 endpoint, and print its result in a SPARQL 1.1 results format."""

from __future__ import annotations

import sys
import time

from .. import progress
from ..errors import InputError, UsageError
from ..guard import default_memory_limit, guarded
from ..query import LibraryQuery, add_prefixes, endpoint_warning, refuse_service, resolve_query, run as run_query
from ..remote import auth_from_env
from ..results import GRAPH_FORMATS, SELECT_FORMATS
from ._common import err, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "query",
        help="run a SPARQL query (a library query, a .rq file or -e TEXT) on the graph or an endpoint",
        description="Run a query of the library (`htkg queries` lists them), a .rq file, or a SPARQL text "
        "on the built graph (out/htkg.nq, the union of its named graphs as default graph) or on a remote "
        "SPARQL 1.1 endpoint. Parameters are bound as RDF terms, never pasted into the query text. "
        "Results from the built graph are written by Oxigraph as the store gives them. On a terminal, the "
        "number of rows and the time taken go to standard error. HTTP credentials for an endpoint are read "
        "from HTKG_USER and HTKG_PASSWORD (Basic, or Digest when the server asks for it).",
        epilog="Examples: htkg query victims-by-destination-year --format csv; "
        "htkg query actor-profile --param actor=actor:osce; htkg query -e 'SELECT * { ?s a htkg:Claim } LIMIT 5'",
    )
    parser.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="a library query name or a path to a .rq file")
    parser.add_argument(
        "-e", "--expression", metavar="SPARQL",
        help="the query text itself; the project's prefixes (htkg:, actor:, place:, rdfs:, ... as in `--param`) "
        "are declared for it unless it declares them itself",
    )
    parser.add_argument(
        "-p", "--param", action="append", default=[], metavar="NAME=VALUE",
        help="bind a parameter of the query (repeatable); IRIs may be prefixed names like actor:osce",
    )
    parser.add_argument(
        "-f", "--format", choices=SELECT_FORMATS + GRAPH_FORMATS,
        help="output: table|csv|tsv|json|xml for SELECT and ASK (default: table on a terminal, tsv otherwise); "
        "turtle|ntriples|jsonld for CONSTRUCT and DESCRIBE (default: turtle)",
    )
    parser.add_argument("--endpoint", metavar="URL",
                        help="run on this SPARQL 1.1 endpoint instead of the built graph (its default graph must be "
                        "the union of the named graphs: a warning says when it holds none of the project's data)")
    parser.add_argument("--timeout", type=float, default=30, metavar="SECONDS",
                        help="how long the query may take, on the built graph or on the endpoint (default: 30; 0: no limit)")
    parser.add_argument("--memory", type=float, metavar="GB",
                        help="how much memory a query on the built graph may use beyond the loaded graph, in GB (default: "
                        "three quarters of the machine's); past it the query is stopped with an error")
    parser.add_argument("--allow-service", action="store_true",
                        help="let the query call other SPARQL endpoints with SERVICE (refused by default: it sends "
                        "requests from this machine and may wait on a silent server)")
    parser.set_defaults(handler=run)


def _valid_utf8(value: str, what: str) -> str:
    """A command-line value, refused if its bytes were not UTF-8 (Python keeps such bytes as
    lone surrogates, which no query can hold)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        byte = ord(value[exc.start]) - 0xDC00 if 0xDC80 <= ord(value[exc.start]) <= 0xDCFF else None
        shown = f" (byte 0x{byte:02x} at character {exc.start + 1})" if byte is not None else ""
        raise UsageError(f"{what} is not valid UTF-8{shown}", hint="write the value in UTF-8") from None
    return value


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        _valid_utf8(pair, f"--param {pair.partition('=')[0]}")
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param {pair!r}: write NAME=VALUE")
        params[name.strip()] = value
    return params


def run(args) -> int:
    if bool(args.name) == bool(args.expression):
        raise UsageError("give a query name, a .rq file, or -e 'SPARQL' (exactly one)", hint="`htkg queries` lists the library")
    project = None
    if args.expression:
        text, added = add_prefixes(_valid_utf8(args.expression, "-e"))
        query = LibraryQuery(name="-e", path=None, text=text, prologue_lines=added)
    elif args.name.endswith(".rq"):
        query = resolve_query(None, args.name)
    else:
        project = project_of(args)
        query = resolve_query(project, args.name)
    if args.timeout < 0 or (args.memory is not None and args.memory <= 0):
        raise UsageError("--timeout and --memory take a positive number (--timeout 0: no limit)")
    params = _params(args.param)
    where = query.path.name if query.path is not None else query.name
    if not args.allow_service:
        refuse_service(query.text, where=where)
    if args.endpoint:
        auth = auth_from_env()
        started = time.perf_counter()
        result = run_query(query, params=params, endpoint=args.endpoint, timeout=args.timeout, lazy=True, auth=auth)
        _write(result, query, args.format, started)
        warning = endpoint_warning(args.endpoint, auth=auth, timeout=args.timeout)
        if warning:
            err(f"Warning: {warning}")
        return 0
    from ..store import OxigraphStore

    project = project or project_of(args)
    with progress.step(f"Opening {project.relative(project.dataset_path)}"):
        store = OxigraphStore.from_file(project.dataset_path)

    def work() -> int:
        started = time.perf_counter()
        # SELECT rows are written as they come (lazy), never all held; only the table waits for them.
        try:
            result = run_query(query, params=params, store=store, lazy=True, allow_service=args.allow_service)
            _write(result, query, args.format, started)
        except BrokenPipeError:
            raise
        except OSError as exc:  # the store's evaluation errors (a failing SERVICE, for one) come as OSError
            raise InputError(f"the query failed while it ran: {exc}", where=where) from None
        return 0

    # The store answers in Rust, where neither a timer nor Ctrl-C reaches: the query runs in a
    # child process that the command stops when the time is up, on Ctrl-C, or past the memory
    # bound (`htkg.guard`).
    memory = int(args.memory * (1 << 30)) if args.memory else default_memory_limit()
    return guarded(work, timeout=args.timeout or None, memory=memory, where=where)


def _write(result, query, fmt, started: float) -> None:
    """Write a query's result to standard output in `fmt` (or the default for its kind), and on
    a terminal its size and time to standard error."""
    if result.kind == "graph":
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"--format {fmt} is for SELECT and ASK results; a {query.form.upper()} result takes {', '.join(GRAPH_FORMATS)}")
        sys.stdout.flush()
        with progress.task(f"Writing {fmt}", unit="triples", quiet=sys.stdout.isatty()) as advance:
            count = result.write_graph(fmt, sys.stdout.buffer, advance=advance)
        sys.stdout.buffer.flush()
        summary = f"{count} triple{'' if count == 1 else 's'}"
    else:
        fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
        if fmt not in SELECT_FORMATS:
            raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results; a {result.kind.upper()} result takes {', '.join(SELECT_FORMATS)}")
        on_terminal = sys.stderr.isatty()
        if fmt == "table":
            with progress.step("Reading the rows"):
                result.materialize()
            _print_table(result, query, footer=not on_terminal)
            count = len(result.rows)
        else:
            sys.stdout.flush()
            # the rows themselves show on the terminal: no count beside them
            with progress.task("Writing rows", unit="rows", quiet=sys.stdout.isatty()) as advance:
                count = result.write(fmt, sys.stdout.buffer, advance=advance)
            sys.stdout.buffer.flush()
        summary = ("yes" if result.boolean else "no") if result.kind == "ask" else f"{count} row{'' if count == 1 else 's'}"
    if sys.stderr.isatty():
        err(f"{summary} in {_duration(time.perf_counter() - started)}")


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def _print_table(result, query, *, footer: bool = True) -> None:
    """The result as a table on standard output, values printed literally (see
    `htkg.terminal`), IRIs as prefixed names, literals as the store gives them."""
    from rich.console import Console
    from rich.table import Table

    from rdflib import Literal

    from ..namespaces import PREFIXES
    from ..terminal import literal

    console = Console(highlight=False)
    if result.kind == "ask":
        console.print("yes" if result.boolean else "no")
        return
    namespaces = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))

    def show(term) -> str:
        if term is None:
            return ""
        text = str(term)
        if isinstance(term, Literal):
            return text
        for prefix, iri in namespaces:
            if text.startswith(iri):
                return f"{prefix}:{text[len(iri):]}"
        return text

    table = Table(title=literal(query.question) if query.question else None, show_lines=False)
    for variable in result.variables:
        table.add_column(literal(variable), overflow="fold")
    for row in result.rows:
        table.add_row(*(literal(show(t)) for t in row))
    console.print(table)
    if footer:
        console.print(f"{len(result.rows)} row(s)")
