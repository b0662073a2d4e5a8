"""What some tests need from outside the Python package: the project's shared folder
(../shared/ beside the repository: the official DCAT-AP shapes, the reference copies of the
source texts) and Debian's programs (rapper, Chromium, Virtuoso), which `scripts/test`
installs unless told not to. Where one is missing the test skips, saying what is missing and how
to get it; in CI (CI=true), where all of them are always there, a missing one fails instead, so a
green CI run never hides a skipped check."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _missing(what: str, how: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI always has it ({how})")
    pytest.skip(f"{what} is missing: {how}")


def shared_path(*parts: str) -> Path:
    """A path under ../shared/, or skip (fail in CI) saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        _missing("../shared/" + "/".join(parts),
                 "this test needs the project's shared folder beside the repository; "
                 "CI lays it there, elsewhere copy or link it as ../shared")
    return path


def program(name: str, package: str) -> str:
    """The path of a program from Debian's package `package`, or skip (fail in CI)."""
    exe = shutil.which(name)
    if exe is None:
        _missing(f"the program {name}", f"scripts/test installs it (Debian package {package}) "
                 "unless HTKG_SYSTEM_PACKAGES=no; or apt-get install " + package)
    return exe
