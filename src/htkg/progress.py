"""Progress for long work: a spinner or a bar on stderr when stderr is a terminal (rich), and
nothing at all otherwise, so that redirected output and tests stay clean. Standard output is
never touched, so a command can stream its result there while the bar runs.

    with progress.status() as say:
        say("Compiling")
    with progress.task("Exporting turtle", total=len(quads)) as advance:
        for quad in quads:
            ...
            advance()          # or advance(n)
    with progress.step("Parsing"):
        ...

`advance` is cheap (a counter): the bar is redrawn from it at most every 0.1 s, so it may be
called once per statement."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # rich is imported only when something is drawn
    from rich.console import Console

__all__ = ["status", "interactive", "task", "step", "track", "enabled"]

T = TypeVar("T")
_INTERVAL = 0.1


def interactive(stream=None) -> bool:
    """Whether progress should be drawn on `stream` (stderr by default)."""
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except ValueError:  # a closed stream
        return False


def _console(console: Console | None) -> Console:
    from rich.console import Console

    return console if console is not None else Console(stderr=True)


@contextmanager
def status(*, console=None) -> Iterator[Callable[[str], None]]:
    """A spinner whose message the caller replaces as work moves on: `with status() as say:
    say("Compiling")`. Quiet (say does nothing) when stderr is not a terminal, unless a rich
    Console is given."""
    if console is None and not interactive():
        yield lambda message: None
        return
    from .terminal import literal

    console = _console(console)
    with console.status("Working") as spinner:
        yield lambda message: spinner.update(literal(message))


def enabled(console: Console | None = None) -> bool:
    """Whether progress is drawn: on `console` when it is (or is forced to be) a terminal; by
    default when standard error is a terminal."""
    if console is not None:
        return console.is_terminal
    return interactive()


def _noop(amount: float = 1) -> None:
    return None


@contextmanager
def task(
    description: str, total: float | None = None, *, unit: str | None = None, quiet: bool = False,
    console: Console | None = None,
) -> Iterator[Callable[[float], None]]:
    """A progress bar for `total` units of work (a spinner when `total` is None, with the count
    so far when `unit` names what is counted); yields `advance(amount=1)`. Draws nothing unless
    `enabled(console)`, nor when `quiet` (say, when the result itself goes to the terminal)."""
    if quiet or not enabled(console):
        yield _noop
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .terminal import printable

    # Descriptions name files and addresses: shown as they are, never read as markup.
    description = printable(description)
    columns = [SpinnerColumn(), TextColumn("{task.description}", markup=False)]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    elif unit:
        columns.append(TextColumn("{task.completed:,.0f} " + printable(unit), markup=False))
    columns.append(TimeElapsedColumn())
    # redirect_stdout=False: a command may be writing its result to standard output meanwhile.
    bar = Progress(*columns, console=_console(console), transient=True, redirect_stdout=False, redirect_stderr=False)
    state = {"done": 0.0, "at": 0.0}
    with bar:
        task_id = bar.add_task(description, total=total)

        def advance(amount: float = 1) -> None:
            state["done"] += amount
            now = time.monotonic()
            if now - state["at"] >= _INTERVAL:
                state["at"] = now
                bar.update(task_id, completed=state["done"])

        try:
            yield advance
        finally:
            bar.update(task_id, completed=state["done"])


@contextmanager
def step(description: str, *, quiet: bool = False, console: Console | None = None) -> Iterator[None]:
    """A spinner with `description` for work whose amount is not known."""
    with task(description, None, quiet=quiet, console=console):
        yield


def track(items: Iterable[T], description: str, total: float | None = None, *, console: Console | None = None) -> Iterator[T]:
    """`items`, unchanged, with a bar that advances by one per item."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with task(description, total, console=console) as advance:
        for item in items:
            yield item
            advance()
