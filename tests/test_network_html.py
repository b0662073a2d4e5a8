"""The interactive page, opened in headless Chromium: it draws every node and edge, needs
nothing from the network (no http(s) address in any src/href/url(), and a recording proxy given
to Chromium receives no request), and its screenshot is a real picture."""

from __future__ import annotations

import re
import socket
import struct
import subprocess
import threading

import pytest
from test_network_fixture import make_fixture_project

from needs import program
from htkg.network import analyse, build_network, render
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


def run_chromium(tmp_path, page, *extra) -> subprocess.CompletedProcess:
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", *extra, page.as_uri(),
    ]
    return subprocess.run(args, capture_output=True, timeout=120, check=False)


def write_page(store, tmp_path, **filters):
    net = build_network(store, **filters)
    path = tmp_path / "network.html"
    path.write_bytes(render(net, analyse(net), "html"))
    return net, path


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    project = make_fixture_project(tmp_path_factory.mktemp("network-html"))
    return OxigraphStore.from_file(project.dataset_path)


def test_page_refers_to_nothing_outside_itself(fixture_store, tmp_path):
    net, path = write_page(fixture_store, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"@import", text)
    assert "<script src" not in text and "<link" not in text


def test_page_renders_every_node_and_edge_offline(fixture_store, tmp_path):
    net, path = write_page(fixture_store, tmp_path)
    proxy = RecordingProxy()
    try:
        result = run_chromium(tmp_path, path, "--dump-dom", f"--proxy-server=http://127.0.0.1:{proxy.port}",
                              "--proxy-bypass-list=<-loopback>")
    finally:
        proxy.stop()
    dom = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert f'data-rendered-nodes="{len(net.nodes)}"' in dom
    assert f'data-rendered-edges="{len(net.edges)}"' in dom
    assert dom.count('<g class="node') == len(net.nodes) == 8
    assert dom.count('class="edge"') == len(net.edges) == 11
    # The legend and the year sliders were filled in by the script.
    assert "co-participation (4)" in dom and "Ministry (1)" in dom
    assert "11 of 11 links shown (2010–2012)" in dom
    # Chromium itself asks Google for the time even with background networking off; a request
    # made by the page would name the page as its referrer or ask for another host.
    from_page = [r for r in proxy.requests if b"referer:" in r.lower() or not _browser_service(r)]
    assert from_page == [], from_page


def _browser_service(request: bytes) -> bool:
    first = request.split(b"\r\n", 1)[0].decode("latin-1")
    host = re.sub(r"^\S+ (?:https?://)?([^/:\s]+).*$", r"\1", first)
    return host.endswith((".google.com", ".googleapis.com", ".gvt1.com"))


def test_screenshot_is_a_real_picture(fixture_store, tmp_path):
    _, path = write_page(fixture_store, tmp_path)
    shot = tmp_path / "x.png"
    result = run_chromium(tmp_path, path, f"--screenshot={shot}", "--window-size=1200,900", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 900)
    from matplotlib.image import imread

    pixels = imread(shot)
    colours = {tuple(p) for p in pixels.reshape(-1, pixels.shape[-1])[::97].tolist()}
    assert len(colours) > 10  # nodes of several kinds, edges, text: far from a blank page


def test_page_filtered_to_one_document(fixture_store, tmp_path):
    net, path = write_page(fixture_store, tmp_path, source="fx-2012-note")
    result = run_chromium(tmp_path, path, "--dump-dom")
    dom = result.stdout.decode("utf-8")
    assert f'data-rendered-edges="{len(net.edges)}"' in dom and len(net.edges) == 1


def test_page_with_script_like_labels_still_renders(fixture_store, tmp_path):
    """A label holding "<!--<script" and "</script>" (and control characters) must neither end
    nor hide the data block: the page draws every node, and shows the label as text."""
    net = build_network(fixture_store)
    first = sorted(net.nodes)[0]
    net.nodes[first].label = "x\x01 <!--<script> </script> & \u2028 y"
    net.nodes[first].short = "<!--<script>"
    path = tmp_path / "network.html"
    path.write_bytes(render(net, analyse(net), "html"))
    result = run_chromium(tmp_path, path, "--dump-dom")
    dom = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert f'data-rendered-nodes="{len(net.nodes)}"' in dom and f'data-rendered-edges="{len(net.edges)}"' in dom
    assert "&lt;!--&lt;script&gt;" in dom  # the short name, drawn as text
