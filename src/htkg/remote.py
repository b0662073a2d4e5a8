"""HTTP to SPARQL servers, one way for every command that talks to one (`htkg query`, `htkg
network` and `htkg publish`): credentials, requests, and addresses made safe to print.

Credentials come from the environment (HTKG_USER and HTKG_PASSWORD), or from the address's
userinfo (`http://user:password@host/sparql`). Either way they are sent only to answer the
server's challenge (a 401 with WWW-Authenticate): Basic, or Digest where the server asks for
it. They are not sent before: Virtuoso refuses a request that comes with unasked-for Basic
credentials. An address is never printed with its userinfo: `redact` replaces it with `***`."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request

from .errors import EndpointError, UsageError
from .results import QueryResult, from_sparql_json
from .sparqltext import query_form

__all__ = ["redact", "auth_from_env", "split_credentials", "request", "run_endpoint", "NotHTTP"]

#: The userinfo of any URL in a text: after `scheme://`, up to the last `@` before the host.
_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s@]*@")


def redact(text: str) -> str:
    """An address, or any text holding addresses, with each URL's userinfo (user name and
    password) replaced by `***`: `http://***@host/sparql`."""
    return _USERINFO.sub(r"\1***@", str(text))


def auth_from_env() -> tuple[str, str] | None:
    """(user, password) from HTKG_USER and HTKG_PASSWORD, or None when neither is set. Raises
    UsageError (exit 2) when only one is."""
    user, password = os.environ.get("HTKG_USER"), os.environ.get("HTKG_PASSWORD")
    if bool(user) != bool(password):
        raise UsageError("set both HTKG_USER and HTKG_PASSWORD, or neither", hint="HTTP authentication needs both")
    return (user, password) if user else None


def split_credentials(url: str, auth: tuple[str, str] | None = None) -> tuple[str, tuple[str, str] | None]:
    """The address without its userinfo, and the credentials to use: `auth` when given, else
    those of the userinfo (percent-decoded), else None."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url, auth
    if "@" not in parts.netloc:
        return url, auth
    userinfo, host = parts.netloc.rsplit("@", 1)
    bare = urllib.parse.urlunsplit(parts._replace(netloc=host))
    if auth is None and userinfo:
        user, _, password = userinfo.partition(":")
        auth = (urllib.parse.unquote(user), urllib.parse.unquote(password))
    return bare, auth


def request(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
            auth: tuple[str, str] | None = None, timeout: float = 30.0) -> tuple[int, str, bytes]:
    """One HTTP request: (status, the answer's media type, body). Credentials (see the module)
    answer the server's challenge. Raises urllib.error.HTTPError for an error status, and
    urllib.error.URLError for everything else that goes wrong on the way (NotHTTP for a server
    that does not answer in HTTP); ValueError for an address that is not one."""
    url, auth = split_credentials(url, auth)
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if auth is None:
        opener = urllib.request.build_opener()
    else:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, auth[0], auth[1])
        digest = urllib.request.HTTPDigestAuthHandler(passwords)
        opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords), digest)
        if data is not None and len(data) > _LARGE_BODY:
            _answer_challenge_first(req, auth, digest, timeout)
    try:
        with opener.open(req, timeout=timeout) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except http.client.InvalidURL as exc:
        raise ValueError(str(exc)) from None
    # The port answered, but not in HTTP (a wrong port, another protocol), or the answer broke
    # off: http.client's errors, which are not OSErrors.
    except http.client.IncompleteRead as exc:
        raise NotHTTP(f"the answer broke off after {len(exc.partial)} bytes") from None
    except http.client.RemoteDisconnected:
        raise NotHTTP("the server closed the connection without answering") from None
    # A server that reads part of the request and closes without answering resets the
    # connection: the same as closing it, seen while the request was still being sent.
    except ConnectionResetError:
        raise NotHTTP("the server closed the connection without answering") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ConnectionResetError):
            raise NotHTTP("the server closed the connection without answering") from None
        raise
    except http.client.HTTPException as exc:
        began = str(exc).strip()
        raise NotHTTP(f"the answer is not HTTP (it began {began[:60]!r})" if began else "the answer is not HTTP") from None


#: A request body larger than this is sent only with the credentials the server asks for.
_LARGE_BODY = 64 * 1024


