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

__all__ = ["Change", "diff_documents", "facts", "to_turtle"]

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
    claims: tuple[str, ...] = ()  # the claims of both documents that state it


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


def facts(store: ox.Store, slug: str, claims: dict | None = None) -> dict[tuple[str, str], set[str]]:
    """(kind, subject) -> the values one document's graph gives; `claims`, when given, is
    filled with (kind, subject) -> the IRIs of the claims that give them."""
    g = f"<{GRAPH}{slug}>"
    result: dict[tuple[str, str], set[str]] = {}
    claims = claims if claims is not None else {}

    def put(kind: str, subject: str, value: str, claim=None) -> None:
        result.setdefault((kind, subject), set()).add(value)
        if isinstance(claim, ox.NamedNode):
            claims.setdefault((kind, subject), set()).add(claim.value)

    for r in _rows(store, f"SELECT ?c ?about ?o WHERE {{ GRAPH {g} {{ ?c htkg:predicate htkg:tierPlacement ; htkg:about ?about ; htkg:object ?o }} }}"):
        put("tier", _short(r["about"]), _short(r["o"]), r["c"])
    for r in _rows(store, f"SELECT ?c ?about ?o WHERE {{ GRAPH {g} {{ ?c htkg:predicate htkg:countryRole ; htkg:about ?about ; htkg:object ?o }} }}"):
        put("role", f"{_short(r['about'])} {_short(r['o'])}", "stated", r["c"])
    for r in _rows(store, f"SELECT DISTINCT ?d WHERE {{ GRAPH {g} {{ ?x htkg:destination ?d }} }}"):
        put("destination", _short(r["d"]), "named")
    query = f"""SELECT ?c ?i ?p ?d ?v ?min ?max WHERE {{ GRAPH {g} {{
        ?c htkg:quantity ?q . ?q htkg:indicator ?i .
        OPTIONAL {{ ?c htkg:referencePeriod ?p }} OPTIONAL {{ ?q htkg:destination ?d }}
        OPTIONAL {{ ?q schema:value ?v }} OPTIONAL {{ ?q schema:minValue ?min }} OPTIONAL {{ ?q schema:maxValue ?max }} }} }}"""
    for r in _rows(store, query):
        subject = " ".join(x for x in (_short(r["i"]), _short(r["p"]) or "(no period)", _short(r["d"])) if x)
        if r["v"] is not None:
            value = r["v"].value
        else:
            value = f"{r['min'].value if r['min'] is not None else ''}..{r['max'].value if r['max'] is not None else ''}"
        put("figure", subject, value, r["c"])
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
    claims: dict = {}
    a, b = facts(store, before, claims), facts(store, after, claims)
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
            changes.append(Change(key[0], key[1], va, vb, kind, tuple(sorted(claims.get(key, ())))))
    order = {"tier": 0, "role": 1, "destination": 2, "figure": 3}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject))


def to_turtle(changes: list[Change], before: str, after: str) -> str:
    """Each change between two claims' values as a proposed htkg:Discrepancy between documents,
    for a curator to judge and, if it stands, to copy into graph/discrepancies.ttl."""
    from .turtle import literal, slugify

    lines = [
        f"# Changes from {before} to {after} (htkg diff), as proposed discrepancies between documents.",
        "@prefix htkg:    <https://w3id.org/htkg/ontology#> .",
        "@prefix cpt:     <https://w3id.org/htkg/concept/> .",
        "@prefix disc:    <https://w3id.org/htkg/id/discrepancy/> .",
        "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
    ]
    for c in changes:
        if c.change != "changed" or len(c.claims) < 2:
            continue
        name = slugify(f"{before} {after} {c.kind} {c.subject}", limit=120)
        lines += [
            f"disc:{name} a htkg:Discrepancy ;",
            f"    rdfs:label {literal(f'{c.kind} {c.subject}: {c.before} ({before}) vs {c.after} ({after})', 'en')} ;",
            f"    rdfs:comment {literal(f'{before} gives {c.before} and {after} gives {c.after} for {c.kind} {c.subject}.', 'en')} ;",
            "    htkg:discrepancyKind cpt:between-documents ;",
            "    htkg:involves " + ", ".join(f"<{iri}>" for iri in c.claims) + " .",
            "",
        ]
    return "\n".join(lines)
