"""A private OpenLink Virtuoso server for tests and the benchmark: Debian's `virtuoso-opensource`
started on 127.0.0.1 at free ports with its own temporary database, bulk-loaded with the built
N-Quads, and stopped afterwards.

Virtuoso differs from the embedded store in three ways that matter to the query library:
- a query with no FROM sees Virtuoso's own system graphs too. The harness gives the union of the
  dataset's graphs as the default graph in one of two ways:
  - `query_all_graphs()` (what a server that holds the dataset alone should do, and what the
    README and the benchmark describe): requests name no graph, so a query with no FROM, as
    `htkg query --endpoint` sends it, reads the union of every graph on the server: the dataset's
    and Virtuoso's own few system graphs (its quad-map schema `virtrdf#`, about 2,500 triples,
    and three small ones), which no library query matches (`tests/test_virtuoso.py` checks).
    Virtuoso then looks a pattern up in its indexes without a graph condition, which is fast.
    (Leaving the system graphs out by a host-wide `define input:default-graph-exclude` in
    `DB.DBA.SYS_SPARQL_HOST` does keep them out of SELECT, but then every CONSTRUCT answers
    nothing, `htkg publish`'s read-back included: Debian's 7.2.x);
  - `group()`: the dataset's named graphs in one graph group (`UNION_GRAPH`) that queries pass as
    the SPARQL 1.1 Protocol's `default-graph-uri` (and each graph as a `named-graph-uri`): right
    on a server shared with other data, but each pattern is then checked against the group's
    2,616 graphs at 10^6 triples, which takes seconds to minutes per query;
- its JSON results use SPARQL 1.0's `typed-literal`: compare results as RDF terms;
- the sample virtuoso.ini caps results at 10,000 rows (`[SPARQL] ResultSetMaxRows`) and truncates
  silently: the harness raises the cap."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["VirtuosoServer", "available", "dataset_graphs", "UNION_GRAPH", "SAMPLE_INI"]

SAMPLE_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: The graph group that stands for the union of the dataset's named graphs.
UNION_GRAPH = "urn:x-htkg:union"
#: The test-only account every fresh Virtuoso database has.
USER, PASSWORD = "dba", "dba"


def available() -> bool:
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt") and SAMPLE_INI.exists())


def require() -> None:
    """Skip the calling test (fail in CI) where Virtuoso is not installed."""
    from needs import program

    program("virtuoso-t", "virtuoso-opensource")
    program("isql-vt", "virtuoso-opensource")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dataset_graphs(nquads: Path) -> list[str]:
    """The named graphs of an N-Quads file, sorted."""
    import pyoxigraph as ox

    graphs = {quad.graph_name.value for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
              if isinstance(quad.graph_name, ox.NamedNode)}
    return sorted(graphs)


def _configure(sample: str, settings: dict[str, dict[str, str]]) -> str:
    """The sample ini with `settings` ({section: {key: value}}) replacing or adding keys. The
    sample repeats keys and has inline `;` comments, which configparser rejects: edit lines."""
    out: list[str] = []
    section = None
    pending: dict[str, str] = {}

    def flush() -> None:
        for key, value in pending.items():
            out.append(f"{key} = {value}")
        pending.clear()

    for line in sample.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            flush()
            section = header.group(1)
            pending.update(settings.get(section, {}))
            out.append(line)
            continue
        key = re.match(r"\s*([A-Za-z_0-9]+)\s*=", line)
        if section in settings and key and key.group(1) in settings[section]:
            value = pending.pop(key.group(1), None)
            if value is not None:
                out.append(f"{key.group(1)} = {value}")
            continue  # a repeated key: keep only the first, replaced
        out.append(line)
    flush()
    return "\n".join(out) + "\n"


class VirtuosoServer:
    """`virtuoso-t` in the foreground on 127.0.0.1, its database, logs and lock in `folder`."""

    def __init__(self, folder: Path, *, buffers: int = 100_000, max_rows: int = 10_000_000, max_seconds: int = 0):
        if not available():
            raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
        self.folder = Path(folder)
        self.db = self.folder / "db"
        self.data = self.folder / "data"
        self.db.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = _free_port(), _free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.graphs: list[str] = []
        #: Whether requests name the dataset (the graph group) or take the server's default
        #: (every graph on the server, after `query_all_graphs`).
        self.name_dataset = True
        db = self.db
        settings = {
            "Database": {"DatabaseFile": f"{db}/virtuoso.db", "ErrorLogFile": f"{db}/virtuoso.log", "LockFile": f"{db}/virtuoso.lck",
                         "TransactionFile": f"{db}/virtuoso.trx", "xa_persistent_file": f"{db}/virtuoso.pxa"},
            "TempDatabase": {"DatabaseFile": f"{db}/virtuoso-temp.db", "TransactionFile": f"{db}/virtuoso-temp.trx"},
            "Parameters": {"ServerPort": f"127.0.0.1:{self.sql_port}",
                           "DirsAllowed": f"., /usr/share/virtuoso-opensource-7/vad, {self.data}",
                           "NumberOfBuffers": str(buffers), "MaxDirtyBuffers": str(buffers * 3 // 4),
                           "CheckpointInterval": "0"},
            "HTTPServer": {"ServerPort": f"127.0.0.1:{self.http_port}"},
            "URIQA": {"DefaultHost": f"127.0.0.1:{self.http_port}"},
            # The sample caps results at 10,000 rows and truncates silently.
            "SPARQL": {"ResultSetMaxRows": str(max_rows), "MaxQueryExecutionTime": str(max_seconds),
                       "MaxQueryCostEstimationTime": "0"},
        }
        self.ini = self.folder / "virtuoso.ini"
        self.ini.write_text(_configure(SAMPLE_INI.read_text(encoding="utf-8"), settings), encoding="utf-8")
        self.log = open(self.folder / "stdout.log", "wb")
        self.process = subprocess.Popen(["virtuoso-t", "+configfile", str(self.ini), "+foreground"],
                                        cwd=self.db, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_up()
        except RuntimeError:
            self.stop()
            raise

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint (HTTP digest auth, user dba)."""
        return f"{self.base}/sparql-graph-crud-auth"

    def _wait_until_up(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        url = f"{self.query_url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        raise RuntimeError(f"Virtuoso did not answer at {url} in {timeout} s: {self.log_tail()}")

    def log_tail(self) -> str:
        path = self.db / "virtuoso.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def isql(self, sql: str, timeout: float = 3600) -> str:
        """Run SQL statements through `isql-vt`; raise with its output when one fails."""
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", USER, PASSWORD, f"exec={sql}"],
                              capture_output=True, text=True, timeout=timeout)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            errors = [line for line in output.splitlines() if "Error" in line]
            raise RuntimeError(f"isql-vt failed on {sql[:200]!r}: {' '.join(errors)[:1000] or output[-1000:]}")
        return output

    def bulk_load(self, nquads: Path, *, graphs: list[str] | None = None) -> list[str]:
        """Bulk-load an N-Quads file (each quad into its own graph) and group its named graphs
        under UNION_GRAPH. Returns the graphs."""
        nquads = Path(nquads)
        target = self.data / nquads.name
        shutil.copyfile(nquads, target)
        graphs = graphs if graphs is not None else dataset_graphs(nquads)
        # The third argument is the graph for triples with none; every line here has its graph.
        self.isql(f"ld_dir('{self.data}', '{target.name}', '{UNION_GRAPH}-default'); rdf_loader_run(); checkpoint;")
        failed = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in failed:
            raise RuntimeError(f"Virtuoso's bulk loader reported errors: {failed[-2000:]}")
        self.group(graphs)
        self.graphs = graphs
        return graphs

    def group(self, graphs: list[str]) -> None:
        """Make UNION_GRAPH a Virtuoso graph group holding `graphs`."""
        statements = [f"DB.DBA.RDF_GRAPH_GROUP_CREATE('{UNION_GRAPH}', 1);"]
        statements += [f"DB.DBA.RDF_GRAPH_GROUP_INS('{UNION_GRAPH}', '{g}');" for g in graphs]
        # isql-vt truncates a long exec= argument: a few statements per call.
        for start in range(0, len(statements), 20):
            self.isql(" ".join(statements[start:start + 20]))

    def query_all_graphs(self) -> list[str]:
        """From now on, requests name no graph: the default graph is every graph on the server,
        and `GRAPH ?g` ranges over them all. Returns the graphs the server holds now (on a fresh
        server, Virtuoso's own system graphs), which queries will see beside the dataset's."""
        self.name_dataset = False
        return self.graphs_held()

    def graphs_held(self) -> list[str]:
        """Every graph that holds a triple, by a SPARQL query with no dataset."""
        import json
        import urllib.parse

        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        request = urllib.request.Request(self.query_url, data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            bindings = json.loads(response.read())["results"]["bindings"]
        return sorted(b["g"]["value"] for b in bindings)

    def client(self, sparql: str):
        """A SPARQLWrapper for `sparql` whose dataset is the loaded one: after
        `query_all_graphs`, the server's default (the request names no graph); else the
        default graph is the union (UNION_GRAPH) and, when the query names graphs, the named
        graphs are the dataset's (a graph group cannot be a FROM NAMED graph in Virtuoso)."""
        from SPARQLWrapper import POST, SPARQLWrapper

        import http.client

        # Virtuoso echoes the dataset back in response headers, one per named graph; Python's
        # http.client refuses more than 100 headers ("got more than 100 headers").
        http.client._MAXHEADERS = max(http.client._MAXHEADERS, 2 * len(self.graphs) + 100)
        wrapper = SPARQLWrapper(self.query_url)
        wrapper.setQuery(sparql)
        wrapper.setMethod(POST)
        if not self.name_dataset:
            return wrapper
        wrapper.addDefaultGraph(UNION_GRAPH)
        if re.search(r"\bGRAPH\b", sparql, re.IGNORECASE):
            for graph in self.graphs:
                wrapper.addNamedGraph(graph)
        return wrapper

    def graph_store(self, method: str, graph: str, data: bytes | None = None, *, content_type: str = "application/n-triples",
                    auth: bool = True) -> tuple[int, bytes]:
        """One SPARQL 1.1 Graph Store Protocol request (`?graph=` names the graph) with HTTP
        digest auth as dba; returns the status and body. Virtuoso answers PUT with 201 for a new
        graph and 200 for a replaced one, DELETE with 200, GET of a missing graph with 404."""
        import urllib.parse

        url = f"{self.graph_store_url}?graph={urllib.parse.quote(graph, safe='')}"
        headers = {"Accept": "*/*"}  # DELETE answers 406 to an Accept it cannot serve (yet deletes)
        if data is not None:
            headers["Content-Type"] = content_type
        handlers = []
        if auth:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.base, USER, PASSWORD)
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        opener = urllib.request.build_opener(*handlers)
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with opener.open(request, timeout=600) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.isql("checkpoint; shutdown;", timeout=120)
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        self.log.close()