def _answer_challenge_first(req: urllib.request.Request, auth: tuple[str, str], digest, timeout: float) -> None:
    """Ask the server for its challenge with a HEAD request (no body) and give `req` the answer,
    so that a large body is sent once, with credentials. Sent without them, it would be refused
    while still being sent: Virtuoso answers 401 and closes the connection after the first bytes
    (a broken pipe), and the challenge is lost. Nothing is added when the server asks for nothing
    or answers HEAD otherwise; the handlers then answer a challenge as for any request."""
    import base64

    probe = urllib.request.Request(req.full_url, method="HEAD")
    try:
        with urllib.request.build_opener().open(probe, timeout=timeout):
            return
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "basic":
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode("utf-8")).decode("ascii")
        req.add_unredirected_header("Authorization", f"Basic {token}")
    elif scheme.lower() == "digest":
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        answer = digest.get_authorization(req, fields)
        if answer:
            req.add_unredirected_header("Authorization", f"Digest {answer}")


class NotHTTP(urllib.error.URLError):
    """A server reached on the port, that did not give an HTTP answer."""


# --------------------------------------------------------------------------- SPARQL queries


def run_endpoint(endpoint: str, text: str, *, timeout: float = 30, where: str = "query", lazy: bool = False,
                 auth: tuple[str, str] | None = None) -> QueryResult:
    """Run a query on a remote SPARQL 1.1 endpoint (SPARQL 1.1 Protocol: POST, URL-encoded),
    with `auth` (or the address's userinfo) answering the server's challenge (`htkg.remote`).
    Raises EndpointError with the server's message when the endpoint is down, times out,
    answers an error or does not answer in HTTP; the address is never shown with its
    userinfo. SELECT and ASK results are read from SPARQL JSON, CONSTRUCT and DESCRIBE from
    Turtle or N-Triples (by pyoxigraph, keeping the server's lexical forms)."""
    form = query_form(text)
    if form == "update":
        raise UsageError("SPARQL Update is not run by `htkg query`", where=where)
    graph = form in ("construct", "describe")
    accept = "application/n-triples, text/turtle;q=0.9" if graph else "application/sparql-results+json"
    shown = redact(endpoint)
    hint = "check the endpoint address and that the server is running (`--endpoint URL`)"
    try:
        _, media_type, body = request(
            endpoint, method="POST", data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, auth=auth, timeout=timeout,
        )
    except urllib.error.HTTPError as exc:
        try:
            detail = _decode(exc.read())
        except (OSError, ValueError):
            detail = ""
        if exc.code == 400:
            hint = "fix the query"
        elif exc.code in (401, 403):
            hint = "give credentials in HTKG_USER and HTKG_PASSWORD"
        message = f"the endpoint answered an error: HTTP {exc.code} {exc.reason}" + (f"\n  server says: {detail}" if detail else "")
        raise EndpointError(redact(message), where=shown, hint=hint) from None
    except NotHTTP as exc:
        raise EndpointError(f"no SPARQL answer from the endpoint: {exc.reason}", where=shown,
                            hint="check the address and its port (`--endpoint URL`)") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(redact(f"cannot reach the endpoint ({reason})"), where=shown, hint=hint) from None
    except ValueError as exc:
        raise EndpointError(redact(f"not a usable endpoint address ({exc})"), where=shown, hint=hint) from None
    if graph:
        import pyoxigraph as ox

        fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
        try:
            triples = [quad.triple for quad in ox.parse(body, format=fmt)]
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"the endpoint's answer is not {fmt.name}: {_decode(str(exc))}", where=shown,
                                hint=f"it began: {_decode(body, 200)}") from None
        return QueryResult(kind="graph", triples=triples).materialize()
    try:
        doc = json.loads(body.decode("utf-8"))
    except ValueError:
        raise EndpointError("the endpoint's answer is not SPARQL JSON results", where=shown, hint=f"it began: {_decode(body, 200)}") from None
    try:
        return from_sparql_json(doc).materialize()
    except (ValueError, AttributeError, KeyError, TypeError) as exc:
        raise EndpointError(f"the endpoint's answer is not SPARQL JSON results that can be read ({_decode(str(exc), 200)})", where=shown) from None


def _decode(data: bytes | str, limit: int = 500) -> str:
    """A server's words on one line, control characters escaped (they go to a terminal)."""
    from .terminal import printable

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = printable(" ".join(text.split()))
    return text[:limit] + ("…" if len(text) > limit else "")
