"""The benchmark's project generator (bench/generate.py): deterministic for a seed, its output
builds with the library (every quote found at its offsets), and it lands near the size asked."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SIZE = 10_000
#: How far the built triple count (the derived graph aside) may land from the size asked: the
#: generator counts the triples it writes and what the build adds per quote, and cuts the last
#: document short; what is left is the last record's few triples.
TOLERANCE = 0.02


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen") / "project"
    result = generate.generate(root, SIZE, seed=3)
    return root, result


def test_same_seed_same_bytes(generated, tmp_path):
    root, _ = generated
    again = tmp_path / "again"
    generate.generate(again, SIZE, seed=3)
    assert _digest(again) == _digest(root)


def test_another_seed_other_documents(generated, tmp_path):
    root, _ = generated
    other = tmp_path / "other"
    generate.generate(other, SIZE, seed=4)
    assert _digest(other) != _digest(root)


def test_writes_a_project_in_the_real_shape(generated):
    root, result = generated
    assert (root / "ontology" / "htkg.ttl").exists()
    docs = sorted(p.stem for p in (root / "graph").glob("*.ttl") if p.stem not in ("reference", "discrepancies"))
    assert len(docs) == result.documents > 3
    for stem in docs:  # every curated file has its source text and metadata record
        assert (root / "sources" / f"{stem}.txt").exists()
        assert (root / "sources" / f"{stem}.ttl").exists()
    assert any(d.startswith("us-tip-") for d in docs) and any(d.startswith("ngo-") for d in docs)
    reference = (root / "graph" / "reference.ttl").read_text(encoding="utf-8")
    assert reference.count("a htkg:Country") >= 190


def test_output_builds_with_every_quote_at_its_offsets(generated, tmp_path):
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from htkg.build import DERIVED_GRAPH, compile_dataset
    from htkg.namespaces import HTKG, OA
    from htkg.project import Project

    root, result = generated
    dataset, build = compile_dataset(Project(root, out=tmp_path / "out"))
    quoted = sum(1 for _ in dataset.quads((None, HTKG.textAnchor, None, None)))
    assert build.anchors_checked == quoted > 100
    # The short form is gone from the documents' graphs; the derived graph states each quote
    # once more, as the direct layer's plain property.
    derived = "https://w3id.org/htkg/graph/derived"
    assert all(str(g.identifier if hasattr(g, "identifier") else g) == derived for _, _, _, g in dataset.quads((None, HTKG.quote, None, None)))
    assert sum(1 for _ in dataset.quads((None, HTKG.quote, None, None))) == quoted
    kinds = {o for _, _, o, _ in dataset.quads((None, RDF.type, None, None))}
    for cls in (HTKG.Claim, HTKG.Assessment, HTKG.Quantity, HTKG.Route, HTKG.Citation, HTKG.Conviction, HTKG.Country, HTKG.Mention, HTKG.RecommendationClaim, OA.TextQuoteSelector):
        assert cls in kinds, cls
    # A quote's oa:exact is the text at its oa:start/oa:end in the source text.
    selector = next(s for s, _, _, _ in dataset.quads((None, RDF.type, OA.TextPositionSelector, None)))
    anchor = URIRef(str(selector).removesuffix("/position"))
    exact = next(o for _, _, o, _ in dataset.quads((URIRef(f"{anchor}/quote"), OA.exact, None, None)))
    start = int(next(o for _, _, o, _ in dataset.quads((selector, OA.start, None, None))))
    end = int(next(o for _, _, o, _ in dataset.quads((selector, OA.end, None, None))))
    source = next(o for _, _, o, _ in dataset.quads((anchor, OA.hasSource, None, None)))
    text = (root / "sources" / f"{str(source).rsplit('/', 1)[-1]}.txt").read_text(encoding="utf-8")
    assert text[start:end] == str(exact)
    # The count the generator aims at: every graph but the derived one.
    built = build.triples - build.graphs.get(DERIVED_GRAPH, 0)
    assert built == result.estimated_triples
    assert abs(built - SIZE) <= TOLERANCE * SIZE


def test_a_smaller_project_is_a_prefix_of_a_larger_one(generated, tmp_path):
    root, _ = generated
    larger = tmp_path / "larger"
    generate.generate(larger, 2 * SIZE, seed=3)
    small, large = _digest(root), _digest(larger)
    shared_texts = [name for name in small if name.startswith("sources/") and name.endswith(".txt") and name in large]
    # All documents but the last (cut short to land on the size) are the same in both.
    assert len(shared_texts) >= len([n for n in small if n.startswith("sources/") and n.endswith(".txt")]) - 1
    assert sum(small[n] == large[n] for n in shared_texts) >= len(shared_texts) - 1
