"""The query library as files: every real `.rq` in queries/ has a readable header, its
parameters are variables of the query, its name says its role, and it parses."""

from __future__ import annotations

import re

import pytest

from htkg.errors import InputError
from htkg.project import Project
from htkg.query import PARAM_TYPES, LibraryQuery, library, parse_header, query_form
from htkg.store import OxigraphStore

from conftest import REPO

QUERIES = library(Project(REPO))
IDS = [q.name for q in QUERIES]


def test_the_library_has_at_least_thirty_questions():
    questions = [q for q in QUERIES if q.role == "question"]
    assert len(questions) >= 30, [q.name for q in questions]


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_every_query_has_its_header(query: LibraryQuery):
    assert query.summary, f"{query.name}: no `#+ summary:`"
    assert query.question.endswith("?"), f"{query.name}: `#+ question:` should be a question"
    assert query.tags, f"{query.name}: no `#+ tags:`"


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_parameters_are_variables_of_the_query_and_never_assigned(query: LibraryQuery):
    """A parameter is bound by a VALUES block at the start of the WHERE group; a query that
    also assigns the variable (BIND ... AS ?p, or SELECT (... AS ?p)) would be invalid once bound."""
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert re.search(rf"\?{param.name}\b", body), f"{query.name}: ?{param.name} is not in the query"
        assert not re.search(rf"AS\s+\?{param.name}\b", body, re.I), f"{query.name}: ?{param.name} is assigned"


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_the_name_says_the_role(query: LibraryQuery):
    if query.role == "construct":
        assert query.form == "construct"
    elif query.role == "violation":
        assert query.form in ("select", "ask") and "no rows" in query.summary
    else:
        assert query.form in ("select", "ask", "construct", "describe")


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_every_query_parses_and_orders_its_rows(query: LibraryQuery):
    """Each query runs (on an empty store) and, when it selects, says ORDER BY: results must
    be deterministic on every engine."""
    OxigraphStore().query(query.text, where=query.name)
    if query.form == "select":
        assert "ORDER BY" in query.text, f"{query.name}: no ORDER BY"


def test_the_key_provenance_question_is_one_query():
    """'Who reported which destination countries, in which year, and on whose figures?' must be
    answerable by one query."""
    matches = [q for q in QUERIES if "who reported which destination countries" in q.question.lower()]
    assert [q.name for q in matches] == ["destination-reports"]
    variables = set(re.findall(r"\?(\w+)", matches[0].text.split("WHERE", 1)[0]))
    assert {"destination", "fromYear", "claimant", "dataSource", "reportedBy", "document"} <= variables


def test_header_parser_reads_parameters_with_types_defaults_and_docs():
    header = parse_header(
        "#+ summary: s\n#+ question: q?\n#+ params:\n"
        "#+   - actor: iri = actor:osce ; the actor\n"
        "#+   - year: year ; a year\n"
        "#+ tags: a, b\nSELECT * {}\n"
    )
    (actor, year) = header["params"]
    assert (actor.name, actor.type, actor.default, actor.doc) == ("actor", "iri", "actor:osce", "the actor")
    assert (year.name, year.type, year.default) == ("year", "year", None)
    assert header["tags"] == ["a", "b"]


def test_header_parser_names_the_line_of_a_bad_parameter():
    with pytest.raises(InputError) as info:
        parse_header("#+ summary: s\n#+ params:\n#+   - actor: colour = red\nSELECT * {}", where="queries/x.rq")
    assert info.value.where == "queries/x.rq:3"


def test_query_form_ignores_keywords_in_comments_strings_and_iris():
    text = '# SELECT in a comment\nPREFIX ask: <http://x/construct#>\nCONSTRUCT { ?s ?p "SELECT" } WHERE { ?s ?p ?o }'
    assert query_form(text) == "construct"
    assert query_form("INSERT DATA { <http://a> <http://b> <http://c> }") == "update"
