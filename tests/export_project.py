"""A small fixture project for the export, description, documentation, release and publishing
tests: two source documents with claims (one in the public domain, one with all rights reserved),
reference data with periods (blank-node instants), a discrepancy, a query and a shapes file (with
blank nodes), built into a temporary out/ folder. Each graph records the day it last changed."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from htkg.build import build
from htkg.project import Project

REPO = Path(__file__).resolve().parents[1]

PREFIXES = """@prefix htkg: <https://w3id.org/htkg/ontology#> .
@prefix cpt: <https://w3id.org/htkg/concept/> .
@prefix claim: <https://w3id.org/htkg/id/claim/> .
@prefix actor: <https://w3id.org/htkg/id/actor/> .
@prefix place: <https://w3id.org/htkg/id/place/> .
@prefix period: <https://w3id.org/htkg/id/period/> .
@prefix doc: <https://w3id.org/htkg/id/document/> .
@prefix disc: <https://w3id.org/htkg/id/discrepancy/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

TEXT_A = "In 2010, 34 victims were found.\nIt is impossible to evaluate their accuracy. Ünïcode ✓ text.\n"
TEXT_B = "Between 2006 and 2012 the police arrested 120 traffickers.\n"

#: The day each graph says it last changed (`<graph> dcterms:modified`).
GRAPH_DATE = "2024-03-01"


def dated(stem: str, date: str = GRAPH_DATE) -> str:
    return f'<https://w3id.org/htkg/graph/{stem}> dcterms:modified "{date}"^^xsd:date .\n'


REFERENCE = PREFIXES + dated("reference") + """
actor:ministry a htkg:Ministry ; rdfs:label "Ministry of Internal Affairs"@en .
actor:author a htkg:Person ; rdfs:label "An Author" .
place:AZ a htkg:Country ; rdfs:label "Azerbaijan"@en ; htkg:iso3166Code "AZ" .
period:2010 a time:ProperInterval ; rdfs:label "2010" ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "2010-01-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; time:inXSDDate "2010-12-31"^^xsd:date ] .
period:2006-2012 a time:ProperInterval ; rdfs:label "2006-2012" ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "2006-01-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; time:inXSDDate "2012-12-31"^^xsd:date ] .
period:1990 a time:ProperInterval ; rdfs:label "1990, used by no claim" ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "1990-01-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; time:inXSDDate "1990-12-31"^^xsd:date ] .
"""

DOC_A = PREFIXES + dated("doc-a") + """
claim:a-victims a htkg:Claim ; htkg:claimant actor:ministry ; htkg:about place:AZ ;
  htkg:quantity [ a htkg:Quantity ; schema:value 34 ; htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons ] ;
  htkg:referencePeriod period:2010 ;
  htkg:quote "34 victims were found" ; htkg:start 9 ; htkg:end 30 ; htkg:locator "line 1" .
claim:a-doubt a htkg:Assessment ; htkg:claimant actor:author ; htkg:about place:AZ ;
  htkg:assesses claim:a-victims ; htkg:stance cpt:doubts ;
  htkg:quote "It is impossible to evaluate their accuracy." ; htkg:start 32 ; htkg:end 76 ; htkg:locator "line 2" .
"""

META_A = PREFIXES + f"""
doc:doc-a a htkg:SourceDocument ; rdfs:label "Document A"@en ; dcterms:title "Document A: a report"@en ;
    dcterms:issued "2013-05-01"^^xsd:date ; htkg:textFile "doc-a.txt" ;
    htkg:sha256 "{hashlib.sha256(TEXT_A.encode("utf-8")).hexdigest()}" ;
    dcterms:rights "A work of a government, free of copyright."@en ; dcterms:accessRights cpt:public-domain ;
    dcterms:bibliographicCitation "Ministry. Document A: a report. 2013."@en .
"""

DOC_B = PREFIXES + dated("doc-b") + """
claim:b-arrests a htkg:Claim ; htkg:claimant actor:ministry ; htkg:about place:AZ ;
  htkg:quantity [ a htkg:Quantity ; schema:value 120 ; htkg:indicator cpt:arrests ; htkg:unit cpt:persons ] ;
  htkg:referencePeriod period:2006-2012 ;
  htkg:quote "the police arrested 120 traffickers" ; htkg:start 22 ; htkg:end 57 ; htkg:locator "line 1" .
"""

META_B = PREFIXES + f"""
doc:doc-b a htkg:SourceDocument ; rdfs:label "Document B"@en ; dcterms:title "Document B: another report"@en ;
    dcterms:issued "2004-06-14"^^xsd:date ; htkg:textFile "doc-b.txt" ;
    htkg:sha256 "{hashlib.sha256(TEXT_B.encode("utf-8")).hexdigest()}" ;
    dcterms:rights "All rights reserved. No part may be reproduced."@en ; dcterms:accessRights cpt:all-rights-reserved ;
    dcterms:bibliographicCitation "An Author. Document B: another report. Example Press, 2004."@en .
"""

QUERY = """#+ summary: Source documents and their titles
PREFIX htkg: <https://w3id.org/htkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?title WHERE { ?doc a htkg:SourceDocument ; dcterms:title ?title } ORDER BY ?doc
"""

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix htkg: <https://w3id.org/htkg/ontology#> .
@prefix shapes: <https://w3id.org/htkg/shapes#> .
shapes:ClaimShape a sh:NodeShape ; sh:targetClass htkg:Claim ;
    sh:property [ sh:path htkg:claimant ; sh:minCount 1 ; sh:maxCount 1 ; sh:message "A claim has one claimant." ] ,
                [ sh:path htkg:about ; sh:minCount 1 ; sh:message "A claim says what it is about." ] .
"""


def make_project(root: Path, *, out: Path | None = None, shapes: bool = True) -> Project:
    """Write the fixture project under `root` (the ontology is the repository's)."""
    shutil.copytree(REPO / "ontology", root / "ontology")
    for folder in ("graph", "sources", "queries"):
        (root / folder).mkdir()
    (root / "sources" / "doc-a.txt").write_text(TEXT_A, encoding="utf-8")
    (root / "sources" / "doc-a.ttl").write_text(META_A, encoding="utf-8")
    (root / "sources" / "doc-b.txt").write_text(TEXT_B, encoding="utf-8")
    (root / "sources" / "doc-b.ttl").write_text(META_B, encoding="utf-8")
    (root / "graph" / "reference.ttl").write_text(REFERENCE, encoding="utf-8")
    (root / "graph" / "doc-a.ttl").write_text(DOC_A, encoding="utf-8")
    (root / "graph" / "doc-b.ttl").write_text(DOC_B, encoding="utf-8")
    (root / "queries" / "documents.rq").write_text(QUERY, encoding="utf-8")
    if shapes:
        (root / "shapes").mkdir()
        (root / "shapes" / "claims.ttl").write_text(SHAPES, encoding="utf-8")
    return Project(root, out=out)


def built_fixture(root: Path) -> Project:
    """The fixture project, built and validated against its own tiny shapes file (a release and
    a publication refuse data no build validated)."""
    project = make_project(root)
    build(project)
    return project
