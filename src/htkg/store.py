"""The embedded SPARQL store: an in-memory Oxigraph store (pyoxigraph) loaded from the built
dataset. Oxigraph answers the library's aggregations in milliseconds where rdflib's own engine
takes minutes at scale; rdflib stays the API for parsing, SHACL and serialization."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .errors import InputError

__all__ = ["OxigraphStore", "RemoteStore", "open_store", "open_built"]


class OxigraphStore:
    """A pyoxigraph Store whose default graph is the union of the named graphs."""

    def __init__(self, store: ox.Store | None = None):
        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_nquads(cls, data: bytes | str) -> "OxigraphStore":
        store = cls()
        store.store.load(data.encode("utf-8") if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS)
        return store

    @classmethod
    def from_file(cls, path: str | Path) -> "OxigraphStore":
        """The dataset of an RDF file, loaded into memory. (The build's on-disk store, out/store/,
        opens at once but answers the library's aggregations 3 to 15 times slower than memory at
        10^6 triples: reading commands load out/htkg.nq instead, in about 3 s at that size.)"""
        from .outdir import check_dataset

        path = Path(path)
        shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        if not path.exists():
            raise InputError("no built graph", where=shown, hint="run `htkg build` first")
        if not path.is_file():
            raise InputError("not a file", where=shown, hint="run `htkg build` to write the built graph")
        check_dataset(path)
        store = cls()
        fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
        try:
            store.store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            line = getattr(exc, "lineno", None)
            message = " ".join(str(getattr(exc, "msg", None) or exc).split())
            raise InputError(
                f"cannot parse: {message}",
                where=f"{shown}:{line}" if line else shown,
                hint="the file is damaged (cut short?): run `htkg build --full` to write it again",
            ) from None
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read: {exc}", where=shown, hint="run `htkg build --full` to write it again") from None
        return store

    @classmethod
    def from_rdflib(cls, dataset: Dataset) -> "OxigraphStore":
        return cls.from_nquads(dataset.serialize(format="nquads"))

    def __len__(self) -> int:
        return len(self.store)

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples (sorted lines, so the bytes are stable)."""
        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        lines = sorted(line for line in data.split(b"\n") if line.strip())
        return b"\n".join(lines) + (b"\n" if lines else b"")

    def query(self, sparql: str, *, where: str = "query", prologue_lines: int = 0, allow_service: bool = False):
        """Run a query over the union of the named graphs. A syntax error is one line naming
        `where` and the line and column in the text as written (the `prologue_lines` put
        before it, such as the project's prefixes, not counted). A query with SERVICE is
        refused unless `allow_service`: it would make this process a client of other servers."""
        if not allow_service:
            from .sparqltext import refuse_service

            refuse_service(sparql, where=where)
        try:
            return self.store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            from .sparqltext import syntax_error_message

            raise InputError(syntax_error_message(str(exc), sparql, prologue_lines=prologue_lines), where=where) from None

    def select(self, sparql: str, *, where: str = "query") -> list[dict]:
        """Run a SELECT query; rows as dictionaries of rdflib terms (unbound variables left out).
        The same interface as RemoteStore.select, so library code runs on either."""
        from .results import from_oxigraph

        return from_oxigraph(self.query(sparql, where=where)).as_dicts()

    def construct(self, sparql: str, *, where: str = "query") -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query and return its triples as an rdflib Graph."""
        result = self.query(sparql, where=where)
        if not isinstance(result, ox.QueryTriples):
            raise InputError("not a CONSTRUCT or DESCRIBE query", where=where)
        graph = Graph()
        graph.parse(data=result.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return graph


def open_built(project) -> ox.Store:
    """The built dataset of a project as an in-memory pyoxigraph Store."""
    return OxigraphStore.from_file(project.dataset_path).store


class RemoteStore:
    """A SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB) standing in for the
    embedded store in library code that only reads: `select` sends the query over the SPARQL 1.1
    Protocol, with a timeout, and raises EndpointError with the server's
    message when it is down or answers an error. The endpoint's default graph must be the union
    of the named graphs (Oxigraph: `?union-default-graph`). `auth` is (user, password) for a
    server that asks for them (see `htkg.remote`)."""

    def __init__(self, endpoint: str, *, timeout: float = 30, auth: tuple[str, str] | None = None):
        self.endpoint = endpoint
        self.timeout = timeout
        self.auth = auth

    def select(self, sparql: str, *, where: str = "query") -> list[dict]:
        from .remote import run_endpoint

        return run_endpoint(self.endpoint, sparql, timeout=self.timeout, where=where, auth=self.auth).as_dicts()


def open_store(path: str | Path, *, endpoint: str | None = None, timeout: float = 30, auth: tuple[str, str] | None = None):
    """The store a reading command works on: the endpoint when one is given (with `auth`), else
    the built dataset at `path` loaded into the embedded store."""
    if endpoint:
        return RemoteStore(endpoint, timeout=timeout, auth=auth)
    return OxigraphStore.from_file(path)
