"""Propose the claims of a registered document as a draft curated file.

The draft (`out/drafts/<slug>.ttl`, which the build never reads) holds, for a curator to
review: the figures as claims (value or bounds, indicator, unit, reference period, destination,
the total they are part of), each with its quote and offsets checked against the text and a
`skos:editorialNote` saying it is proposed and by which rules; the periods and countries they
need that the graph lacks; tier placements, country roles and routes; the dates of instruments
(and, commented out, of events and unknown instruments); the first mention of each known entity as an `htkg:Mention` (its words
at their offsets, the entity in `oa:hasBody`, the rule that linked it); and, as comments, the
organisation-like names the graph does not know. A candidate whose
indicator the ontology does not declare is written commented out, with the reason."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import anchors
from ..errors import InputError
from ..project import Project
from .gazetteer import Mention, build_gazetteer, unknown_organisations
from .graphindex import CPT, ID, GraphIndex, load_index
from .numbers import Figure, find_figures, sentences
from .footnotes import Footnote, cited_title, find_footnotes, iso_date
from .dates import DateMention, find_dates
from .routes import Route, find_routes
from .statements import Statement, find_statements
from .turtle import PREFIX_BLOCK, SLUG_PATTERN, literal, slugify, write_atomic

__all__ = ["Candidate", "Draft", "propose", "write_draft", "draft_path", "PROPOSED_NOTE"]

#: How every proposed statement is marked (a curator removes or keeps it when accepting).
PROPOSED_NOTE = "proposed by htkg extract"
DCT = "http://purl.org/dc/terms/"
_ATTRIBUTION_BEFORE = re.compile(r"(?:according to|(?:as\s+)?reported by|provided by|published by|data (?:of|from))\s+(?:the\s+)?$", re.IGNORECASE)
_ATTRIBUTION_AFTER = re.compile(r"^\s+(?:reported|stated|said|estimated|announced|recorded|claimed|noted)\b", re.IGNORECASE)


@dataclass
class Candidate:
    kind: str  # "figure", "mention", "new-actor"
    start: int
    end: int
    quote: str
    rules: list[str]
    iri: str | None = None
    figure: Figure | None = None
    name: str | None = None  # the claim's local name
    claimant: str | None = None
    about: str | None = None
    statement: Statement | None = None
    route: Route | None = None
    date: DateMention | None = None
    period: str | None = None
    active: bool = True  # False: written commented out
    problem: str | None = None


@dataclass
class Draft:
    slug: str
    text: str
    candidates: list[Candidate] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    index: GraphIndex | None = None
    _spans: list | None = None

    def of_kind(self, kind: str) -> list[Candidate]:
        return [c for c in self.candidates if c.kind == kind]


def draft_path(project: Project, slug: str) -> Path:
    return project.out_dir / "drafts" / f"{slug}.ttl"


def _document(project: Project, slug: str) -> tuple[str, str, str | None]:
    """The text, the author IRI and the year of issue of a registered document."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(f"{slug!r} is not a document's slug", where=slug, hint="give the slug `htkg add` printed (sources/<slug>.txt)")
    text_path = project.sources_dir / f"{slug}.txt"
    record = project.sources_dir / f"{slug}.ttl"
    if not text_path.exists() or not record.exists():
        known = sorted(p.stem for p in project.sources_dir.glob("*.txt"))
        raise InputError(
            f"no registered document {slug!r} (sources/{slug}.txt and sources/{slug}.ttl)",
            where=f"sources/{slug}.txt",
            hint=f"register it first (`htkg add FILE`); registered: {', '.join(known) or 'none'}",
        )
    text, _ = anchors.read_text(text_path, where=project.relative(text_path), limit=anchors.MAX_TEXT_BYTES)
    if not text.strip():
        raise InputError("the text is empty", where=project.relative(text_path), hint="register the document's real text")
    try:
        with open(record, "rb") as handle:
            triples = list(ox.parse(handle, format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", where=project.relative(record)) from None
    doc = ID + f"document/{slug}"
    creators = sorted(t.object.value for t in triples if t.subject.value == doc and t.predicate.value == DCT + "creator" and isinstance(t.object, ox.NamedNode))
    if not creators:
        raise InputError(f"the record names no author (dcterms:creator of doc:{slug})", where=project.relative(record), hint="add dcterms:creator to the record")
    issued = sorted(t.object.value[:4] for t in triples if t.subject.value == doc and t.predicate.value == DCT + "issued" and isinstance(t.object, ox.Literal))
    return text, creators[0], (issued[0] if issued and issued[0].isdigit() else None)


def _paragraphs(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\n\s*\n", text):
        starts.append(m.end())
    return starts


def _locator(text: str, paragraphs: list[int], offset: int) -> str:
    number = sum(1 for s in paragraphs if s <= offset)
    line = text.count("\n", 0, offset) + 1
    return f"paragraph {number} (line {line})"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n(,;":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:(":
        end -= 1
    return start, end


def propose(project: Project, slug: str, *, exclude: tuple[str, ...] = (), index: GraphIndex | None = None) -> Draft:
    """The draft of `slug`'s claims. `exclude` leaves curated files out of the gazetteer (to
    evaluate on a held-out document)."""
    text, author, year = _document(project, slug)
    index = index if index is not None else load_index(project, exclude=exclude)
    gazetteer = build_gazetteer(index)
    mentions = gazetteer.find(text)
    draft = Draft(slug=slug, text=text, index=index)
    for m in mentions:
        draft.candidates.append(Candidate("mention", m.start, m.end, m.text, [m.rule], iri=m.iri))
    for m in unknown_organisations(text, mentions):
        draft.candidates.append(Candidate("new-actor", m.start, m.end, m.text, [m.rule], iri=ID + "actor/" + slugify(m.text)))
    countries = Counter(m.iri for m in mentions if m.iri and re.fullmatch(re.escape(ID) + r"place/[A-Z]{2}", m.iri))
    main_country = countries.most_common(1)[0][0] if countries else None
    spans = sentences(text)
    government = _government(index, main_country) if main_country else None
    figures = find_figures(text)
    names: dict[int, str] = {}
    declared_periods: set[str] = set()
    short = _short_name(slug)

    def anchored(kind: str, found, name: str, **fields) -> Candidate:
        """A candidate for what a finder found: its words trimmed and checked at their offsets,
        its name, and the claimant of its sentence with the rule that named it."""
        start, end = _trim(text, found.start, found.end)
        quote = text[start:end]
        assert anchors.find_all(text, quote)  # the offsets hold
        cand = Candidate(kind, start, end, quote, list(found.rules), **fields)
        cand.name = name
        sentence = next(((s, e) for s, e in spans if s <= found.start < e), (start, end))
        cand.claimant, claimant_rule = _claimant(text, sentence, mentions, author, government)
        cand.rules.append(claimant_rule)
        return cand

    for number, figure in enumerate(figures, start=1):
        cand = anchored("figure", figure, f"{short}-p{number:03d}", figure=figure)
        names[figures.index(figure)] = cand.name
        cand.about = main_country
        if cand.about is None:
            cand.active = False
            cand.problem = "no country is named in the text: set htkg:about"
        if CPT + figure.indicator not in index.subjects:
            cand.active = False
            cand.problem = f"the ontology has no indicator cpt:{figure.indicator}: declare it in ontology/concepts.ttl, or pick another"
        if figure.destination_at is not None:
            dest = next((m for m in mentions if m.start == figure.destination_at), None)
            cand.iri = dest.iri if dest and dest.iri and "/place/" in dest.iri else None
        if figure.period:
            _declare_period(draft, index, figure.period, declared_periods)
        draft.candidates.append(cand)
    for cand in draft.of_kind("figure"):
        f = cand.figure
        if f.breakdown_of is not None:
            cand.rules.append(f"breakdown of claim:{names[f.breakdown_of]}")
    for cand in draft.of_kind("figure"):
        if cand.iri and cand.iri not in index.subjects and not _small(cand.figure):
            _declare_country(draft, cand.iri)
    for number, st in enumerate(find_statements(text, mentions), start=1):
        cand = anchored("statement", st, f"{short}-{'tier' if st.predicate == 'tierPlacement' else 'role'}-{number:02d}", statement=st)
        cand.about = st.subject or main_country
        if st.about_government and main_country:
            government = _government(index, main_country)
            if government:
                cand.about = government
                cand.rules.append(f"subject: the graph's {_curie(government)}")
        if cand.about is None:
            cand.active = False
            cand.problem = "no country is named in the text: set htkg:about"
        if st.predicate == "tierPlacement" and year:
            cand.period = year
            cand.rules.append(f"period: the year of issue, {year}")
            _declare_period(draft, index, year, declared_periods)
        if CPT + st.object not in index.subjects:
            cand.active = False
            cand.problem = f"the ontology has no concept cpt:{st.object}"
        draft.candidates.append(cand)
    if main_country and main_country not in index.subjects:
        _declare_country(draft, main_country)
    for m in mentions:  # a mention's entity must be in the graph: declare the countries it lacks
        if m.iri and m.iri not in index.subjects and re.fullmatch(re.escape(ID) + r"place/[A-Z]{2}", m.iri):
            _declare_country(draft, m.iri)
    for number, route in enumerate(find_routes(text, mentions, main_country), start=1):
        cand = anchored("route", route, f"{short}-route-{number:02d}", route=route)
        where = "internal" if route.internal else f"{(route.origin or 'xx').rsplit('/', 1)[-1]} {route.destination.rsplit('/', 1)[-1]}"
        cand.iri = ID + "route/" + f"{short}-" + slugify(f"{where} {route.form}")
        cand.about = cand.iri
        missing = [c for c in [route.form, *route.groups] if CPT + c not in index.subjects]
        if route.origin is None or missing:
            cand.active = False
            cand.problem = "no origin: name it" if route.origin is None else f"the ontology lacks cpt:{missing[0]}"
        for place in (route.origin, route.destination):
            if place and place not in index.subjects:
                _declare_country(draft, place)
        draft.candidates.append(cand)
    for number, date in enumerate(find_dates(text, mentions), start=1):
        cand = anchored("date", date, f"{short}-date-{number:02d}", date=date)
        cand.about = date.subject
        if date.predicate is None:
            cand.active = False
            cand.problem = (f"the date of an event: declare the event (event:..., a htkg:Event with htkg:time period:{date.value}, "
                            "declaring the period if the graph lacks it) and set htkg:about to it; the draft does not propose events")
        elif date.subject is None and date.subject_name:
            cand.active = False
            cand.about = ID + "instrument/" + slugify(date.subject_name)
            cand.problem = (f"the graph does not know the instrument {date.subject_name!r}: declare {_curie(cand.about)} "
                            "(a htkg:LegalInstrument, with this date) or set htkg:about to a known one")
        elif date.subject is None:
            cand.active = False
            cand.problem = "no instrument is named in the clause: set htkg:about"
        draft.candidates.append(cand)
    draft.footnotes = find_footnotes(text)
    draft.candidates.sort(key=lambda c: (c.start, c.end, c.kind))
    draft._names = names  # type: ignore[attr-defined]
    return draft


def _claim_end(draft, cand, lines: list[str], text: str, paragraphs) -> str:
    """A proposed claim's record closed with what every proposed claim ends with (its citations,
    quote, offsets, locator and the rules that proposed it), commented out, under the reason, when
    the candidate is not proposed as it is."""
    lines = [*lines, *_cites(draft, cand),
             f"    htkg:quote {literal(cand.quote)} ;",
             f"    htkg:start {cand.start} ; htkg:end {cand.end} ;",
             f"    htkg:locator {literal(_locator(text, paragraphs, cand.start))} ;",
             f"    skos:editorialNote {literal(PROPOSED_NOTE + ': ' + '; '.join(cand.rules), 'en')} ."]
    if cand.active:
        return "\n".join(lines) + "\n"
    return f"# NOT PROPOSED AS IS: {cand.problem}\n" + "\n".join("# " + line for line in lines) + "\n"


def _cites(draft: Draft, cand: Candidate) -> list[str]:
    """A commented htkg:cites for each footnote whose marker stands in the claim's sentence."""
    if draft._spans is None:
        draft._spans = sentences(draft.text)
    sentence = next(((s, e) for s, e in draft._spans if s <= cand.start < e), (cand.start, cand.end))
    return [
        f"    # htkg:cites cite:{draft.slug}-fn{note.number} ;   (its footnote's mark stands in the sentence: uncomment with the citation)"
        for note in draft.footnotes
        if any(sentence[0] <= m <= sentence[1] + 1 for m in note.markers)
    ]


def _place_label(iri: str | None, index: GraphIndex | None = None) -> str:
    import pycountry

    if not iri:
        return "somewhere"
    for label, how in (index.labels.get(iri, []) if index is not None else []):
        if how == "rdfs:label":
            return label
    code = iri.rsplit("/", 1)[-1]
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return (getattr(country, "common_name", None) or country.name) if country else code


def _government(index: GraphIndex, country: str) -> str | None:
    """The graph's actor labelled "Government of <the country's label>", if any."""
    for label, how in index.labels.get(country, []):
        if how == "rdfs:label":
            found = index.find_actor(f"Government of {label}")
            if found:
                return found
    return None


def _short_name(slug: str) -> str:
    return slug


def _small(figure: Figure) -> bool:
    """A count of fewer than 3 victims carries no place (shapes/privacy.ttl)."""
    value = figure.value if figure.value is not None else figure.max_value
    return value is not None and value < 3


#: A phrase that makes an actor the source of the figures that follow it in the paragraph.
_SOURCE_OF_DATA = re.compile(r"(?:as\s+)?(?:reported|provided|published|compiled) by\s+(?:the\s+)?$|data (?:of|from)\s+(?:the\s+)?$", re.IGNORECASE)
_GOVERNMENT_SAYS = re.compile(r"according to (?:the )?government\b|\b(?:the )?government (?:reported|stated|said|estimated|announced|recorded|claimed)\b", re.IGNORECASE)


def _attributed(text: str, sentence: tuple[int, int], mentions: list[Mention], government: str | None):
    for m in mentions:
        if m.iri and "/actor/" in m.iri and sentence[0] <= m.start < sentence[1]:
            if _ATTRIBUTION_BEFORE.search(text[sentence[0]:m.start]) or _ATTRIBUTION_AFTER.match(text[m.end:sentence[1]]):
                return m.iri, f"attribution to {m.text!r}"
    if government and _GOVERNMENT_SAYS.search(text, sentence[0], sentence[1]):
        return government, f"'the government' reports it ({_curie(government)})"
    return None


def _claimant(text: str, sentence: tuple[int, int], mentions: list[Mention], author: str, government: str | None = None) -> tuple[str, str]:
    """Who asserts what a sentence says: the actor an attribution phrase names in the sentence,
    else in an earlier sentence of its paragraph ("Statistics are as reported by the Ministry
    ..."), else the document's author."""
    found = _attributed(text, sentence, mentions, government)
    if found:
        return found[0], f"claimant: {found[1]} in the sentence"
    paragraph = max(text.rfind("\n", 0, sentence[0]), 0)
    for earlier in reversed(sentences(text[paragraph:sentence[0]])):
        lo, hi = earlier[0] + paragraph, earlier[1] + paragraph
        for m in mentions:
            if m.iri and "/actor/" in m.iri and lo <= m.start < hi and _SOURCE_OF_DATA.search(text[lo:m.start]):
                return m.iri, f"claimant: the data are attributed to {m.text!r} earlier in the paragraph"
    return author, "claimant: the document's author (no attribution phrase in the sentence or its paragraph)"


def _declare_period(draft: Draft, index: GraphIndex, period: str, done: set[str]) -> None:
    iri = ID + f"period/{period}"
    if iri in index.subjects or period in done:
        return
    done.add(period)
    first, last = (period.split("-") + [period])[:2]
    draft.declarations.append(
        f"period:{period} a time:ProperInterval ;\n    rdfs:label {literal(period)} ;\n"
        f'    time:hasBeginning [ a time:Instant ; time:inXSDDate "{first}-01-01"^^xsd:date ] ;\n'
        f'    time:hasEnd [ a time:Instant ; time:inXSDDate "{last}-12-31"^^xsd:date ] .\n'
    )


def _declare_country(draft: Draft, iri: str) -> None:
    import pycountry

    code = iri.rsplit("/", 1)[-1]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return
    label = getattr(country, "common_name", None) or country.name
    block = f'place:{code} a htkg:Country ;\n    rdfs:label {literal(label, "en")} ;\n    htkg:iso3166Code "{code}" .\n'
    if block not in draft.declarations:
        draft.declarations.append(block)


def _curie(iri: str) -> str:
    for prefix, ns in (("place", ID + "place/"), ("actor", ID + "actor/"), ("law", ID + "instrument/"), ("doc", ID + "document/"), ("period", ID + "period/"), ("route", ID + "route/"), ("cpt", CPT)):
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9][\w-]*", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def to_turtle(draft: Draft) -> str:
    text = draft.text
    paragraphs = _paragraphs(text)
    out = [
        f"# DRAFT of graph/{draft.slug}.ttl, proposed by `htkg extract {draft.slug}` from sources/{draft.slug}.txt.",
        "# Not part of the graph: the build does not read it. Review every candidate: keep it, correct it",
        "# (htkg:about, the claimant, the indicator, the period) or delete it; then `htkg accept " + draft.slug + "`.",
        "# Each claim's skos:editorialNote says it was proposed and by which rules; its quote and offsets",
        "# were checked against the text. See graph/CURATING.md for the modelling rules.",
        "",
        PREFIX_BLOCK,
    ]
    if draft.declarations:
        out.append("# --- Periods and countries the claims need that the graph lacks (proposed)\n")
        out.extend(draft.declarations)
    out.append("# --- Figures (proposed claims)\n")
    for cand in draft.of_kind("figure"):
        f = cand.figure
        lines = [f"claim:{cand.name} a htkg:Claim ;"]
        lines.append(f"    htkg:claimant {_curie(cand.claimant)} ;")
        lines.append(f"    htkg:about {_curie(cand.about) if cand.about else '<SET-THE-SUBJECT>'} ;")
        q = ["    htkg:quantity [ a htkg:Quantity ;"]
        if f.value is not None:
            q.append(f"        schema:value {f.value} ;")
        if f.min_value is not None:
            q.append(f"        schema:minValue {f.min_value} ;")
        if f.max_value is not None:
            q.append(f"        schema:maxValue {f.max_value} ;")
        q.append(f"        htkg:indicator cpt:{f.indicator} ;")
        dims = []
        if cand.iri and not _small(f):
            if cand.about and cand.about != cand.iri:
                dims.append(f"        htkg:origin {_curie(cand.about)} ;")
            dims.append(f"        htkg:destination {_curie(cand.iri)} ;")
        q.extend(dims)
        q.append(f"        htkg:unit cpt:{f.unit} ] ;")
        lines.extend(q)
        if f.period:
            lines.append(f"    htkg:referencePeriod period:{f.period} ;")
        if f.qualifier:
            lines.append(f"    htkg:qualifier {literal(f.qualifier)} ;")
        if f.breakdown_of is not None:
            total = draft._names.get(f.breakdown_of)  # type: ignore[attr-defined]
            total_cand = next((c for c in draft.of_kind("figure") if c.name == total), None)
            if total_cand is not None and total_cand.active:
                lines.append(f"    htkg:breakdownOf claim:{total} ;")
        out.append(_claim_end(draft, cand, lines, text, paragraphs))
    out.append("# --- Tier placements and country roles (proposed claims)\n")
    for cand in draft.of_kind("statement"):
        st = cand.statement
        lines = [
            f"claim:{cand.name} a htkg:Claim ;",
            f"    htkg:claimant {_curie(cand.claimant)} ;",
            f"    htkg:about {_curie(cand.about) if cand.about else '<SET-THE-SUBJECT>'} ;",
            f"    htkg:predicate htkg:{st.predicate} ;",
            f"    htkg:object cpt:{st.object} ;",
        ]
        if st.qualifier:
            lines.append(f"    htkg:qualifier {literal(st.qualifier)} ;")
        if cand.period:
            lines.append(f"    htkg:referencePeriod period:{cand.period} ;")
        out.append(_claim_end(draft, cand, lines, text, paragraphs))
    out.append("# --- Routes (proposed: each route, and a claim whose quote supports it)\n")
    routes_done = set()
    for cand in draft.of_kind("route"):
        r = cand.route
        lines = []
        if cand.iri not in routes_done:
            routes_done.add(cand.iri)
            label = f"{_place_label(r.origin, draft.index)} to {_place_label(r.destination, draft.index)}: {' and '.join(r.groups) or 'victims'}, {r.form.replace('-', ' ')}"
            lines += [f"{_curie(cand.iri)} a htkg:Route ;", f"    rdfs:label {literal(label, 'en')} ;"]
            if r.origin:
                lines.append(f"    htkg:origin {_curie(r.origin)} ;")
            lines.append(f"    htkg:destination {_curie(r.destination)} ;")
            if r.internal:
                lines.append("    htkg:internal true ;")
            if r.groups:
                lines.append("    htkg:victimGroup " + ", ".join(f"cpt:{g}" for g in r.groups) + " ;")
            lines.append(f"    htkg:exploitationForm cpt:{r.form} .")
            lines.append("")
        lines += [
            f"claim:{cand.name} a htkg:Claim ;",
            f"    htkg:claimant {_curie(cand.claimant)} ;",
            f"    htkg:about {_curie(cand.iri)} ;",
        ]
        lines.extend(_cites(draft, cand))
        lines += [
            f"    htkg:quote {literal(cand.quote)} ;",
            f"    htkg:start {cand.start} ; htkg:end {cand.end} ;",
            f"    htkg:locator {literal(_locator(text, paragraphs, cand.start))} ;",
            f"    skos:editorialNote {literal(PROPOSED_NOTE + ': ' + '; '.join(cand.rules), 'en')} .",
        ]
        if not cand.active:
            out.append(f"# NOT PROPOSED AS IS: {cand.problem}")
            lines = ["# " + line if line else "#" for line in lines]
        out.append("\n".join(lines) + "\n")
    out.append("# --- Dates of instruments and events (proposed claims: an instrument's date as the document gives it)\n")
    for cand in draft.of_kind("date"):
        d = cand.date
        datatype = {"day": "date", "month": "gYearMonth", "year": "gYear"}[d.precision]
        lines = [
            f"claim:{cand.name} a htkg:Claim ;",
            f"    htkg:claimant {_curie(cand.claimant)} ;",
        ]
        if d.predicate:  # an instrument's date, as the curated files state it
            lines += [f"    htkg:about {_curie(cand.about) if cand.about else '<SET-THE-INSTRUMENT>'} ;",
                      f"    htkg:predicate htkg:{d.predicate} ;",
                      f'    htkg:object "{d.value}"^^xsd:{datatype} ;']
        else:  # an event's: a claim about the event, for the event's time
            lines += ["    htkg:about <SET-THE-EVENT> ;",
                      f"    htkg:referencePeriod period:{d.value} ;"]
        if cand.active and d.predicate:
            given = draft.index.instrument_dates.get((cand.about, d.predicate), set()) if draft.index else set()
            if not given:  # the document dates the instrument, as a curated file does beside its claim
                out.append(f'{_curie(cand.about)} htkg:{d.predicate} "{d.value}"^^xsd:{datatype} .\n')
            elif d.value not in given:
                out.append(f"# The graph gives {_curie(cand.about)} htkg:{d.predicate} {', '.join(sorted(given))}: this document says {d.value}"
                           " (a discrepancy for graph/discrepancies.ttl?)\n")
        out.append(_claim_end(draft, cand, lines, text, paragraphs))
    if draft.footnotes:
        out.append("# --- Footnotes (citation candidates, commented out: name the cited work, check its title, then uncomment)\n")
    for note in draft.footnotes:
        slug = draft.slug
        work = f"doc:{slug}-fn{note.number}-work"
        lines = [
            f"{work} a htkg:Document ;",
            f"    dcterms:title {literal(cited_title(text[note.start:note.end]), 'en')} ;",
        ]
        if note.urls:
            lines.append(f"    schema:url <{note.urls[0]}> ;")
        lines[-1] = lines[-1][:-2] + " ."
        lines += [
            "",
            f"cite:{slug}-fn{note.number} a htkg:Citation ;",
            f"    htkg:footnote {note.number} ;",
            f"    htkg:citingDocument doc:{slug} ;",
            f"    htkg:citedWork {work} ;",
        ]
        accessed = iso_date(note.accessed)
        if accessed:
            lines.append(f'    htkg:accessed "{accessed}"^^xsd:date ;')
        lines += [
            f"    htkg:quote {literal(text[note.start:note.end])} ;",
            f"    htkg:start {note.start} ; htkg:end {note.end} ;",
            f"    htkg:locator \"footnote {note.number}\" ;",
            f"    skos:editorialNote {literal(PROPOSED_NOTE + ': ' + '; '.join(note.rules), 'en')} .",
        ]
        out.append("\n".join("# " + line if line else "#" for line in lines) + "\n")
    out.append("# --- Mentions of entities the graph knows (proposed: the first place the document names each;")
    out.append("#     delete a wrong link, or correct oa:hasBody)\n")
    for cand in first_mentions(draft):
        lines = [
            f"mention:{cand.name} a htkg:Mention ;",
            f"    oa:hasBody {_curie(cand.iri)} ;",
            f"    htkg:quote {literal(cand.quote)} ;",
            f"    htkg:start {cand.start} ; htkg:end {cand.end} ;",
            f"    htkg:locator {literal(_locator(text, paragraphs, cand.start))} ;",
            f"    skos:editorialNote {literal(PROPOSED_NOTE + ': ' + '; '.join(cand.rules), 'en')} .",
        ]
        out.append("\n".join(lines) + "\n")
    out.append("# --- Organisation-like names the graph does not know (proposed as new actors: declare those you keep)")
    for cand in draft.of_kind("new-actor"):
        out.append(f"# {cand.start}-{cand.end} {cand.quote!r} -> {_curie(cand.iri)} a htkg:Organisation  ({cand.rules[0]})")
    return "\n".join(out) + "\n"


def first_mentions(draft: Draft) -> list[Candidate]:
    """The first mention of each entity in the text, each named `<slug>-<the entity's local
    name>` (with its namespace when two entities share a local name), in the order of the text."""
    firsts: dict[str, Candidate] = {}
    for cand in draft.of_kind("mention"):
        if cand.iri and cand.iri not in firsts and cand.iri != ID + f"document/{draft.slug}":  # not its own title
            firsts[cand.iri] = cand
    locals_ = Counter(iri.rstrip("/").rsplit("/", 1)[-1] for iri in firsts)
    for iri, cand in firsts.items():
        namespace, local = iri.rstrip("/").rsplit("/", 2)[-2:]
        name = local if locals_[local] == 1 else f"{namespace}-{local}"
        cand.name = f"{draft.slug}-{slugify(name, limit=80) if not re.fullmatch(r'[A-Za-z0-9][A-Za-z0-9-]*', name) else name}"
    return sorted(firsts.values(), key=lambda c: (c.start, c.end))


def write_draft(project: Project, slug: str) -> tuple[Path, Draft]:
    draft = propose(project, slug)
    path = draft_path(project, slug)
    write_atomic(path, to_turtle(draft).encode("utf-8"))
    return path, draft
