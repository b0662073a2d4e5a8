"""Measuring the embedded store against rdflib's own SPARQL engine.

`python3 tests/test_query_bench.py` prints, on this machine: the time of each library query
on the built graph with pyoxigraph and with rdflib, and the load and query time of a
two-join GROUP BY on synthetic graphs in the shape of the real one (claims with a claimant, a
source document, a reference period and a quantity with a destination) at about 10^5 and
10^6 triples. Each engine runs in its own process, so memory and caches do not leak from one
measurement into the next; rdflib is given a time limit.

The tests below check only that the synthetic graph and the benchmark query are right (both
engines give the answer computed in Python); they time nothing."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path


HTKG = "https://w3id.org/htkg/ontology#"
ID = "https://w3id.org/htkg/id/"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TIME = "http://www.w3.org/2006/time#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS_SOURCE = "http://purl.org/dc/terms/source"

#: The benchmark: victims per destination and claimant, over claims and their quantities.
TWO_JOIN_GROUP_BY = f"""
PREFIX htkg: <{HTKG}>
PREFIX schema: <{SCHEMA}>
PREFIX xsd: <{XSD}>
SELECT ?destination ?claimant (SUM(xsd:integer(?value)) AS ?victims) (COUNT(?claim) AS ?claims)
WHERE {{
  ?claim htkg:claimant ?claimant ;
         htkg:quantity ?quantity .
  ?quantity htkg:destination ?destination ;
            schema:value ?value .
}}
GROUP BY ?destination ?claimant
ORDER BY ?destination ?claimant
"""

TRIPLES_PER_CLAIM = 12

def synthetic_nquads(triples: int, seed: int = 1) -> tuple[str, Counter]:
    """N-Quads of about `triples` triples in the shape of the built graph: one named graph per
    document, claims with a claimant, subject, source, period and a quantity with a
    destination. Returns the text and the expected answer of TWO_JOIN_GROUP_BY as a Counter
    of (destination, claimant) -> (victims, claims) packed into two Counters."""
    rng = random.Random(seed)
    claims = max(1, triples // TRIPLES_PER_CLAIM)
    documents = max(1, claims // 500)
    claimants = [f"{ID}actor/body-{i}" for i in range(40)]
    destinations = [f"{ID}place/C{i:03d}" for i in range(190)]
    indicators = ["identified-victims", "victims-by-destination", "referred-victims", "estimated-victims"]
    lines = []
    victims: Counter = Counter()
    counts: Counter = Counter()
    for n in range(claims):
        doc = n % documents
        graph = f"<https://w3id.org/htkg/graph/doc-{doc}>"
        claim = f"<{ID}claim/doc{doc}-c{n}>"
        quantity = f"<{ID}claim/doc{doc}-c{n}/quantity>"
        claimant, destination = rng.choice(claimants), rng.choice(destinations)
        year = rng.randint(1995, 2024)
        value = rng.randint(1, 500)
        victims[(destination, claimant)] += value
        counts[(destination, claimant)] += 1
        lines += [
            f"{claim} <{RDF_TYPE}> <{HTKG}Claim> {graph} .",
            f"{claim} <{HTKG}claimant> <{claimant}> {graph} .",
            f"{claim} <{HTKG}about> <{ID}place/AZ> {graph} .",
            f"{claim} <{DCTERMS_SOURCE}> <{ID}document/doc-{doc}> {graph} .",
            f"{claim} <{HTKG}referencePeriod> <{ID}period/{year}> {graph} .",
            f"{claim} <{HTKG}quantity> {quantity} {graph} .",
            f"{claim} <{HTKG}textAnchor> <{ID}claim/doc{doc}-c{n}/anchor> {graph} .",
            f"{quantity} <{RDF_TYPE}> <{HTKG}Quantity> {graph} .",
            f'{quantity} <{SCHEMA}value> "{value}"^^<{XSD}integer> {graph} .',
            f"{quantity} <{HTKG}indicator> <https://w3id.org/htkg/concept/{rng.choice(indicators)}> {graph} .",
            f"{quantity} <{HTKG}unit> <https://w3id.org/htkg/concept/persons> {graph} .",
            f"{quantity} <{HTKG}destination> <{destination}> {graph} .",
        ]
    for year in range(1995, 2025):
        lines.append(f'<{ID}period/{year}> <{TIME}hasBeginning> <{ID}period/{year}/hasBeginning> <https://w3id.org/htkg/graph/reference> .')
        lines.append(f'<{ID}period/{year}/hasBeginning> <{TIME}inXSDDate> "{year}-01-01"^^<{XSD}date> <https://w3id.org/htkg/graph/reference> .')
    expected = Counter({key: (victims[key], counts[key]) for key in victims})
    return "\n".join(lines) + "\n", expected


# --------------------------------------------------------------------------- engines


def load_oxigraph(path: str):
    from htkg.store import OxigraphStore

    return OxigraphStore.from_file(path)


def query_oxigraph(store, text: str) -> list[tuple]:
    from htkg.results import from_oxigraph

    return [tuple(row) for row in from_oxigraph(store.query(text)).rows]


def load_rdflib(path: str):
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset


def query_rdflib(dataset, text: str) -> list[tuple]:
    return [tuple(row) for row in dataset.query(text)]


def _answer(rows) -> Counter:
    return Counter({(str(r[0]), str(r[1])): (int(r[2]), int(r[3])) for r in rows})


def test_the_benchmark_query_gives_the_expected_answer_on_both_engines(tmp_path):
    text, expected = synthetic_nquads(3000, seed=7)
    path = tmp_path / "synthetic.nq"
    path.write_text(text, encoding="utf-8")
    assert 2900 <= text.count("\n") <= 3100
    assert _answer(query_oxigraph(load_oxigraph(str(path)), TWO_JOIN_GROUP_BY)) == expected
    assert _answer(query_rdflib(load_rdflib(str(path)), TWO_JOIN_GROUP_BY)) == expected


def test_rdflib_and_oxigraph_agree_on_the_library(built_project):
    """rdflib's engine is the second engine of the timing table: it must give the same answers
    (as RDF terms) for the queries it is timed on, or its times mean nothing."""
    from rdflib import Dataset

    from htkg.query import library, prepare
    from htkg.results import QueryResult

    store = load_oxigraph(str(built_project.dataset_path))
    dataset = Dataset(default_union=True)
    dataset.parse(built_project.dataset_path, format="nquads")
    disagree = []
    for query in library(built_project):
        if query.form != "select" or query.name in TOO_SLOW_FOR_RDFLIB:
            continue
        text = prepare(query).text
        ox_answer = QueryResult(kind="select", variables=[], rows=query_oxigraph(store, text))
        rdflib_answer = QueryResult(kind="select", variables=[], rows=query_rdflib(dataset, text))
        if ox_answer.comparable() != rdflib_answer.comparable():
            disagree.append(query.name)
    assert disagree == KNOWN_RDFLIB_DIFFERENCES, disagree


#: Library queries whose answers rdflib's engine gets differently (see the report: rdflib
#: repeats rows for a triple held in two graphs under default_union, or types aggregates
#: differently). Kept explicit so that a change either way is noticed.
KNOWN_RDFLIB_DIFFERENCES: list[str] = []

#: Library queries rdflib's engine cannot answer in reasonable time even on the curated graph:
#: conflicting-figures joins two sub-SELECTs on a key (what makes it take 0.3 s instead of 66 s
#: at 10^6 triples on Oxigraph), and rdflib evaluates that join by nested loops over solution
#: mappings, for minutes and gigabytes. The plain-join forms that rdflib answers at once take
#: 22-30 s on Oxigraph at 10^6. Its answer is checked on Oxigraph against the golden file, and
#: on a real Oxigraph server and Virtuoso. claims-on-statistics-of walks from each claim's source
#: up to the body after a sub-select of the claims (Oxigraph then walks down from the body once,
#: 0.09 s instead of 0.39 s at 10^6, and Virtuoso starts from a bound end); rdflib evaluates the
#: walk from every node of the graph instead, for minutes. Its answer is checked on Oxigraph
#: against an independent count (tests/test_query_answers.py) and on Virtuoso.
TOO_SLOW_FOR_RDFLIB: list[str] = ["claims-on-statistics-of", "conflicting-figures"]


# --------------------------------------------------------------------------- measuring


def _time_in_subprocess(engine: str, path: str, queries: dict[str, str], limit: float) -> dict:
    code = f"""
