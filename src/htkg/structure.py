"""The closure of the organisation tree, in the derived graph.

W3C ORG (section 5.2) defines `org:transitiveSubOrganizationOf`, the transitive closure of
`org:subOrganizationOf`, "to support query": every body an organisation is part of, at any
depth, in one pattern. The build states it. Each file's part of the derived graph gets one step
per `org:subOrganizationOf` the file states (`derive_steps`); the merged derived graph then
completes the closure across files (`closure_of_lines` for the build's N-Quads lines, `closure`
for a store's triples), since an office can be described in one document and its parent's parent in another.

A query then asks "which bodies is this office within" without a property path. Virtuoso's
transitive paths lose rows when one end is bound (partners-of listed the OSCE Office in Baku as
a partner of the OSCE); one stated triple per pair answers the same on every engine."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import ORG

__all__ = ["VERSION", "READ", "derive_steps", "closure", "closure_of_lines"]

#: Part of each compiled file's cache key: change it when what this module derives changes.
VERSION = "structure-1"

_SUB = ox.NamedNode(str(ORG.subOrganizationOf))
_TRANSITIVE = ox.NamedNode(str(ORG.transitiveSubOrganizationOf))
_TRANSITIVE_BYTES = f" <{_TRANSITIVE.value}> ".encode()
#: Every property derive_steps reads.
READ = frozenset((_SUB,))


def derive_steps(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """One `org:transitiveSubOrganizationOf` for each `org:subOrganizationOf` among these."""
    return {ox.Triple(t.subject, _TRANSITIVE, t.object) for t in triples if t.predicate == _SUB and t.subject != t.object}


def _missing(edges: Iterable[tuple[object, object]]) -> set[tuple[object, object]]:
    """The pairs the transitive closure of these edges adds to them (no node above itself)."""
    above: dict[object, set[object]] = defaultdict(set)
    for child, parent in edges:
        above[child].add(parent)
    missing: set[tuple[object, object]] = set()
    for start in list(above):
        seen: set[object] = set()
        stack = list(above[start])
        while stack:
            node = stack.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            stack.extend(above.get(node, ()))
        missing.update((start, node) for node in seen - above[start])
    return missing


def closure(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The `org:transitiveSubOrganizationOf` statements that complete the closure of those
    among these triples."""
    edges = [(t.subject, t.object) for t in triples if t.predicate == _TRANSITIVE]
    return {ox.Triple(child, _TRANSITIVE, parent) for child, parent in _missing(edges)}


def closure_of_lines(lines: Iterable[bytes]) -> set[ox.Triple]:
    """The same, from the merged derived graph's N-Quads lines (`<s> <p> <o> <g> .`, as
    htkg.buildcache.nquads_chunk writes them)."""
    edges = []
    for line in lines:
        if _TRANSITIVE_BYTES in line:
            subject, _predicate, obj, _graph, _dot = line.split(b" ")
            edges.append((ox.NamedNode(subject[1:-1].decode("utf-8")), ox.NamedNode(obj[1:-1].decode("utf-8"))))
    return {ox.Triple(child, _TRANSITIVE, parent) for child, parent in _missing(edges)}
