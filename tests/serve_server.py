"""A real `htkg serve` for the tests: uvicorn on 127.0.0.1 at a free port, serving a project
built into a temporary out/ folder, started in its own process and stopped afterwards; and an
HTTP client that does not follow redirects, so that a test sees each 303."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import free_port, wait_until_up

from htkg.project import Project

REPO = Path(__file__).resolve().parents[1]

_LAUNCH = """
import sys
from pathlib import Path
from htkg.project import Project
from htkg.serve.app import serve
root, out, port, timeout, rows = sys.argv[1:6]
serve(Project(Path(root), out=Path(out)), port=int(port), timeout=float(timeout), max_rows=int(rows), workers=2,
      announce=lambda text: None)
"""


class ServeProcess:
    """`htkg serve` of a built project, in a process of its own."""

    def __init__(self, project: Project, *, timeout: float = 30, max_rows: int = 100_000):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCH, str(project.root), str(project.out_dir), str(self.port), str(timeout), str(max_rows)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_until_up(self.base + "/", timeout=120)
        except RuntimeError:
            self.stop()
            raise RuntimeError("htkg serve did not start: " + self.stderr())

    def url(self, path: str) -> str:
        return self.base + path

    def stderr(self) -> str:
        if self.process.poll() is None:
            return ""
        return self.process.stderr.read().decode("utf-8", "replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, *, method: str = "GET", headers: dict | None = None, data: bytes | None = None, timeout: float = 120) -> Reply:
    """One HTTP request, redirects not followed, errors returned as replies."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def project_copy(dest: Path) -> Project:
    """A copy of the repository's sources of truth (ontology, shapes, graph, sources, queries)."""
    for folder in ("ontology", "shapes", "graph", "sources", "queries"):
        shutil.copytree(REPO / folder, dest / folder)
    return Project(dest, out=dest / "out")


#: The rights statement the tests give the 2004 TIP report in a copy of the project, so that a
#: document page shows its text: a work of the U.S. Government, "No Copyright - United States".
NO_COPYRIGHT_US = "http://rightsstatements.org/vocab/NoC-US/1.0/"


def project_with_open_text(dest: Path) -> tuple[Project, str]:
    """A copy of the project in which the TIP 2004 report's record says, as data, that its text
    may be republished; built. Returns the project and the document's IRI."""
    project = project_copy(dest)
    record = dest / "sources" / "us-tip-2004-azerbaijan.ttl"
    text = record.read_text(encoding="utf-8")
    marker = "doc:us-tip-2004-azerbaijan a htkg:SourceDocument ;"
    assert marker in text, "the TIP 2004 metadata record changed: update the test fixture"
    record.write_text(text.replace(marker, marker + f"\n    dcterms:license <{NO_COPYRIGHT_US}> ;", 1), encoding="utf-8")
    from htkg.build import build

    build(project)
    return project, "https://w3id.org/htkg/id/document/us-tip-2004-azerbaijan"
