"""Grow a synthetic htkg project in the shape of the real one, to measure the library at 10^4 to
10^7 triples.

The project has the repository's `ontology/`, `shapes/` and `queries/`, and synthetic evidence
written exactly as curators write it (graph/CURATING.md): one yearly trafficking report per
country and year (`us-tip-<year>-<country>`) and NGO reports (`ngo-<ngo>-<year>-<country>`), each
a source text in `sources/<slug>.txt` with its metadata record `sources/<slug>.ttl` and a curated
file `graph/<slug>.ttl` in the short form (claims with claimants, quotes at their offsets in the
text, quantities with indicators, units and destinations, routes, events, assessments, footnote
citations, reference periods), plus `graph/reference.ttl` (about 200 countries, their
governments, ministries and national action plans, NGOs, year periods) and `graph/discrepancies.ttl`.

Same seed and size, same bytes: every document draws from its own random generator seeded by the
seed and its slug, so a smaller project is a prefix of a larger one with the same seed (the
last document of each is cut short to land on the size). Azerbaijan's reports come first.

    python3 bench/generate.py --size 1e5 --seed 7 --out /tmp/htkg-1e5
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from htkg.namespaces import turtle_prefixes

__all__ = ["generate", "GenerateResult", "REPO", "BASE_TRIPLES_PER_QUOTE"]

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

#: What the build adds per quoted record when it expands the short form (quote, start, end,
#: locator out; textAnchor, dcterms:source and the oa:SpecificResource with its two selectors in).
BASE_TRIPLES_PER_QUOTE = 10

YEARS = range(2001, 2025)
FIRST_PERIOD, LAST_PERIOD = 1995, 2025
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

PREFIXES = turtle_prefixes()

NGOS = [
    ("la-strada-international", "La Strada International", "lastrada"),
    ("anti-slavery-international", "Anti-Slavery International", "asi"),
    ("clean-world-public-union", "Clean World Public Union", "cleanworld"),
    ("azerbaijan-migration-centre", "Azerbaijan Migration Centre", "amc"),
    ("polaris-project", "Polaris Project", "polaris"),
    ("ecpat-international", "ECPAT International", "ecpat"),
    ("walk-free", "Walk Free", "walkfree"),
    ("human-rights-watch", "Human Rights Watch", "hrw"),
    ("amnesty-international", "Amnesty International", "amnesty"),
    ("caritas-internationalis", "Caritas Internationalis", "caritas"),
    ("terre-des-hommes", "Terre des Hommes", "tdh"),
    ("free-the-slaves", "Free the Slaves", "fts"),
    ("hope-for-justice", "Hope for Justice", "hfj"),
    ("liberty-shared", "Liberty Shared", "libshared"),
    ("international-justice-mission", "International Justice Mission", "ijm"),
    ("verite", "Verité", "verite"),
]
INTERNATIONAL = [("iom", "International Organization for Migration"), ("osce", "Organization for Security and Co-operation in Europe"), ("unodc", "United Nations Office on Drugs and Crime"), ("council-of-europe", "Council of Europe")]
TIERS = [("tier-1", "Tier 1"), ("tier-2", "Tier 2"), ("tier-2-watch-list", "Tier 2 Watch List"), ("tier-3", "Tier 3")]
ROLES = [("origin", "source"), ("transit", "transit"), ("destination", "destination")]
FORMS = [("sexual-exploitation", "sexual exploitation"), ("forced-labour", "forced labour"), ("labour-exploitation", "labour exploitation"), ("begging", "forced begging")]
GROUPS = [("women", "women"), ("girls", "girls"), ("men", "men"), ("boys", "boys"), ("children", "children")]
FINDINGS = [
    ("corruption", "Corruption among police and border officials hampered investigations"),
    ("statistics-doubtful", "Official statistics on trafficking remained unreliable"),
    ("non-transparent", "The government did not make its anti-trafficking data public"),
    ("no-victim-protection", "The government provided no shelter or protection for victims"),
    ("inadequate-law-enforcement", "Law enforcement efforts against traffickers remained inadequate"),
    ("willing-to-cooperate", "The government showed willingness to cooperate with international organisations"),
    ("insufficient-data", "Reliable data on the scale of trafficking were not available"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
FILLER = [
    "This section covers the reporting period from April of the previous year to March of the report year.",
    "The report draws on information from U.S. embassies, government officials, non-governmental and international organisations, published reports and research trips.",
    "Observers noted that victims were often reluctant to come forward for fear of reprisals.",
    "Economic hardship and unemployment in rural areas continued to drive irregular migration.",
    "Recruiters typically promised well-paid jobs as waitresses, nannies or construction workers abroad.",
    "Several regional workshops on victim identification took place during the year.",
    "Media coverage of trafficking cases remained limited.",
    "Coordination between ministries was described as uneven.",
    "No information was available on the number of investigations opened during the reporting period.",
    "Hotline calls were forwarded to the police and to partner organisations.",
]


# --------------------------------------------------------------------------- helpers


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in ascii_name).split()
    return "-".join(words)


def lit(text: str, lang: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"' + (f"@{lang}" if lang else "")


def load_countries() -> list[tuple[str, str]]:
    rows = []
    for line in (HERE / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            rows.append((code, name))
    return rows


class Text:
    """A source text written piece by piece; `quote` returns the offsets of a span just written,
    in Unicode code points (what `htkg anchor` and the build count)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> int:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start

    def __str__(self) -> str:
        return "".join(self.parts)


