"""Endpoints as users meet them: credentials for reading (HTKG_USER and HTKG_PASSWORD, or the
address's userinfo) answering a real server's challenge, passwords never printed back, and a
port that does not speak HTTP an `Error:` with exit 2, never a traceback."""

from __future__ import annotations

import base64
import http.server
import socket
import threading
import urllib.error
import urllib.request

import pytest

from conftest import free_port
from htkg.cli import main
from htkg.publish import publish
from htkg.remote import redact, split_credentials

USER, PASSWORD = "reader", "s3cr:et/pw"


def test_redact_hides_userinfo_in_addresses_and_in_text():
    assert redact("http://reader:s3cret@host:7878/query?x=1") == "http://***@host:7878/query?x=1"
    assert redact("cannot reach https://a:b@h/ and http://c@i/q") == "cannot reach https://***@h/ and http://***@i/q"
    assert redact("http://host/query?union-default-graph") == "http://host/query?union-default-graph"
    assert split_credentials("http://reader:s3cr%3Aet%2Fpw@h:1/q") == ("http://h:1/q", ("reader", "s3cr:et/pw"))
    assert split_credentials("http://u:p@h/q", ("env", "pw")) == ("http://h/q", ("env", "pw"))


class _AuthProxy:
    """A protected SPARQL endpoint: a 401 with a Basic challenge to any request without the
    right credentials; the others are passed to a real Oxigraph server, path and query string
    and all. Records each request's Authorization header."""

    def __init__(self, upstream: str):
        seen = self.seen = []
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                header = self.headers.get("Authorization")
                seen.append(header)
                if header != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                request = urllib.request.Request(upstream + self.path, data=body or None, method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, kind, data = response.status, response.headers.get("Content-Type", ""), response.read()
                except urllib.error.HTTPError as exc:
                    status, kind, data = exc.code, exc.headers.get("Content-Type", ""), exc.read()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def protected(oxigraph_server, built_project):
    assert publish(built_project, oxigraph_server.query_url, store=oxigraph_server.store_url).exit_code == 0
    proxy = _AuthProxy(oxigraph_server.base)
    try:
        yield proxy
    finally:
        proxy.stop()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?claim a htkg:Claim }"


