"""`htkg serve` as a client sees it: a real server on a free port over the repository built into
a temporary folder. The SPARQL 1.1 Protocol, checked after the W3C protocol tests that apply to
a read-only query service (the names in brackets are theirs); the limits; CORS; content
negotiation on an IRI of every kind; and what the pages of an actor, a claim and a document
show, compared with what the graph says."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from serve_server import ServeProcess, fetch

from htkg.namespaces import BASE
from htkg.query import library, run_local
from htkg.results import from_sparql_json
from htkg.serve.conneg import GRAPH_FORMATS, PAGE_FORMATS, RESULT_FORMATS, negotiate
from htkg.serve.rights import text_may_be_shown
from htkg.serve.sparql import Job, ProtocolError, _RowCounter, _TooMany, evaluate, parse_request
from htkg.store import OxigraphStore

G = BASE + "graph/"
MAX_ROWS = 5000
TIMEOUT = 4


@pytest.fixture(scope="module")
def server(built_project):
    process = ServeProcess(built_project, timeout=TIMEOUT, max_rows=MAX_ROWS)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def store(built_project) -> OxigraphStore:
    return OxigraphStore.from_file(built_project.dataset_path)


def scalar(store: OxigraphStore, query: str) -> int:
    return int(next(iter(store.store.query(query, use_default_graph_as_union=True)))[0].value)


def count_in(store: OxigraphStore, *graphs: str) -> int:
    """Distinct triples of the merge of some named graphs."""
    values = " ".join(f"<{g}>" for g in graphs)
    return scalar(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} }}")


def get(server, query: str, accept: str | None = None, **params) -> "Reply":  # noqa: F821
    pairs = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    return fetch(server.url("/sparql?" + urllib.parse.urlencode(pairs)), headers={"Accept": accept} if accept else {})


def post_form(server, query: str, accept: str | None = None, **params) -> "Reply":  # noqa: F821
    pairs = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return fetch(server.url("/sparql"), method="POST", data=urllib.parse.urlencode(pairs).encode("ascii"), headers=headers)


def json_count(reply) -> int:
    assert reply.status == 200, reply.text
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


# --------------------------------------------------------------------------- the protocol


def test_query_get_post_form_and_post_direct_answer_alike(server, store):  # [query_get, query_post_form, query_post_direct]
    expected = scalar(store, COUNT)
    assert json_count(get(server, COUNT)) == expected
    assert json_count(post_form(server, COUNT)) == expected
    direct = fetch(server.url("/sparql"), method="POST", data=COUNT.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert json_count(direct) == expected
    # The default graph is the union of the named graphs (a statement in two graphs counts twice,
    # as on the embedded store).
    assert expected == scalar(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")


def test_the_dataset_of_the_protocol_is_honoured(server, store):
    # [query_dataset_default_graph, query_dataset_default_graphs_get/post]
    assert json_count(get(server, COUNT, default_graph_uri=G + "reference")) == count_in(store, G + "reference")
    both = [G + "reference", G + "discrepancies"]
    assert json_count(get(server, COUNT, default_graph_uri=both)) == count_in(store, *both)
    assert json_count(post_form(server, COUNT, default_graph_uri=both)) == count_in(store, *both)
    # [query_dataset_named_graphs_get/post]: only the named graphs given, and an empty default graph.
    graphs = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
    reply = post_form(server, graphs, named_graph_uri=[G + "derived", G + "reference"])
    assert [b["g"]["value"] for b in json.loads(reply.body)["results"]["bindings"]] == [G + "derived", G + "reference"]
    assert json_count(get(server, COUNT, named_graph_uri=G + "reference")) == 0
    # [query_dataset_full]
    full = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    expected = count_in(store, G + "discrepancies") + scalar(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}reference> {{ ?s ?p ?o }} }}")
    assert json_count(get(server, full, default_graph_uri=G + "discrepancies", named_graph_uri=G + "reference")) == expected
    # [query_multiple_dataset]: the protocol's dataset takes precedence over FROM in the query.
    from_query = f"SELECT (COUNT(*) AS ?n) FROM <{G}derived> WHERE {{ ?s ?p ?o }}"
    assert json_count(get(server, from_query)) == count_in(store, G + "derived")
    assert json_count(get(server, from_query, default_graph_uri=G + "reference")) == count_in(store, G + "reference")


SELECT = f"SELECT ?s ?label WHERE {{ ?s a <{BASE}ontology#Country> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?s"


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_results_in_every_format(server, store, accept, media):  # [query_content_type_select]
    reply = get(server, SELECT, accept)
    assert reply.status == 200 and reply.media_type == media
    expected = [(r[0].value, r[1].value) for r in store.store.query(SELECT, use_default_graph_as_union=True)]
    assert expected
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(reply.text)))
        got = [tuple(r) for r in rows[1:]]
    else:
        fmt = {"application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}[media]
        got = [(r[0].value, r[1].value) for r in ox.parse_query_results(reply.body, format=fmt)]
    assert got == expected


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/sparql-results+json"])
def test_ask_results(server, accept):  # [query_content_type_ask]
    yes = get(server, f"ASK {{ <{BASE}id/actor/osce> ?p ?o }}", accept)
    no = get(server, f"ASK {{ <{BASE}id/actor/nobody> ?p ?o }}", accept)
    assert yes.media_type == no.media_type == accept
    fmt = ox.QueryResultsFormat.XML if "xml" in accept else ox.QueryResultsFormat.JSON
    assert bool(ox.parse_query_results(yes.body, format=fmt)) is True
    assert bool(ox.parse_query_results(no.body, format=fmt)) is False


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize("form", ["describe", "construct"])
def test_describe_and_construct_in_every_rdf_format(server, store, fmt, form):  # [query_content_type_describe/construct]
    query = (f"DESCRIBE <{BASE}id/actor/osce>" if form == "describe"
             else f"CONSTRUCT {{ ?s a ?c }} WHERE {{ ?s a ?c ; <{BASE}ontology#claimant> ?x }}")
    reply = post_form(server, query, fmt.media_type)
    assert reply.status == 200 and reply.media_type == fmt.media_type, reply.text
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt.name]
    got = {str(t) for t in ox.parse(reply.body, format=ox_format)}
    expected = {str(t) for t in store.store.query(query, use_default_graph_as_union=True)}
    assert got == expected and expected


def server_graphs(server):
    reply = get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    return [b["g"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]


def test_the_service_description_and_the_query_page_for_a_browser(server):
    reply = fetch(server.url("/sparql"), headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.media_type == "text/turtle"
    graph = ox.Store()
    graph.load(reply.body, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert list(graph.quads_for_pattern(ox.NamedNode(server.url("/sparql")), ox.NamedNode(sd + "endpoint"), None, None))
    assert len(list(graph.quads_for_pattern(None, ox.NamedNode(sd + "name"), None, None))) == len(list(server_graphs(server)))
    browser = fetch(server.url("/sparql"), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status == 303 and browser.headers["location"] == "/query"
    asked = get(server, "ASK {}", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert asked.status == 303 and asked.headers["location"].startswith("/query?query=ASK")


@pytest.mark.parametrize("name, request_args, status, says", [
    ("bad_query_method", dict(method="PUT", ctype="application/sparql-query", body=b"ASK {}"), 405, "GET or POST"),
    ("bad_multiple_queries", dict(method="GET", query="query=ASK%7B%7D&query=ASK%7B%7D"), 400, "one query"),
    ("bad_query_wrong_media_type", dict(method="POST", ctype="text/plain", body=b"ASK {}"), 415, "Content-Type"),
    ("bad_query_missing_form_type", dict(method="POST", ctype=None, body=b"query=ASK%20%7B%7D"), 400, "Content-Type"),
    ("bad_query_missing_direct_type", dict(method="POST", ctype=None, body=b"ASK {}"), 400, "Content-Type"),
    ("bad_query_non_utf8", dict(method="POST", ctype="application/sparql-query; charset=ISO-8859-1", body="ASK { ?s ?p \"é\" }".encode("latin-1")), 400, "UTF-8"),
    ("bad_query_syntax", dict(method="GET", query="query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p }")), 400, "malformed query"),
    ("bad_update_get", dict(method="GET", query="update=" + urllib.parse.quote("CLEAR ALL")), 400, "read-only"),
    ("update as a query", dict(method="GET", query="query=" + urllib.parse.quote("INSERT DATA { <a:b> <a:c> <a:d> }")), 400, "read-only"),
    ("update form", dict(method="POST", ctype="application/x-www-form-urlencoded", body=b"update=CLEAR%20ALL"), 400, "read-only"),
    ("update direct", dict(method="POST", ctype="application/sparql-update", body=b"CLEAR ALL"), 400, "read-only"),
    ("LOAD", dict(method="POST", ctype="application/x-www-form-urlencoded", body=b"query=" + urllib.parse.quote("LOAD <http://example.org/x.ttl>").encode()), 400, "read-only"),
    ("SERVICE", dict(method="GET", query="query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")), 400, "SERVICE"),
    ("unknown format", dict(method="GET", query="query=ASK%7B%7D&format=yaml"), 400, "unknown format"),
])
def test_refused_requests_get_the_protocols_error_codes(server, name, request_args, status, says):
    headers = {"Content-Type": request_args["ctype"]} if request_args.get("ctype") else {}
    url = server.url("/sparql" + (f"?{request_args['query']}" if "query" in request_args else ""))
    if request_args["method"] == "POST" and not request_args.get("ctype"):
        reply = _raw_post(server, request_args["body"])  # urllib would add a form Content-Type
    else:
        reply = fetch(url, method=request_args["method"], data=request_args.get("body"), headers=headers)
    assert reply.status == status, (name, reply.status, reply.text)
    assert says in reply.text, (name, reply.text)


def _raw_post(server, body: bytes):
    import http.client

    from serve_server import Reply

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.putrequest("POST", "/sparql")
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    conn.send(body)
    response = conn.getresponse()
    reply = Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    conn.close()
    return reply


def test_the_row_limit_refuses_larger_answers_with_a_message(server, store):
    everything = "SELECT * WHERE { ?s ?p ?o }"
    assert scalar(store, COUNT) > MAX_ROWS
    for accept in (f.media_type for f in RESULT_FORMATS):
        reply = get(server, everything, accept)
        assert reply.status == 422 and f"more than {MAX_ROWS:,} rows" in reply.text and "--max-rows" in reply.text
    at_the_limit = get(server, everything + f" LIMIT {MAX_ROWS}")
    assert at_the_limit.status == 200 and len(json.loads(at_the_limit.body)["results"]["bindings"]) == MAX_ROWS
    construct = post_form(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert construct.status == 422 and "LIMIT" in construct.text


def test_a_query_past_the_time_limit_is_stopped_and_the_server_goes_on(server, store):
    # A join of every statement with every other: minutes on the two documents.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    reply = get(server, slow)
    assert reply.status == 503, reply.text
    assert f"longer than {TIMEOUT} s" in reply.text and "--timeout" in reply.text
    # The worker was replaced: both workers answer again.
    for _ in range(4):
        assert json_count(get(server, COUNT)) == scalar(store, COUNT)


def test_cors_allows_reads_from_any_origin(server):
    reply = get(server, "ASK {}", "application/sparql-results+json")
    assert reply.status == 200
    with_origin = fetch(server.url("/sparql?query=ASK%7B%7D"), headers={"Origin": "https://example.org"})
    assert with_origin.headers.get("access-control-allow-origin") == "*"
    preflight = fetch(server.url("/sparql"), method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200
    assert "POST" in preflight.headers.get("access-control-allow-methods", "")
    page = fetch(server.url("/id/actor/osce.ttl"), headers={"Origin": "https://example.org"})
    assert page.headers.get("access-control-allow-origin") == "*"


def test_every_library_question_answers_as_on_the_embedded_store(server, built_project, store):
    questions = [q for q in library(built_project) if q.role == "question"]
    assert len(questions) > 20
    for query in questions:
        from htkg.query import prepare

        text = prepare(query).text
        reply = post_form(server, text, "application/sparql-results+json")
        assert reply.status == 200, (query.name, reply.text)
        remote = from_sparql_json(json.loads(reply.body)).comparable()
        local = run_local(store, text).comparable()
        assert remote == local, query.name


def test_download_links_name_a_file(server):
    reply = post_form(server, SELECT, None, format="csv", download="1")
    assert reply.status == 200 and reply.media_type == "text/csv"
    assert reply.headers["content-disposition"] == 'attachment; filename="htkg-result.csv"'


# --------------------------------------------------------------------------- without a server


def test_parse_request_keeps_the_dataset_and_refuses_what_the_protocol_refuses():
    req = parse_request("GET", None, [("query", "ASK {}"), ("default-graph-uri", G + "a"), ("named-graph-uri", G + "b")], b"")
    assert (req.query, req.default_graphs, req.named_graphs) == ("ASK {}", [G + "a"], [G + "b"])
    with pytest.raises(ProtocolError) as bad:
        parse_request("GET", None, [("query", "ASK {}"), ("default-graph-uri", "not an iri")], b"")
    assert bad.value.status == 400


@pytest.mark.parametrize("accept, expected", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("text/turtle", "turtle"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/n-triples, text/html;q=0.1", "ntriples"),
    ("*/*", "html"),
    (None, "html"),
    ("text/turtle;q=0, */*", "html"),
])
def test_negotiation_of_page_formats(accept, expected):
    assert negotiate(accept, PAGE_FORMATS).name == expected


_literal_text = st.lists(st.sampled_from(list('ab"\\{},[]\n\t<>&é') + ["},{", '\\"', '"},{"']), max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(_literal_text, min_size=0, max_size=25), chunk=st.integers(min_value=1, max_value=64),
       fmt=st.sampled_from(["json", "xml", "csv", "tsv"]))
def test_the_row_counter_counts_rows_exactly_however_the_output_is_cut(values, chunk, fmt):
    store = ox.Store()
    for i, value in enumerate(values):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(value)))
    body = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }").serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
    for limit in {max(1, len(values) - 1), max(1, len(values)), len(values) + 1}:
        counter = _RowCounter(fmt, limit)
        too_many = False
        try:
            for start in range(0, len(body), chunk):
                counter.feed(body[start:start + chunk], lambda end=start + chunk: body[:end])
        except _TooMany:
            too_many = True
        assert too_many == (len(values) > limit), (limit, body)
        if not too_many and counter.exact and fmt != "json":
            assert counter.count == len(values)
    answer = evaluate(store, Job("SELECT ?s ?o WHERE { ?s ?p ?o }", result_format=fmt, max_rows=max(1, len(values))))
    assert answer.status == 200 and answer.rows in ((len(values),) if fmt in ("tsv", "xml") else (len(values), None))


def test_text_is_shown_only_where_the_rights_as_data_allow(store, built_project):
    documents = [r[0].value for r in store.store.query(f"SELECT ?d WHERE {{ ?d a <{BASE}ontology#SourceDocument> }}", use_default_graph_as_union=True)]
    assert documents
    # Each record's cpt:text-rights concept decides, as the release reads it (htkg.rights): the
    # public-domain report is shown, the all-rights-reserved note only as quotes.
    from htkg.rights import source_texts

    allowed = {t.document: t.redistributable for t in source_texts(store.store)}
    assert set(allowed.values()) == {True, False}, "the graph should hold a text of each kind"
    assert {d: text_may_be_shown(store.store, d) for d in documents} == allowed
    documents = sorted(d for d in documents if not allowed[d])
    # Without the project's concept, a licence IRI decides: not a copyright statement, an open licence.
    doc = ox.NamedNode(documents[0])
    copy = ox.Store()
    copy.extend(store.store.quads_for_pattern(doc, None, None, None))
    dcterms = "http://purl.org/dc/terms/"
    copy.add(ox.Quad(doc, ox.NamedNode(dcterms + "rights"), ox.NamedNode("http://rightsstatements.org/vocab/InC/1.0/")))
    assert not text_may_be_shown(copy, documents[0])
    copy.add(ox.Quad(doc, ox.NamedNode(dcterms + "license"), ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")))
    assert text_may_be_shown(copy, documents[0])


# --------------------------------------------------------------------------- IRIs and pages

#: One IRI of each kind the graph names (the first of its namespace), and the ontology's.
KINDS = ["actor", "claim", "event", "instrument", "route", "place", "document", "citation", "discrepancy", "period", "facility"]
RDF_PARSERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def first_of(store, namespace: str) -> str:
    rows = store.store.query(f"SELECT (MIN(STR(?s)) AS ?x) WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), \"{namespace}\") && !CONTAINS(SUBSTR(STR(?s), {len(namespace) + 1}), \"/\")) }}",
                             use_default_graph_as_union=True)
    value = next(iter(rows))[0]
    assert value is not None, f"no IRI under {namespace}"
    return value.value


def iris_of_every_kind(store) -> list[str]:
    iris = [first_of(store, f"{BASE}id/{kind}/") for kind in KINDS]
    iris += [first_of(store, f"{BASE}concept/"), G + "reference", f"{BASE}id/claim/{first_of(store, BASE + 'id/claim/').rsplit('/', 1)[1]}/anchor", BASE + "dataset"]
    return iris


def test_every_kind_of_iri_answers_by_accept_with_303_and_its_documents(server, store):
    for iri in iris_of_every_kind(store):
        path = iri[len(BASE) - 1:]
        html = fetch(server.url(path), headers={"Accept": BROWSER})
        assert html.status == 303 and html.headers["location"] == path + ".html", (iri, html.status)
        assert "Accept" in html.headers["vary"]
        page = fetch(server.url(path + ".html"))
        assert page.status == 200 and page.media_type == "text/html" and iri in page.text, iri
        for media, parser in RDF_PARSERS.items():
            reply = fetch(server.url(path), headers={"Accept": media})
            assert reply.status == 303, (iri, media)
            location = reply.headers["location"]
            document = fetch(server.url(location))
            assert document.status == 200 and document.media_type == media, (iri, media, document.status)
            triples = list(ox.parse(document.body, format=parser))
            if iri == G + "reference":  # a named graph's IRI gives its content
                content = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))}
                assert {str(t) for t in triples} == content
                continue
            subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
            objects = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
            assert iri in subjects | objects, (iri, media)
            said = {str(q.predicate) + " " + str(q.object) for q in store.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)}
            got = {str(t.predicate) + " " + str(t.object) for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri}
            assert said <= got, (iri, media, said - got)


def test_the_ontology_is_a_document_with_a_representation_by_accept(server, store):
    turtle = fetch(server.url("/ontology"), headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.media_type == "text/turtle"
    assert turtle.headers["content-location"] == "/ontology.ttl" and "Accept" in turtle.headers["vary"]
    terms = {t.subject.value for t in ox.parse(turtle.body, format=ox.RdfFormat.TURTLE) if isinstance(t.subject, ox.NamedNode)}
    assert BASE + "ontology#Claim" in terms and BASE + "ontology#claimant" in terms
    html = fetch(server.url("/ontology"), headers={"Accept": BROWSER})
    assert html.status == 200 and html.headers["content-location"] == "/ontology.html"
    # A hash IRI of the ontology lands on its term: https://w3id.org/htkg/ontology#Claim.
    assert 'id="Claim"' in html.text and 'id="claimant"' in html.text
    assert 'href="https://w3id.org/htkg/' not in html.text  # its links stay on this server


def test_an_unknown_iri_is_404_and_the_void_description_is_where_void_says(server):
    missing = fetch(server.url("/id/actor/no-such-actor"), headers={"Accept": "text/turtle"})
    assert missing.status == 404
    void = fetch(server.url("/.well-known/void"), headers={"Accept": "text/turtle"})
    assert void.status == 303 and void.headers["location"] == "/dataset.ttl"
    description = fetch(server.url("/dataset.ttl"))
    graph = ox.Store()
    graph.load(description.body, format=ox.RdfFormat.TURTLE)
    assert list(graph.quads_for_pattern(ox.NamedNode(BASE + "dataset"), ox.NamedNode("http://rdfs.org/ns/void#triples"), None, None))
    assert list(graph.quads_for_pattern(ox.NamedNode(BASE + "dataset"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                        ox.NamedNode("http://www.w3.org/ns/dcat#Dataset"), None))


def _text(html: str) -> str:
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def test_an_actor_page_shows_its_claims_links_and_place_in_the_network(server, store):
    osce = BASE + "id/actor/osce"
    page = fetch(server.url("/id/actor/osce.html")).text
    label = next(iter(store.store.quads_for_pattern(ox.NamedNode(osce), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, None))).object.value
    assert f"<h1>{label}</h1>" in page
    about = scalar(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {{ ?c <{BASE}ontology#about> <{osce}> }} UNION {{ ?c <{BASE}ontology#object> <{osce}> }} }}")
    assert about >= 1 and f"Claims about it <small>{about}</small>" in page
    assert page.count('<article class="claim') == about
    pointing = {r[0].value for r in store.store.query(f"SELECT DISTINCT ?s WHERE {{ ?s <http://www.w3.org/ns/org#subOrganizationOf> <{osce}> }}", use_default_graph_as_union=True)}
    for s in pointing:
        assert f'href="/{s[len(BASE):]}.html"' in page
    from htkg.network import analyse, build_network

    net = build_network(store)
    metrics = analyse(net).by_id()[osce]
    assert f"Degree {metrics.degree} " in _text(page)


def test_a_claim_page_shows_its_quote_footnote_assessments_and_discrepancy(server, store):
    # A claim that cites a footnote, is doubted by an assessment and is part of a discrepancy.
    row = next(iter(store.store.query(f"""PREFIX htkg: <{BASE}ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?claim ?exact ?assessment ?disc ?other ?otherExact WHERE {{
          ?claim htkg:cites ?cite ; htkg:textAnchor/oa:hasSelector/oa:exact ?exact .
          ?assessment htkg:assesses ?claim .
          ?disc htkg:involves ?claim, ?other . FILTER(?other != ?claim)
          ?other htkg:textAnchor/oa:hasSelector/oa:exact ?otherExact }} ORDER BY ?claim ?other LIMIT 1""", use_default_graph_as_union=True)))
    claim, exact, assessment, disc, other, other_exact = (t.value for t in row)
    page = fetch(server.url("/" + claim[len(BASE):] + ".html")).text
    mark = re.search(r'<mark id="quote">(.*?)</mark>', page, re.S)
    assert mark and _text(mark.group(1)) == exact
    assert "Footnote " in page and "Assessments of this claim" in page
    assert f'href="/{assessment[len(BASE):]}.html"' in page
    assert f'href="/{disc[len(BASE):]}.html"' in page
    described = next(iter(store.store.query(f"SELECT ?d WHERE {{ <{disc}> <http://purl.org/dc/terms/description> ?d }}",
                                            use_default_graph_as_union=True)))[0].value
    assert described[:60] in _text(page)  # what disagrees, in the curators' words
    assert f"“{other_exact}”" in _text(page)  # the other side's quote, beside this one
    assert '<article class="claim current">' in page


def test_a_document_page_without_rights_to_show_its_text_lists_its_quotes(server, store):
    doc = BASE + "id/document/carim-east-2013-azerbaijan"
    page = fetch(server.url("/id/document/carim-east-2013-azerbaijan.html")).text
    quotes = [r[0].value for r in store.store.query(f"""PREFIX htkg: <{BASE}ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact WHERE {{ ?c a htkg:Claim ; htkg:textAnchor ?a . ?a oa:hasSource <{doc}> ; oa:hasSelector/oa:exact ?exact }}""",
        use_default_graph_as_union=True)]
    assert len(quotes) > 50
    assert 'class="doc-text"' not in page and "do not allow showing its text" in page
    shown = _text(page)
    for exact in quotes:
        assert f"“{exact}”" in shown


# --------------------------------------------------------------------------- the command


def test_the_command_says_what_is_wrong_without_a_traceback(built_project, tmp_path):
    import shutil
    import socket
    import subprocess
    import sys

    from serve_server import project_copy

    project = project_copy(tmp_path / "p")
    missing = subprocess.run([sys.executable, "-m", "htkg", "--project", str(project.root), "serve"], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and missing.stderr.startswith("Error: out/htkg.nq: no built graph") and "Traceback" not in missing.stderr
    (project.root / "out").mkdir()
    shutil.copy(built_project.dataset_path, project.root / "out" / "htkg.nq")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        busy = subprocess.run([sys.executable, "-m", "htkg", "--project", str(project.root), "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
    assert busy.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr and "--port" in busy.stderr
    bad = subprocess.run([sys.executable, "-m", "htkg", "--project", str(project.root), "serve", "--timeout", "0"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "must be positive" in bad.stderr


@pytest.mark.parametrize("accept, query", [
    ("application/sparql-results+xml", 'SELECT ?x WHERE { BIND("a\\u0001b\\u001fc" AS ?x) }'),
    ("application/rdf+xml", 'CONSTRUCT { <http://example.org/s> <http://example.org/p> "a\\u0001b\\u001fc" } WHERE {}'),
])
def test_control_characters_in_values_still_give_well_formed_xml(server, accept, query):
    """XML 1.0 forbids U+0001 even escaped; pyoxigraph writes it as it is. It comes out as
    U+FFFD, and the rest of the value stays."""
    import xml.etree.ElementTree as ET

    reply = get(server, query, accept)
    assert reply.status == 200, reply.text
    ET.fromstring(reply.body)  # raises on ill-formed XML
    assert "a\ufffdb\ufffdc" in reply.body.decode("utf-8")
