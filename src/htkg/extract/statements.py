"""Statements a yearly country report makes in set phrases: its tier placement ("AZERBAIJAN:
Tier 2", "Azerbaijan (Tier 2 Watch List)", "merits the designation of Tier 2 Watch List") and
the country's roles ("is a source, transit, and destination country", "a country of origin and
transit"). Each is found in a sentence, about the country named before it (or the government,
when the sentence's subject is "the government"), with the rule that found it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import Mention
from .numbers import sentences

__all__ = ["Statement", "find_statements"]

_TIER = re.compile(r"\bTier\s+(?P<n>[123])(?P<wl>\s+Watch\s+List)?\b", re.IGNORECASE)
_ROLE_WORDS = {"source": "origin", "origin": "origin", "transit": "transit", "destination": "destination"}
_ROLES = re.compile(
    r"\bis\s+(?P<hedge>(?:primarily|mainly|mostly|largely|principally|chiefly)\s+)?(?:also\s+)?an?\s+"
    r"(?P<list>(?:(?:source|origin|transit|destination)(?:,?\s+(?:and\s+|or\s+)?)?)+)\s*countr(?:y|ies)\b"
    r"|\bis\s+(?P<hedge2>(?:primarily|mainly|mostly|largely|principally|chiefly)\s+)?(?:also\s+)?an?\s+countr(?:y|ies)\s+of\s+"
    r"(?P<list2>(?:(?:source|origin|transit|destination)(?:,?\s+(?:and\s+|or\s+)?)?)+)",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(r"(?:^|\.\s+)\s*(?:The\s+)?government\b", re.IGNORECASE)


@dataclass
class Statement:
    start: int
    end: int
    predicate: str  # "tierPlacement" or "countryRole"
    object: str  # a concept's local name
    subject: str | None  # an IRI, or None for "the document's country"
    about_government: bool = False
    qualifier: str | None = None
    rules: list[str] = field(default_factory=list)


def _country_before(mentions: list[Mention], lo: int, at: int, gap: int) -> Mention | None:
    best = None
    for m in mentions:
        if m.iri and "/place/" in m.iri and lo <= m.start and m.end <= at and at - m.end <= gap:
            best = m
    return best


def find_statements(text: str, mentions: list[Mention]) -> list[Statement]:
    found: list[Statement] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        for m in _TIER.finditer(sentence):
            start, end = m.start() + s_start, m.end() + s_start
            tier = f"tier-{m.group('n')}" + ("-watch-list" if m.group("wl") else "")
            country = _country_before(mentions, s_start, start, 3)
            statement = Statement(start, end, "tierPlacement", tier, None, rules=[f"pattern: 'Tier {m.group('n')}{' Watch List' if m.group('wl') else ''}'"])
            if country is not None:
                statement.start, statement.subject = country.start, country.iri
                if text[end:end + 1] == ")":
                    statement.end = end + 1
                statement.rules.append(f"subject: {country.text!r} right before it")
            elif _GOVERNMENT.search(text[s_start:start]):
                g = _GOVERNMENT.search(text[s_start:start])
                statement.start = s_start + g.start() + (len(g.group(0)) - len(g.group(0).lstrip(". ")))
                statement.about_government = True
                statement.rules.append("subject: 'the government' of the sentence")
            else:
                lo = max(s_start, start - 40)
                statement.start = lo + len(text[lo:start]) - len(text[lo:start].lstrip())
                statement.rules.append("subject: the document's country (none named before it)")
            found.append(statement)
        for m in _ROLES.finditer(sentence):
            listed = m.group("list") or m.group("list2")
            hedge = (m.group("hedge") or m.group("hedge2") or "").strip() or None
            country = _country_before(mentions, s_start, m.start() + s_start, 2)
            if country is None:
                continue
            list_start = s_start + (m.start("list") if m.group("list") else m.start("list2"))
            for word in re.finditer(r"source|origin|transit|destination", listed, re.IGNORECASE):
                role = _ROLE_WORDS[word.group(0).lower()]
                # the quote: from the country to the role word (and, for "a ... country", to "country")
                end = list_start + word.end()
                if m.group("list"):
                    end = s_start + m.end()
                statement = Statement(country.start, end, "countryRole", role, country.iri, qualifier=hedge,
                                      rules=[f"pattern: '{country.text} is ... {word.group(0).lower()} ... country'"])
                if hedge:
                    statement.rules.append(f"hedge: {hedge!r}")
                found.append(statement)
    return found
