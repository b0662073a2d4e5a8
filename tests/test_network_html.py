"""The interactive page, opened in headless Chromium: it draws every node and edge of each view
with the vendored Cytoscape.js, needs nothing from the network (no http(s) address in any
src/href/url(), and a recording proxy given to Chromium receives no request), its labels never
overlap, search and filters given in its address work, and its screenshots (actor view, evidence
view, routes map, after a search, after a filter) are real pictures. With HTKG_SCREENSHOT_DIR
set, the screenshots are kept there (docs/ shows two of them)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import threading

import pytest
from test_network_fixture import make_fixture_project

from needs import program
from htkg.network import VIEWS, analyse, build_network, render
from htkg.store import OxigraphStore


def chromium() -> str:
    return program("chromium", "chromium")


class RecordingProxy:
    """A TCP listener given to Chromium as its proxy: any request the page made would arrive."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.requests.append(conn.recv(4096))
                except OSError:
                    self.requests.append(b"")

    def stop(self):
        self._stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


def run_chromium(tmp_path, page, *extra, fragment: str = "") -> subprocess.CompletedProcess:
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--virtual-time-budget=5000", f"--user-data-dir={tmp_path / 'profile'}", *extra,
        page.as_uri() + (f"#{fragment}" if fragment else ""),
    ]
    return subprocess.run(args, capture_output=True, timeout=180, check=False)


def write_page(store, tmp_path, name="network.html", **filters):
    net = build_network(store, **filters)
    path = tmp_path / name
    path.write_bytes(render(net, analyse(net), "html"))
    return net, path


def dom_of(tmp_path, path, fragment="") -> str:
    result = run_chromium(tmp_path, path, "--dump-dom", "--window-size=1400,900", fragment=fragment)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    dom = result.stdout.decode("utf-8")
    assert 'data-ready="1"' in dom, dom[-3000:]
    return dom


def attribute(dom: str, name: str) -> str:
    match = re.search(name + r'="([^"]*)"', dom)
    assert match, name
    import html

    return html.unescape(match.group(1))


def assert_labels_apart(dom: str) -> int:
    boxes = json.loads(attribute(dom, "data-label-boxes"))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[2] > b[0] and b[2] > a[0] and a[3] > b[1] and b[3] > a[1]), (a, b)
    return len(boxes)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    project = make_fixture_project(tmp_path_factory.mktemp("network-html"))
    return OxigraphStore.from_file(project.dataset_path)


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    from htkg.build import build
    from htkg.project import Project
    from test_network_fixture import REPO

    project = Project(REPO, out=tmp_path_factory.mktemp("network-html-real"))
    build(project, validate=False)
    return OxigraphStore.from_file(project.dataset_path)


@pytest.mark.parametrize("view", VIEWS)
def test_page_refers_to_nothing_outside_itself(fixture_store, tmp_path, view):
    net, path = write_page(fixture_store, tmp_path, view=view)
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"@import", text)
    assert "<script src" not in text and "<link" not in text
    assert "cytoscape" in text  # the renderer is inside the page


def test_page_renders_every_node_and_edge_offline(fixture_store, tmp_path):
    net, path = write_page(fixture_store, tmp_path)
    proxy = RecordingProxy()
    try:
        result = run_chromium(tmp_path, path, "--dump-dom", "--window-size=1400,900",
                              f"--proxy-server=http://127.0.0.1:{proxy.port}", "--proxy-bypass-list=<-loopback>")
    finally:
        proxy.stop()
    dom = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert f'data-rendered-nodes="{len(net.nodes)}"' in dom and len(net.nodes) == 8
    assert f'data-rendered-edges="{len(net.edges)}"' in dom and len(net.edges) == 11
    # Cytoscape.js drew into its canvases, and the script filled in the legend and the sliders.
    assert dom.count("<canvas") >= 2
    assert "cooperates-with (1)" in dom and "government (3)" in dom
    assert "8 of 8 nodes, 11 of 11 links shown (2010–2012)" in dom
    assert assert_labels_apart(dom) >= 6
    # Chromium itself asks Google for the time even with background networking off; a request
    # made by the page would name the page as its referrer or ask for another host.
    from_page = [r for r in proxy.requests if b"referer:" in r.lower() or not _browser_service(r)]
    assert from_page == [], from_page


