"""Mentions of known entities in a text: a gazetteer of the graph's labels and alternative
labels (actors, places, instruments, documents, facilities) and of the ISO 3166 countries
(pycountry's names, common and official names; countryinfo's demonyms), matched in one pass
with an Aho-Corasick automaton (pyahocorasick). Organisation-like names the graph does not know
are proposed as new actors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .graphindex import ID, GraphIndex

__all__ = ["Mention", "Gazetteer", "build_gazetteer", "country_names", "unknown_organisations"]

PLACE = ID + "place/"
GROUP = "https://w3id.org/htkg/ontology#Group"
#: Labels too common to mean one entity on their own.
STOPLABELS = {"government", "the government", "police", "state", "ministry", "court", "office", "report", "law", "code"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    iri: str | None
    kind: str
    rule: str


@lru_cache(maxsize=1)
def country_names() -> tuple[tuple[str, str, str], ...]:
    """(alpha-2 code, name, where the name comes from) for every ISO 3166-1 country."""
    import pycountry

    names: list[tuple[str, str, str]] = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.append((c.alpha_2, value, f"pycountry {attr}"))
    import countryinfo  # the package the project already uses for countries' data

    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        demonym = info.get("demonym")
        if code and demonym and len(demonym) > 3:
            names.append((code.upper(), demonym, "countryinfo demonym"))
    return tuple(names)


def _lower(text: str) -> str:
    """Lower case, one code point for one code point (so offsets stay those of the text)."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


class Gazetteer:
    def __init__(self) -> None:
        self._entries: dict[str, dict[str, tuple[str, str, str]]] = {}

    def add(self, label: str, iri: str, kind: str, rule: str) -> None:
        label = " ".join(label.split())
        if len(label) < 3 or label.lower() in STOPLABELS:
            return
        entries = self._entries.setdefault(_lower(label), {})
        entries.setdefault(iri, (kind, rule, label))

    def automaton(self):
        automaton = ahocorasick.Automaton()
        for key, entries in self._entries.items():
            automaton.add_word(key, (key, entries))
        automaton.make_automaton()
        return automaton

    def find(self, text: str) -> list[Mention]:
        """Every mention, leftmost-longest, not overlapping, on word boundaries. A label that
        names two entities is not linked; an all-capitals label (an acronym) must match case."""
        if not self._entries:
            return []
        lowered = _lower(text)
        found = []
        for end, (key, entries) in self.automaton().iter(lowered):
            start = end - len(key) + 1
            end += 1
            if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            if len(entries) != 1:
                continue
            (iri, (kind, rule, label)), = entries.items()
            if label.isupper() and text[start:end] != label:
                continue
            found.append((start, -end, iri, kind, rule))
        found.sort()
        mentions: list[Mention] = []
        last = -1
        for start, neg_end, iri, kind, rule in found:
            if start < last:
                continue
            mentions.append(Mention(start, -neg_end, text[start:-neg_end], iri, kind, rule))
            last = -neg_end
        return mentions


def build_gazetteer(index: GraphIndex) -> Gazetteer:
    gazetteer = Gazetteer()
    for iri, labels in sorted(index.labels.items()):
        kind = index.kind(iri)
        if kind is None or GROUP in index.types.get(iri, ()):
            continue  # an unnamed group ("NGOs") belongs to the document that speaks of it
        for label, how in labels:
            gazetteer.add(label, iri, kind, f"gazetteer: {how} of the graph")
    for code, name, source in country_names():
        gazetteer.add(name, PLACE + code, "place", f"gazetteer: {source} ({code})")
    return gazetteer


_ORG_WORDS = (
    "Ministry|Office|Organization|Organisation|Agency|Committee|Commission|Council|Service|Department|Foundation|"
    "Association|Union|Center|Centre|Police|Court|Fund|Institute|Coalition|Network|Bureau|Prosecutor|Parliament|"
    "Group|Alliance|Society|Federation|Secretariat|Unit|Task Force"
)
_CAP = r"[A-Z][\w'’.-]*"
_CONN = r"(?:(?:of|for|on|against|in)(?:\s+the)?|and)"
_NAME = re.compile(rf"\b{_CAP}(?:\s+(?:{_CONN}\s+)?{_CAP})*")
_ORG_WORD = re.compile(rf"\b(?:{_ORG_WORDS})\b")
_LEADING = {"The", "In", "A", "An", "This", "According", "Both", "Since", "On", "By", "For", "While", "When", "Its", "Their"}


def unknown_organisations(text: str, known: list[Mention]) -> list[Mention]:
    """Capitalised names with an organisation word ("Ministry of ...", "... Foundation") that no
    known mention covers: candidates for new actors."""
    covered = [(m.start, m.end) for m in known]
    result = []
    seen = set()
    for match in _NAME.finditer(text):
        start, name = match.start(), match.group(0)
        while name.split(None, 1)[0] in _LEADING and len(name.split()) > 1:
            cut = len(name.split(None, 1)[0]) + 1
            start, name = start + cut, name[cut:]
        name = name.rstrip(".")
        end = start + len(name)
        if len(name.split()) < 2 or not _ORG_WORD.search(name) or name.isupper():
            continue
        if any(s < end and start < e for s, e in covered) or (start, end) in seen:
            continue
        seen.add((start, end))
        result.append(Mention(start, end, text[start:end], None, "actor", "pattern: capitalised name with an organisation word"))
    return result
