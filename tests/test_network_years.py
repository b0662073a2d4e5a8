"""`htkg network` across years and documents: the ties a year keeps are those an independent
query dates in that year (the direct layer's `time:hasTime` and `htkg:year`, on the event a tie
comes from or else its claim, with role and property lists spelled out instead of the library's
queries), the ties left out are counted by reason in what the command prints, bad years and
documents are usage errors; ties coloured by year take a sequential palette, and the pictures
write the year by each tie and say in the legend which colour is which."""

from __future__ import annotations

import re

import pytest
from test_network import _ACTOR_BODY, _PREFIXES
from test_network_fixture import EXPECTED_EDGES, make_fixture_project

from htkg.cli import main
from htkg.network import analyse, build_network, render
from htkg.network.style import UNDATED_COLOUR, TieColouring, year_colours
from htkg.store import OxigraphStore

A = "https://w3id.org/htkg/id/actor/"


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    return make_fixture_project(tmp_path_factory.mktemp("network-years"))


@pytest.fixture(scope="module")
def fixture_store(fixture_project):
    return OxigraphStore.from_file(fixture_project.dataset_path)


def _keys(store, year_pattern: str) -> set[tuple[str, str, str]]:
    """The actor view's ties (type, a, b) whose event (or, for a tie from a claim, whose claim)
    has a time with `year_pattern` ("htkg:year 2010", or "htkg:year ?y" for any year); with an
    empty pattern, every tie."""
    dated = ""
    if year_pattern:
        dated = f"""
  ?thing <http://www.w3.org/2006/time#hasTime> ?t .
  ?t {year_pattern} ."""
    query = _PREFIXES + f"""
SELECT DISTINCT ?type ?a ?b WHERE {{
  {{ SELECT ?type ?a ?b ?thing WHERE {{
    {_ACTOR_BODY}
    BIND(COALESCE(?e, ?c) AS ?thing)
    {"FILTER(BOUND(?thing))" if year_pattern else ""}
  }} }}
  {dated}
}}"""
    return {(str(r["type"].value), r["a"].value, r["b"].value) for r in store.query(query)}


@pytest.fixture(scope="module")
def fresh_store(fixture_project):
    """The built file loaded afresh, for the independent queries."""
    return OxigraphStore.from_file(fixture_project.dataset_path)


def _undirected(key):
    etype, a, b = key
    return (etype, min(a, b), max(a, b)) if etype in ("co-participation", "cooperates-with") else key


@pytest.mark.parametrize("year", [2010, 2011, 2012])
def test_a_year_keeps_the_ties_an_independent_query_dates_in_it(fixture_project, fresh_store, year, capsys):
    every = {_undirected(k) for k in _keys(fresh_store, "")}
    dated = {_undirected(k) for k in _keys(fresh_store, "htkg:year ?anyYear")}
    in_year = {_undirected(k) for k in _keys(fresh_store, f"htkg:year {year}")}
    assert in_year and in_year < dated < every  # the fixture has ties of each sort

    net = build_network(OxigraphStore.from_file(fixture_project.dataset_path), since=year, until=year)
    assert {(e.type, e.source, e.target) for e in net.edges} == in_year
    assert net.left_out == {k: v for k, v in (("outside", len(dated - in_year)), ("undated", len(every - dated))) if v}

    # The command prints how many it left out, and why.
    assert main(["--project", str(fixture_project.root), "network", "--year", str(year), "--top", "0"]) == 0
    out = capsys.readouterr().out
    assert f"{len(net.nodes)} nodes, {len(in_year)} edges" in out
    total = len(every - in_year)
    assert f"Left out {total} ties: {len(dated - in_year)} dated outside {year}; {len(every - dated)} with no dated evidence" in out
    for etype, a, b in in_year:  # every tie kept has both its ends in the table
        for end in (a, b):
            label = net.nodes[end].label
            assert label[:20] in out


def test_a_range_keeps_the_union_of_its_years_and_undated_ties_on_request(fixture_project, fresh_store, capsys):
    every = {_undirected(k) for k in _keys(fresh_store, "")}
    dated = {_undirected(k) for k in _keys(fresh_store, "htkg:year ?anyYear")}
    in_range = {_undirected(k) for y in (2011, 2012) for k in _keys(fresh_store, f"htkg:year {y}")}
    store = OxigraphStore.from_file(fixture_project.dataset_path)
    net = build_network(store, since=2011, until=2012)
    assert {(e.type, e.source, e.target) for e in net.edges} == in_range
    with_undated = build_network(store, since=2011, until=2012, include_undated=True)
    assert {(e.type, e.source, e.target) for e in with_undated.edges} == in_range | (every - dated)
    assert with_undated.left_out == {"outside": len(dated - in_range)}
    # The cooperation tie holds in 2010 and 2012: only its 2012 claim is kept.
    coop = next(e for e in net.edges if e.type == "cooperates-with")
    assert coop.years == [2012] and len(coop.claims) == 1

    root = str(fixture_project.root)
    assert main(["--project", root, "network", "--years", "2011-2012", "--include-undated"]) == 0
    out = capsys.readouterr().out
    assert f"{len(with_undated.edges)} edges" in out
    assert f"Left out {len(dated - in_range)} ties: {len(dated - in_range)} dated outside 2011–2012." in out
    assert "no dated evidence" not in out


