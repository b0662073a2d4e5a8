"""A small, hand-checked project for the network tests: two documents, five events and links of
every edge type, with the edge list worked out by hand below (EXPECTED_EDGES). The quotes'
offsets are computed from the texts, so the fixture cannot drift from them."""

from __future__ import annotations

import shutil
from pathlib import Path

from htkg.namespaces import turtle_prefixes
from htkg.project import Project

REPO = Path(__file__).resolve().parents[1]

PREFIXES = turtle_prefixes()


def _period(year: int) -> str:
    return f"""period:{year} a time:ProperInterval ; rdfs:label "{year}" ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "{year}-01-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; time:inXSDDate "{year}-12-31"^^xsd:date ] .
"""


REFERENCE = PREFIXES + """
place:AZ a htkg:Country ; rdfs:label "Azerbaijan"@en ; htkg:iso3166Code "AZ" .
place:TR a htkg:Country ; rdfs:label "Turkey"@en ; htkg:iso3166Code "TR" .
place:AE a htkg:Country ; rdfs:label "United Arab Emirates"@en ; skos:altLabel "UAE"@en ; htkg:iso3166Code "AE" .
place:baku a htkg:City ; rdfs:label "Baku"@en ; htkg:locatedIn place:AZ .

actor:fx-government a htkg:Government ; rdfs:label "Government of Fixtureland"@en .
actor:fx-ministry a htkg:Ministry ; rdfs:label "Ministry of Interior of the Republic of Fixtureland"@en ;
    skos:altLabel "Ministry of Interior"@en, "MoI"@en ;
    org:subOrganizationOf actor:fx-government .
actor:fx-police a htkg:GovernmentDepartment ; rdfs:label "Police"@en ; org:subOrganizationOf actor:fx-ministry .
actor:fx-ngo a htkg:NGO ; rdfs:label "Clean World"@en .
actor:fx-iom a htkg:InternationalOrganisation ; rdfs:label "IOM"@en .
actor:fx-osce a htkg:InternationalOrganisation ; rdfs:label "OSCE"@en .
actor:fx-eu a htkg:InternationalOrganisation ; rdfs:label "European Union"@en .
actor:fx-press a htkg:Publisher ; rdfs:label "Fixture Press"@en .
actor:fx-lonely a htkg:NGO ; rdfs:label "An NGO no document links to anyone"@en .

""" + "\n".join(_period(y) for y in (2010, 2011, 2012))

TEXT_A = (
    "In 2010 the Ministry of Interior and the NGO Clean World held a joint conference in Baku. "
    "The IOM supported the conference. The Ministry cooperates with the IOM. "
    "Women were trafficked from Azerbaijan to Turkey for sexual exploitation. "
    "According to the Ministry, 34 victims were identified in 2010.1 "
    "It is impossible to evaluate their accuracy. "
    "The OSCE trained police officers in 2011.\n\n"
    "1 Ministry of Interior (2010). Annual report.\n"
)

TEXT_B = (
    "The Ministry of Interior cooperates with the IOM. "
    "Men were taken from Azerbaijan to Turkey for forced labour. "
    "In 2012, 20 victims were sent to the UAE.\n"
)

META_A = PREFIXES + """
doc:fx-2010-report a htkg:SourceDocument ; rdfs:label "Fixture report 2010"@en ;
    dcterms:title "Fixture report 2010"@en ;
    dcterms:creator actor:fx-author-a ; dcterms:publisher actor:fx-press ;
    schema:funder actor:fx-eu ; dcterms:issued "2011"^^xsd:gYear .
actor:fx-author-a a htkg:Person ; rdfs:label "Ann Author" .
"""

META_B = PREFIXES + """
doc:fx-2012-note a htkg:SourceDocument ; rdfs:label "Fixture note 2012"@en ;
    dcterms:title "Fixture note 2012"@en ;
    dcterms:creator actor:fx-author-b ; dcterms:issued "2013"^^xsd:gYear .
actor:fx-author-b a htkg:Person ; rdfs:label "Bob Writer" .
"""

