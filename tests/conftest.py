"""Shared fixtures: the repository as a project, the built dataset (built once per test session
into a temporary folder), and a real Oxigraph SPARQL server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from htkg.project import Project

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_project() -> Project:
    """The repository's own project (its out/ is not touched: builds go to a temporary folder)."""
    return Project(REPO)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Project:
    """The repository's project, built (and validated) once into a temporary out/ folder."""
    from htkg.build import build

    project = Project(REPO, out=tmp_path_factory.mktemp("out"))
    build(project)
    return project


@pytest.fixture(scope="session")
def built_dataset(built_project):
    """The built dataset as an rdflib Dataset."""
    from htkg.rdfio import load_dataset

    return load_dataset(built_project.dataset_path)


def oxigraph_program() -> str:
    """The `oxigraph` server program of the test extra: beside this Python (a virtual environment
    run without being activated, as scripts/test runs it), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    exe = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if exe is None:
        raise RuntimeError("the oxigraph server is not installed (scripts/setup test, or pip install oxigraph)")
    return exe


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout} s")


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1 at a free port with a temporary database folder."""

    def __init__(self, location: Path, *, read_only: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = "serve-read-only" if read_only else "serve"
        exe = oxigraph_program()
        self.process = subprocess.Popen(
            [exe, command, "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_until_up(f"{self.base}/query?query=ASK%7B%7D")
        except RuntimeError:
            self.stop()
            raise

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh, empty, writable Oxigraph server for one test; stopped afterwards."""
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        yield server
    finally:
        server.stop()
