"""`htkg.progress`: a bar or spinner on a terminal, nothing when output is not a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from htkg import progress


def _terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=100), buffer


def test_quiet_when_stderr_is_not_a_terminal(capsys):
    assert not progress.enabled()
    with progress.task("Exporting turtle", total=3) as advance:
        for _ in range(3):
            advance()
    with progress.step("Parsing"):
        pass
    assert list(progress.track([1, 2], "Counting")) == [1, 2]
    with progress.status() as say:
        say("Compiling")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_quiet_when_asked_even_on_a_terminal():
    console, buffer = _terminal()
    with progress.task("Writing rows", unit="rows", quiet=True, console=console) as advance:
        advance(5)
    with progress.step("Parsing", quiet=True, console=console):
        pass
    assert buffer.getvalue() == ""


def test_quiet_on_a_console_that_is_not_a_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False)
    with progress.task("Exporting turtle", total=10, console=console) as advance:
        advance(10)
    assert buffer.getvalue() == ""


def test_draws_a_bar_with_its_description_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "_INTERVAL", 0.0)
    console, buffer = _terminal()
    with progress.task("Exporting turtle", total=4, console=console) as advance:
        for _ in range(4):
            advance()
    drawn = buffer.getvalue()
    assert "Exporting turtle" in drawn
    assert "4/4" in drawn  # the count reached the total before the bar went away


def test_a_step_draws_a_spinner_and_track_yields_every_item():
    console, buffer = _terminal()
    with progress.step("Parsing", console=console):
        pass
    assert "Parsing" in buffer.getvalue()
    console, buffer = _terminal()
    assert list(progress.track(range(5), "Counting", console=console)) == [0, 1, 2, 3, 4]
    assert "Counting" in buffer.getvalue() and "5/5" in buffer.getvalue()


def test_a_count_without_total_shows_the_count_and_unit(monkeypatch):
    monkeypatch.setattr(progress, "_INTERVAL", 0.0)
    console, buffer = _terminal()
    with progress.task("Writing rows", unit="rows", console=console) as advance:
        advance(1234)
    assert "1,234 rows" in buffer.getvalue()


def test_progress_leaves_standard_output_alone(monkeypatch, capsys):
    """A command streams its result to stdout while the bar runs on stderr: the bar must not
    take stdout over (rich's Live redirects it by default)."""
    console, buffer = _terminal()
    with progress.task("Writing", total=2, console=console) as advance:
        print("result line")
        advance(2)
    assert capsys.readouterr().out == "result line\n"
    assert "result line" not in buffer.getvalue()
