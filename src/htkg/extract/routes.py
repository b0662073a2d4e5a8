"""Routes: a sentence in which victims are trafficked, sent, taken or exploited "to", "into" or
"in" named countries gives one route per destination, from the country the victims come from
("from X", else the document's country), with the form of exploitation ("for sexual
exploitation", "forced labor", "begging") and the victim groups ("women and girls", "men",
"children") the sentence names. A destination that only a count of fewer than 3 victims goes
to gets no route (shapes/privacy.ttl)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import Mention
from .numbers import sentences

__all__ = ["Route", "find_routes"]

_VERB = re.compile(r"\b(?:trafficked|sent|taken(?!\s+(?:place|part|steps|measures|action|into account))|transported|moved|exploited|subjected to (?:sex )?trafficking)\b", re.I)
#: Verbs that speak of a route only where the sentence or the one before names a form of exploitation.
_WEAK_VERB = re.compile(r"\b(?:directed|headed|destined)\s+(?:towards?|for|into)\b", re.I)
_INTERNAL = re.compile(r"\s+internally\b", re.I)
_FORMS = [
    ("sexual-exploitation", re.compile(r"sexual(?:ly)? exploit|sex trafficking|sex industry|prostitution|commercial sex", re.I)),
    ("forced-labour", re.compile(r"forced lab(?:o|ou)r|forced to work|labou?r exploitation", re.I)),
    ("begging", re.compile(r"\bbegging\b", re.I)),
]
_GROUPS = ["women", "girls", "men", "boys", "children", "females", "males", "orphans"]
_GROUP = re.compile(r"\b(" + "|".join(_GROUPS) + r")\b", re.I)
_SMALL = re.compile(r"\b(?:[12]|one|two)\s+(?:victims?\s+)?(?:(?:were|was)\s+\w+\s+)?(?:to|into|in)\s+(?:the\s+)?$", re.I)


@dataclass
class Route:
    start: int
    end: int
    origin: str | None
    destination: str
    form: str
    groups: list[str] = field(default_factory=list)
    internal: bool = False
    rules: list[str] = field(default_factory=list)


def _is_country(m: Mention) -> bool:
    return bool(m.iri) and re.search(r"/place/[A-Z]{2}$", m.iri or "") is not None


def _form(text: str, lo: int, hi: int):
    for name, pattern in _FORMS:
        hit = pattern.search(text, lo, hi)
        if hit:
            end = hit.end()
            while end < hi and text[end].isalpha():
                end += 1
            return name, hit.start(), end
    return None


def find_routes(text: str, mentions: list[Mention], home: str | None) -> list[Route]:
    routes: list[Route] = []
    spans = sentences(text)
    for number, (s_start, s_end) in enumerate(spans):
        sentence = text[s_start:s_end]
        verbs = [(v, False) for v in _VERB.finditer(sentence)] or [(v, True) for v in _WEAK_VERB.finditer(sentence)]
        for i, (verb, weak) in enumerate(verbs):
            v_start, v_end = verb.start() + s_start, verb.end() + s_start
            r_start = verbs[i - 1][0].end() + s_start if i else s_start
            r_end = verbs[i + 1][0].start() + s_start if i + 1 < len(verbs) else s_end
            routes.extend(_routes_at(text, mentions, home, spans, number, verb.group(0), weak, v_start, v_end, r_start, r_end))
    return routes


def _routes_at(text, mentions, home, spans, number, verb_text, weak, v_start, v_end, r_start, r_end) -> list[Route]:
    """The routes of one verb: destinations between it and the next verb, victims between the
    previous verb and it, the form in its part of the sentence (else in the whole sentence;
    for a weak verb, also in the sentence before)."""
    s_start, s_end = spans[number]
    routes: list[Route] = []
    form_hit = _form(text, v_start, r_end) or _form(text, s_start, s_end)
    form_rule = None
    if form_hit is None and weak and number > 0:
        before = _form(text, *spans[number - 1])
        if before is not None:
            form_hit = (before[0], None, None)
            form_rule = f"form: {text[before[1]:before[2]]!r} in the sentence before"
    if weak and form_hit is None:
        return []
    if form_hit is None:
        form, form_end, form_rule = "unspecified-exploitation", None, "form: none named"
    else:
        form, _, form_end = form_hit
        form_rule = form_rule or f"form: {text[form_hit[1]:form_end]!r}"
    inside = [m for m in mentions if r_start <= m.start and m.end <= r_end and m.iri and "/place/" in m.iri]
    origin = home
    origin_rule = "origin: the document's country"
    for m in inside:
        before = text[max(s_start, m.start - 20):m.start].lower()
        if m.start > v_start and re.search(r"\bfrom\s+(?:the\s+)?$", before) and _is_country(m):
            origin, origin_rule = m.iri, f"origin: 'from {m.text}'"
    clause = max(text.rfind(";", r_start, v_start), text.rfind(":", r_start, v_start), text.rfind(", and", r_start, v_start))
    c_start = clause + 1 if clause != -1 else r_start
    group_hits = list(_GROUP.finditer(text, c_start, v_start))
    groups = sorted({g.group(0).lower() for g in group_hits}, key=_GROUPS.index)
    start = min([v_start] + [g.start() for g in group_hits])
    victims = f"victims: {', '.join(groups) or 'none named'}"
    internal = _INTERNAL.match(text, v_end)
    if internal and origin is not None:
        end = v_end + len(internal.group(0))
        if form_end and 0 < form_end - end < 60:
            end = form_end
        if not any(m.start > v_end and _is_country(m) for m in inside):
            routes.append(Route(start, end, origin, origin, form, groups, internal=True,
                                rules=[f"pattern: '{verb_text} internally'", origin_rule, form_rule, victims]))
        return routes
    destinations = []
    for m in inside:
        if m.start < v_end or not _is_country(m) or m.iri == origin:
            continue
        head = text[max(s_start, m.start - 40):m.start]
        if re.search(r"\b(?:from|through)\s+(?:the\s+)?$", head.lower()):
            continue
        if _SMALL.search(head):
            continue  # a destination only a count of fewer than 3 victims goes to
        destinations.append(m)
    if not destinations:
        return routes
    last = destinations[-1].end
    end = max(last, form_end) if form_end and 0 < form_end - last < 60 else last
    seen = set()
    for m in destinations:
        if m.iri in seen:
            continue
        seen.add(m.iri)
        routes.append(Route(start, end, origin, m.iri, form, groups, rules=[f"pattern: '{verb_text}' ... {m.text!r}", origin_rule, form_rule, victims]))
    return routes
