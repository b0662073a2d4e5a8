"""Where a project's hand-edited sources and generated output live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectNotFound

__all__ = ["Project", "find_project"]

#: The folder every htkg command writes into; git ignores it.
OUT_DIR = "out"


@dataclass(frozen=True)
class Project:
    """A checkout of an htkg project: the folders of the sources of truth and the output folder."""

    root: Path
    #: Where generated files go; `out/` under the root unless set (tests use a temporary folder).
    out: Path | None = None

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.root / OUT_DIR

    @property
    def dataset_path(self) -> Path:
        """The built dataset, as sorted N-Quads: what every other command reads."""
        return self.out_dir / "htkg.nq"

    @property
    def store_dir(self) -> Path:
        """The built dataset as an on-disk Oxigraph store, kept in step with dataset_path."""
        return self.out_dir / "store"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    def shape_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))

    def relative(self, path: Path) -> str:
        """A path as the repository names it (never a machine path)."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).name


def find_project(start: str | os.PathLike | None = None) -> Project:
    """The project at `start`, $HTKG_PROJECT, or the nearest folder above the working directory
    that has both `ontology/` and `graph/`."""
    candidates: list[Path] = []
    if start is not None:
        candidates.append(Path(start))
    elif os.environ.get("HTKG_PROJECT"):
        candidates.append(Path(os.environ["HTKG_PROJECT"]))
    else:
        here = Path.cwd()
        candidates.extend([here, *here.parents])
    for folder in candidates:
        if (folder / "ontology").is_dir() and (folder / "graph").is_dir():
            return Project(folder.resolve())
    raise ProjectNotFound(
        "no htkg project here (a folder with ontology/ and graph/)",
        hint="run the command inside the repository, or pass --project DIR",
    )
