"""`htkg extract` and `htkg accept`: the draft of a synthetic yearly report holds the figures a
curator would record (value, indicator, year, destination, total) with checked quotes and the
rules that proposed them; mentions link to the right entities; bad input is exit 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest

from extract_project import FIXTURES, copy_project
from htkg.extract.draft import PROPOSED_NOTE, draft_path, propose, to_turtle
from htkg.extract.gazetteer import build_gazetteer
from htkg.extract.graphindex import load_index
from htkg.extract.numbers import find_figures

SLUG = "synthetic-2023"
EXPECTED = json.loads((FIXTURES / "azerbaijan-2023.expected.json").read_text())


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "p")
    from htkg.extract.register import Metadata, add_document

    add_document(project, FIXTURES / "azerbaijan-2023.txt", Metadata(author="GRETA", date="2023", slug=SLUG), today="2026-01-01")
    return project


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "htkg", "--project", str(project.root), *args], capture_output=True, text=True)


def key(figure):
    return (figure.value, figure.max_value, figure.indicator, figure.period)


def test_every_expected_figure_is_found_with_its_indicator_and_year():
    text = (FIXTURES / "azerbaijan-2023.txt").read_text()
    figures = find_figures(text)
    found = {key(f) for f in figures}
    for e in EXPECTED["figures"]:
        assert (e.get("value"), e.get("maxValue"), e["indicator"], e["period"]) in found, e
    assert len(figures) == len(EXPECTED["figures"])  # nothing else is proposed in this report
    by_value = {f.value: f for f in figures}
    for e in EXPECTED["figures"]:
        if "breakdown_of" in e:
            assert figures[by_value[e["value"]].breakdown_of].value == e["breakdown_of"]


def test_each_figure_quotes_its_number_and_keyword():
    text = (FIXTURES / "azerbaijan-2023.txt").read_text()
    for f in find_figures(text):
        quote = text[f.start:f.end]
        number = str(f.value if f.value is not None else f.max_value)
        assert number in quote.replace(",", ""), (quote, f)
        assert f.rules and f.rules[0].startswith(("number", "bound"))


def test_mentions_link_countries_by_name_and_demonym_and_known_actors(repo_project):
    index = load_index(repo_project)
    text = (FIXTURES / "azerbaijan-2023.txt").read_text()
    mentions = build_gazetteer(index).find(text)
    linked = {m.iri.rsplit("/", 1)[-1] for m in mentions}
    assert set(EXPECTED["mentions"]) <= linked
    demonym = next(m for m in mentions if m.text == "Azerbaijani")
    assert demonym.iri.endswith("/place/AZ") and "demonym" in demonym.rule
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_a_label_in_a_longer_word_is_not_a_mention(repo_project):
    gazetteer = build_gazetteer(load_index(repo_project))
    assert [m.text for m in gazetteer.find("Turkeys and Russians in Turkey, a Russian ship")] == ["Turkey", "Russian"]


def test_the_draft_parses_and_every_claim_is_marked_proposed_with_a_checked_quote(project):
    draft = propose(project, SLUG)
    turtle = to_turtle(draft)
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(
        """PREFIX htkg: <https://w3id.org/htkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?c ?quote ?start ?end ?note ?claimant WHERE { ?c a htkg:Claim ; htkg:quote ?quote ; htkg:start ?start ;
        htkg:end ?end ; skos:editorialNote ?note ; htkg:claimant ?claimant ; htkg:quantity [] }"""
    ))
    assert len(rows) == len(EXPECTED["figures"])
    text = draft.text
    for r in rows:
        assert text[int(r["start"].value):int(r["end"].value)] == r["quote"].value
        assert r["note"].value.startswith(PROPOSED_NOTE + ": ")
    claimants = {r["claimant"].value.rsplit("/", 1)[-1] for r in rows}
    assert "greta" in claimants  # the author, by default
    assert "azerbaijan-ministry-of-internal-affairs" in claimants  # "the Ministry ... reported 31 ..."
    assert "government-of-azerbaijan" in claimants  # "The government reported that courts convicted 17 ..."


def test_a_small_count_carries_no_destination(project):
    turtle = to_turtle(propose(project, SLUG))
    block = turtle[turtle.index('htkg:quote "2 to Georgia"') - 400:turtle.index('htkg:quote "2 to Georgia"')]
    assert "htkg:destination" not in block.split("a htkg:Claim")[-1]
    assert "htkg:destination place:TR" in turtle


def test_extract_writes_the_draft_where_the_build_does_not_read_it_and_accept_moves_it(project):
    result = run(project, "extract", SLUG)
    assert result.returncode == 0, result.stderr
    draft = draft_path(project, SLUG)
    assert draft.exists() and not (project.graph_dir / f"{SLUG}.ttl").exists()
    first = draft.read_bytes()
    assert run(project, "extract", SLUG).returncode == 0
    assert draft.read_bytes() == first  # deterministic
    result = run(project, "accept", SLUG)
    assert result.returncode == 0, result.stderr
    accepted = (project.graph_dir / f"{SLUG}.ttl").read_text()
    assert f'<https://w3id.org/htkg/graph/{SLUG}> dcterms:modified "' in accepted
    assert PROPOSED_NOTE + ":" not in accepted and not draft.exists()
    again = run(project, "accept", SLUG)
    assert again.returncode == 2 and f"Error: graph/{SLUG}.ttl: " in again.stderr


def test_accept_refuses_a_draft_whose_quote_was_edited_off_its_offsets(project):
    assert run(project, "extract", SLUG).returncode == 0
    draft = draft_path(project, SLUG)
    draft.write_text(draft.read_text().replace('htkg:quote "72 victims"', 'htkg:quote "72 victim"'))
    result = run(project, "accept", SLUG)
    assert result.returncode == 2
    assert "does not stand at" in result.stderr and "Traceback" not in result.stderr
    assert not (project.graph_dir / f"{SLUG}.ttl").exists()


def test_accept_refuses_a_draft_that_is_not_turtle(project):
    assert run(project, "extract", SLUG).returncode == 0
    draft = draft_path(project, SLUG)
    draft.write_text(draft.read_text() + "\nclaim:broken a \n")
    result = run(project, "accept", SLUG)
    assert result.returncode == 2 and "not valid Turtle" in result.stderr
    assert not (project.graph_dir / f"{SLUG}.ttl").exists()


@pytest.mark.parametrize("slug, expected", [("no-such-doc", "no registered document"), ("Bad Slug", "is not a document's slug")])
def test_extract_of_an_unknown_document_is_exit_2(project, slug, expected):
    result = run(project, "extract", slug)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and expected in result.stderr
    assert not (project.out_dir / "drafts").exists()


def test_accept_without_a_draft_is_exit_2(project):
    result = run(project, "accept", SLUG)
    assert result.returncode == 2 and "no draft to accept" in result.stderr


def test_tier_placement_and_country_roles_are_proposed_with_their_quotes(project):
    draft = propose(project, SLUG)
    got = [
        {"predicate": c.statement.predicate, "object": c.statement.object, "about": c.about.rsplit("/", 1)[-1], "quote": c.quote}
        for c in draft.of_kind("statement")
    ]
    assert got == EXPECTED["statements"]
    tier = next(c for c in draft.of_kind("statement") if c.statement.predicate == "tierPlacement")
    assert tier.period == "2023"  # the year of issue given to `htkg add`
    turtle = to_turtle(draft)
    assert "htkg:predicate htkg:tierPlacement ;\n    htkg:object cpt:tier-2 ;" in turtle


def test_organisation_names_the_graph_does_not_know_are_proposed_whole():
    from htkg.extract.gazetteer import unknown_organisations

    text = ("According to the State Migration Service and the Azerbaijan Migration Center, the Clean World Social Union "
            "and the Ministry of Labour and Social Protection of Population reported cases. In 2010 the Police acted.")
    names = [m.text for m in unknown_organisations(text, [])]
    assert names == ["State Migration Service", "Azerbaijan Migration Center", "Clean World Social Union",
                     "Ministry of Labour and Social Protection of Population"]
    known = [m for m in unknown_organisations(text, []) if m.text == "State Migration Service"]
    assert "State Migration Service" not in [m.text for m in unknown_organisations(text, known)]


def test_footnotes_are_citation_candidates_that_build_once_uncommented(project):
    assert run(project, "extract", SLUG).returncode == 0
    draft = draft_path(project, SLUG)
    turtle = draft.read_text()
    assert f"# cite:{SLUG}-fn1 a htkg:Citation ;" in turtle
    assert '#     htkg:accessed "2023-03-01"^^xsd:date ;' in turtle
    assert f"    # htkg:cites cite:{SLUG}-fn1 ;" in turtle  # on the claim whose sentence holds the mark
    # the curator's review: keep the footnote's citation and the claim's link to it
    lines = []
    in_footnotes = False
    for line in turtle.splitlines():
        if line.startswith("# --- "):
            in_footnotes = line.startswith("# --- Footnotes")
        elif in_footnotes and line.startswith("#"):
            line = line[2:] if line.startswith("# ") else ""
        elif line.startswith(f"    # htkg:cites cite:{SLUG}-fn1 ;"):
            line = f"    htkg:cites cite:{SLUG}-fn1 ;"
        lines.append(line)
    draft.write_text("\n".join(lines) + "\n")
    assert run(project, "accept", SLUG).returncode == 0
    from htkg.build import build

    build(project)  # raises unless the graph conforms
    store = ox.Store()
    store.load(path=str(project.dataset_path), format=ox.RdfFormat.N_QUADS)
    cited = list(store.query(
        f"""PREFIX htkg: <https://w3id.org/htkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title WHERE {{ GRAPH ?g {{ ?c htkg:cites ?cite . ?cite htkg:footnote 1 ; htkg:citedWork ?w . ?w dcterms:title ?title }} }}"""
    ))
    assert [r["title"].value for r in cited] == ["Ministry of Internal Affairs, Annual report on combating trafficking in persons for 2022"]


