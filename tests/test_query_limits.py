"""A query on the built graph cannot hang or take the machine down: it stops at its time limit,
at its memory bound and at Ctrl-C, each time with one `Error:` line and exit 2; and no query,
library or build, calls another server with SERVICE unless `htkg query --allow-service` says so."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from htkg.errors import UsageError
from htkg.query import uses_service

#: Every triple of the graph against every other, twice: far more rows than any run lasts.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Sorting makes the store hold every row of a product of the graph with itself.
HUNGRY = "SELECT ?a ?c ?d ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a ?d"


@pytest.fixture(scope="module")
def project_dir(built_project, tmp_path_factory):
    """A copy of the repository's project whose out/ is the built one (the CLI reads out/)."""
    root = tmp_path_factory.mktemp("limits") / "project"
    for name in ("ontology", "graph", "shapes", "queries", "sources"):
        shutil.copytree(built_project.root / name, root / name)
    shutil.copytree(built_project.out_dir, root / "out", ignore=shutil.ignore_patterns("store", ".cache"))
    return root


def htkg(project_dir, *args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "htkg", "--project", str(project_dir), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_a_query_past_its_time_limit_is_stopped(project_dir):
    run = htkg(project_dir, "query", "-e", ENDLESS, "--timeout", "1")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 2, err
    assert err.startswith("Error: -e: stopped after 1 s: the query did not finish in time"), err
    assert "--timeout" in err and "Traceback" not in err and out == ""


def test_ctrl_c_stops_a_running_query_at_once(project_dir):
    """Ctrl-C on a terminal sends SIGINT to the whole foreground process group."""
    run = htkg(project_dir, "query", "-e", ENDLESS, "--timeout", "0", start_new_session=True)
    time.sleep(3)  # the graph loaded and the query running inside the store
    assert run.poll() is None, run.communicate()
    os.killpg(run.pid, signal.SIGINT)
    out, err = run.communicate(timeout=60)  # without the child process, this would run for hours
    assert run.returncode == 2, err
    assert "Error: -e: interrupted (Ctrl-C): the query was stopped" in err
    assert "Traceback" not in err


def test_a_query_past_its_memory_bound_is_stopped_with_an_error(project_dir):
    run = htkg(project_dir, "query", "-e", HUNGRY, "--memory", "0.05", "--timeout", "0", "-f", "tsv")
    _, err = run.communicate(timeout=300)
    assert run.returncode == 2, err[-2000:]
    assert "Error: -e: the query needed more memory than its bound of 0.0 GB and was stopped" in err, err[-2000:]
    assert "--memory" in err and "Traceback" not in err


def test_a_query_within_its_limits_writes_its_rows(project_dir):
    run = htkg(project_dir, "query", "documents", "-f", "tsv", "--timeout", "60", "--memory", "1")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert out.startswith("?") and out.count("\n") >= 3


def test_service_is_refused_unless_allowed(project_dir):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    run = htkg(project_dir, "query", "-e", query)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2
    assert err.startswith("Error: -e: the query calls another endpoint with SERVICE, which is refused"), err
    assert "--allow-service" in err
    # Allowed, it is run: the store will not call port 9, and its error is one line, no traceback.
    allowed = htkg(project_dir, "query", "-e", query, "--allow-service", "--timeout", "30", "-f", "tsv")
    _, err = allowed.communicate(timeout=120)
    assert allowed.returncode == 2, err
    assert err.startswith("Error: -e: the query failed while it ran: ") and "port 9" in err, err
    assert "Traceback" not in err


def test_service_is_found_only_as_syntax():
    assert uses_service("SELECT * { SERVICE <x> { ?s ?p ?o } }")
    assert uses_service("select * { service silent <x> { ?s ?p ?o } }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    assert not uses_service("SELECT ?service { ?service a <http://example.org/SERVICE> }")
    assert not uses_service("PREFIX ex: <http://e/> SELECT * { ?s ex:service ?o }")


def test_the_build_refuses_a_derivation_query_with_service(tmp_path, repo_project):
    from htkg.compile import construct_queries
    from htkg.project import Project

    root = tmp_path / "project"
    shutil.copytree(repo_project.queries_dir, root / "queries")
    (root / "queries" / "construct-remote.rq").write_text(
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        construct_queries(Project(root))
    assert caught.value.where == "queries/construct-remote.rq"
    assert "SERVICE" in caught.value.message


@pytest.mark.parametrize("args", [["-e", b'SELECT * { ?s ?p "\xff" }'], ["actor-claims", "--param", b"actor=\xff\xfe"]],
                         ids=["-e", "--param"])
def test_invalid_utf8_on_the_command_line_is_a_usage_error(project_dir, args):
    run = subprocess.run([sys.executable.encode(), b"-m", b"htkg", b"--project", str(project_dir).encode(), b"query",
                          *(a if isinstance(a, bytes) else a.encode() for a in args)], capture_output=True)
    err = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, err
    assert err.startswith("Error: ") and "is not valid UTF-8 (byte 0xff" in err and "Traceback" not in err