class Turtle:
    """Turtle records in the curated short form, counting the triples they hold."""

    def __init__(self, header: str) -> None:
        self.blocks: list[str] = [header]
        self.triples = 0
        self.quotes = 0

    def record(self, subject: str, pairs: list[tuple[str, str | list[tuple[str, str]]]]) -> None:
        lines = []
        for prop, value in pairs:
            if isinstance(value, list):  # a blank node: [ p o ; ... ]
                inner = " ;\n        ".join(f"{p} {o}" for p, o in value)
                lines.append(f"{prop} [\n        {inner} ]")
                self.triples += 1 + len(value)
            else:
                lines.append(f"{prop} {value}")
                self.triples += 1
            if prop == "htkg:quote":
                self.quotes += 1
        self.blocks.append(f"{subject}\n    " + " ;\n    ".join(lines) + " .\n")

    def estimate(self) -> int:
        """Triples after the build has expanded the short form."""
        return self.triples + BASE_TRIPLES_PER_QUOTE * self.quotes

    def __str__(self) -> str:
        return "\n".join(self.blocks)


# --------------------------------------------------------------------------- documents


@dataclass
class Doc:
    kind: str  # "tip" or "ngo"
    year: int
    country: tuple[str, str]
    ngo: tuple[str, str, str] | None = None

    @property
    def cc(self) -> str:
        return self.country[0].lower()

    @property
    def slug(self) -> str:
        if self.kind == "tip":
            return f"us-tip-{self.year}-{slugify(self.country[1])}"
        return f"ngo-{self.ngo[0]}-{self.year}-{slugify(self.country[1])}"

    @property
    def prefix(self) -> str:
        """The short name every claim, route, citation and event of the document starts with."""
        short = "tip" if self.kind == "tip" else self.ngo[2]
        return f"{short}{self.year}{self.cc}"


@dataclass
class World:
    countries: list[tuple[str, str]]
    tiers: dict[tuple[int, str], str] = field(default_factory=dict)
    #: (year, country code) -> (claim local name, value) of the TIP report's identified-victims claim
    official: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)
    discrepancies: list[str] = field(default_factory=list)
    discrepancy_triples: int = 0


def ministry(cc: str) -> str:
    return f"actor:{cc}-ministry-of-internal-affairs"


def government(cc: str) -> str:
    return f"actor:government-of-{cc}"


def action_plan(cc: str) -> str:
    return f"law:{cc}-national-action-plan"


