"""What a hostile but realistic user does to the build and the commands that read or write its
output, each as a reproduction through the command line: two builds at once, builds and
releases killed mid-way, source texts edited behind their records, unvalidated data released,
misspelt prefixes and clashing labels, bytes that are not UTF-8, a byte order mark, blank nodes
nested thousands deep, endless files, and `--out` aimed at links, pipes, devices and folders.
Each asserts the exit code and the message; none may end in a traceback."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from htkg.cli import main
from htkg.outdir import BuildLock

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "data" / "shapes" / "project"
TEXT = "sources/mini-2013.txt"
RECORD = "sources/mini-2013.ttl"
CURATED = "graph/mini-2013.ttl"


def make_project(root: Path) -> Path:
    """A small valid project (the shapes tests' fixture evidence with the repository's ontology,
    shapes and derivation queries, which the privacy shapes rely on) at `root`."""
    for folder in ("ontology", "shapes"):
        shutil.copytree(REPO / folder, root / folder)
    for folder in ("graph", "sources"):
        shutil.copytree(FIXTURE / folder, root / folder)
    (root / "queries").mkdir()
    for query in sorted((REPO / "queries").glob("construct-*.rq")):
        shutil.copy(query, root / "queries" / query.name)
    return root


def htkg(root: Path, *args: str, env: dict | None = None, **options) -> subprocess.CompletedProcess:
    """Run `htkg --project root ARGS` as the command line does: in this process (quicker), or
    in a process of its own when it needs its own environment or process settings."""
    argv = ["--project", str(root), *args]
    if env is None and not options:
        out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in range(2))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)  # an exception here is a traceback, and fails the test
            except SystemExit as exc:  # argparse
                code = exc.code
        text = []
        for stream in (out, err):
            stream.flush()
            text.append(stream.buffer.getvalue().decode("utf-8"))
        return subprocess.CompletedProcess(argv, code, *text)
    full_env = {k: v for k, v in os.environ.items() if k != "HTKG_TEST_KILL_AT"}
    full_env.update(env or {})
    done = subprocess.run([sys.executable, "-m", "htkg.cli", *argv], capture_output=True, text=True, env=full_env, timeout=300, **options)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def store_matches_dataset(root: Path) -> bool:
    """Whether out/store/ holds exactly the statements of out/htkg.nq (both read through an
    Oxigraph store, which keeps some typed literals in a canonical form)."""
    on_disk = ox.Store.read_only(str(root / "out" / "store"))
    in_memory = ox.Store()
    in_memory.bulk_load(path=str(root / "out" / "htkg.nq"), format=ox.RdfFormat.N_QUADS)
    return set(on_disk) == set(in_memory)


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def project(tmp_path) -> Path:
    root = make_project(tmp_path / "project")
    done = htkg(root, "build")
    assert done.returncode == 0, done.stderr
    return root


# --------------------------------------------------------------------------- 1. builds at once


def test_two_builds_at_once_never_corrupt_the_store(project):
    """Two `htkg build` started together, again and again (after an edit, so that both have
    work to do, and once in full): both go through (the second waits for the first), and the
    store always holds what out/htkg.nq holds."""
    for round in range(6):
        edit(project, "graph/reference.ttl", "\n", f"\n# round {round}\n")
        args = ("build", "--full") if round == 3 else ("build",)
        env = {**os.environ}
        env.pop("HTKG_TEST_KILL_AT", None)
        builds = [
            subprocess.Popen([sys.executable, "-m", "htkg.cli", "--project", str(project), *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)
        ]
        pids = {b.pid for b in builds}
        for b in builds:
            out, err = b.communicate(timeout=300)
            assert b.returncode == 0, err
            assert "Traceback" not in err
            if "another build is running" in err:
                assert any(f"(pid {pid})" in err for pid in pids - {b.pid}), err
        assert store_matches_dataset(project)
    assert htkg(project, "validate").returncode == 0
    fresh = make_project(project.parent / "fresh")
    shutil.copy(project / "graph" / "reference.ttl", fresh / "graph" / "reference.ttl")
    assert htkg(fresh, "build").returncode == 0
    assert (fresh / "out" / "htkg.nq").read_bytes() == (project / "out" / "htkg.nq").read_bytes()


def test_a_second_build_waits_for_the_lock_or_stops_with_no_wait(project):
    with BuildLock(project / "out"):
        stopped = htkg(project, "build", "--no-wait")
        assert stopped.returncode == 2
        assert f"Error: out/: another build is running (pid {os.getpid()})" in stopped.stderr
        waiting = subprocess.Popen([sys.executable, "-m", "htkg.cli", "--project", str(project), "build"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # It says it waits (and for whom) before it blocks; then the lock is let go.
        line = waiting.stderr.readline()
        assert f"another build is running (pid {os.getpid()}); waiting for it to finish" in line
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "Nothing changed" in out


def test_a_store_that_does_not_open_is_rebuilt_with_a_message(project):
    edit(project, "graph/reference.ttl", "\n", "\n# changed\n")
    for path in (project / "out" / "store").iterdir():
        if path.name.startswith(("CURRENT", "MANIFEST")):
            path.write_bytes(b"garbage\n")
    done = htkg(project, "build")
    assert done.returncode == 0, done.stderr
    assert "Note: out/store/ does not open" in done.stderr and "built again in full" in done.stderr
    assert store_matches_dataset(project)


# --------------------------------------------------------------------------- 2. killed builds


@pytest.mark.parametrize("point", ["incremental-before-swap", "incremental-swap", "full-before-swap", "full-swap"])
def test_a_killed_build_leaves_out_consistent_and_the_next_build_repairs_it(project, point):
    before = (project / "out" / "htkg.nq").read_bytes()
    edit(project, CURATED, "\n", "\n# edited\n")
    args = ("build", "--full") if point.startswith("full") else ("build",)
    killed = htkg(project, *args, env={"HTKG_TEST_KILL_AT": point})
    assert killed.returncode == -9
    # Readers see one build's dataset, whole: out/htkg.nq is the one out/build.json describes.
    assert (project / "out" / "htkg.nq").read_bytes() == before
    assert htkg(project, "validate").returncode == 0
    if point.endswith("before-swap"):
        assert store_matches_dataset(project)  # nothing in out/ was changed
    leftovers = sorted(p.name for p in (project / "out").iterdir() if p.name.startswith(".") and p.name not in (".cache", ".build.lock"))
    assert leftovers  # the temporary store and dataset of the killed build
    done = htkg(project, "build")
    assert done.returncode == 0, done.stderr
    assert "Note: removed what an interrupted build left in out/" in done.stderr
    assert sorted(p.name for p in (project / "out").iterdir()) == [".build.lock", ".cache", "build.json", "htkg.nq", "store"]
    assert store_matches_dataset(project)
    assert b"# edited" not in (project / "out" / "htkg.nq").read_bytes()  # a comment: same data
    assert htkg(project, "validate").returncode == 0


def test_a_killed_release_leaves_a_temporary_folder_the_next_release_removes(project, tmp_path):
    dest = tmp_path / "release"
    killed = htkg(project, "export", "--release", str(dest), env={"HTKG_TEST_KILL_AT": "write-quads"})
    assert killed.returncode == -9
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".release.")]
    assert left and not dest.exists()
    done = htkg(project, "export", "--release", str(dest))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".release.")] == []
    assert (dest / "SHA256SUMS").is_file()


def test_a_release_keeps_the_temporary_folder_of_a_running_process(project, tmp_path):
    ours = tmp_path / f".release.{os.getpid()}.0123abcd.tmp"
    ours.mkdir()
    assert htkg(project, "export", "--release", str(tmp_path / "release")).returncode == 0
    assert ours.is_dir()


# --------------------------------------------------------------------------- 3. source texts


def test_a_text_edited_outside_any_quote_is_exit_1_naming_the_file_and_the_new_hash(project):
    with open(project / TEXT, "a", encoding="utf-8") as handle:
        handle.write("A line added after every quote.\n")
    new = hashlib.sha256((project / TEXT).read_bytes()).hexdigest()
    for args in (("build",), ("build", "--full")):
        done = htkg(project, *args)
        assert done.returncode == 1
        assert f"Error: {TEXT}: the text is not the one its record describes: {RECORD}:" in done.stderr
        assert f"the text's is {new}" in done.stderr
        assert f"`sha256sum {TEXT}`" in done.stderr


def test_a_same_size_edit_inside_a_quote_with_its_old_mtime_is_found(project):
    text = project / TEXT
    before = text.stat()
    data = text.read_bytes()
    quote = b"34 victims"
    assert data.count(quote) == 1
    text.write_bytes(data.replace(quote, b"43 victims"))
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert text.stat().st_size == before.st_size and text.stat().st_mtime_ns == before.st_mtime_ns
    done = htkg(project, "build")
    assert done.returncode == 1
    assert "Nothing changed" not in done.stdout
    assert f"Error: {TEXT}: the text is not the one its record describes" in done.stderr


# --------------------------------------------------------------------------- 5. validation


def test_unvalidated_data_is_neither_released_nor_published_unless_forced(project, tmp_path):
    edit(project, "graph/reference.ttl", "\n", "\n# draft\n")
    draft = htkg(project, "build", "--no-validate")
    assert draft.returncode == 0
    assert "validated again" not in draft.stdout and "SHACL: conforms" not in draft.stdout
    assert "SHACL: not validated (--no-validate)" in draft.stdout
    assert json.loads((project / "out" / "build.json").read_text())["validated"] is False
    refused = htkg(project, "export", "--release", str(tmp_path / "r"))
    assert refused.returncode == 2
    assert "Error: out/htkg.nq: not validated (built with --no-validate)" in refused.stderr
    assert "htkg export --release --allow-unvalidated" in refused.stderr and not (tmp_path / "r").exists()
    # Refused before any request: no server is needed to see it.
    published = htkg(project, "publish", "--endpoint", "http://127.0.0.1:9/query")
    assert published.returncode == 2
    assert "Error: out/htkg.nq: not validated" in published.stderr and "htkg publish --allow-unvalidated" in published.stderr
    forced = htkg(project, "export", "--release", str(tmp_path / "r"), "--allow-unvalidated")
    assert forced.returncode == 0, forced.stderr
    assert htkg(project, "build").returncode == 0
    assert htkg(project, "export", "--release", str(tmp_path / "r2")).returncode == 0


def test_data_validated_against_other_shapes_or_changed_since_is_refused(project, tmp_path):
    with open(project / "shapes" / "claims.ttl", "a", encoding="utf-8") as handle:
        handle.write("\n# a shape edited after the build\n")
    refused = htkg(project, "export", "--release", str(tmp_path / "r"))
    assert refused.returncode == 2 and "validated against other shapes" in refused.stderr
    assert htkg(project, "build").returncode == 0
    nq = project / "out" / "htkg.nq"
    data = nq.read_bytes()
    nq.write_bytes(data.replace(b"34", b"35", 1))  # same size, other data
    refused = htkg(project, "export", "--release", str(tmp_path / "r"))
    assert refused.returncode == 2 and "changed since the build that validated it" in refused.stderr


def test_no_shapes_is_an_error_not_a_silent_pass(project):
    for shapes in (project / "shapes").glob("*.ttl"):
        shapes.unlink()
    done = htkg(project, "build", "--full")
    assert done.returncode == 2
    assert "Error: shapes/: no shapes (no shapes/*.ttl): validating would check nothing" in done.stderr
    assert htkg(project, "validate").returncode == 2
    (project / "shapes" / "empty.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    done = htkg(project, "build", "--full")
    assert done.returncode == 2 and "no SHACL shapes in shapes/empty.ttl" in done.stderr
    assert htkg(project, "build", "--full", "--no-validate").returncode == 0


# --------------------------------------------------------------------------- 6. silently wrong data


MISSPELT = """@prefix htkg: <{ns}> .
@prefix actor: <https://w3id.org/htkg/id/actor/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

