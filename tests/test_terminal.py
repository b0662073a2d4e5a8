"""What the CLI prints through rich (the query table, the network table, progress) shows values
literally: never read as markup, control characters escaped."""

from __future__ import annotations

import io
import shutil

import pyoxigraph as ox
import pytest
from rich.console import Console

from htkg import progress
from htkg.outdir import file_sha256, write_record
from htkg.cli import main
from htkg.project import Project
from htkg.terminal import printable

from conftest import REPO

HOSTILE = ["Refworld [accessed 5 October 2015]", "a closing tag [/x] alone", "red \x1b[31mALERT\x1b[0m and a title \x1b]0;pwned\x07",
           "reversed \u202etxt.exe"]


def test_printable_escapes_control_characters_and_keeps_the_rest():
    assert printable("a\x1b[31mb\x07c\r\u202ed\te\nf [bold]") == "a\\x1b[31mb\\x07c\\x0d\\u202ed\te\nf [bold]"


@pytest.fixture
def run_query(built_project, capsys, monkeypatch):
    import htkg.cli.query as query_cli

    monkeypatch.setattr(query_cli, "project_of", lambda args: built_project)

    def call(*argv):
        code = main(["query", *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_the_query_table_shows_the_projects_own_bracketed_text(run_query):
    """The TIP report's record holds "[accessed 5 October 2015]", which rich took for a tag."""
    code, out, _ = run_query("-e", "SELECT ?note WHERE { ?document <http://www.w3.org/2004/02/skos/core#editorialNote> ?note }", "-f", "table")
    assert code == 0
    assert "[accessed 5 October 2015]" in " ".join(out.split())


@pytest.mark.parametrize("value", HOSTILE)
def test_the_query_table_prints_values_literally(run_query, value):
    literal = ox.Literal(value)
    code, out, err = run_query("-e", f"SELECT ?v WHERE {{ VALUES ?v {{ {literal} }} }}", "-f", "table")
    assert code == 0, err
    flat = "".join(out.split())
    assert "".join(printable(value).split()) in flat
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


@pytest.fixture
def hostile_project(built_project, tmp_path):
    """The built graph, with the labels of OSCE and IOM replaced by hostile ones."""
    out = tmp_path / "out"
    shutil.copytree(built_project.out, out, ignore=shutil.ignore_patterns("store", ".cache"))
    project = Project(REPO, out=out)
    quads = list(ox.parse(path=str(project.dataset_path), format=ox.RdfFormat.N_QUADS))
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    renamed = {"https://w3id.org/htkg/id/actor/osce": HOSTILE[1], "https://w3id.org/htkg/id/actor/iom": HOSTILE[2]}
    changed = [
        ox.Quad(q.subject, q.predicate, ox.Literal(renamed[q.subject.value], language="en"), q.graph_name)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value in renamed and q.predicate.value == label else q
        for q in quads
    ]
    assert changed != quads
    project.dataset_path.write_bytes(ox.serialize(changed, format=ox.RdfFormat.N_QUADS))
    # Record the altered file as a build would have, so that readers take it as built.
    write_record(project, size=project.dataset_path.stat().st_size, sha256=file_sha256(project.dataset_path))
    return project


def test_the_network_table_prints_labels_literally(hostile_project, capsys, monkeypatch):
    """A label holding `[/x]` made every `htkg network` call fail."""
    import htkg.cli.network as network_cli

    monkeypatch.setattr(network_cli, "project_of", lambda args: hostile_project)
    code = main(["network", "--top", "0"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    flat = "".join(captured.out.split())
    assert "[/x]" in flat and "".join(printable(HOSTILE[2]).split()) in flat
    assert "\x1b" not in captured.out and "\x07" not in captured.out


def test_progress_descriptions_are_printed_literally(monkeypatch):
    monkeypatch.setattr(progress, "_INTERVAL", 0.0)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200)
    with progress.task("Querying http://h/[/x] [bold]x[/bold] \x1b]0;t\x07", unit="rows [/y]", console=console) as advance:
        advance(3)
    drawn = buffer.getvalue()
    assert "[/x] [bold]x[/bold] \\x1b]0;t\\x07" in drawn and "3 rows [/y]" in drawn
    buffer = io.StringIO()
    with progress.status(console=Console(file=buffer, force_terminal=True, width=200)) as say:
        say("Reading [/x]")
