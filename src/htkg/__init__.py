"""htkg: a knowledge graph of human trafficking in post-Soviet Azerbaijan, in which every fact is
a claim with its claimant, its document, its verbatim quote and offsets, and its assessments."""

from .build import BuildResult, build, compile_dataset
from .errors import (
    AnchorError,
    ConformanceError,
    EndpointError,
    HtkgError,
    InputError,
    OntologyError,
    UndeclaredTerm,
    UsageError,
    ValidationFailed,
)
from .ontology import check_ontology, load_ontology
from .project import Project, find_project
from .store import OxigraphStore

try:  # the installed distribution's version, so that pyproject.toml is its one place
    from importlib.metadata import PackageNotFoundError, version as _version

    __version__ = _version("htkg")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "AnchorError",
    "BuildResult",
    "ConformanceError",
    "EndpointError",
    "HtkgError",
    "InputError",
    "OntologyError",
    "OxigraphStore",
    "Project",
    "UndeclaredTerm",
    "UsageError",
    "ValidationFailed",
    "build",
    "check_ontology",
    "compile_dataset",
    "find_project",
    "load_ontology",
]