def test_routes_are_proposed_per_destination_and_none_for_a_count_under_three(project):
    draft = propose(project, SLUG)
    got = [{"destination": c.route.destination.rsplit("/", 1)[-1], "form": c.route.form, "groups": c.route.groups} for c in draft.of_kind("route")]
    assert got == EXPECTED["routes"]  # "2 to Georgia" gives no route (shapes/privacy.ttl)
    assert all(c.route.origin.endswith("/place/AZ") for c in draft.of_kind("route"))
    turtle = to_turtle(draft)
    assert f"route:{SLUG}-az-tr-sexual-exploitation a htkg:Route ;" in turtle
    assert f"htkg:about route:{SLUG}-az-tr-sexual-exploitation ;" in turtle


def test_an_internal_route_is_marked_internal():
    from htkg.extract.gazetteer import Mention
    from htkg.extract.routes import find_routes

    text = "Men were trafficked to Turkey for forced labor, and boys were trafficked internally for begging."
    turkey = text.index("Turkey")
    mentions = [Mention(turkey, turkey + 6, "Turkey", "https://w3id.org/htkg/id/place/TR", "place", "test")]
    routes = find_routes(text, mentions, "https://w3id.org/htkg/id/place/AZ")
    assert [(r.destination.rsplit("/", 1)[-1], r.form, r.groups, r.internal) for r in routes] == [
        ("TR", "forced-labour", ["men"], False), ("AZ", "begging", ["boys"], True)]
    assert text[routes[1].start:routes[1].end] == "boys were trafficked internally for begging"