def write_document(doc: Doc, world: World, seed: int, budget: int | None) -> tuple[str, str, str, int]:
    """The source text, the curated Turtle and the metadata record of one document, and the
    triples it makes once built. Sections are added while the budget (in triples) allows; the
    first section always."""
    rng = random.Random(f"{seed}:{doc.slug}")
    code, cname = doc.country
    cc = doc.cc
    others = [c for c in world.countries if c[0] != code]
    text = Text()
    ttl = Turtle(f"# Synthetic evidence for sources/{doc.slug}.txt (bench/generate.py). See graph/CURATING.md.\n\n{PREFIXES}")
    p = doc.prefix
    docref = f"doc:{doc.slug}"
    footnotes: list[tuple[int, str, str]] = []  # (number, text, cited work IRI)
    cited_works: list[tuple[str, list]] = []

    def note(text_of_note: str, work: str, work_pairs: list) -> str:
        n = len(footnotes) + 1
        footnotes.append((n, text_of_note, work))
        cited_works.append((work, work_pairs))
        return str(n).translate(SUPERSCRIPTS)

    def claim(name: str, claimant: str, about: str, start: int, quote: str, locator: str, extra: list, cls: str = "htkg:Claim") -> str:
        pairs = [("a", cls), ("htkg:claimant", claimant), ("htkg:about", about), *extra,
                 ("htkg:quote", lit(quote)), ("htkg:start", str(start)), ("htkg:end", str(start + len(quote))),
                 ("htkg:locator", lit(locator))]
        ttl.record(f"claim:{name}", pairs)
        return name

    def sentence(before: str, quoted: str, after: str) -> tuple[int, str]:
        start = text.add(before) + len(before)
        text.add(quoted + after)
        return start, quoted

    def filler(k: int) -> None:
        for line in rng.sample(FILLER, k):
            text.add(line + " ")

    def over() -> bool:
        return budget is not None and ttl.estimate() >= budget

    last = f"{doc.year - 1}"
    period_last = f"period:{last}"
    if doc.kind == "tip":
        claimant = "actor:us-department-of-state"
        text.add(f"Trafficking in Persons Report {doc.year} – {cname}\n\n")
        text.add(f"Publisher: United States Department of State\nPublication Date: {doc.year}-06-{rng.randint(10, 28)}\n\n")
        # Section 1: identified victims, with a breakdown by destination (always written).
        total = rng.randint(20, 900)
        dests = rng.sample(others, rng.randint(1, 3))
        # Each part is 3 or more: a count of fewer than 3 victims with a destination is refused
        # (shapes/privacy.ttl, shape:VictimCountThreshold).
        shares = [s + 2 * i for i, s in enumerate(sorted(rng.sample(range(1, total - 2 * len(dests)), len(dests))), start=1)]
        parts = [b - a for a, b in zip([0, *shares], shares)]
        marker = note(f"Ministry of Internal Affairs of {cname}, Annual report {last}, pp. {rng.randint(2, 40)}–{rng.randint(41, 90)}.",
                      f"doc:{cc}-mia-annual-report-{last}",
                      [("a", "htkg:Document"), ("dcterms:title", lit(f"Annual report {last}", "en")), ("dcterms:publisher", ministry(cc)), ("dcterms:issued", f'"{doc.year}"^^xsd:gYear')])
        start, q = sentence(f"In {last}, ", f"the Ministry of Internal Affairs reported identifying {total} victims of trafficking{marker}", "")
        total_claim = f"{p}-identified-victims"
        claim(total_claim, ministry(cc), f"place:{code}", start, q, "Prosecution",
              [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:value", str(total)), ("htkg:indicator", "cpt:identified-victims"), ("htkg:unit", "cpt:persons")]),
               ("htkg:referencePeriod", period_last), ("htkg:cites", f"cite:{p}-fn1")])
        world.official[(doc.year, code)] = (total_claim, total)
        for i, (dest, part) in enumerate(zip(dests, parts), start=1):
            start, q = sentence(", " if i > 1 else ": ", f"{part} of them in {dest[1]}", "")
            claim(f"{p}-victims-{dest[0].lower()}", ministry(cc), f"place:{code}", start, q, "Prosecution",
                  [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:value", str(part)), ("htkg:indicator", "cpt:victims-by-destination"),
                                      ("htkg:unit", "cpt:persons"), ("htkg:destination", f"place:{dest[0]}")]),
                   ("htkg:referencePeriod", period_last), ("htkg:breakdownOf", f"claim:{total_claim}")])
        text.add(". ")
        filler(1)
        text.add("\n\n")
        # Section 2: tier placement and findings.
        tier = world.tiers.setdefault((doc.year, code), rng.choice(TIERS))
        start, q = sentence("", f"{cname} is placed on {tier[1]}", ". ")
        claim(f"{p}-tier", claimant, f"place:{code}", start, q, "Tier placement",
              [("htkg:predicate", "htkg:tierPlacement"), ("htkg:object", f"cpt:{tier[0]}"), ("htkg:referencePeriod", f"period:{doc.year}")])
        compliant = tier[0] == "tier-1"
        start, q = sentence(f"The Government of {cname} ", "does not fully comply with the minimum standards for the elimination of trafficking" if not compliant else "fully complies with the minimum standards for the elimination of trafficking", "")
        claim(f"{p}-compliance", claimant, government(cc), start, q, "Tier placement",
              [("htkg:predicate", "htkg:finding"), ("htkg:object", "cpt:not-fully-compliant"), *([("htkg:negated", "true")] if compliant else []),
               ("htkg:referencePeriod", period_last)])
        efforts = tier[0] != "tier-3"
        start, q = sentence("; however, it ", "is making significant efforts to do so" if efforts else "is not making significant efforts to do so", ". ")
        claim(f"{p}-efforts", claimant, government(cc), start, q, "Tier placement",
              [("htkg:predicate", "htkg:finding"), ("htkg:object", "cpt:significant-efforts"), *([] if efforts else [("htkg:negated", "true")]),
               ("htkg:referencePeriod", period_last)])
        text.add("\n\n")
        if over():
            return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)
        # Section 3: country roles and routes.
        for role in rng.sample(ROLES, rng.randint(1, 2)):
            start, q = sentence("", f"{cname} is a {role[1]} country", " for trafficked persons. ")
            claim(f"{p}-role-{role[0]}", claimant, f"place:{code}", start, q, "Overview",
                  [("htkg:predicate", "htkg:countryRole"), ("htkg:object", f"cpt:{role[0]}"), ("htkg:referencePeriod", period_last)])
        iom_cited = False
        for dest in dests:
            form = rng.choice(FORMS)
            group = rng.choice(GROUPS)
            transit = rng.choice(others) if rng.random() < 0.3 else None
            via = f" through {transit[1]}" if transit else ""
            route = f"route:{p}-{cc}-{dest[0].lower()}"
            pairs = [("a", "htkg:Route"), ("rdfs:label", lit(f"{cname} to {dest[1]}", "en")), ("htkg:origin", f"place:{code}"),
                     ("htkg:destination", f"place:{dest[0]}"), ("htkg:exploitationForm", f"cpt:{form[0]}"), ("htkg:victimGroup", f"cpt:{group[0]}"),
                     ("htkg:period", period_last)]
            if transit:
                pairs.append(("htkg:transit", f"place:{transit[0]}"))
            ttl.record(route, pairs)
            if rng.random() < 0.25 and not iom_cited:
                iom_cited = True
                marker = note(f"{INTERNATIONAL[0][1]}, Counter-trafficking data brief {last}.", f"doc:iom-data-brief-{cc}-{last}",
                              [("a", "htkg:Document"), ("dcterms:title", lit(f"Counter-trafficking data brief {last}: {cname}", "en")),
                               ("dcterms:publisher", "actor:iom"), ("dcterms:issued", f'"{doc.year - 1}"^^xsd:gYear')])
            else:
                marker = ""
            start, q = sentence("", f"{group[1].capitalize()} from {cname} are trafficked{via} to {dest[1]} for {form[1]}{marker}", ". ")
            extra = [("htkg:referencePeriod", period_last)]
            if marker:
                extra.append(("htkg:cites", f"cite:{p}-fn{len(footnotes)}"))
            claim(f"{p}-route-{dest[0].lower()}", claimant, route, start, q, "Overview", extra)
        filler(2)
        text.add("\n\n")
        if over():
            return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)
        # Section 4: prosecution figures and an event.
        arrests, convicted = rng.randint(0, 120), rng.randint(0, 60)
        start, q = sentence("Authorities ", f"arrested {arrests} suspected traffickers", " and ")
        claim(f"{p}-arrests", ministry(cc), f"place:{code}", start, q, "Prosecution",
              [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:value", str(arrests)), ("htkg:indicator", "cpt:arrests"), ("htkg:unit", "cpt:persons")]),
               ("htkg:referencePeriod", period_last)])
        start, q = sentence("", f"convicted {convicted} persons", " for trafficking offences. ")
        claim(f"{p}-convicted", ministry(cc), f"place:{code}", start, q, "Prosecution",
              [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:value", str(convicted)), ("htkg:indicator", "cpt:persons-convicted"), ("htkg:unit", "cpt:persons")]),
               ("htkg:referencePeriod", period_last)])
        month = rng.choice(MONTHS)
        event = f"event:{p}-conviction"
        ttl.record(event, [("a", "htkg:Conviction"), ("rdfs:label", lit(f"Conviction of a trafficking ring in {cname}, {month} {last}", "en")),
                           ("htkg:time", period_last), ("htkg:place", f"place:{code}"), ("htkg:agent", government(cc))])
        start, q = sentence(f"In {month} {last}, ", f"a court in {cname} sentenced the leaders of a trafficking ring to {rng.randint(3, 15)} years in prison", ". ")
        claim(f"{p}-conviction", claimant, event, start, q, "Prosecution", [("htkg:referencePeriod", period_last)])
        text.add("\n\n")
        if over():
            return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)
        # Section 5: an NGO estimate the report relays, and the report's own finding.
        upper = rng.choice([500, 1000, 2000, 5000, 10000])
        group_actor = f"actor:{p}-ngos"
        ttl.record(group_actor, [("a", "htkg:Group"), ("rdfs:label", lit(f"NGOs in {cname}", "en"))])
        lead = "According to NGO estimates"
        start, q = sentence(f"{lead}, ", f"up to {upper:,} persons are trafficked from {cname} each year", ". ")
        estimate = claim(f"{p}-ngo-estimate", group_actor, f"place:{code}", start, q, "Overview",
                         [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:maxValue", str(upper)), ("htkg:indicator", "cpt:estimated-victims"), ("htkg:unit", "cpt:persons-per-year")]),
                          ("htkg:referencePeriod", period_last)])
        # The report relays the NGOs' figure: an assessment with the stance "reports" keeps the chain.
        claim(f"{p}-reports-ngo-estimate", claimant, f"claim:{estimate}", start - len(lead) - 2, lead, "Overview",
              [("htkg:assesses", f"claim:{estimate}"), ("htkg:stance", "cpt:reports")], cls="htkg:Assessment")
        for key, words in rng.sample(FINDINGS, rng.randint(1, 3)):
            start, q = sentence("", words, ". ")
            claim(f"{p}-finding-{key}", claimant, government(cc), start, q, "Protection",
                  [("htkg:predicate", "htkg:finding"), ("htkg:object", f"cpt:{key}"), ("htkg:referencePeriod", period_last)])
        filler(2)
        text.add("\n\n")
        if over():
            return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)
        # Section 6: a conference.
        io = rng.choice(INTERNATIONAL)
        event = f"event:{p}-conference"
        ttl.record(event, [("a", "htkg:Conference"), ("rdfs:label", lit(f"Anti-trafficking conference in {cname}, {last}", "en")),
                           ("htkg:time", period_last), ("htkg:place", f"place:{code}"), ("htkg:organiser", government(cc)), ("htkg:supporter", f"actor:{io[0]}")])
        start, q = sentence("", f"The government hosted a regional anti-trafficking conference with the {io[1]}", ". ")
        claim(f"{p}-conference", claimant, event, start, q, "Prevention", [("htkg:referencePeriod", period_last)])
        text.add("\n\n")
        if over():
            return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)
        # Section 7: recommendations to the government, one sentence urging one or two actions.
        urged = rng.sample([("adopt", "adopt", "promptly"), ("implement", "implement", "fully")], rng.randint(1, 2))
        words = " and ".join(f"{qualifier} {verb}" for _key, verb, qualifier in urged)
        start, q = sentence(f"The Government of {cname} ", f"should {words} its national action plan", ". ")
        for key, _verb, qualifier in urged:
            claim(f"{p}-recommendation-{key}", claimant, action_plan(cc), start, q, "Recommendations",
                  [("htkg:predicate", "htkg:recommendedAction"), ("htkg:object", f"cpt:{key}"), ("htkg:addressee", government(cc)),
                   ("htkg:qualifier", lit(qualifier)), ("htkg:referencePeriod", f"period:{doc.year}")],
                  cls="htkg:RecommendationClaim")
        text.add("\n\n")
    else:
        ngo_slug, ngo_name, _short = doc.ngo
        ngo = f"actor:{ngo_slug}"
        text.add(f"{ngo_name}\n\nAnnual monitoring report {doc.year}: {cname}\n\n")
        lo = rng.randint(50, 2000)
        hi = lo * rng.randint(2, 5)
        start, q = sentence("We estimate that ", f"between {lo:,} and {hi:,} people from {cname} were trafficked in {last}", ". ")
        claim(f"{p}-estimate", ngo, f"place:{code}", start, q, "Summary",
              [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:minValue", str(lo)), ("schema:maxValue", str(hi)), ("htkg:indicator", "cpt:estimated-victims"), ("htkg:unit", "cpt:persons")]),
               ("htkg:referencePeriod", period_last)])
        official = world.official.get((doc.year, code))
        if official is not None:
            name, value = official
            start, q = sentence("", f"The official figure of {value} identified victims understates the problem", ". ")
            claim(f"{p}-doubts-official", ngo, f"claim:{name}", start, q, "Summary",
                  [("htkg:assesses", f"claim:{name}"), ("htkg:stance", "cpt:doubts")], cls="htkg:Assessment")
            # The NGO restates the Ministry's figure, sometimes differently: a discrepancy.
            restated = value if rng.random() < 0.6 else value + rng.randint(1, 50)
            marker = note(f"Letter of the Ministry of Internal Affairs of {cname} to {ngo_name}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {doc.year}.",
                          f"doc:{p}-mia-letter", [("a", "htkg:Document"), ("dcterms:title", lit(f"Letter to {ngo_name}", "en")),
                                                  ("dcterms:creator", ministry(cc)), ("dcterms:issued", f'"{doc.year}"^^xsd:gYear')])
            lead = "The Ministry told us"
            start, q = sentence(f"{lead} that ", f"it had registered {restated} victims in {last}{marker}", ". ")
            claim(f"{p}-ministry-victims", ministry(cc), f"place:{code}", start, q, "Summary",
                  [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:value", str(restated)), ("htkg:indicator", "cpt:identified-victims"), ("htkg:unit", "cpt:persons")]),
                   ("htkg:referencePeriod", period_last), ("htkg:cites", f"cite:{p}-fn{len(footnotes)}")])
            claim(f"{p}-reports-ministry", ngo, f"claim:{p}-ministry-victims", start - len(lead) - 6, lead, "Summary",
                  [("htkg:assesses", f"claim:{p}-ministry-victims"), ("htkg:stance", "cpt:reports")], cls="htkg:Assessment")
            if restated != value:
                record = Turtle("")
                record.record(f"disc:{p}-identified-victims", [
                    ("a", "htkg:Discrepancy"), ("htkg:discrepancyKind", "cpt:between-documents"),
                    ("htkg:involves", f"claim:{name}"), ("htkg:involves", f"claim:{p}-ministry-victims"),
                    ("rdfs:label", lit(f"Identified victims in {cname}, {last}: {value} or {restated}", "en")),
                    ("dcterms:description", lit(f"The U.S. report gives the Ministry's figure as {value}; {ngo_name} quotes the Ministry as saying {restated}.", "en"))])
                world.discrepancies.append(str(record).strip("\n") + "\n")
                world.discrepancy_triples += record.triples
        text.add("\n\n")
        if over():
            return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)
        shelter = rng.randint(5, 300)
        start, q = sentence("Our shelters ", f"assisted {shelter} victims of trafficking", f" in {last}. ")
        claim(f"{p}-assisted", ngo, f"place:{code}", start, q, "Assistance",
              [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:value", str(shelter)), ("htkg:indicator", "cpt:referred-victims"), ("htkg:unit", "cpt:persons")]),
               ("htkg:referencePeriod", period_last)])
        amin, amax = rng.randint(12, 18), rng.randint(25, 45)
        group = rng.choice(GROUPS[:2])
        start, q = sentence("Most of them were ", f"{group[1]} aged {amin} to {amax}", ". ")
        claim(f"{p}-assisted-ages", ngo, f"place:{code}", start, q, "Assistance",
              [("htkg:quantity", [("a", "htkg:Quantity"), ("schema:minValue", str(amin)), ("schema:maxValue", str(amax)), ("htkg:indicator", "cpt:victim-age"),
                                  ("htkg:unit", "cpt:years-of-age"), ("htkg:victimGroup", f"cpt:{group[0]}")]),
               ("htkg:referencePeriod", period_last), ("htkg:breakdownOf", f"claim:{p}-assisted"), ("htkg:qualifier", lit("most"))])
        for key, words in rng.sample(FINDINGS, rng.randint(1, 3)):
            start, q = sentence("", words, ". ")
            claim(f"{p}-finding-{key}", ngo, government(cc), start, q, "Assessment",
                  [("htkg:predicate", "htkg:finding"), ("htkg:object", f"cpt:{key}"), ("htkg:referencePeriod", period_last)])
        filler(3)
        text.add("\n\n")
    return finish(doc, world, text, ttl, footnotes, cited_works, p, docref)


