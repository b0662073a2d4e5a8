"""Reading and writing files: atomic writes to safe targets, loading the built dataset into
rdflib."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, Graph

from .errors import InputError, UsageError
from .namespaces import bind_prefixes

__all__ = ["atomic_write", "atomic_file", "check_target", "load_dataset", "union_graph"]

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: str | os.PathLike) -> None:
    """Refuse to replace anything but a regular file (or nothing): a write renames a new file
    over the target, which would replace a symbolic link, a named pipe or a device node by a
    file, and cannot replace a directory."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", where=str(path)) from None
    for test, kind in _KINDS:
        if test(mode):
            raise UsageError(
                f"is {kind}; htkg writes only regular files (it replaces the file whole)",
                where=str(path),
                hint="name a new file or a regular file to replace",
            )


def _temporary(path: Path) -> tuple[int, Path]:
    """A new file beside `path`, created with mode 0666 so that the umask decides its
    permissions as for any file (tempfile.mkstemp would make it 0600)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue


@contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary file beside it, renamed over `path`
    when the block ends, removed if it fails, so readers see the old content or the new, never
    half of it. `path` must be a regular file or not exist (`check_target`)."""
    path = Path(path)
    check_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        check_target(path)  # made meanwhile?
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write a file so that readers see the old content or the new, never half of it (see
    `atomic_file`)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path) as handle:
        handle.write(payload)
    return Path(path)


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