GRAPH_A = PREFIXES + """
event:fx2010-conference a htkg:Conference ; rdfs:label "Joint conference in Baku"@en ;
    htkg:organiser actor:fx-ministry ; htkg:participant actor:fx-ngo ; htkg:supporter actor:fx-iom ;
    htkg:place place:baku ; htkg:time period:2010 .
event:fx2011-training a htkg:Training ; rdfs:label "Training of police officers"@en ;
    htkg:organiser actor:fx-osce ; htkg:attendee actor:fx-police ; htkg:time period:2011 .

route:fx2010-az-tr a htkg:Route ; rdfs:label "Azerbaijan to Turkey: women"@en ;
    htkg:origin place:AZ ; htkg:destination place:TR ;
    htkg:exploitationForm cpt:sexual-exploitation ; htkg:victimGroup cpt:women ; htkg:period period:2010 .

cite:fx2010-fn1 a htkg:Citation ; htkg:footnote 1 ;
    htkg:citingDocument doc:fx-2010-report ; htkg:citedWork doc:fx-ministry-report-2010 ;
    cito:hasCitationCharacterization cito:citesAsDataSource ;
    htkg:quote "1 Ministry of Interior (2010). Annual report." ; {fn1} ; htkg:locator "footnote 1" .
doc:fx-ministry-report-2010 a htkg:Document ; dcterms:title "Annual report"@en ; dcterms:creator actor:fx-ministry .

claim:fx2010-conference a htkg:Claim ; htkg:claimant actor:fx-author-a ; htkg:about event:fx2010-conference ;
    htkg:quote "the Ministry of Interior and the NGO Clean World held a joint conference in Baku" ; {conference} ;
    htkg:locator "paragraph 1" .
claim:fx2010-iom-support a htkg:Claim ; htkg:claimant actor:fx-author-a ; htkg:about event:fx2010-conference ;
    htkg:quote "The IOM supported the conference." ; {support} ; htkg:locator "paragraph 1" .
claim:fx2010-cooperation a htkg:Claim ; htkg:claimant actor:fx-author-a ; htkg:about actor:fx-ministry ;
    htkg:predicate htkg:cooperatesWith ; htkg:object actor:fx-iom ; htkg:referencePeriod period:2010 ;
    htkg:quote "The Ministry cooperates with the IOM." ; {cooperation} ; htkg:locator "paragraph 1" .
claim:fx2010-route a htkg:Claim ; htkg:claimant actor:fx-author-a ; htkg:about route:fx2010-az-tr ;
    htkg:quote "Women were trafficked from Azerbaijan to Turkey for sexual exploitation." ; {route} ;
    htkg:locator "paragraph 1" .
claim:fx2010-victims a htkg:Claim ; htkg:claimant actor:fx-ministry ; htkg:about place:AZ ;
    htkg:quantity [ a htkg:Quantity ; schema:value 34 ; htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ] ;
    htkg:referencePeriod period:2010 ; htkg:cites cite:fx2010-fn1 ;
    htkg:quote "34 victims were identified in 2010" ; {victims} ; htkg:locator "paragraph 1" .
claim:fx2010-doubt a htkg:Assessment ; htkg:claimant actor:fx-author-a ; htkg:about claim:fx2010-victims ;
    htkg:assesses claim:fx2010-victims ; htkg:stance cpt:doubts ;
    htkg:quote "It is impossible to evaluate their accuracy." ; {doubt} ; htkg:locator "paragraph 1" .
claim:fx2011-training a htkg:Claim ; htkg:claimant actor:fx-author-a ; htkg:about event:fx2011-training ;
    htkg:quote "The OSCE trained police officers in 2011." ; {training} ; htkg:locator "paragraph 1" .
"""

GRAPH_B = PREFIXES + """
route:fx2012-az-tr a htkg:Route ; rdfs:label "Azerbaijan to Turkey: men"@en ;
    htkg:origin place:AZ ; htkg:destination place:TR ;
    htkg:exploitationForm cpt:forced-labour ; htkg:victimGroup cpt:men ; htkg:period period:2012 .

claim:fx2012-cooperation a htkg:Claim ; htkg:claimant actor:fx-author-b ; htkg:about actor:fx-ministry ;
    htkg:predicate htkg:cooperatesWith ; htkg:object actor:fx-iom ; htkg:referencePeriod period:2012 ;
    htkg:quote "The Ministry of Interior cooperates with the IOM." ; {cooperation} ; htkg:locator "line 1" .
claim:fx2012-route a htkg:Claim ; htkg:claimant actor:fx-author-b ; htkg:about route:fx2012-az-tr ;
    htkg:quote "Men were taken from Azerbaijan to Turkey for forced labour." ; {route} ; htkg:locator "line 1" .
claim:fx2012-victims-uae a htkg:Claim ; htkg:claimant actor:fx-ministry ; htkg:about place:AZ ;
    htkg:quantity [ a htkg:Quantity ; schema:value 20 ; htkg:indicator cpt:victims-by-destination ;
        htkg:unit cpt:persons ; htkg:destination place:AE ] ;
    htkg:referencePeriod period:2012 ;
    htkg:quote "20 victims were sent to the UAE" ; {uae} ; htkg:locator "line 1" .
"""

