"""Small helpers for writing Turtle by hand: literals, slugs, the prefix block, atomic writes."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["literal", "slugify", "PREFIX_BLOCK", "write_atomic", "SLUG_PATTERN"]

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

PREFIX_BLOCK = """@prefix htkg:    <https://w3id.org/htkg/ontology#> .
@prefix cpt:     <https://w3id.org/htkg/concept/> .
@prefix actor:   <https://w3id.org/htkg/id/actor/> .
@prefix place:   <https://w3id.org/htkg/id/place/> .
@prefix law:     <https://w3id.org/htkg/id/instrument/> .
@prefix claim:   <https://w3id.org/htkg/id/claim/> .
@prefix doc:     <https://w3id.org/htkg/id/document/> .
@prefix cite:    <https://w3id.org/htkg/id/citation/> .
@prefix route:   <https://w3id.org/htkg/id/route/> .
@prefix period:  <https://w3id.org/htkg/id/period/> .
@prefix mention: <https://w3id.org/htkg/id/mention/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix schema:  <https://schema.org/> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal(value: str, language: str | None = None) -> str:
    """A Turtle string literal (escaped), with its language tag when given."""
    body = "".join(_ESCAPES.get(ch, ch) for ch in value)
    return f'"{body}"' + (f"@{language}" if language else "")


def slugify(value: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, at most `limit` characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so that
    `path` is either absent/old or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
