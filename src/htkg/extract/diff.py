"""What a later report adds, drops or changes against an earlier one, on the subjects yearly
reports share: tier placements, country roles, destinations (of routes and of counts) and
figures (by indicator, reference period and destination). Read from the built dataset (each
document's named graph), so both documents must have been built."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InputError
from ..project import Project
from ..store import open_built

__all__ = ["Change", "diff_documents", "facts"]

GRAPH = "https://w3id.org/htkg/graph/"
PREFIXES = """PREFIX htkg: <https://w3id.org/htkg/ontology#>
PREFIX schema: <https://schema.org/>
"""


@dataclass(frozen=True)
class Change:
    kind: str  # tier, role, destination, figure
    subject: str  # what the fact is about, shortened
    before: str  # the earlier report's value ("" when it does not say)
    after: str  # the later report's value
    change: str  # added, dropped, changed, same


def _short(term) -> str:
    if term is None:
        return ""
    value = term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)
    for prefix, ns in (("place:", "https://w3id.org/htkg/id/place/"), ("actor:", "https://w3id.org/htkg/id/actor/"),
                       ("cpt:", "https://w3id.org/htkg/concept/"), ("period:", "https://w3id.org/htkg/id/period/"),
                       ("route:", "https://w3id.org/htkg/id/route/")):
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


def _rows(store: ox.Store, query: str):
    return list(store.query(PREFIXES + query))


def facts(store: ox.Store, slug: str) -> dict[tuple[str, str], set[str]]:
    """(kind, subject) -> the values one document's graph gives."""
    g = f"<{GRAPH}{slug}>"
    result: dict[tuple[str, str], set[str]] = {}

    def put(kind: str, subject: str, value: str) -> None:
        result.setdefault((kind, subject), set()).add(value)

    for r in _rows(store, f"SELECT ?about ?o WHERE {{ GRAPH {g} {{ ?c htkg:predicate htkg:tierPlacement ; htkg:about ?about ; htkg:object ?o }} }}"):
        put("tier", _short(r["about"]), _short(r["o"]))
    for r in _rows(store, f"SELECT ?about ?o WHERE {{ GRAPH {g} {{ ?c htkg:predicate htkg:countryRole ; htkg:about ?about ; htkg:object ?o }} }}"):
        put("role", f"{_short(r['about'])} {_short(r['o'])}", "stated")
    for r in _rows(store, f"SELECT DISTINCT ?d WHERE {{ GRAPH {g} {{ ?x htkg:destination ?d }} }}"):
        put("destination", _short(r["d"]), "named")
    query = f"""SELECT ?i ?p ?d ?v ?min ?max WHERE {{ GRAPH {g} {{
        ?c htkg:quantity ?q . ?q htkg:indicator ?i .
        OPTIONAL {{ ?c htkg:referencePeriod ?p }} OPTIONAL {{ ?q htkg:destination ?d }}
        OPTIONAL {{ ?q schema:value ?v }} OPTIONAL {{ ?q schema:minValue ?min }} OPTIONAL {{ ?q schema:maxValue ?max }} }} }}"""
    for r in _rows(store, query):
        subject = " ".join(x for x in (_short(r["i"]), _short(r["p"]) or "(no period)", _short(r["d"])) if x)
        if r["v"] is not None:
            value = r["v"].value
        else:
            value = f"{r['min'].value if r['min'] is not None else ''}..{r['max'].value if r['max'] is not None else ''}"
        put("figure", subject, value)
    return result


def diff_documents(project: Project, before: str, after: str, *, same: bool = False) -> list[Change]:
    if not project.dataset_path.exists():
        raise InputError("no built dataset", where=project.relative(project.dataset_path), hint="run `htkg build` first")
    store = open_built(project)
    documents = {r["d"].value.rsplit("/", 1)[-1] for r in store.query(
        "SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d a <https://w3id.org/htkg/ontology#SourceDocument> } }")}
    for slug in (before, after):
        if slug not in documents:
            known = sorted(documents)
            raise InputError(f"no document {slug!r} in the built graph", where=slug, hint=f"give two of: {', '.join(known)}")
    a, b = facts(store, before), facts(store, after)
    changes = []
    for key in sorted(set(a) | set(b)):
        va, vb = " / ".join(sorted(a.get(key, ()))), " / ".join(sorted(b.get(key, ())))
        if key not in a:
            kind = "added"
        elif key not in b:
            kind = "dropped"
        elif va != vb:
            kind = "changed"
        else:
            kind = "same"
        if kind != "same" or same:
            changes.append(Change(key[0], key[1], va, vb, kind))
    order = {"tier": 0, "role": 1, "destination": 2, "figure": 3}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject))