def _browser_service(request: bytes) -> bool:
    first = request.split(b"\r\n", 1)[0].decode("latin-1")
    host = re.sub(r"^\S+ (?:https?://)?([^/:\s]+).*$", r"\1", first)
    return host.endswith((".google.com", ".googleapis.com", ".gvt1.com"))


def screenshot(tmp_path, path, name, fragment="") -> bytes:
    shot = tmp_path / f"{name}.png"
    result = run_chromium(tmp_path, path, f"--screenshot={shot}", "--window-size=1500,950", "--hide-scrollbars",
                          fragment=fragment)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1500, 950)
    from matplotlib.image import imread

    pixels = imread(shot)[60:, :1100, :3]  # the drawing, without the header and the side panel
    colours = {tuple(p) for p in pixels.reshape(-1, 3)[::37].tolist()}
    assert len(colours) > 12, name  # nodes of several kinds, links, labels: far from a blank canvas
    ink = (pixels.sum(axis=2) < 2.4).mean()
    assert ink > 0.004, (name, ink)
    keep = os.environ.get("HTKG_SCREENSHOT_DIR")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(shot, os.path.join(keep, f"network-{name}.png"))
    return data


@pytest.mark.parametrize("view", VIEWS)
def test_screenshots_of_each_view(real_store, tmp_path, view):
    """The actor view, the evidence view and the routes map of the real graph: every node and
    link drawn, labels apart, and a screenshot that is a real picture."""
    net, path = write_page(real_store, tmp_path, view=view)
    dom = dom_of(tmp_path, path)
    assert attribute(dom, "data-rendered-nodes") == str(len(net.nodes))
    assert attribute(dom, "data-rendered-edges") == str(len(net.edges))
    labels = assert_labels_apart(dom)
    assert labels >= 0.8 * min(len(net.nodes), 15)
    if view == "routes":
        assert 'id="map-clip"' in dom and dom.count('class="land"') == 1
    screenshot(tmp_path, path, view)


def test_search_from_the_address(real_store, tmp_path):
    """#search=OSCE: the bodies whose names hold "OSCE" are found and framed, their labels
    placed first, the rest of the graph faded."""
    net, path = write_page(real_store, tmp_path)
    hits = [n for n in net.nodes.values() if "osce" in (n.label + " " + n.short).lower()]
    assert hits
    dom = dom_of(tmp_path, path, fragment="search=OSCE")
    assert f"{len(hits)} found for “OSCE”" in dom
    assert assert_labels_apart(dom) >= len(hits)
    screenshot(tmp_path, path, "search", fragment="search=OSCE")


def test_filter_from_the_address(real_store, tmp_path):
    """#edge=cooperates-with: only cooperation links and the actors they join are shown."""
    net, path = write_page(real_store, tmp_path)
    coop = [e for e in net.edges if e.type == "cooperates-with"]
    ends = {n for e in coop for n in (e.source, e.target)}
    dom = dom_of(tmp_path, path, fragment="edge=cooperates-with")
    assert attribute(dom, "data-rendered-edges") == str(len(coop)) and coop
    assert attribute(dom, "data-rendered-nodes") == str(len(ends))
    assert assert_labels_apart(dom) == len(ends)  # few nodes: room for every label
    screenshot(tmp_path, path, "filter", fragment="edge=cooperates-with")


def test_map_filters_by_victim_group_and_document(real_store, tmp_path):
    net, path = write_page(real_store, tmp_path, view="routes")
    group = "men"
    kept = [e for e in net.edges if group in [net.label(g) for g in e.groups]]
    assert kept
    dom = dom_of(tmp_path, path, fragment=f"group={group}")
    assert attribute(dom, "data-rendered-edges") == str(len(kept))
    doc = "us-tip-2004-azerbaijan"
    kept = [e for e in net.edges if e.documents == ["https://w3id.org/htkg/id/document/" + doc]]
    dom = dom_of(tmp_path, path, fragment=f"doc={doc}")
    assert attribute(dom, "data-rendered-edges") == str(len(kept))