def finish(doc: Doc, world: World, text: Text, ttl: Turtle, footnotes, cited_works, p: str, docref: str) -> tuple[str, str, str, int]:
    """Write the footnotes at the end of the text and their citations, and the metadata record."""
    if footnotes:
        text.add("Notes\n\n")
    for (n, words, work), (_, work_pairs) in zip(footnotes, cited_works):
        text.add(str(n).translate(SUPERSCRIPTS) + " ")
        start = text.add(words)
        text.add("\n")
        ttl.record(f"cite:{p}-fn{n}", [
            ("a", "htkg:Citation"), ("htkg:footnote", str(n)), ("htkg:citingDocument", docref), ("htkg:citedWork", work),
            ("cito:hasCitationCharacterization", "cito:citesAsDataSource"),
            ("htkg:quote", lit(words)), ("htkg:start", str(start)), ("htkg:end", str(start + len(words))), ("htkg:locator", lit(f"note {n}"))])
        ttl.record(work, work_pairs)
    body = str(text)
    # The places the text names, each at its first occurrence, as curators record mentions
    # (graph/CURATING.md): `document-mentions` then has something to find at every size.
    for code, name in world.countries:
        at = body.find(name)
        if at >= 0:
            ttl.record(f"mention:{p}-{code.lower()}", [
                ("a", "htkg:Mention"), ("oa:hasBody", f"place:{code}"),
                ("htkg:quote", lit(name)), ("htkg:start", str(at)), ("htkg:end", str(at + len(name))), ("htkg:locator", lit("text"))])
    meta = Turtle(f"# Metadata record of the synthetic source sources/{doc.slug}.txt (bench/generate.py).\n\n{PREFIXES}")
    if doc.kind == "tip":
        title = f"Trafficking in Persons Report {doc.year} – {doc.country[1]}"
        who = [("dcterms:creator", "actor:us-department-of-state"), ("dcterms:publisher", "actor:us-department-of-state"), ("htkg:series", lit("Trafficking in Persons Report"))]
    else:
        title = f"{doc.ngo[1]}: Annual monitoring report {doc.year}: {doc.country[1]}"
        who = [("dcterms:creator", f"actor:{doc.ngo[0]}"), ("dcterms:publisher", f"actor:{doc.ngo[0]}")]
    meta.record(docref, [("a", "htkg:SourceDocument"), ("rdfs:label", lit(title, "en")), ("dcterms:title", lit(title, "en")), *who,
                         ("dcterms:issued", f'"{doc.year}"^^xsd:gYear'), ("dcterms:language", lit("en")),
                         # synthetic texts, written by this generator: the project may pass them on
                         ("dcterms:accessRights", "cpt:open-licence"),
                         ("htkg:textFile", lit(f"{doc.slug}.txt")), ("htkg:sha256", lit(hashlib.sha256(body.encode("utf-8")).hexdigest()))])
    return body, str(ttl), str(meta), ttl.estimate() + meta.triples


