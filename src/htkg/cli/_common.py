"""Helpers shared by the command modules."""

from __future__ import annotations

import sys

from ..project import Project, find_project


def project_of(args) -> Project:
    return find_project(getattr(args, "project", None))


def out(text: str = "") -> None:
    print(text)


def err(text: str) -> None:
    print(text, file=sys.stderr)