def test_query_reads_a_protected_endpoint_with_credentials_from_the_environment(protected, monkeypatch, capsys):
    endpoint = f"{protected.base}/query?union-default-graph"
    assert main(["query", "-e", COUNT, "--endpoint", endpoint, "-f", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "401" in err and "HTKG_USER" in err
    monkeypatch.setenv("HTKG_USER", USER)
    monkeypatch.setenv("HTKG_PASSWORD", PASSWORD)
    assert main(["query", "-e", COUNT, "--endpoint", endpoint, "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("n\r\n") and int(captured.out.split()[1]) > 100
    assert captured.err == ""
    # asked first without, then answering the challenge: never sent unasked
    assert protected.seen[-2:][0] is None and protected.seen[-1].startswith("Basic ")
    monkeypatch.delenv("HTKG_PASSWORD")
    assert main(["query", "-e", COUNT, "--endpoint", endpoint]) == 2
    assert "HTKG_PASSWORD" in capsys.readouterr().err


def test_credentials_in_the_address_are_used_and_never_printed(protected, capsys):
    from urllib.parse import quote

    good = f"http://{USER}:{quote(PASSWORD, safe='')}@{protected.base[7:]}/query?union-default-graph"
    assert main(["query", "-e", COUNT, "--endpoint", good, "-f", "csv"]) == 0
    assert int(capsys.readouterr().out.split()[1]) > 100
    wrong = f"http://{USER}:wrong-s3cret@{protected.base[7:]}/query"
    assert main(["query", "-e", COUNT, "--endpoint", wrong]) == 2
    err = capsys.readouterr().err
    assert "wrong-s3cret" not in err and "***@127.0.0.1" in err and "401" in err
    down = f"http://{USER}:down-s3cret@127.0.0.1:{free_port()}/query"
    for argv in (["query", "-e", COUNT, "--endpoint", down], ["network", "--endpoint", down]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "down-s3cret" not in err and "***@127.0.0.1" in err and err.startswith("Error: ")


def test_publish_never_prints_a_password_of_the_address(built_project, capsys, monkeypatch):
    monkeypatch.setattr("htkg.cli.publish.project_of", lambda args: built_project)
    down = f"http://{USER}:down-s3cret@127.0.0.1:{free_port()}/query"
    assert main(["publish", "--endpoint", down, "--timeout", "5"]) == 2
    err = capsys.readouterr().err
    assert "down-s3cret" not in err and "***@127.0.0.1" in err


def test_network_reads_a_protected_endpoint(protected, built_project, monkeypatch, capsys):
    monkeypatch.setenv("HTKG_USER", USER)
    monkeypatch.setenv("HTKG_PASSWORD", PASSWORD)
    code = main(["--project", str(built_project.root), "network", "--endpoint", f"{protected.base}/query?union-default-graph"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "actors network: " in captured.out and " 0 nodes" not in captured.out
    assert captured.err == ""


class _NotHttp:
    """A port that answers something other than HTTP: a line of another protocol, bytes, or
    nothing at all before it closes."""

    def __init__(self, answer: bytes):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/query"

        def serve():
            while True:
                try:
                    conn, _ = self.sock.accept()
                except OSError:
                    return
                with conn:
                    conn.settimeout(2)
                    try:
                        conn.recv(65536)
                        conn.sendall(answer)
                    except OSError:
                        pass

        threading.Thread(target=serve, daemon=True).start()

    def stop(self):
        self.sock.close()


@pytest.mark.parametrize("answer", [
    b"SSH-2.0-OpenSSH_9.2p1\r\n",
    bytes(range(256)) * 4,
    b"",
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 9\r\n\r\nnot json!",
    b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\ncut short",
], ids=["ssh", "bytes", "nothing", "not-results", "cut-short"])
@pytest.mark.parametrize("query", ["ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_a_port_that_does_not_answer_in_http_is_an_error_not_a_traceback(answer, query, capsys):
    server = _NotHttp(answer)
    try:
        code = main(["query", "-e", query, "--endpoint", server.url, "--timeout", "5"])
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("Error: http://127.0.0.1:")
    assert "Traceback" not in err
    if answer.startswith(b"HTTP"):
        assert "answer" in err
    else:
        assert "no SPARQL answer from the endpoint" in err and len(err.strip().splitlines()) == 2


def test_publish_to_a_port_that_does_not_answer_in_http_is_exit_2(built_project, capsys, monkeypatch):
    monkeypatch.setattr("htkg.cli.publish.project_of", lambda args: built_project)
    server = _NotHttp(b"SSH-2.0-OpenSSH_9.2p1\r\n")
    try:
        code = main(["publish", "--endpoint", server.url, "--timeout", "5"])
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("Error: ") and "no HTTP answer: the answer is not HTTP (it began 'SSH-2.0" in err


def test_query_answers_a_digest_challenge(tmp_path, monkeypatch, capsys):
    """Virtuoso's /sparql-auth asks for HTTP Digest: the same credentials answer it."""
    import virtuoso

    if not virtuoso.available():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    server = virtuoso.VirtuosoServer(tmp_path / "virtuoso")
    try:
        endpoint = f"{server.base}/sparql-auth"
        assert main(["query", "-e", "ASK { }", "--endpoint", endpoint, "-f", "tsv", "--timeout", "60"]) == 2
        assert "401" in capsys.readouterr().err
        monkeypatch.setenv("HTKG_USER", virtuoso.USER)
        monkeypatch.setenv("HTKG_PASSWORD", virtuoso.PASSWORD)
        assert main(["query", "-e", "ASK { }", "--endpoint", endpoint, "-f", "tsv", "--timeout", "60"]) == 0
        assert capsys.readouterr().out == "true\n"
    finally:
        server.stop()


def test_a_large_body_is_sent_with_the_credentials_the_server_asks_for(tmp_path):
    """Virtuoso's Graph Store answers a PUT without credentials with 401 and closes the
    connection after the first bytes: a graph of a few megabytes sent that way broke off (a
    broken pipe) before its challenge could be answered. `request` asks for the challenge first
    (HEAD), so the body goes once, with digest credentials, and is stored whole."""
    import urllib.parse

    import virtuoso
    from htkg.remote import request

    if not virtuoso.available():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    server = virtuoso.VirtuosoServer(tmp_path / "virtuoso")
    try:
        graph = "https://example.org/large"
        body = "".join(f"<https://example.org/s{i}> <https://example.org/p> \"value {i}\" .\n" for i in range(200_000)).encode()
        assert len(body) > 10_000_000
        url = f"{server.graph_store_url}?{urllib.parse.urlencode({'graph': graph})}"
        status, _, _ = request(url, method="PUT", data=body, headers={"Content-Type": "application/n-triples"},
                               auth=(virtuoso.USER, virtuoso.PASSWORD), timeout=300)
        assert status in (200, 201)
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        _, _, answer = request(server.query_url, method="POST", data=urllib.parse.urlencode({"query": count}).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/tab-separated-values"},
                               timeout=300)  # Virtuoso may still be indexing the 10 MB when tests run side by side
        assert answer.decode().split()[-1] == "200000"
    finally:
        server.stop()


def test_a_port_that_resets_the_connection_is_no_answer_not_unreachable(capsys):
    """A server that closes at once with a reset (SO_LINGER 0): the port answered, not in
    HTTP, as when it closes quietly; a loaded machine makes either happen."""
    import struct

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        code = main(["query", "-e", "ASK { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{sock.getsockname()[1]}/query",
                     "--timeout", "5"])
    finally:
        sock.close()
    err = capsys.readouterr().err
    assert code == 2 and "no SPARQL answer from the endpoint: the server closed the connection without answering" in err, err
    assert "Traceback" not in err
