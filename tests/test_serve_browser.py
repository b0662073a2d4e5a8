"""The pages of `htkg serve` in headless Chromium, as a reader sees them: the query page running a
library query (its rows, with labels beside the IRIs, and no request leaving the server: a
recording proxy given to Chromium receives none), an entity page, a claim page with its quote
highlighted in the surrounding text, and a document page with every claim's span. Each is also
taken as a screenshot (set HTKG_SCREENSHOTS=DIR to keep them).

The server serves a copy of the project in which the TIP 2004 report's record says, as data,
that its text may be shown (a U.S. Government work: "No Copyright - United States"), so that the
reading view of a document is exercised; the repository's own records say nothing a machine
can read yet."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from serve_server import ServeProcess, project_with_open_text
from test_network_html import RecordingProxy, _browser_service, chromium

from htkg.namespaces import BASE
from htkg.query import prepare, resolve_query, run_local
from htkg.store import OxigraphStore

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    chromium()  # skip (fail in CI) before building anything when Chromium is missing
    project, document = project_with_open_text(tmp_path_factory.mktemp("open-text") / "project")
    process = ServeProcess(project)
    try:
        yield process, project, document
    finally:
        process.stop()


def browse(tmp_path: Path, url: str, *extra: str, proxy: RecordingProxy | None = None) -> subprocess.CompletedProcess:
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000", *extra,
    ]
    if proxy is not None:
        # Every request to another host goes to the proxy (loopback, this server, does not).
        args.append(f"--proxy-server=http://127.0.0.1:{proxy.port}")
    result = subprocess.run([*args, url], capture_output=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    return result


def dom(tmp_path: Path, url: str, proxy: RecordingProxy | None = None) -> str:
    return browse(tmp_path, url, "--dump-dom", proxy=proxy).stdout.decode("utf-8")


def screenshot(tmp_path: Path, url: str, name: str, height: int = 1000) -> Path:
    shot = tmp_path / f"{name}.png"
    browse(tmp_path, url, f"--screenshot={shot}", f"--window-size=1280,{height}")
    colours = _colours(shot)
    assert colours > 8, f"{name}: the screenshot is blank ({colours} colours)"
    keep = os.environ.get("HTKG_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    return shot


def _colours(png: Path) -> int:
    """The number of distinct pixel values of an 8-bit RGB(A) PNG (a blank page has one)."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            channels = {2: 3, 6: 4}.get(colour, 3)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    rows = [raw[y * stride + 1:(y + 1) * stride] for y in range(0, height, max(1, height // 60))]
    return len({row[x:x + channels] for row in rows for x in range(0, len(row), channels * 7)})


def test_the_query_page_runs_a_library_query_offline(served, tmp_path):
    server, project, _ = served
    expected = run_local(OxigraphStore.from_file(project.dataset_path), prepare(resolve_query(project, "destination-reports")).text)
    url = server.url("/query?example=destination-reports&run=1")
    proxy = RecordingProxy()
    try:
        page = dom(tmp_path, url, proxy=proxy)
    finally:
        proxy.stop()
    from_page = [r for r in proxy.requests if b"referer:" in r.lower() or not _browser_service(r)]
    assert from_page == [], from_page
    assert 'data-state="done"' in page, re.findall(r'id="status"[^>]*>[^<]*', page)
    assert f'data-results="{len(expected.rows)}"' in page and len(expected.rows) > 5
    table = re.search(r'<table class="results" id="results">(.*?)</table>', page, re.S).group(1)
    assert table.count("<tr>") == len(expected.rows) + 1
    header = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table)]
    assert header == expected.variables
    # Labels beside IRIs: every place in the destination column shows its label from the graph.
    for term in {row[0] for row in expected.rows}:
        store = OxigraphStore.from_file(project.dataset_path)
        label = next(iter(store.store.query(f"SELECT ?l WHERE {{ <{term}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}",
                                            use_default_graph_as_union=True)))[0].value
        assert f'data-iri="{term}">{html.escape(label, quote=False)}</a>' in page
        assert f'href="/{str(term)[len(BASE):]}"' in page
    assert re.search(rf"{len(expected.rows)} results in [\d,]+ ms", page)
    for fmt in ("JSON", "XML", "CSV", "TSV"):
        assert f">{fmt}</button>" in page
    screenshot(tmp_path, url, "query-page", 1100)


def test_the_query_page_loads_nothing_from_elsewhere(served):
    server, _, _ = served
    from serve_server import fetch

    page = fetch(server.url("/query")).text
    for link in re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page):
        assert not re.match(r"(?:https?:)?//", link), link
    script = fetch(server.url("/static/query.js")).text
    assert "fetch(" in script and not re.search(r"https?://(?!www\.w3\.org|purl\.org)", script)
    css = fetch(server.url("/static/vendor/yasqe.min.css")).text + fetch(server.url("/static/site.css")).text
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css) and "@import" not in css


