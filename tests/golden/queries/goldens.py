"""Golden results of the query library: the manifest, reading a golden TSV file back into
RDF terms, and regenerating the files.

The manifest (`manifest.json`, beside this file) lists one entry per golden: the library
query, the parameters it is run with, the result file, and a note of what was checked
against the source texts. A golden is an expectation: after regenerating, read the diff and
check each changed row against sources/*.txt before committing it.

Regenerate (builds the repository into a temporary folder, never into out/):

    python3 tests/golden/queries/goldens.py            # rewrite every golden file
    python3 tests/golden/queries/goldens.py NAME ...   # only these entries

or one at a time with the CLI: `htkg query NAME --param k=v --format tsv > tests/golden/queries/NAME.tsv`.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
MANIFEST = HERE / "manifest.json"


def entries() -> list[dict]:
    """The manifest's entries, each with `id`, `query`, `params`, `result` and `checked`."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["entries"]


def read_golden(path: Path):
    """A golden TSV file (SPARQL 1.1 Query Results TSV) as a QueryResult of rdflib terms."""
    import pyoxigraph as ox

    from htkg.results import from_oxigraph

    return from_oxigraph(ox.parse_query_results(path.read_bytes(), format=ox.QueryResultsFormat.TSV))


def regenerate(only: list[str] | None = None) -> list[str]:
    """Build the repository into a temporary folder and rewrite the golden files of the
    manifest (or of the entries named in `only`). Returns the files written."""
    from htkg.build import build
    from htkg.project import Project
    from htkg.query import resolve_query, run
    from htkg.rdfio import atomic_write
    from htkg.store import OxigraphStore

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(REPO, out=Path(tmp))
        build(project, validate=False)
        store = OxigraphStore.from_file(project.dataset_path)
        for entry in entries():
            if only and entry["id"] not in only:
                continue
            query = resolve_query(project, entry["query"])
            result = run(query, params=entry.get("params", {}), store=store)
            atomic_write(HERE / entry["result"], result.to_tsv())
            written.append(entry["result"])
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    for name in regenerate(sys.argv[1:] or None):
        print(f"wrote tests/golden/queries/{name}")
