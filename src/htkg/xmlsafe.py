"""Text made safe for XML 1.0 (and HTML): the characters XML forbids anywhere, even escaped
(U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, lone surrogates, U+FFFE and U+FFFF), become
U+FFFD, the replacement character, so a stray control character in a label still gives a
well-formed file and stays visible where it was. Every writer of XML or HTML goes through here."""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "xml_safe", "xml_safe_bytes"]

#: What an illegal character becomes.
REPLACEMENT = "\ufffd"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by U+FFFD (tab, newline and
    carriage return are kept)."""
    return _ILLEGAL.sub(REPLACEMENT, text)


#: The same characters, as they stand in UTF-8 bytes: each control character is one byte that no
#: longer sequence contains, so a stream may be cut anywhere (U+FFFE and U+FFFF are three bytes
#: and are left to `xml_safe`, for whole texts).
_ILLEGAL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REPLACEMENT_BYTES = REPLACEMENT.encode("utf-8")


def xml_safe_bytes(data: bytes) -> bytes:
    """UTF-8 XML (or a piece of it, cut anywhere) with its control characters replaced by
    U+FFFD: for what another writer (pyoxigraph's) wrote without that care."""
    return _ILLEGAL_BYTES.sub(_REPLACEMENT_BYTES, data)
