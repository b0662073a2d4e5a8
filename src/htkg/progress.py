"""Progress for long work: a spinner or a bar on stderr when stderr is a terminal (rich), and
nothing at all otherwise, so that redirected output and tests stay clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["status", "interactive"]


def interactive(stream=None) -> bool:
    """Whether progress should be drawn on `stream` (stderr by default)."""
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def status(*, console=None) -> Iterator[Callable[[str], None]]:
    """A spinner whose message the caller replaces as work moves on: `with status() as say:
    say("Compiling")`. Quiet (say does nothing) when stderr is not a terminal, unless a rich
    Console is given."""
    if console is None and not interactive():
        yield lambda message: None
        return
    from rich.console import Console

    console = console if console is not None else Console(stderr=True)
    with console.status("Working") as spinner:
        yield lambda message: spinner.update(message)
