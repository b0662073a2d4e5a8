"""Deterministic serializations of the dataset and of single graphs."""

from __future__ import annotations

from rdflib import Dataset, Graph

from .namespaces import bind_prefixes
from .rdfio import sorted_nquads

__all__ = ["serialize_dataset", "serialize_graph"]


def serialize_dataset(dataset: Dataset, fmt: str, *, header: str = "") -> str:
    """TriG or N-Quads of a whole dataset. rdflib sorts subjects, predicates and objects when it
    writes TriG; N-Quads are sorted line by line."""
    if fmt == "nquads":
        return header + sorted_nquads(dataset)
    if fmt == "trig":
        return header + _trig(dataset)
    raise ValueError(f"unsupported dataset format {fmt!r}")


def _trig(dataset: Dataset) -> str:
    """TriG written graph by graph in IRI order. rdflib's own TriG writer visits graphs in
    store order, which changes from run to run; its Turtle writer is stable, so each graph's
    body comes from it and the prefixes they use are declared once at the top."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph) or str(graph.identifier) == "urn:x-rdflib:default":
            continue
        named = Graph(identifier=graph.identifier)
        for triple in graph:
            named.add(triple)
        bind_prefixes(named)
        body = []
        for line in named.serialize(format="turtle").splitlines():
            if line.startswith("@prefix "):
                prefixes.add(line)
            else:
                body.append(line)
        # No indentation: a line inside a long (triple-quoted) literal is part of its value.
        text = "\n".join(body).strip("\n")
        blocks.append(f"{graph.identifier.n3()} {{\n{text}\n}}\n")
    return "".join(line + "\n" for line in sorted(prefixes)) + "\n" + "\n".join(blocks)


def serialize_graph(graph: Graph, fmt: str, *, header: str = "") -> str:
    """Turtle or N-Triples of one graph (sorted, prefixes bound)."""
    if fmt == "ntriples":
        lines = sorted({line for line in graph.serialize(format="nt").splitlines() if line.strip()})
        return header + "\n".join(lines) + ("\n" if lines else "")
    if fmt == "turtle":
        bind_prefixes(graph)
        return header + graph.serialize(format="turtle")
    raise ValueError(f"unsupported graph format {fmt!r}")
