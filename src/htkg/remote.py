"""HTTP to SPARQL servers, one way for every command that talks to one (`htkg query`, `htkg
network` and `htkg publish`): credentials, requests, and addresses made safe to print.

Credentials come from the environment (HTKG_USER and HTKG_PASSWORD), or from the address's
userinfo (`http://user:password@host/sparql`). Either way they are sent only to answer the
server's challenge (a 401 with WWW-Authenticate): Basic, or Digest where the server asks for
it. They are not sent before: Virtuoso refuses a request that comes with unasked-for Basic
credentials. An address is never printed with its userinfo: `redact` replaces it with `***`."""

from __future__ import annotations

import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from .errors import UsageError

__all__ = ["redact", "auth_from_env", "split_credentials", "request", "NotHTTP"]

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
        opener = urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
        )
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
    except http.client.HTTPException as exc:
        began = str(exc).strip()
        raise NotHTTP(f"the answer is not HTTP (it began {began[:60]!r})" if began else "the answer is not HTTP") from None


class NotHTTP(urllib.error.URLError):
    """A server reached on the port, that did not give an HTTP answer."""
