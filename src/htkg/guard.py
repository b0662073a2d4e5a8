"""Run work that cannot be interrupted from Python, such as a query inside the embedded store,
with a time limit, a memory bound and a Ctrl-C that stops it at once.

pyoxigraph evaluates a query in Rust: until it returns, Python's signal handlers do not run (so
Ctrl-C waits), no timer can stop it, and an allocation that fails aborts the whole process with
no message. `guarded` therefore forks: the child (which shares the parent's loaded store, copy
on write) runs the work under an address-space limit; the parent passes on what the child
writes as it comes (so output still streams, and reaches whatever the parent's standard output
and error are, a terminal, a pipe or a test's capture), and kills the child when the time is up
or Ctrl-C is pressed. Each way of ending badly is an `HtkgError` (exit 2) that says what
happened and what to do."""

from __future__ import annotations

import io
import os
import resource
import selectors
import signal
import sys
import time
import traceback
from typing import Callable

from .errors import HtkgError

__all__ = ["QueryLimitExceeded", "default_memory_limit", "guarded"]

#: How often the parent looks at the child, in seconds.
_POLL = 0.02


class QueryLimitExceeded(HtkgError):
    """The guarded work ran out of time or memory, or was interrupted."""

    exit_code = 2


def default_memory_limit() -> int:
    """The default bound on the child's address space: three quarters of the machine's memory."""
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return int(pages * page_size * 3 / 4)
    except (ValueError, OSError):
        return 4 << 30


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux: /proc/self/statm), or 0."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _gigabytes(size: int) -> str:
    return f"{size / (1 << 30):.1f} GB"


def guarded(work: Callable[[], int], *, timeout: float | None, memory: int | None, where: str = "query") -> int:
    """Run `work()` in a forked child and return its exit code. `timeout` is in seconds (None or
    0: no limit); `memory` bounds, in bytes, how much the child's address space may grow beyond
    what it starts with (None: no bound). The child
    prints its own errors (`Error: ...` for an HtkgError) and exits with their code."""
    sys.stdout.flush()
    sys.stderr.flush()
    terminals = (_isatty(sys.stdout), _isatty(sys.stderr))
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(out_read)
        os.close(err_read)
        _child(work, memory, out_write, err_write, terminals)
    os.close(out_write)
    os.close(err_write)
    relay = _Relay({out_read: _binary(sys.stdout), err_read: _binary(sys.stderr)})
    started = time.monotonic()
    try:
        while True:
            relay.pass_on(_POLL)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                relay.drain()
                return _outcome(status, memory, where)
            if timeout and time.monotonic() - started > timeout:
                _kill(pid)
                relay.drain()
                raise QueryLimitExceeded(
                    f"stopped after {timeout:g} s: the query did not finish in time", where=where,
                    hint="give it more time with --timeout SECONDS, or narrow the query (LIMIT, a bound parameter)")
    except KeyboardInterrupt:
        _kill(pid)
        relay.drain()
        raise QueryLimitExceeded("interrupted (Ctrl-C): the query was stopped", where=where) from None
    finally:
        relay.close()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _binary(stream):
    """Where to write bytes for a text stream: its buffer, or the stream itself through a decoder."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    return _TextSink(stream)


class _TextSink:
    def __init__(self, stream):
        self.stream = stream
        self.decoder = __import__("codecs").getincrementaldecoder("utf-8")("replace")

    def write(self, data: bytes) -> None:
        self.stream.write(self.decoder.decode(data))

    def flush(self) -> None:
        self.stream.flush()


class _Relay:
    """Passes what the child writes to its pipes on to the parent's streams, as it comes."""

    def __init__(self, targets: dict):
        self.targets = targets
        self.selector = selectors.DefaultSelector()
        for fd in targets:
            self.selector.register(fd, selectors.EVENT_READ)

    def pass_on(self, wait: float) -> None:
        for key, _ in self.selector.select(wait):
            data = os.read(key.fd, 1 << 16)
            if not data:
                self.selector.unregister(key.fd)
                continue
            target = self.targets[key.fd]
            try:
                target.write(data)
                target.flush()
            except BrokenPipeError:
                pass

    def drain(self) -> None:
        while self.selector.get_map():
            self.pass_on(0.2)

    def close(self) -> None:
        for fd in self.targets:
            try:
                os.close(fd)
            except OSError:
                pass
        self.selector.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _outcome(status: int, memory: int | None, where: str) -> int:
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    signum = os.WTERMSIG(status)
    if signum in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL) and memory:
        # Rust aborts when an allocation fails; the kernel's OOM killer sends SIGKILL.
        raise QueryLimitExceeded(
            f"the query needed more memory than its bound of {_gigabytes(memory)} and was stopped", where=where,
            hint="narrow the query (LIMIT, a bound parameter), or raise the bound with --memory GB")
    if signum == signal.SIGINT:
        raise QueryLimitExceeded("interrupted (Ctrl-C): the query was stopped", where=where)
    raise QueryLimitExceeded(f"the query's process ended with signal {signal.Signals(signum).name}", where=where)


class _Stream(io.TextIOWrapper):
    """The child's standard output or error: a pipe to the parent that says it is a terminal
    when the parent's stream is one, so that what the work writes is what it would write there."""

    def __init__(self, fd: int, terminal: bool):
        super().__init__(io.FileIO(fd, "wb"), encoding="utf-8", errors="backslashreplace", write_through=True)
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal


def _child(work: Callable[[], int], memory: int | None, out_fd: int, err_fd: int, terminals: tuple[bool, bool]) -> None:
    code = 1
    sys.stdout, sys.stderr = _Stream(out_fd, terminals[0]), _Stream(err_fd, terminals[1])
    try:
        # Ctrl-C reaches the whole foreground process group: the child dies at once, and the
        # parent, which waits in Python, reports it.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if memory:
            # The bound is on what the work adds: the address space already taken (Python, the
            # libraries, the loaded store) is not the query's.
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        code = int(work() or 0)
    except HtkgError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        code = exc.exit_code
    except MemoryError:
        print("Error: the query needed more memory than its bound and was stopped", file=sys.stderr)
        code = 2
    except BrokenPipeError:
        code = 0
    except BaseException:  # a bug, not a user mistake: show it
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass
        os._exit(code)
