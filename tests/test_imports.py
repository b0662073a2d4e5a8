"""The library's modules import each other without a cycle, counting the imports inside
functions too: a cycle hidden in a function still ties two modules' jobs together, and breaks
the pipeline's order (build, query, publish, serve, network, extract)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[1] / "src"


def _module_name(path: Path, src: Path) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(src: Path = SRC) -> nx.DiGraph:
    """Module → module it imports, for the modules under src/htkg/."""
    files = {_module_name(p, src): p for p in (src / "htkg").rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                candidates = [f"{target}.{alias.name}" for alias in node.names] + [target]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            for candidate in candidates:
                if candidate in files and candidate != name:
                    graph.add_edge(name, candidate)
                    break
    return graph


def test_the_reader_sees_imports_at_any_depth(tmp_path):
    package = tmp_path / "htkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from .a import g\n")
    assert list(nx.simple_cycles(import_graph(tmp_path))) != []


def test_no_module_imports_one_that_imports_it_back():
    cycles = sorted(sorted(c) for c in nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles}"