# --------------------------------------------------------------------------- reference data


def reference(countries: list[tuple[str, str]]) -> tuple[str, int]:
    ttl = Turtle("# Synthetic reference data (bench/generate.py): countries, governments, ministries,\n"
                 f"# international organisations, NGOs and year periods. See graph/CURATING.md.\n\n{PREFIXES}")
    for code, name in countries:
        cc = code.lower()
        ttl.record(f"place:{code}", [("a", "htkg:Country"), ("rdfs:label", lit(name, "en")), ("htkg:iso3166Code", lit(code))])
        ttl.record(government(cc), [("a", "htkg:Government"), ("rdfs:label", lit(f"Government of {name}", "en")), ("htkg:jurisdiction", f"place:{code}")])
        ttl.record(ministry(cc), [("a", "htkg:Ministry"), ("rdfs:label", lit(f"Ministry of Internal Affairs of {name}", "en")),
                                  ("skos:altLabel", lit("Ministry of Internal Affairs", "en")), ("org:subOrganizationOf", government(cc)),
                                  ("htkg:jurisdiction", f"place:{code}")])
        # Each country's national action plan, approved on a day of a year its code gives.
        digest = hashlib.sha256(code.encode("ascii")).digest()
        approved = f"{2000 + digest[0] % 20}-{1 + digest[1] % 12:02d}-{1 + digest[2] % 28:02d}"
        ttl.record(action_plan(cc), [("a", "htkg:NationalActionPlan"),
                                     ("rdfs:label", lit(f"National Action Plan to Combat Trafficking in Human Beings of {name}", "en")),
                                     ("htkg:dateApproved", f'"{approved}"^^xsd:date'), ("htkg:issuedBy", government(cc)),
                                     ("htkg:jurisdiction", f"place:{code}")])
    ttl.record("actor:us-department-of-state", [("a", "htkg:Ministry"), ("rdfs:label", lit("United States Department of State", "en")),
                                                 ("org:subOrganizationOf", government("us")), ("htkg:jurisdiction", "place:US")])
    for slug, name in INTERNATIONAL:
        ttl.record(f"actor:{slug}", [("a", "htkg:InternationalOrganisation"), ("rdfs:label", lit(name, "en"))])
    for slug, name, _ in NGOS:
        ttl.record(f"actor:{slug}", [("a", "htkg:NGO"), ("rdfs:label", lit(name, "en"))])
    for year in range(FIRST_PERIOD, LAST_PERIOD + 1):
        ttl.record(f"period:{year}", [("a", "time:ProperInterval"), ("rdfs:label", lit(str(year))),
                                      ("time:hasBeginning", [("a", "time:Instant"), ("time:inXSDDate", f'"{year}-01-01"^^xsd:date')]),
                                      ("time:hasEnd", [("a", "time:Instant"), ("time:inXSDDate", f'"{year}-12-31"^^xsd:date')])])
    return str(ttl), ttl.triples