def test_an_entity_page(served, tmp_path):
    server, _, _ = served
    url = server.url("/id/actor/azerbaijan-ministry-of-internal-affairs.html")
    page = dom(tmp_path, url)
    assert "<h1>" in page and "Claims it makes" in page and "In the actor network" in page
    screenshot(tmp_path, url, "entity-page", 1400)


def test_a_claim_page_shows_its_quote_in_the_surrounding_text(served, tmp_path):
    server, project, document = served
    claim = BASE + "id/claim/tip2004-azerbaijan-country-of-origin"
    store = OxigraphStore.from_file(project.dataset_path).store
    start, end = (int(next(iter(store.query(
        f"SELECT ?v WHERE {{ <{claim}> <{BASE}ontology#textAnchor>/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#{p}> ?v }}",
        use_default_graph_as_union=True)))[0].value) for p in ("start", "end"))
    text = (project.sources_dir / "us-tip-2004-azerbaijan.txt").read_text(encoding="utf-8")
    url = server.url("/id/claim/tip2004-azerbaijan-country-of-origin.html")
    page = dom(tmp_path, url)
    box = re.search(r'<div class="source-text">(.*?)</div>', page, re.S).group(1)
    before, quote, after = re.match(r'<span class="ctx">(.*?)</span><mark id="quote">(.*?)</mark><span class="ctx">(.*?)</span>', box, re.S).groups()
    assert html.unescape(quote) == text[start:end]
    # The surrounding text is the source's own, around the quote: its paragraph.
    before, after = html.unescape(before).lstrip("…"), html.unescape(after).rstrip("…")
    assert text[start - len(before):end + len(after)] == before + text[start:end] + after
    assert len(after) > 100 and (start - len(before) == 0 or text[:start - len(before)].endswith("\n\n"))
    screenshot(tmp_path, url, "claim-page", 1300)


def test_a_document_page_shows_its_text_with_every_claims_span(served, tmp_path):
    server, project, document = served
    store = OxigraphStore.from_file(project.dataset_path).store
    claims = {r[0].value: (int(r[1].value), int(r[2].value)) for r in store.query(f"""PREFIX htkg: <{BASE}ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?c ?s ?e WHERE {{ ?c a htkg:Claim ; htkg:textAnchor ?a . ?a oa:hasSource <{document}> ; oa:hasSelector ?sel .
        ?sel oa:start ?s ; oa:end ?e }}""", use_default_graph_as_union=True)}
    assert len(claims) > 20
    text = (project.sources_dir / "us-tip-2004-azerbaijan.txt").read_text(encoding="utf-8")
    url = server.url("/id/document/us-tip-2004-azerbaijan.html")
    page = dom(tmp_path, url)
    body = re.search(r'<div class="doc-text">(.*?)</div>', page, re.S).group(1)
    # The page holds the text itself, whole and unchanged.
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text
    # Every character inside some claim's span is highlighted, and nothing else is.
    highlighted = []
    offset = 0
    for piece in re.finditer(r'<a class="span[^"]*" href="([^"]+)" title="([^"]*)">(.*?)</a>|([^<]+)', body, re.S):
        chunk = html.unescape(piece.group(3) if piece.group(3) is not None else piece.group(4))
        if piece.group(3) is not None:
            highlighted.append((offset, offset + len(chunk), piece.group(1)))
        offset += len(chunk)
    covered = {i for s, e, _ in highlighted for i in range(s, e)}
    assert covered == {i for s, e in claims.values() for i in range(s, e)}
    # Each highlighted piece links to a claim covering it.
    for s, e, href in highlighted:
        iri = BASE + href.lstrip("/")[: -len(".html")]
        assert claims[iri][0] <= s and e <= claims[iri][1]
    # And every claim is linked from the page (the list below the text names them all).
    for iri in claims:
        assert f'href="/{iri[len(BASE):]}.html"' in page
    screenshot(tmp_path, url, "document-page", 1400)


def test_the_network_page_filters_and_colours_by_year(served, tmp_path):
    """`/network` is the same page as `htkg network --format html`: its address narrows it to a
    year (what `build_network` keeps for that year shows, nothing else) and colours the links by
    year, with a legend whose rows carry the year as text."""
    from htkg.network import build_network

    server, project, _ = served
    store = OxigraphStore.from_file(project.dataset_path)
    expected = build_network(store, since=2004, until=2004)
    every = build_network(store)
    assert expected.edges and len(expected.edges) < len(every.edges)
    url = server.url("/network") + "#from=2004&to=2004&colour=year"
    page = dom(tmp_path, url)
    shown = json.loads(html.unescape(re.search(r'data-edge-colours="([^"]*)"', page).group(1)))
    assert sorted(e[0] for e in shown) == sorted(e.id for e in expected.edges)
    assert {e[2] for e in shown} <= {str(y) for e in expected.edges for y in e.years}
    legend = re.findall(r'<div class="legend-row" data-key="([^"]+)"', page)
    assert legend and set(legend) == {e[2] for e in shown}
    screenshot(tmp_path, url, "network-2004", 1000)