def test_extract_of_a_document_already_curated_says_accept_will_not_overwrite(tmp_path):
    from htkg.project import Project

    project = copy_project(tmp_path / "q")
    result = run(project, "extract", "us-tip-2004-azerbaijan")
    assert result.returncode == 0, result.stderr
    assert "graph/us-tip-2004-azerbaijan.ttl exists already" in result.stdout
    assert (Project(project.root).out_dir / "drafts" / "us-tip-2004-azerbaijan.ttl").exists()


def test_the_draft_proposes_each_known_entitys_first_mention_as_a_mention_record(project):
    """Mentions are data, not comments: one htkg:Mention per entity, at its first occurrence,
    its words at their offsets, marked as proposed with the rule that linked it; countries the
    graph lacks are declared so that every mention's body is in the graph."""
    draft = propose(project, SLUG)
    turtle = to_turtle(draft)
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(
        """PREFIX htkg: <https://w3id.org/htkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?m ?body ?quote ?start ?end ?note WHERE { ?m a htkg:Mention ; oa:hasBody ?body ; htkg:quote ?quote ;
          htkg:start ?start ; htkg:end ?end ; htkg:locator ?locator ; skos:editorialNote ?note }"""))
    bodies = [r["body"].value.rsplit("/", 1)[-1] for r in rows]
    assert sorted(bodies) == sorted(EXPECTED["mentions"])  # each entity once, none left out
    text = draft.text
    for r in rows:
        start, end, quote = int(r["start"].value), int(r["end"].value), r["quote"].value
        assert text[start:end] == quote
        assert r["m"].value == f"https://w3id.org/htkg/id/mention/{SLUG}-{r['body'].value.rsplit('/', 1)[-1]}"
        assert r["note"].value.startswith(PROPOSED_NOTE + ": gazetteer:")
        firsts = [m.start for m in draft.of_kind("mention") if m.iri == r["body"].value]
        assert start == min(firsts)  # the first occurrence
    declared = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None)}
    known = load_index(project).subjects
    assert all(r["body"].value in known or r["body"].value in declared for r in rows)
    # a country the graph lacks (Kazakhstan) is declared in the draft for its mention
    text_path = project.sources_dir / f"{SLUG}.txt"
    original = text_path.read_bytes()
    try:
        text_path.write_bytes(original + "Some victims were found in Kazakhstan.\n".encode())
        assert "https://w3id.org/htkg/id/place/KZ" not in known
        assert "place:KZ a htkg:Country ;" in to_turtle(propose(project, SLUG))
    finally:
        text_path.write_bytes(original)
    assert f"https://w3id.org/htkg/id/document/{SLUG}" not in {r["body"].value for r in rows}  # its own title is no mention


