"""Figures in a text: each number (in digits, or a small number in words), its bounds ("up to",
"more than", "at least", a range "5-6" or "between 3 and 6"), its indicator (victims identified,
referred, estimated, by destination; arrests, investigations, prosecutions, convictions, persons
convicted; penalties, ages...) found by keywords in the same clause, its unit, its reference
year or period ("in 2010", "(2006-2012)") and, for a count sent "to" a country, its
destination and the total it is part of. Every figure says which rules found it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Figure", "find_figures", "sentences", "INDICATORS"]

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_FIGURE = re.compile(
    rf"(?P<bound>\b(?:up to|no more than|not more than|at most|more than|over|at least|approximately|about|around|nearly|almost|some|an estimated|estimated)\s+)?"
    rf"(?P<between>between\s+)?(?P<a>\b{_NUM}\b)(?:\s*(?:-|–|to|and)\s*(?P<b>\b{_NUM}\b))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_SPAN = re.compile(r"\((?P<a>(?:19|20)\d\d)\s*[-–]\s*(?P<b>(?:19|20)\d\d)\)")

#: (indicator, unit, keyword pattern, rule name); the first whose pattern matches the clause wins.
INDICATORS: list[tuple[str, str, re.Pattern, str]] = [
    (i, u, re.compile(p, re.IGNORECASE), n)
    for i, u, p, n in [
        ("victims-without-schooling", "persons", r"finish(?:ed)? school|without schooling", "keyword: school"),
        ("maximum-penalty", "years", r"penalt|imprisonment", "keyword: penalty / imprisonment"),
        ("victim-age", "years-of-age", r"\bages? of\b|years of age|\baged\b", "keyword: age"),
        ("media-articles", "articles", r"\barticles\b", "keyword: articles"),
        ("conferences-attended", "conferences", r"\bconferences?\b", "keyword: conferences"),
        ("arrests", "cases", r"\barrest", "keyword: arrest"),
        ("investigations", "cases", r"\binvestigat", "keyword: investigation"),
        ("prosecutions", "cases", r"\bprosecut", "keyword: prosecution"),
        ("convictions", "cases", r"\bconvictions\b", "keyword: convictions"),
        ("persons-convicted", "persons", r"\bconvicted\b", "keyword: convicted"),
        ("referred-victims", "persons", r"\breferr", "keyword: referred"),
        ("dismissed-officials", "persons", r"\bdismiss|\binspectors\b|\bofficials?\b", "keyword: dismissed / officials"),
        ("estimated-victims", "persons-per-year", r"(?:\bestimat|\bup to\b).*\btrafficked\b.*\b(?:every|per|a) year|\btrafficked\b.*\b(?:every|per|a) year", "keyword: trafficked every year (an estimate)"),
        ("estimated-victims", "persons", r"\bestimat", "keyword: estimate"),
        ("identified-victims", "persons", r"\bvictims?\b|\bpeople\b.*\btrafficked|\bidentified\b", "keyword: victims"),
    ]
]
#: A count followed by "to <place>" (after "victims were trafficked/taken" or alone in a list).
_TO_PLACE = re.compile(r"^\s*(?:victims?\s+)?(?:(?:were|was)\s+)?(?:trafficked|taken|sent|transported)?\s*(?:to|into)\s+(?:the\s+)?", re.IGNORECASE)
_NOT_A_COUNT = re.compile(r"^\s*(?:%|percent|per cent|per\b|years old\b)|^\s*(?:million|billion)", re.IGNORECASE)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY_BEFORE_MONTH = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s*,?\s+(?:19|20)\d\d)?\b")
_MONTH_BEFORE_DAY = re.compile(rf"\b{_MONTH}\s+$")
_YEAR_AFTER_DAY = re.compile(r"^(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b")
_BEFORE_NOT_A_COUNT = re.compile(r"(?:\b(?:article|articles|paragraph|section|chapter|law no|no\.|page|pp?\.|§|\$|usd|eur|azn|manat)\s*|[$€£]\s*)$", re.IGNORECASE)


@dataclass
class Figure:
    start: int
    end: int
    value: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    indicator: str | None = None
    unit: str | None = None
    period: str | None = None  # "2010" or "2006-2012"
    destination_at: int | None = None  # offset where the destination's name starts
    breakdown_of: int | None = None  # index of the total's figure in the list
    qualifier: str | None = None
    rules: list[str] = field(default_factory=list)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut at . ! ? followed by a space and a capital, and at blank lines."""
    spans = []
    start = 0
    for match in re.finditer(r"(?:(?<=[.!?])|(?<=[.!?][⁰¹²³⁴⁵⁶⁷⁸⁹]))\s+(?=[A-Z0-9\"“(])|\n\s*\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _value(token: str) -> int:
    token = token.lower()
    return WORDS[token] if token in WORDS else int(token.replace(",", ""))


def _clause(text: str, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
    """The clause around a number: from the previous ; or , (or sentence start) to the next."""
    left = max(text.rfind(";", s_start, start), text.rfind(":", s_start, start))
    right_candidates = [i for i in (text.find(";", end, s_end), text.find(", and", end, s_end)) if i != -1]
    right = min(right_candidates) if right_candidates else s_end
    return (left + 1 if left != -1 else s_start), right


def find_figures(text: str) -> list[Figure]:
    figures: list[Figure] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        years = [(m.start() + s_start, m.group(1)) for m in _YEAR.finditer(sentence)]
        span = _SPAN.search(sentence)
        last_indicator = None
        for m in _FIGURE.finditer(sentence):
            a, b = m.group("a"), m.group("b")
            start, end = m.start() + s_start, m.end() + s_start
            joint = sentence[m.end("a"):m.start("b")].strip().lower() if b else ""
            if b and joint == "and" and not m.group("between"):
                end, b = m.start("a") + s_start + len(a), None  # "18 and 35": two numbers, not a range
            if (start > 0 and text[start - 1] in "/.:") or text[end:end + 1] == "/" or re.match(r"[.:]\d", text[end:end + 2]):
                continue  # part of an address, a date or a code
            if m.group("bound") is None and (a.isdigit() and len(a) == 4 and a[:2] in ("19", "20")):
                continue  # a year
            if b and b.isdigit() and len(b) == 4 and b[:2] in ("19", "20") and not (a.isdigit() and len(a) == 4):
                # "5 in 2010": the match swallowed a year after "and/to"; keep the first number only
                end = m.start("a") + s_start + len(a)
                b = None
            if _NOT_A_COUNT.match(text[end:end + 12]) or _BEFORE_NOT_A_COUNT.search(text[max(s_start, start - 12):start]):
                continue
            if b is None and a.isdigit() and (_DAY_BEFORE_MONTH.match(text[end:end + 16]) or (_MONTH_BEFORE_DAY.search(text[max(s_start, start - 12):start]) and _YEAR_AFTER_DAY.match(text[end:end + 10]))):
                continue  # the day of a date ("6 May 2004", "September 20, 2002"): extract.dates reads it
            if a.lower() == "one" and not re.match(r"\s+(?:victim|person|case|conviction|arrest)", text[end:end + 14]):
                continue  # "one" as a pronoun
            if text[start - 1:start] in "¹²³⁴⁵⁶⁷⁸⁹⁰" or (start > 0 and text[start - 1] == "[" ):
                continue  # a footnote marker
            if a.isdigit() and b is None and start > 0 and text[start - 1].isalpha():
                continue
            figure = Figure(start=start, end=end)
            va = _value(a)
            bound = (m.group("bound") or "").strip().lower()
            if b is not None:
                figure.min_value, figure.max_value = va, _value(b)
                figure.rules.append("number: a range")
                if figure.max_value < figure.min_value:
                    continue
            elif bound in ("up to", "no more than", "not more than", "at most"):
                figure.max_value = va
                figure.rules.append(f"bound: '{bound}' (an upper bound)")
            elif bound in ("more than", "over", "at least"):
                figure.min_value = va
                figure.rules.append(f"bound: '{bound}' (a lower bound)")
            else:
                figure.value = va
                figure.rules.append("number")
                if bound:
                    figure.qualifier = bound
                    figure.rules.append(f"hedge: '{bound}'")
            c_start, c_end = _clause(text, s_start, s_end, start, end)
            after = text[end:c_end]
            to_place = _TO_PLACE.match(after)
            if to_place and to_place.end() > 0 and text[end + to_place.end():end + to_place.end() + 1].isupper():
                figure.indicator, figure.unit = "victims-by-destination", "persons"
                figure.destination_at = end + to_place.end()
                figure.rules.append("pattern: a count sent 'to' a place")
                q_end = _name_end(text, figure.destination_at, c_end)
                figure.end = q_end
            elif to_place and "other countries" in text[end + to_place.end():end + to_place.end() + 20]:
                figure.indicator, figure.unit = "victims-by-destination", "persons"
                figure.rules.append("pattern: a count sent 'to other countries'")
                figure.end = end + to_place.end() + len("other countries")
            else:
                _choose_indicator(text, figure, start, end, c_start, c_end)
            if figure.indicator is None:
                continue
            if figure.indicator == "estimated-victims" and figure.unit == "persons-per-year":
                figure.end = _extend_to(text, figure.end, c_end, re.compile(r"\b(?:every|per|a) year\b"))
            if figure.indicator == "maximum-penalty" and "imprisonment" not in text[figure.start:figure.end]:
                figure.end = _extend_to(text, figure.end, c_end, re.compile(r"imprisonment"))
            # the reference period: a span "(2006-2012)" or the nearest year in the sentence
            if span:
                figure.period = f"{span.group('a')}-{span.group('b')}"
                figure.rules.append("period: a span of years in the sentence")
            elif years:
                nearest = min(years, key=lambda y: (abs(y[0] - start), y[0]))
                figure.period = nearest[1]
                figure.rules.append(f"period: the year {nearest[1]} in the sentence")
            # a destination count is part of the last total of victims before it
            if figure.indicator == "victims-by-destination":
                for i in range(len(figures) - 1, -1, -1):
                    total = figures[i]
                    if total.indicator in ("identified-victims", "referred-victims") and figure.start - total.end < 400 and figure.period in (None, total.period):
                        figure.breakdown_of = i
                        figure.rules.append("structure: part of the total before it")
                        if figure.period is None and total.period is not None:
                            figure.period = total.period
                            figure.rules.append("period: the total's")
                        break
                    if figure.start - total.end >= 400:
                        break
            last_indicator = figure.indicator
            figures.append(figure)
        del last_indicator
    # a total's year carries to the counts of its breakdown that give none
    return _dedupe(text, figures)


#: The generic indicator: any more specific keyword in reach wins over it.
GENERIC = "identified-victims"

_IMMEDIATE = [
    ("maximum-penalty", "years", re.compile(r"\s*years?['’]?\s+(?:of\s+)?imprisonment", re.I), "unit: years' imprisonment"),
    ("victim-age", "years-of-age", re.compile(r"\s*years?\s+(?:of age|old)", re.I), "unit: years of age"),
    ("years-covered", "years", re.compile(r"\s*years\b", re.I), "unit: years"),
    ("years-covered", "months", re.compile(r"\s*months\b", re.I), "unit: months"),
]


def _word_end(text: str, at: int) -> int:
    while at < len(text) and (text[at].isalnum() or text[at] == "-"):
        at += 1
    return at


def _choose_indicator(text: str, figure: Figure, start: int, end: int, c_start: int, c_end: int) -> None:
    """The indicator of a number: a unit right after it; else the nearest keyword in the next
    few words; else (inside parentheses, or when nothing follows) the nearest keyword before it
    in the clause; else the nearest keyword further after it."""
    for indicator, unit, pattern, rule in _IMMEDIATE:
        hit = pattern.match(text, end, c_end)
        if hit:
            figure.indicator, figure.unit = indicator, unit
            figure.rules.append(rule)
            figure.end = hit.end()
            return

    def nearest_after(limit: int):
        best = None
        window = text[end:min(c_end, end + limit)]
        for indicator, unit, pattern, rule in INDICATORS:
            hit = pattern.search(window)
            if hit and (best is None or (indicator != GENERIC, -hit.start()) > (best[2] != GENERIC, -best[0])):
                best = (hit.start(), hit.end(), indicator, unit, rule)
        return best

    def nearest_before():
        best = None
        lo = max(c_start, start - 90)
        window = text[lo:start]
        for indicator, unit, pattern, rule in INDICATORS:
            last = None
            for last in pattern.finditer(window):
                pass
            if last and (best is None or (indicator != GENERIC, last.start() + lo) > (best[1] != GENERIC, best[0])):
                best = (last.start() + lo, indicator, unit, rule)
        return best

    near = nearest_after(45)
    in_parens = text[max(c_start, start - 3):start].rstrip().endswith("(") and re.match(r"\s*[\w-]*\)", text[end:end + 16]) is not None
    if near and not in_parens:
        figure.indicator, figure.unit = near[2], near[3]
        figure.rules.append(near[4] + " (right after the number)")
        figure.end = _word_end(text, end + near[1])
        return
    before = nearest_before()
    if before:
        figure.indicator, figure.unit = before[1], before[2]
        figure.rules.append(before[3] + " (before the number)")
        figure.start = before[0]
        if in_parens and text[end:end + 1] != ")":
            figure.end = _word_end(text, end + 1) if text[end:end + 1] == " " else end
        if in_parens:
            close = text.find(")", end, c_end)
            if close != -1 and close - end < 20:
                figure.end = close + 1
        return
    far = nearest_after(90)
    if far:
        figure.indicator, figure.unit = far[2], far[3]
        figure.rules.append(far[4] + " (after the number)")
        figure.end = _word_end(text, end + far[1])


def _name_end(text: str, at: int, limit: int) -> int:
    m = re.match(r"(?:[A-Z][\w.'’-]*)(?:\s+(?:of\s+|and\s+)?[A-Z][\w.'’-]*)*", text[at:limit])
    end = at + (m.end() if m else 0)
    while end > at and not ("a" <= text[end - 1].lower() <= "z"):
        end -= 1
    return end


def _extend_to(text: str, end: int, limit: int, pattern: re.Pattern) -> int:
    m = pattern.search(text, end, limit)
    return m.end() if m else end


def _dedupe(text: str, figures: list[Figure]) -> list[Figure]:
    seen = set()
    result = []
    remap = {}
    for i, f in enumerate(figures):
        key = (f.start, f.end, f.value, f.min_value, f.max_value)
        if key in seen:
            continue
        seen.add(key)
        remap[i] = len(result)
        result.append(f)
    for f in result:
        if f.breakdown_of is not None:
            f.breakdown_of = remap.get(f.breakdown_of)
    return result
