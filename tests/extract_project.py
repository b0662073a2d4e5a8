"""A temporary copy of the repository's project, for the tests that add documents to it."""

from __future__ import annotations

import shutil
from pathlib import Path

from htkg.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "data" / "reports"


def copy_project(dest: Path) -> Project:
    for folder in ("ontology", "shapes", "graph", "queries", "sources"):
        shutil.copytree(REPO / folder, dest / folder)
    return Project(dest, out=dest / "out")
