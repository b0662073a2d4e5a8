"""The embedded SPARQL store: an in-memory Oxigraph store (pyoxigraph) loaded from the built
dataset. Oxigraph answers the library's aggregations in milliseconds where rdflib's own engine
takes minutes at scale; rdflib stays the API for parsing, SHACL and serialization."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .errors import EndpointError, InputError

__all__ = ["OxigraphStore"]


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
        path = Path(path)
        if not path.exists():
            raise InputError("no built graph", where=path.name, hint="run `htkg build` first")
        store = cls()
        fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
        store.store.load(path=str(path), format=fmt)
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

    def publish(self, store_url: str, *, timeout: float = 30) -> dict[str, int]:
        """Load every named graph into a server with the SPARQL 1.1 Graph Store HTTP Protocol:
        one PUT of N-Triples per graph to `store_url?graph=<iri>`, replacing what the server
        held under that name. Returns the number of triples sent per graph; raises EndpointError
        with the server's message when a PUT fails."""
        import urllib.error
        import urllib.parse
        import urllib.request

        sent: dict[str, int] = {}
        for graph in self.named_graphs():
            body = self.graph_ntriples(graph)
            url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
            request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()
                raise EndpointError(f"PUT of graph <{graph}> failed: HTTP {exc.code} {detail}", where=store_url) from None
            except OSError as exc:
                raise EndpointError(f"cannot reach the graph store ({getattr(exc, 'reason', exc)})", where=store_url,
                                    hint="check the address and that the server is running") from None
            sent[graph] = body.count(b"\n")
        return sent

    def query(self, sparql: str, *, where: str = "query"):
        """Run a query over the union of the named graphs; a syntax error names `where`."""
        try:
            return self.store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}", where=where, hint="fix the query") from None

    def construct(self, sparql: str, *, where: str = "query") -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query and return its triples as an rdflib Graph."""
        result = self.query(sparql, where=where)
        if not isinstance(result, ox.QueryTriples):
            raise InputError("not a CONSTRUCT or DESCRIBE query", where=where)
        graph = Graph()
        graph.parse(data=result.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return graph