actor:somebody a htkg:Person ;
    rdfs:label "Somebody" .
"""


@pytest.mark.parametrize("namespace", [
    "https://w3id.org/htkg/ontolgy#",   # a letter missing
    "http://w3id.org/htkg/ontology#",   # http for https
    "https://w3id.org/htkg/ontology/",  # / for #
    "https://w3id.org/htkg/",           # the base, not the ontology
])
def test_a_misspelt_htkg_prefix_is_an_error_naming_file_and_line(project, namespace):
    (project / "graph" / "new.ttl").write_text(MISSPELT.format(ns=namespace), encoding="utf-8")
    done = htkg(project, "build")
    assert done.returncode == 2
    assert "Error: graph/new.ttl:1:" in done.stderr
    assert f"<{namespace}Person> is used as a class" in done.stderr


def test_a_misspelt_instance_namespace_is_an_error(project):
    edit(project, CURATED, "@prefix actor:", "@prefix actr: <https://w3id.org/htkg/id/actr/> .\n@prefix actor:")
    edit(project, CURATED, "htkg:claimant actor:fixture-ministry", "htkg:claimant actr:fixture-ministry")
    done = htkg(project, "build")
    assert done.returncode == 2
    assert ("<https://w3id.org/htkg/id/actr/fixture-ministry> is an IRI in a namespace of its own: "
            "<https://w3id.org/htkg/id/actr/> is not actor: <https://w3id.org/htkg/id/actor/> but one or two characters away") in done.stderr
    assert f"Error: {CURATED}:" in done.stderr


def test_one_iri_with_two_labels_in_two_files_names_both(project):
    (project / "graph" / "other.ttl").write_text(
        "@prefix actor: <https://w3id.org/htkg/id/actor/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        'actor:fixture-ministry rdfs:label "Ministry of the Interior"@en .\n', encoding="utf-8")
    lines = (project / "graph" / "reference.ttl").read_text(encoding="utf-8").splitlines()
    line = lines.index('    rdfs:label "Ministry of Internal Affairs"@en ;') + 1
    done = htkg(project, "build")
    assert done.returncode == 2
    assert "1 IRI(s) with two different labels in the same language" in done.stderr
    assert (f'actor:fixture-ministry: "Ministry of Internal Affairs"@en at graph/reference.ttl:{line}; '
            '"Ministry of the Interior"@en at graph/other.ttl:4') in done.stderr
    # A label in another language is no clash.
    edit(project, "graph/other.ttl", "@en", "@fr")
    assert htkg(project, "build").returncode == 0


# --------------------------------------------------------------------------- 10. errors, not tracebacks


def test_a_source_text_that_is_not_utf8_is_exit_2_for_build_and_anchor(project):
    text = project / TEXT
    text.write_bytes(text.read_bytes().replace(b"victims", b"v\xefctims", 1))
    line = text.read_bytes()[: text.read_bytes().index(b"\xef")].count(b"\n") + 1
    done = htkg(project, "build")
    assert done.returncode == 2
    assert f"Error: {TEXT}:{line}: not UTF-8 text: the byte 0xef at byte" in done.stderr
    anchored = htkg(project, "anchor", str(text), "victims")
    assert anchored.returncode == 2 and "not UTF-8 text" in anchored.stderr


def test_a_byte_order_mark_is_named(project):
    path = project / "graph" / "reference.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    done = htkg(project, "build")
    assert done.returncode == 2
    assert "Error: graph/reference.ttl:1: the file starts with a UTF-8 byte order mark (BOM" in done.stderr


def test_blank_nodes_nested_ten_thousand_deep_build(project):
    depth = 10_000
    (project / "graph" / "deep.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * depth + "ex:b" + " ]" * depth + " .\n"
        "ex:list ex:items (" + " ex:b" * depth + " ) .\n", encoding="utf-8")
    done = htkg(project, "build", "--no-validate")
    assert done.returncode == 0, done.stderr
    statements = (project / "out" / "htkg.nq").read_bytes().splitlines()
    # Every nested node is named (after its parent, then by content past fifty levels).
    assert sum(1 for line in statements if b" <http://example.org/p> " in line) == depth + 1
    assert not any(line.startswith(b"_:") for line in statements)
    assert max(len(line) for line in statements) < 2000  # names do not grow with the depth
    assert b"<http://example.org/a/p/p> <http://example.org/p> <http://example.org/a/p/p/p>" in b"\n".join(statements)


@pytest.mark.parametrize("cut", ["mid-line", "line-end"])
def test_a_truncated_dataset_is_exit_2_for_every_reader(project, cut):
    nq = project / "out" / "htkg.nq"
    data = nq.read_bytes()
    half = len(data) // 2
    nq.write_bytes(data[:half] if cut == "mid-line" else data[: data.index(b"\n", half) + 1])
    for args in (("validate",), ("network",), ("query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ("export", "--format", "nquads")):
        done = htkg(project, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("Error: out/htkg.nq"), (args, done.stderr)


def test_anchor_refuses_a_huge_or_endless_file(tmp_path, project):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    for path in (huge, Path("/dev/zero")):
        done = htkg(project, "anchor", str(path), "x")
        assert done.returncode == 2
        assert f"Error: {path}: more than 50 MB: too big for a source text" in done.stderr


# --------------------------------------------------------------------------- 15. --out


@pytest.fixture()
def targets(tmp_path):
    """A symbolic link, a named pipe, a device node and a folder, each as an --out target."""
    real = tmp_path / "real.txt"
    real.write_text("keep me\n")
    link = tmp_path / "link.nq"
    link.symlink_to(real)
    fifo = tmp_path / "fifo.nq"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"a symbolic link": link, "a named pipe (FIFO)": fifo, "a character device": Path("/dev/null"), "a directory": folder}


@pytest.mark.parametrize("command", [("export", "--format", "nquads"), ("network", "--format", "json")])
def test_out_refuses_links_pipes_devices_and_folders(project, targets, command):
    for kind, target in targets.items():
        done = htkg(project, *command, "--out", str(target))
        assert done.returncode == 2, (kind, done.stderr)
        assert f"Error: {target}: is {kind}; htkg writes only regular files" in done.stderr
    assert targets["a symbolic link"].is_symlink() and Path(targets["a symbolic link"]).read_text() == "keep me\n"
    assert stat.S_ISFIFO(os.lstat(targets["a named pipe (FIFO)"]).st_mode)


@pytest.mark.parametrize("umask, mode", [(0o027, 0o640), (0o002, 0o664)])
def test_out_files_follow_the_umask(project, tmp_path, umask, mode):
    for command, name in ((("export", "--format", "nquads"), "x.nq"), (("network", "--format", "json"), "x.json")):
        target = tmp_path / f"{umask:o}-{name}"
        done = htkg(project, *command, "--out", str(target), preexec_fn=lambda: os.umask(umask))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(target.stat().st_mode) == mode
