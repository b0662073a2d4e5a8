"""Reading and writing files: atomic writes, loading the built dataset into rdflib."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import InputError
from .namespaces import bind_prefixes

__all__ = ["atomic_write", "load_dataset", "union_graph"]


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write a file so that readers see the old content or the new, never half of it:
    write a temporary file beside it, then rename it over the target."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_dataset(path: str | os.PathLike) -> Dataset:
    """Load a built dataset (N-Quads or TriG) into an rdflib Dataset."""
    path = Path(path)
    if not path.exists():
        raise InputError("no built graph", where=path.name, hint="run `htkg build` first")
    dataset = Dataset()
    bind_prefixes(dataset)
    fmt = "trig" if path.suffix == ".trig" else "nquads"
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:
        raise InputError(f"cannot parse: {exc}", where=path.name, hint="rebuild with `htkg build`") from None
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs merged into one rdflib Graph (what SHACL validation needs: references
    across graphs are only seen in the union)."""
    union = Graph()
    bind_prefixes(union)
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad[:3])
    return union
