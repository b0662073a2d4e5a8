"""The errors the library raises. The CLI turns each into `Error: ...` and an exit code.

    HtkgError                 every error of the library; carries where and what to do
     ├── UsageError           a command was called wrongly (exit 2)
     ├── InputError           a file cannot be read or parsed, a name is unknown (exit 2)
     │    ├── ProjectNotFound     no project folder around the working directory
     │    ├── UndeclaredTerm      an htkg: or cpt: IRI that the ontology does not declare, or an
     │    │                       IRI in a namespace close to one of the project's but not it
     │    ├── EndpointError       a SPARQL endpoint is down or answers an error
     │    ├── BuildBusy           another build holds the output folder's lock
     │    └── NotValidated        a release or publication of data not validated against shapes/
     └── ConformanceError     the data does not meet its contract (exit 1)
          ├── OntologyError       a term lacks a label or definition; OWL RL finds a clash
          ├── AnchorError         a quote is not found at its offsets
          ├── SourceMismatch      a source text differs from its record's SHA-256
          └── ValidationFailed    SHACL validation of the graph did not conform
"""

from __future__ import annotations

__all__ = [
    "HtkgError",
    "UsageError",
    "InputError",
    "ProjectNotFound",
    "UndeclaredTerm",
    "EndpointError",
    "BuildBusy",
    "NotValidated",
    "ConformanceError",
    "OntologyError",
    "AnchorError",
    "SourceMismatch",
    "ValidationFailed",
]


class HtkgError(Exception):
    """Base error. `where` names the file, line or record; `hint` says what to do."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __reduce__(self):
        # So that an error raised in a worker process (the build compiles in several) arrives
        # whole: the default pickling would drop `where` and `hint`.
        return (_rebuild, (type(self), self.message, self.where, self.hint))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  {self.hint}"
        return text


def _rebuild(cls, message, where, hint):
    return cls(message, where=where, hint=hint)


class UsageError(HtkgError):
    exit_code = 2


class InputError(HtkgError):
    exit_code = 2


class ProjectNotFound(InputError):
    pass


class UndeclaredTerm(InputError):
    pass


class EndpointError(InputError):
    pass


class BuildBusy(InputError):
    pass


class NotValidated(InputError):
    pass


class ConformanceError(HtkgError):
    exit_code = 1


class OntologyError(ConformanceError):
    pass


class AnchorError(ConformanceError):
    pass


class SourceMismatch(ConformanceError):
    pass


class ValidationFailed(ConformanceError):
    pass