def test_page_filtered_to_one_document(fixture_store, tmp_path):
    net, path = write_page(fixture_store, tmp_path, view="evidence", source="fx-2012-note")
    dom = dom_of(tmp_path, path)
    assert f'data-rendered-edges="{len(net.edges)}"' in dom and len(net.edges) == 2


def test_page_with_script_like_labels_still_renders(fixture_store, tmp_path):
    """A label holding "<!--<script" and "</script>" (and control characters) must neither end
    nor hide the data block: the page draws every node, and shows the label as text."""
    net = build_network(fixture_store)
    first = sorted(net.nodes)[0]
    net.nodes[first].label = "x\x01 <!--<script> </script> & \u2028 y"
    net.nodes[first].short = "<!--<script>"
    path = tmp_path / "network.html"
    path.write_bytes(render(net, analyse(net), "html"))
    dom = dom_of(tmp_path, path, fragment="search=script")
    assert f'data-rendered-nodes="{len(net.nodes)}"' in dom and f'data-rendered-edges="{len(net.edges)}"' in dom
    assert "1 found for “script”" in dom  # the label is data the script reads, not markup


# --------------------------------------------------------------------------- across years

#: Appended to a copy of the page: once it is drawn, moves the year sliders and ticks the
#: boxes as a reader would (setting each control and firing the event the page listens to),
#: and records after each step which links are shown and in what colour and tag.
_DRIVER = """
<script>
(function () {
  var steps = [], done = [];
  function record(name) {
    var b = document.body;
    done.push({ step: name, nodes: +b.getAttribute("data-rendered-nodes"), edges: JSON.parse(b.getAttribute("data-edge-colours")),
      summary: document.getElementById("summary").textContent,
      legend: Array.prototype.map.call(document.querySelectorAll("#colour-legend .legend-row"), function (r) { return r.textContent; }) });
  }
  function set(id, value, event) { var el = document.getElementById(id); el.value = value; el.dispatchEvent(new Event(event)); }
  function tick(selector, checked) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (b) { if (b.checked !== checked(b)) b.click(); });
  }
  var plan = JSON.parse(document.getElementById("driver-plan").textContent);
  function run() {
    if (document.body.getAttribute("data-ready") !== "1") { setTimeout(run, 20); return; }
    plan.forEach(function (s) {
      if (s.colour) set("colour-by", s.colour, "change");
      if (s.from) set("year-from", s.from, "input");
      if (s.to) set("year-to", s.to, "input");
      if (s.undated !== undefined) tick("#keep-undated", function () { return s.undated; });
      if (s.docs) tick("#filter-docs input", function (b) { return s.docs.indexOf(b.value.replace(/^.*\\//, "")) >= 0; });
      record(s.name);
    });
    document.body.setAttribute("data-driven", JSON.stringify(done));
  }
  run();
})();
</script>
"""


def drive(tmp_path, path, plan, *, shot: str = "", fragment: str = "") -> list[dict]:
    """Open the page with the driver appended, run the plan's steps, and return what each step
    left shown; with `shot`, also a screenshot after the last step."""
    text = path.read_text(encoding="utf-8")
    driven = path.with_name("driven-" + path.name)
    extra = f'<script type="application/json" id="driver-plan">{json.dumps(plan)}</script>' + _DRIVER
    driven.write_text(text.replace("</body>", extra + "</body>"), encoding="utf-8")
    dom = dom_of(tmp_path, driven, fragment=fragment)
    steps = json.loads(attribute(dom, "data-driven"))
    if shot:
        screenshot(tmp_path, driven, shot, fragment=fragment)
    return steps