QUOTES_A = {
    "conference": "the Ministry of Interior and the NGO Clean World held a joint conference in Baku",
    "support": "The IOM supported the conference.",
    "cooperation": "The Ministry cooperates with the IOM.",
    "route": "Women were trafficked from Azerbaijan to Turkey for sexual exploitation.",
    "victims": "34 victims were identified in 2010",
    "doubt": "It is impossible to evaluate their accuracy.",
    "training": "The OSCE trained police officers in 2011.",
    "fn1": "1 Ministry of Interior (2010). Annual report.",
}
QUOTES_B = {
    "cooperation": "The Ministry of Interior cooperates with the IOM.",
    "route": "Men were taken from Azerbaijan to Turkey for forced labour.",
    "uae": "20 victims were sent to the UAE",
}

A = "https://w3id.org/htkg/id/actor/"
P = "https://w3id.org/htkg/id/place/"

D = "https://w3id.org/htkg/id/document/"

#: The actor view, worked out by hand from the files above: (type, source, target) ->
#: (number of sources, years). Actors only, tied by working together.
EXPECTED_EDGES = {
    ("co-participation", A + "fx-iom", A + "fx-ministry"): (1, [2010]),
    ("co-participation", A + "fx-iom", A + "fx-ngo"): (1, [2010]),
    ("co-participation", A + "fx-ministry", A + "fx-ngo"): (1, [2010]),
    ("co-participation", A + "fx-osce", A + "fx-police"): (1, [2011]),
    ("supports", A + "fx-iom", A + "fx-ministry"): (1, [2010]),
    ("supports", A + "fx-iom", A + "fx-ngo"): (1, [2010]),
    ("trains", A + "fx-osce", A + "fx-police"): (1, [2011]),
    ("cooperates-with", A + "fx-iom", A + "fx-ministry"): (2, [2010, 2012]),
    ("part-of", A + "fx-ministry", A + "fx-government"): (0, []),
    ("part-of", A + "fx-police", A + "fx-ministry"): (0, []),
    ("funds", A + "fx-eu", A + "fx-press"): (1, []),
}

#: The evidence view, by hand: authors and publishers of documents (dated by the document's
#: issue), the documents relaying the Ministry's figures and citing its report (dated by the
#: claims' periods), and the author's doubt about the figures.
EXPECTED_EVIDENCE_EDGES = {
    ("writes", A + "fx-author-a", D + "fx-2010-report"): (1, [2011]),
    ("writes", A + "fx-author-b", D + "fx-2012-note"): (1, [2013]),
    ("writes", A + "fx-ministry", D + "fx-ministry-report-2010"): (1, []),
    ("publishes", A + "fx-press", D + "fx-2010-report"): (1, [2011]),
    ("relays", D + "fx-2010-report", A + "fx-ministry"): (1, [2010]),
    ("relays", D + "fx-2012-note", A + "fx-ministry"): (1, [2012]),
    ("cites", D + "fx-2010-report", D + "fx-ministry-report-2010"): (1, [2010]),
    ("assesses", A + "fx-author-a", A + "fx-ministry"): (1, [2010]),
}


def _fill(template: str, text: str, quotes: dict[str, str]) -> str:
    values = {}
    for name, quote in quotes.items():
        start = text.index(quote)
        assert text.count(quote) == 1, quote
        values[name] = f"htkg:start {start} ; htkg:end {start + len(quote)}"
    # The Turtle has braces of its own only in the placeholders.
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def make_fixture_project(root: Path) -> Project:
    """Write the fixture project under `root` (ontology copied from the repository), build it
    (without shapes: the fixture is about the network, not about validation) and return it."""
    from htkg.build import build

    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "graph").mkdir()
    (root / "sources").mkdir()
    (root / "queries").mkdir()
    (root / "graph" / "reference.ttl").write_text(REFERENCE, encoding="utf-8")
    (root / "sources" / "fx-2010-report.txt").write_text(TEXT_A, encoding="utf-8")
    (root / "sources" / "fx-2012-note.txt").write_text(TEXT_B, encoding="utf-8")
    (root / "sources" / "fx-2010-report.ttl").write_text(META_A, encoding="utf-8")
    (root / "sources" / "fx-2012-note.ttl").write_text(META_B, encoding="utf-8")
    (root / "graph" / "fx-2010-report.ttl").write_text(_fill(GRAPH_A, TEXT_A, QUOTES_A), encoding="utf-8")
    (root / "graph" / "fx-2012-note.ttl").write_text(_fill(GRAPH_B, TEXT_B, QUOTES_B), encoding="utf-8")
    project = Project(root, out=root / "out")
    build(project, validate=False)
    return project


def test_fixture_builds(tmp_path):
    """The fixture is valid input for the build: every quote is found at its offsets."""
    project = make_fixture_project(tmp_path)
    assert project.dataset_path.exists()
    assert "fx2010-doubt/anchor" in project.dataset_path.read_text(encoding="utf-8")