import json, sys, time
sys.path.insert(0, {str(Path(__file__).parent)!r})
import test_query_bench as b
t = time.perf_counter(); store = b.load_{engine}({path!r}); load = time.perf_counter() - t
times = {{}}
for name, text in json.loads(sys.stdin.read()).items():
    t = time.perf_counter(); rows = b.query_{engine}(store, text); times[name] = [time.perf_counter() - t, len(rows)]
print(json.dumps({{"load": load, "queries": times}}))
"""
    try:
        done = subprocess.run([sys.executable, "-c", code], input=json.dumps(queries), capture_output=True,
                              text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return {"timeout": limit}
    return json.loads(done.stdout)


def measure(sizes=(100_000, 1_000_000), limit: float = 900) -> None:
    import os
    import tempfile

    from htkg.build import build
    from htkg.project import Project
    from htkg.query import library, prepare

    repo = Path(__file__).resolve().parents[1]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(repo, out=Path(tmp))
        build(project, validate=False)
        path = str(project.dataset_path)
        queries = {q.name: prepare(q).text for q in library(project) if q.role != "construct"}
        print(f"\nbuilt graph: {sum(1 for _ in open(path, encoding='utf-8'))} quads, {len(queries)} queries")
        results = {engine: _time_in_subprocess(engine, path, queries, limit) for engine in ("oxigraph", "rdflib")}
        print(f"load: pyoxigraph {results['oxigraph']['load']:.3f} s, rdflib {results['rdflib']['load']:.3f} s")
        print(f"{'query':40} {'rows':>5} {'pyoxigraph ms':>14} {'rdflib ms':>10}")
        total = {"oxigraph": 0.0, "rdflib": 0.0}
        for name in queries:
            o, r = results["oxigraph"]["queries"][name], results["rdflib"]["queries"][name]
            total["oxigraph"] += o[0]
            total["rdflib"] += r[0]
            print(f"{name:40} {o[1]:>5} {o[0] * 1000:>14.1f} {r[0] * 1000:>10.1f}")
        print(f"{'all':40} {'':>5} {total['oxigraph'] * 1000:>14.1f} {total['rdflib'] * 1000:>10.1f}")
        for size in sizes:
            text, _ = synthetic_nquads(size)
            synthetic = Path(tmp) / f"synthetic-{size}.nq"
            synthetic.write_text(text, encoding="utf-8")
            print(f"\nsynthetic graph: {text.count(chr(10))} triples")
            for engine in ("oxigraph", "rdflib"):
                res = _time_in_subprocess(engine, str(synthetic), {"two-join GROUP BY": TWO_JOIN_GROUP_BY}, limit)
                if "timeout" in res:
                    print(f"  {engine}: did not finish in {limit:.0f} s")
                else:
                    q = res["queries"]["two-join GROUP BY"]
                    print(f"  {engine}: load {res['load']:.2f} s, query {q[0]:.2f} s ({q[1]} groups)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    measure()