def documents(countries: list[tuple[str, str]], seed: int):
    """Every document, in the order they are added: each round, the country-years in a seeded
    order; round 0 is the U.S. report of each country-year, followed a third of the time by an
    NGO report; later rounds (only for 10^7) add NGO reports by other NGOs."""
    order = random.Random(f"{seed}:order")
    pairs = [(year, country) for year in YEARS for country in countries]
    order.shuffle(pairs)
    # The project is about Azerbaijan: its reports come first, so every size holds some.
    pairs.sort(key=lambda pair: pair[1][0] != "AZ")
    for round_ in itertools.count():
        for year, country in pairs:
            rng = random.Random(f"{seed}:{round_}:{year}:{country[0]}")
            if round_ == 0:
                yield Doc("tip", year, country)
                if rng.random() < 1 / 3:
                    yield Doc("ngo", year, country, NGOS[rng.randrange(len(NGOS))])
            else:
                yield Doc("ngo", year, country, NGOS[(round_ + rng.randrange(len(NGOS))) % len(NGOS)])


# --------------------------------------------------------------------------- the project


@dataclass
class GenerateResult:
    root: Path
    target: int
    #: Triples the build will make from graph/, sources/ and ontology/ (the derived graph aside).
    estimated_triples: int
    documents: int
    claims_files: int


