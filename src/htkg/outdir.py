"""What keeps the output folders safe when builds run together, are killed, or are followed by a
release: the build lock, the build record, and the cleaning of what killed commands leave.

- **The build lock.** A build holds an exclusive `flock` on `out/.build.lock` (holding its
  process id) from start to end; a second build waits for it (or, with `wait=False`, stops with
  "another build is running (pid N)"). The operating system lets go of the lock when the
  process ends, however it ends, so a killed build never leaves it held.
- **The build record**, `out/build.json`: the size and SHA-256 of the `out/htkg.nq` the build
  wrote, whether it was validated, and the digest of the shapes it was validated against.
  Readers of `out/htkg.nq` check its size against the record (a truncated file is refused);
  `htkg export --release` and `htkg publish` check its hash and refuse data that was not
  validated against the current `shapes/` (`require_validated`), unless told otherwise.
- **Stale temporaries.** Under the lock, whatever temporary files and folders are found in
  out/ were left by a build that died: the next build removes them. A release is written into
  `.<DIR>.<pid>.<random>.tmp` beside its folder; the next release removes those whose process
  is gone.

`checkpoint(name)` kills the process at a named point when `HTKG_TEST_KILL_AT=name` is set in
the environment: for the tests that kill a build or a release mid-way, never for anything else.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BuildBusy, InputError, NotValidated

__all__ = [
    "LOCK_NAME",
    "RECORD_NAME",
    "BuildLock",
    "BuildRecord",
    "checkpoint",
    "clean_build_temporaries",
    "make_temp_dir",
    "read_record",
    "write_record",
    "shapes_digest",
    "file_sha256",
    "check_dataset",
    "require_validated",
]

LOCK_NAME = ".build.lock"
RECORD_NAME = "build.json"
_RECORD_FORMAT = "htkg-build-record-1"
#: The environment variable of the test hook (see the module's docstring).
KILL_VARIABLE = "HTKG_TEST_KILL_AT"


def checkpoint(name: str) -> None:
    """Die here, as from `kill -9`, when the tests ask for it (HTKG_TEST_KILL_AT=name)."""
    if os.environ.get(KILL_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)


# --------------------------------------------------------------------------- the lock


class BuildLock:
    """The exclusive lock of one output folder, for the length of a `with` block."""

    def __init__(self, out_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None):
        self.path = Path(out_dir) / LOCK_NAME
        self.wait = wait
        self.on_wait = on_wait
        self.fd: int | None = None

    def __enter__(self) -> "BuildLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not self.wait:
                    raise BuildBusy(
                        f"another build is running (pid {holder})",
                        where=self.path.parent.name + "/",
                        hint="wait for it to finish (or run without --no-wait to wait for it)",
                    ) from None
                if self.on_wait is not None:
                    self.on_wait(f"another build is running (pid {holder}); waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
            finally:
                os.close(self.fd)  # closing the last descriptor releases the lock
                self.fd = None


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"


# --------------------------------------------------------------------------- stale temporaries


#: The temporaries a build makes in out/ (under the lock, all of them are stale).
_BUILD_TEMPORARIES = re.compile(r"^\.(store\.(tmp|old|new)|htkg\.nq\.tmp|build\.json\..*\.tmp)$")


def clean_build_temporaries(out_dir: Path) -> list[str]:
    """Remove what a killed build left in `out_dir` (call it holding the build lock): the
    temporary store folders and dataset file, and half-written files of the cache. Returns the
    names removed, relative to `out_dir`."""
    removed: list[str] = []
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return removed
    for entry in sorted(out_dir.iterdir()):
        if _BUILD_TEMPORARIES.match(entry.name):
            _remove(entry)
            removed.append(entry.name + ("/" if entry.is_dir() else ""))
    for folder in (out_dir / ".cache", out_dir / ".cache" / "compiled"):
        if folder.is_dir():
            for entry in sorted(folder.iterdir()):
                if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
                    entry.unlink(missing_ok=True)
                    removed.append(entry.relative_to(out_dir).as_posix())
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep_stale(dest: Path) -> list[str]:
    """Remove the temporary and set-aside folders of earlier writes of `dest` whose process is
    gone (`.<name>.<pid>.<random>.tmp`, `.<name>.old-<pid>`). Returns the names removed."""
    dest = Path(dest)
    parent = dest.parent
    if not parent.is_dir():
        return []
    name = re.escape(dest.name)
    pattern = re.compile(rf"^\.{name}\.(?:(\d+)\.[0-9a-f]+\.tmp|old-(\d+))$")
    removed = []
    for entry in sorted(parent.iterdir()):
        match = pattern.match(entry.name)
        if match and not _alive(int(match.group(1) or match.group(2))):
            _remove(entry)
            removed.append(entry.name)
    return removed


def make_temp_dir(dest: str | os.PathLike) -> Path:
    """A new temporary folder beside `dest`, named after this process (so that a later run can
    tell it was left by a process that died, and remove it), after removing such leftovers.
    Made with the permissions the umask allows, as any folder."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(dest)
    while True:
        path = dest.with_name(f".{dest.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            path.mkdir(mode=0o777)
            return path
        except FileExistsError:
            continue


# --------------------------------------------------------------------------- the build record


@dataclass
class BuildRecord:
    """What out/build.json says of out/htkg.nq (see the module's docstring)."""

    format: str = _RECORD_FORMAT
    dataset: str = "htkg.nq"
    size: int = 0
    sha256: str = ""
    validated: bool = False
    #: The digest of shapes/ the data was validated against (`shapes_digest`), when validated.
    shapes: str | None = None
    shape_files: list[str] = field(default_factory=list)
    violations: int = 0
    warnings: int = 0
    infos: int = 0


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def shapes_digest(project) -> str:
    """One SHA-256 over the names and bytes of shapes/*.ttl."""
    digest = hashlib.sha256(b"htkg-shapes\0")
    for path in project.shape_files():
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_record(project, *, size: int, sha256: str, report=None) -> BuildRecord:
    """Write out/build.json for the out/htkg.nq just written: validated when `report` (the
    validation report it passed) is given."""
    from .rdfio import atomic_write

    record = BuildRecord(dataset=project.dataset_path.name, size=size, sha256=sha256, validated=report is not None)
    if report is not None:
        record.shapes = shapes_digest(project)
        record.shape_files = [project.relative(p) for p in project.shape_files()]
        record.violations, record.warnings, record.infos = report.violations, report.warnings, report.infos
    atomic_write(project.out_dir / RECORD_NAME, json.dumps(asdict(record), indent=1, sort_keys=True) + "\n")
    return record


def read_record(out_dir: Path) -> BuildRecord | None:
    """The build record of an output folder, or None when there is none that can be read."""
    try:
        data = json.loads((Path(out_dir) / RECORD_NAME).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != _RECORD_FORMAT:
            return None
        return BuildRecord(**data)
    except (OSError, ValueError, TypeError):
        return None


def _shown(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def check_dataset(path: str | os.PathLike) -> None:
    """Refuse a built dataset whose size is not the one its build recorded (a truncated or
    half-copied out/htkg.nq parses, when cut at the end of a line, as less data). Files
    without a record beside them (any other RDF file) are not checked."""
    path = Path(path)
    record = read_record(path.parent)
    if record is None or record.dataset != path.name:
        return
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size != record.size:
        raise InputError(
            f"{size} bytes, but the build that wrote it recorded {record.size}: the file was cut short or changed",
            where=_shown(path),
            hint="run `htkg build --full` to write it again",
        )


def require_validated(project, *, command: str, flag: str = "--allow-unvalidated") -> BuildRecord:
    """The build record of the project's out/htkg.nq when it says the file was validated
    against the current shapes/; else NotValidated saying how to validate (or to force)."""
    path = project.dataset_path
    where = project.relative(path)
    todo = f"run `htkg build` (it validates against shapes/); or, to go on anyway, `{command} {flag}`"
    if not path.exists():
        raise InputError("no built graph", where=where, hint="run `htkg build` first")
    record = read_record(project.out_dir)
    if record is None or record.dataset != path.name:
        raise NotValidated(f"not known to be validated (no build record {RECORD_NAME} beside it); `{command}` refuses unvalidated data", where=where, hint=todo)
    if not record.validated:
        raise NotValidated(f"not validated (built with --no-validate); `{command}` refuses unvalidated data", where=where, hint=todo)
    if path.stat().st_size != record.size or file_sha256(path) != record.sha256:
        raise NotValidated(f"changed since the build that validated it; `{command}` refuses unvalidated data", where=where, hint=todo)
    if record.shapes != shapes_digest(project):
        raise NotValidated(f"validated against other shapes than those in shapes/ now; `{command}` refuses unvalidated data", where=where, hint=todo)
    if record.violations:
        raise NotValidated(f"the validation found {record.violations} violation(s)", where=where, hint=todo)
    return record
