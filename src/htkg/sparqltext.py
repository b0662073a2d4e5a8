"""Reading a SPARQL query's text without running it: its tokens (braces and keywords, comments,
strings and IRIs skipped), its form, the project's prefixes it uses, whether it calls another
endpoint (SERVICE), and pyoxigraph's syntax errors made readable. Shared by the query library,
the store and the server, so none of them needs the others for it."""

from __future__ import annotations

import re

from .errors import InputError, UsageError
from .namespaces import PREFIXES

__all__ = ["add_prefixes", "query_form", "refuse_service", "syntax_error_message", "uses_service"]


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _tokens(text: str):
    """(position, token) for every brace and keyword of a query, skipping comments, strings and
    IRIs, so that a `{` or `#` inside them is never mistaken for syntax."""
    i, n = 0, len(text)
    prev_word_char = False
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end == -1 else end
            prev_word_char = False
            continue
        if ch in "\"'":
            match = _STRING.match(text, i)
            i = match.end() if match else i + 1
            prev_word_char = False
            continue
        if ch == "<":
            match = _IRIREF.match(text, i)
            i = match.end() if match else i + 1
            prev_word_char = False
            continue
        if ch in "{}":
            yield i, ch
            i += 1
            prev_word_char = False
            continue
        if (ch.isalpha() or ch == "_") and not prev_word_char and (i == 0 or text[i - 1] not in "?$:"):
            match = _WORD.match(text, i)
            word = match.group(0)
            after = text[match.end()] if match.end() < n else ""
            if after != ":":  # not the prefix of a prefixed name
                yield i, word.upper()
            i = match.end()
            prev_word_char = True
            continue
        prev_word_char = ch.isalnum() or ch in "_-:.?$"
        i += 1


def _code_only(text: str) -> str:
    """The query with its comments, strings and IRIs blanked out (spaces, same length), so that
    what looks like syntax inside them is not taken for it."""
    chars = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        end = None
        if ch == "#":
            end = text.find("\n", i)
            end = n if end == -1 else end
        elif ch in "\"'":
            match = _STRING.match(text, i)
            end = match.end() if match else n
        elif ch == "<":
            match = _IRIREF.match(text, i)
            end = match.end() if match else None
        if end is None:
            i += 1
            continue
        for j in range(i, end):
            if chars[j] != "\n":
                chars[j] = " "
        i = end
    return "".join(chars)


#: A prefixed name's prefix (PN_PREFIX, ASCII letters), not part of a variable or another name.
_PREFIX_USE = re.compile(r"(?<![\w?$:.\-])([A-Za-z](?:[\w.\-]*\w)?)?:(?!//)")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z](?:[\w.\-]*\w)?)?:", re.I)


def add_prefixes(text: str) -> tuple[str, int]:
    """The query with a PREFIX declaration before it for each of the project's prefixes
    (`htkg:`, `actor:`, `rdfs:`, ...) that it uses and does not declare itself, and the number of
    lines so added (one, or none)."""
    code = _code_only(text)
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(code)}
    used = {m.group(1) or "" for m in _PREFIX_USE.finditer(code)}
    missing = sorted(p for p in used - declared if p in PREFIXES)
    if not missing:
        return text, 0
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing) + "\n" + text, 1


_SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)
#: An item of the parser's "expected one of ..." list: a quoted token or a word (kept), or a
#: class of characters (dropped: `['0'..='9']`, `[_]` for any character).
_EXPECTED = re.compile(r'"((?:[^"\\]|\\.)*)"|\[(?:\'(?:[^\'\\]|\\.)*\'|[^\]\'])*\]|([A-Za-z_][A-Za-z0-9_ ]*[A-Za-z0-9_]|[A-Za-z_])')


def syntax_error_message(message: str, text: str, *, prologue_lines: int = 0) -> str:
    """pyoxigraph's SPARQL syntax error (`error at 2:12: expected one of ...`, with its lists of
    characters) as one readable line: the line and column in the text as written (not counting
    `prologue_lines` put before it), what the parser expected, and the text there."""
    match = _SYNTAX_ERROR.match(message.strip())
    if match is None:
        return "SPARQL syntax error: " + " ".join(message.split())[:300]
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = text.split("\n")
    at = lines[line - 1][column - 1:] if 0 < line <= len(lines) else ""
    rest = at + "".join("\n" + later for later in lines[line:])
    where = f"SPARQL syntax error at line {max(line - prologue_lines, 1)}, column {column}"
    if "Prefix not found" in detail:  # the parser stops just after the prefixed name
        before = lines[line - 1][:column - 1] if 0 < line <= len(lines) else ""
        found = re.search(r"(?<![\w?$:.\-])([A-Za-z][\w.\-]*)?:[^\s:]*$", before)
        if found:  # point at the name, not past it
            where = f"SPARQL syntax error at line {max(line - prologue_lines, 1)}, column {found.start() + 1}"
        name = (found.group(1) or "") if found else ""
        return f"{where}: unknown prefix {name}: (declare it with PREFIX; the project's prefixes are declared for you: {', '.join(PREFIXES)})"
    expected, messages = [], []
    for token in _EXPECTED.finditer(detail.removeprefix("expected one of").removeprefix("expected")):
        word = token.group(1) if token.group(1) is not None else token.group(2)
        if word is None:
            continue
        if token.group(2) is not None and " " in word:  # the parser's own words, not a token
            messages.append(word)
            continue
        word = word.replace('\\"', '"').replace("\\\\", "\\")
        if word not in expected:
            expected.append(word)
    near = " ".join(rest.split())
    what = f"near `{near[:40]}`" + ("…" if len(near) > 40 else "") if near else "at the end of the query"
    parts = [f"{where}, {what}"]
    if expected:
        parts.append(("expected one of " if len(expected) > 1 else "expected ") + " ".join(w if re.fullmatch(r"[A-Z][A-Z0-9_]*", w) else f"`{w}`" for w in expected[:10])
                     + (" …" if len(expected) > 10 else ""))
    parts += messages
    return ": ".join(parts)


def uses_service(text: str) -> bool:
    """Whether the query calls another endpoint (a SERVICE clause), comments, strings and IRIs
    aside."""
    return any(token == "SERVICE" for _, token in _tokens(text))


def refuse_service(text: str, *, where: str = "query", hint: str | None = None) -> None:
    """Refuse a query with SERVICE: it would send requests from this machine to another server
    and wait on it, perhaps for ever."""
    if uses_service(text):
        raise UsageError("the query calls another endpoint with SERVICE, which is refused", where=where,
                         hint=hint or "`htkg query --allow-service` runs it; the build never does")


def query_form(text: str) -> str:
    """"select", "construct", "ask" or "describe", or "update" for SPARQL Update text."""
    for _, token in _tokens(text):
        if token in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return token.lower()
        if token in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"):
            return "update"
    raise InputError("not a SPARQL query (no SELECT, CONSTRUCT, ASK or DESCRIBE)")