def test_moving_the_year_sliders_shows_the_ties_of_those_years(fixture_store, tmp_path):
    """The page's year sliders keep what `htkg network --years` keeps (the same rule, in the
    page); undated links come back when asked for; colours and tags follow the latest year."""
    net, path = write_page(fixture_store, tmp_path)
    plan = [
        {"name": "all", "colour": "year"},
        {"name": "2010", "from": 2010, "to": 2010},
        {"name": "2011", "from": 2011, "to": 2011},
        {"name": "2012", "from": 2012, "to": 2012},
        {"name": "2012+undated", "undated": True},
        {"name": "2010-2012", "from": 2010, "to": 2012, "undated": False},
        {"name": "one document", "docs": ["fx-2012-note"]},
    ]
    steps = {s["step"]: s for s in drive(tmp_path, path, plan)}
    assert len(steps["all"]["edges"]) == len(net.edges) == 11
    for year in (2010, 2011, 2012):
        expected = build_network(fixture_store, since=year, until=year)
        shown = steps[str(year)]
        assert sorted(e[0] for e in shown["edges"]) == sorted(e.id for e in expected.edges), year
        assert shown["nodes"] == len(expected.nodes)
        # Each link is coloured and tagged by its latest year in the window: here, that year.
        assert {e[2] for e in shown["edges"]} == {str(year)}
        assert shown["legend"] == [f"{year} ({len(expected.edges)})"]
        undated = sum(1 for e in net.edges if not e.years)
        outside = len(net.edges) - undated - len(expected.edges)
        assert f"; left out: {outside} dated in other years, {undated} undated" in shown["summary"]
    with_undated = build_network(fixture_store, since=2012, until=2012, include_undated=True)
    assert sorted(e[0] for e in steps["2012+undated"]["edges"]) == sorted(e.id for e in with_undated.edges)
    assert "undated (3)" in steps["2012+undated"]["legend"]
    # The whole range shows everything; one document's box alone shows what it says.
    assert len(steps["2010-2012"]["edges"]) == 11
    only_b = build_network(fixture_store, documents=["fx-2012-note"])
    assert sorted(e[0] for e in steps["one document"]["edges"]) == sorted(e.id for e in only_b.edges)
    assert [e[2] for e in steps["one document"]["edges"]] == ["2012"]


def test_screenshots_across_years(real_store, tmp_path):
    """The real graph's actor view coloured by year, then narrowed to one year, and the routes
    map coloured by document: pictures to look at, with the links of the year only."""
    net, path = write_page(real_store, tmp_path, name="actors.html")
    years = sorted({y for e in net.edges for y in e.years})
    assert len(years) > 3
    steps = drive(tmp_path, path, [{"name": "by year", "colour": "year"}], shot="years-colour")
    colours = {e[1] for e in steps[0]["edges"]}
    assert len(colours) >= 4  # several years, several colours
    year = 2004
    steps = drive(tmp_path, path, [{"name": "2004", "colour": "year", "from": year, "to": year}], shot="years-2004")
    expected = build_network(real_store, since=year, until=year)
    assert sorted(e[0] for e in steps[0]["edges"]) == sorted(e.id for e in expected.edges) and expected.edges
    routes, path = write_page(real_store, tmp_path, name="routes.html", view="routes")
    steps = drive(tmp_path, path, [{"name": "by document", "colour": "document"}], shot="years-routes-documents")
    assert any(r.startswith("D1: ") for r in steps[0]["legend"])


def test_map_sums_up_the_figures_of_the_years_shown(fixture_store, tmp_path):
    """The routes page lists the numbers behind the flows it shows, by year: the UAE count of
    2012 shows for 2012 and not for 2010."""
    net, path = write_page(fixture_store, tmp_path, view="routes")
    dom = dom_of(tmp_path, path, fragment="from=2012&to=2012")
    table = re.search(r'<table class="figures" data-year="2012">(.*?)</table>', dom, re.S)
    assert table and "United Arab Emirates" in table.group(1) and ">20<" in table.group(1)
    dom = dom_of(tmp_path, path, fragment="from=2010&to=2010")
    assert 'data-year="2012"' not in dom and "No figures among the flows shown." in dom