def test_dates_of_instruments_and_events_are_proposed_as_expected(project):
    """Each date the report gives an instrument or an event, with its precision, the property
    its verb gives, the instrument the clause names, and whether it can be proposed as it is
    (a known instrument) or needs the curator (an unknown instrument, an event)."""
    draft = propose(project, SLUG)
    got = [{"value": c.date.value, "predicate": c.date.predicate, "about": c.about.rsplit("/", 1)[-1] if c.active else None,
            "quote": c.quote, "proposed": c.active} for c in draft.of_kind("date")]
    assert got == EXPECTED["dates"]
    for c in draft.of_kind("date"):
        assert draft.text[c.start:c.end] == c.quote and c.date.value.replace("-", "")[:4] in c.quote
        assert any(r.startswith("pattern: a ") for r in c.rules) and any(r.startswith("verb: ") for r in c.rules)
        assert c.active or c.problem
    turtle = to_turtle(draft)
    assert 'htkg:object "2003-10"^^xsd:gYearMonth ;' in turtle
    assert '#     htkg:object "2021-03-01"^^xsd:date ;' in turtle  # commented out: the law is unknown


def test_date_words_are_read_as_precisely_as_written_and_open_periods_are_left_out():
    from htkg.extract.dates import find_dates, parse_date

    assert parse_date("6 June 2005", "day") == "2005-06-06"
    assert parse_date("September 20, 2002", "day") == "2002-09-20"
    assert parse_date("Sept. 2004", "month") == "2004-09"
    assert parse_date("31 February 2005", "day") is None  # no such day
    text = ("The plan had not been adopted by March 2004. The code was amended and signed in 2009. "
            "Since 2001, the country joined the campaign. The decree was adopted on 31 February 2005. "
            "The convention was not ratified in 2006. Laws were adopted between 2005 and 2010.")
    assert [(d.value, d.verb) for d in find_dates(text, [])] == [("2009", "signed")]
    assert [f.value for f in find_figures("The law was signed on 6 June 2005 and on September 20, 2002.")] == []
