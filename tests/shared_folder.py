"""The project's shared folder, ../shared/ beside the repository: the official DCAT-AP shapes and
the reference copies of the source texts. CI lays it there; a plain clone does not have it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/, or skip the calling test with a reason saying what is missing and
    how to get it. In CI (CI=true) the folder is always laid, so its absence fails instead of
    skipping: a missing folder there must not pass for a green run."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    where = "../shared/" + "/".join(parts)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{where} is missing, and CI always lays ../shared/ beside the repository")
    pytest.skip(f"{where} is missing: this test needs the project's shared folder beside the "
                "repository (CI lays it there; copy or link it as ../shared to run this test)")
