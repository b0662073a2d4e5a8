"""The CLI is a thin layer: every listed command works and is documented, library errors
become `Error: ...` with the documented exit codes, and no traceback reaches a user."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import htkg
from htkg.cli import COMMANDS, main, make_parser

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "htkg", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command):
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: htkg" in result.stdout
    assert re.search(rf"`htkg {command}\b", README), f"`htkg {command}` is not documented in README.md"


def test_help_lists_exactly_the_registered_commands():
    result = run("--help")
    listed = set(re.findall(r"^    (\w+)\s", result.stdout, flags=re.M))
    assert listed == set(COMMANDS)


def test_readme_opens_with_the_two_commands():
    block = README.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "htkg build" in block[0]
    assert block[1].startswith("scripts/test")
    assert "scripts/test" in (REPO / ".ci" / "run").read_text()
    assert "pytest" in (REPO / "scripts" / "test").read_text()


def test_public_api_is_what_all_says():
    for name in htkg.__all__:
        assert hasattr(htkg, name), name


def test_outside_a_project_is_a_usage_error_without_traceback(tmp_path):
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: no htkg project here")
    assert "Traceback" not in result.stderr


def test_unknown_option_is_exit_2():
    result = run("build", "--frobnicate")
    assert result.returncode == 2
    assert "Error:" in result.stderr


def test_anchor_prints_offsets(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("Привет, 34 victims were found.", encoding="utf-8")
    result = run("anchor", str(text), "34 victims")
    assert result.returncode == 0
    # offsets count code points, not bytes: the Cyrillic word is 6 code points, 12 bytes
    assert "htkg:start 8 ; htkg:end 18 ;" in result.stdout


def test_anchor_not_found_is_exit_1_with_nearest_match(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("34 victims were found.", encoding="utf-8")
    result = run("anchor", str(text), "34 victim was found")
    assert result.returncode == 1
    assert "nearest match" in result.stdout


def test_anchor_missing_file_is_exit_2(tmp_path):
    result = run("anchor", str(tmp_path / "nope.txt"), "x")
    assert result.returncode == 2
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr


def test_main_returns_exit_codes_in_process(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    assert "Error:" in capsys.readouterr().err


def test_parser_builds():
    assert make_parser().prog == "htkg"


def test_version_is_the_installed_distributions():
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"htkg {version('htkg')}"


@pytest.mark.parametrize("where", ["before", "after"])
def test_project_is_taken_before_or_after_the_command(where, tmp_path):
    args = ["--project", str(REPO), "queries"] if where == "before" else ["queries", "--project", str(REPO)]
    result = run(*args, cwd=tmp_path)  # outside the project: only --project can find it
    assert result.returncode == 0, result.stderr
    assert "destination-reports" in result.stdout


def test_project_before_the_command_is_not_overwritten_by_the_subcommand_default():
    args = make_parser().parse_args(["--project", "somewhere", "queries"])
    assert args.project == "somewhere"