def test_document_filter_is_repeatable_and_counts_what_it_leaves_out(fixture_project, capsys):
    """The fixture's hand-checked ties: those with a source (a document) are kept when both
    documents are named, the two facts of the reference data (part-of) are not in them."""
    root = str(fixture_project.root)
    store = OxigraphStore.from_file(fixture_project.dataset_path)
    both = build_network(store, documents=["fx-2010-report", "fx-2012-note"])
    with_source = {k for k, (sources, _) in EXPECTED_EDGES.items() if sources}
    assert {(e.type, e.source, e.target) for e in both.edges} == with_source
    assert both.left_out == {"document": len(EXPECTED_EDGES) - len(with_source)}
    assert main(["--project", root, "network", "--document", "fx-2012-note", "--document", "fx-2010-report"]) == 0
    out = capsys.readouterr().out
    assert f"{len(with_source)} edges" in out
    assert f"Left out {len(EXPECTED_EDGES) - len(with_source)} ties: 2 not in fx-2012-note, fx-2010-report." in out
    # One document and one year together: the 2012 note says the Ministry and the IOM
    # cooperate; the 2010 report's ties are in another document or another year.
    one = build_network(store, documents=["fx-2012-note"], since=2012, until=2012)
    assert [(e.type, e.documents) for e in one.edges] == [("cooperates-with", ["https://w3id.org/htkg/id/document/fx-2012-note"])]
    assert sum(one.left_out.values()) == len(EXPECTED_EDGES) - 1


@pytest.mark.parametrize("args, message", [
    (["--year", "abc"], "'abc' is not a year"),
    (["--year", "20100"], "'20100' is not a year"),
    (["--years", "2012-2010"], "'2012-2010' is an empty range: the first year comes after the last; write 2010-2012"),
    (["--years", "2010..2012"], "is not a range of years: write FROM-TO"),
    (["--document", "no-such-report"], "unknown document 'no-such-report'"),
    (["--document", "fx-2010-report", "--document", "nope"], "unknown document 'nope'"),
    (["--year", "2010", "--years", "2010-2011"], "give the years one way"),
    (["--since", "2012", "--until", "2010"], "--since 2012 is after --until 2010"),
    (["--include-undated"], "--include-undated needs years"),
    (["--colour-by", "mood"], "invalid choice: 'mood'"),
])
def test_bad_years_and_documents_are_usage_errors(fixture_project, tmp_path, capsys, args, message):
    out = tmp_path / "n.png"
    with pytest.raises(SystemExit) as stop:
        code = main(["--project", str(fixture_project.root), "network", *args, "--format", "png", "--out", str(out)])
        raise SystemExit(code)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage:") or err.startswith("Error:")
    assert message in err and "Traceback" not in err
    assert not out.exists()  # nothing half-written


# --------------------------------------------------------------------------- colours


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_year_palette_is_sequential_and_readable_on_white():
    colours = year_colours(range(2001, 2026))
    lum = [_luminance(colours[y]) for y in range(2001, 2026)]
    assert lum == sorted(lum) and len(set(colours.values())) == 25  # dark to light, each year its own
    # The palest year still contrasts with a white page (WCAG contrast ratio at least 1.5:1 for
    # a line; the palette stops before viridis's pale yellow).
    assert (1.05) / (lum[-1] + 0.05) >= 1.5
    assert year_colours([2004]) == {2004: year_colours([2000, 2004, 2008])[2004]}  # one year: the middle


def test_colour_by_year_and_document_in_pictures_and_page(fixture_store):
    net = build_network(fixture_store)
    analysis = analyse(net)
    colouring = TieColouring(net, "year")
    by_id = {e.id: colouring.of([e]) for e in net.edges}
    coop = next(e for e in net.edges if e.type == "cooperates-with")
    assert by_id[coop.id] == (colouring.years[2012], "2012")  # its latest year
    assert {c for c, tag in by_id.values() if tag == "undated"} == {UNDATED_COLOUR}
    legend = colouring.legend([[e] for e in net.edges])
    counts = {text: n for _, text, n in legend}
    assert counts == {"2010": 5, "2011": 2, "2012": 1, "undated": 3}

    svg = render(net, analysis, "svg", "year").decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg) or re.findall(r">([^<>]+)</text>", svg)
    joined = " ".join(texts)
    # The legend says which colour is which year, and every tie carries its year as text.
    for text, n in counts.items():
        assert f"{text} ({n})" in joined
    assert joined.count("2010") >= 5 + 1 and joined.count("undated") >= 3 + 1
    for colour in {c for c, _ in by_id.values()}:
        assert colour.lower() in svg.lower()
    assert render(net, analysis, "png", "year") == render(net, analysis, "png", "year")  # deterministic

    docs = TieColouring(net, "document")
    assert docs.of([coop])[1] == "D1+D2"  # both documents say so
    assert "D1: Fixture report 2010" in " ".join(t for _, t, _ in docs.legend([[e] for e in net.edges]))
    page = render(net, analysis, "html", "document").decode("utf-8")
    assert '"colourBy":"document"' in page and '"documentTags"' in page


def test_flows_carry_their_figures_by_year(fixture_store):
    """The counts of victims by destination behind the routes view's flows, with their year:
    the fixture's two counts, 34 identified in 2010 (no destination: no flow) and 20 sent to
    the UAE in 2012."""
    net = build_network(fixture_store, view="routes")
    figures = [(e.source.rsplit("/", 1)[-1], e.target.rsplit("/", 1)[-1], f["first"], f["last"], f["value"], f["indicator"].rsplit("/", 1)[-1])
               for e in net.edges for f in e.figures]
    assert figures == [("AZ", "AE", 2012, 2012, "20", "victims-by-destination")]
    assert build_network(fixture_store, view="routes", since=2010, until=2011).edges
    assert not [f for e in build_network(fixture_store, view="routes", since=2010, until=2011).edges for f in e.figures]
