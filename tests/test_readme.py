"""The README's quick start does what it says: the Oxigraph command it gives serves the built
store with the named graphs visible to a query that names no graph, and `htkg query --endpoint`
answers from it as from the embedded store."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path


from conftest import free_port, oxigraph_program, wait_until_up

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_command(prefix: str) -> list[str]:
    lines = [line.strip() for line in README.splitlines() if line.strip().startswith(prefix)]
    assert lines, f"README.md no longer shows a command starting with {prefix!r}"
    return shlex.split(lines[0].split("#", 1)[0])


def test_the_readmes_oxigraph_command_serves_the_built_store_with_its_data(built_project, tmp_path):
    exe = oxigraph_program()
    store = tmp_path / "store"
    shutil.copytree(built_project.store_dir, store)  # the server must not share the session's store
    command = readme_command("oxigraph serve-read-only")
    location = command.index("--location") + 1
    command[location] = str(store)
    port = free_port()
    server = subprocess.Popen([exe, *command[1:], "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}/query"
        wait_until_up(endpoint + "?query=ASK%7B%7D")
        served = subprocess.run([sys.executable, "-m", "htkg", "--project", str(REPO), "query", "documents",
                                 "--endpoint", endpoint, "--format", "tsv"], capture_output=True, text=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert served.returncode == 0, served.stderr
    documents = {line.split("\t")[0] for line in served.stdout.splitlines()[1:]}
    expected = {f"<{doc}>" for doc in built_documents(built_project)}
    assert expected, "the built graph has no source documents"
    assert documents == expected, "the served store does not answer as the built graph: is --union-default-graph missing?"


def built_documents(project) -> set[str]:
    from htkg.store import OxigraphStore

    store = OxigraphStore.from_file(project.dataset_path)
    rows = store.query("SELECT DISTINCT ?d WHERE { ?d a <https://w3id.org/htkg/ontology#SourceDocument> }")
    return {row["d"].value for row in rows}