def _ontology_triples(ontology_dir: Path) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    for path in sorted(ontology_dir.glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return len(store)


def generate(root: str | Path, size: int, *, seed: int = 1, repo: Path = REPO) -> GenerateResult:
    """Write a project of about `size` triples (as built) into `root`, which must not exist or be
    empty. Copies ontology/, shapes/ and queries/ from `repo`."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    for folder in ("ontology", "shapes", "queries"):
        source = repo / folder
        if source.is_dir():
            shutil.copytree(source, root / folder, ignore=shutil.ignore_patterns("*~", ".*"))
        else:
            (root / folder).mkdir(parents=True)
    graph_dir, sources_dir = root / "graph", root / "sources"
    graph_dir.mkdir(parents=True)
    sources_dir.mkdir(parents=True)
    countries = load_countries()
    world = World(countries)
    ref_text, ref_triples = reference(countries)
    _write(graph_dir / "reference.ttl", ref_text)
    total = _ontology_triples(root / "ontology") + ref_triples
    count = 0
    for doc in documents(countries, seed):
        remaining = size - total - world.discrepancy_triples
        if remaining <= 0:
            break
        body, ttl, meta, triples = write_document(doc, world, seed, budget=remaining)
        _write(sources_dir / f"{doc.slug}.txt", body)
        _write(sources_dir / f"{doc.slug}.ttl", meta)
        _write(graph_dir / f"{doc.slug}.ttl", ttl)
        total += triples
        count += 1
    if world.discrepancies:
        _write(graph_dir / "discrepancies.ttl",
               f"# Synthetic discrepancies (bench/generate.py). See graph/CURATING.md.\n\n{PREFIXES}\n" + "\n".join(world.discrepancies))
    total += world.discrepancy_triples
    return GenerateResult(root=root, target=size, estimated_triples=total, documents=count, claims_files=count)


def built_project(size: int, keep: Path | None, *, prefix: str) -> Path:
    """A generated project of `size` triples, built: under `keep` (generated and built only if
    not there yet) or in a new temporary folder named with `prefix`."""
    import tempfile

    from htkg.build import build
    from htkg.project import Project

    root = (keep or Path(tempfile.mkdtemp(prefix=prefix))) / f"project-{size}"
    if not (root / "out" / "htkg.nq").exists():
        if not root.exists():
            generate(root, size)
        build(Project(root))
    return root


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def parse_size(text: str) -> int:
    return int(float(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic htkg project of about SIZE triples.")
    parser.add_argument("--size", type=parse_size, default=10_000, help="triples, e.g. 1e4, 1e5, 1e6 (default 1e4)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed and size, same bytes")
    parser.add_argument("--out", required=True, help="the project folder to write (must not exist or be empty)")
    args = parser.parse_args(argv)
    try:
        result = generate(args.out, args.size, seed=args.seed)
    except FileExistsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {result.documents} documents, about {result.estimated_triples} triples, into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
