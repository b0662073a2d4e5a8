# Shape test cases: each is a SPARQL 1.1 Update applied to the union of the built fixture
# project (tests/data/shapes/project, run through `htkg build`), then validated.
#
#   ### <case name>
#   # <Severity> <source shape> <constraint component> <focus node>     (one line per result)
#   <update>
#
# The results must be exactly the listed ones (severity, shape, component, focus); a case with
# no result lines must give no result at all. The project's prefixes are declared for every
# update. tests/test_shapes.py runs them; every shape has a failing case here.

#################################################################
# Conforming variants
#################################################################

### quantity-with-bounds-only
DELETE { ?q schema:value ?v } INSERT { ?q schema:minValue 10 ; schema:maxValue 1000 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### quantity-with-equal-bounds
DELETE { ?q schema:value ?v } INSERT { ?q schema:minValue 34 ; schema:maxValue 34 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### quantity-with-dimensions
INSERT { ?q htkg:destination place:TR ; htkg:origin place:AZ ; htkg:victimGroup cpt:women ;
            htkg:exploitationForm cpt:sexual-exploitation ; htkg:ageMin 18 ; htkg:ageMax 25 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### victim-age-as-range
DELETE { ?q schema:value ?v ; htkg:indicator ?i ; htkg:unit ?u }
INSERT { ?q schema:minValue 16 ; schema:maxValue 25 ; htkg:indicator cpt:victim-age ; htkg:unit cpt:years-of-age }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v ; htkg:indicator ?i ; htkg:unit ?u }

### internal-route-with-one-place
DELETE { route:mini2013-rural-baku htkg:destination ?d } INSERT { route:mini2013-rural-baku htkg:destination place:rural-azerbaijan }
WHERE { route:mini2013-rural-baku htkg:destination ?d }

### period-with-end-only
DELETE WHERE { period:2010 time:hasBeginning ?b }

### open-period-without-end
INSERT DATA { claim:mini2013-az-origin htkg:referencePeriod period:since-2005 }

### one-day-period
INSERT DATA { period:2004-06-14 a time:ProperInterval ; rdfs:label "14 June 2004" ;
    time:hasBeginning period:2004-06-14-day ; time:hasEnd period:2004-06-14-day .
  period:2004-06-14-day a time:Instant ; time:inXSDDate "2004-06-14"^^xsd:date }

### negated-claim-with-literal-object
DELETE { claim:mini2013-az-origin htkg:object ?o } INSERT { claim:mini2013-az-origin htkg:object "a country of origin"@en ; htkg:negated false }
WHERE { claim:mini2013-az-origin htkg:object ?o }

### claim-describing-an-event
DELETE { claim:mini2013-route-az-tr htkg:about ?a } INSERT { claim:mini2013-route-az-tr htkg:about event:mini2013-statistics-2010 }
WHERE { claim:mini2013-route-az-tr htkg:about ?a }

### claim-with-breakdown
INSERT DATA { claim:mini2013-az-origin htkg:breakdownOf claim:mini2013-victims-2010 }

### instrument-with-year-and-month
DELETE { law:fixture-trafficking-law htkg:dateAdopted ?d } INSERT { law:fixture-trafficking-law htkg:dateAdopted "2005-06"^^xsd:gYearMonth ; htkg:dateEnteredIntoForce "2006"^^xsd:gYear }
WHERE { law:fixture-trafficking-law htkg:dateAdopted ?d }

### discrepancy-with-two-kinds
INSERT DATA { disc:mini2013-origin-vs-count htkg:discrepancyKind cpt:sum-mismatch }

### cited-work-with-title-only
DELETE { doc:fixture-ministry-annual-report-2010 ?p ?o } INSERT { doc:fixture-ministry-annual-report-2010 a htkg:Document ; dcterms:title "Annual report 2010" }
WHERE { doc:fixture-ministry-annual-report-2010 ?p ?o }

### person-as-official-participant
INSERT DATA { event:mini2013-statistics-2010 htkg:attendee actor:fixture-author }

### claim-about-a-person-without-victim-figures
DELETE { claim:mini2013-az-origin htkg:about ?a } INSERT { claim:mini2013-az-origin htkg:about actor:fixture-author }
WHERE { claim:mini2013-az-origin htkg:about ?a }

#################################################################
# Claims
#################################################################

### claim-without-claimant
# Violation shape:Claim-claimant sh:MinCountConstraintComponent claim:mini2013-victims-2010
DELETE WHERE { claim:mini2013-victims-2010 htkg:claimant ?a }

### claim-with-two-claimants
# Violation shape:Claim-claimant sh:MaxCountConstraintComponent claim:mini2013-victims-2010
INSERT DATA { claim:mini2013-victims-2010 htkg:claimant actor:fixture-author }

### claimant-not-an-actor
# Violation shape:Claim-claimant sh:ClassConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:claimant ?a } INSERT { claim:mini2013-victims-2010 htkg:claimant doc:mini-2013 }
WHERE { claim:mini2013-victims-2010 htkg:claimant ?a }

### claim-without-subject
# Violation shape:Claim-subject sh:MinCountConstraintComponent claim:mini2013-az-origin
DELETE WHERE { claim:mini2013-az-origin htkg:about ?a }

### claim-with-two-subjects
# Violation shape:Claim-about sh:MaxCountConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:about place:TR }

### claim-without-anchor
# Violation shape:Claim-anchor sh:MinCountConstraintComponent claim:mini2013-victims-2010
DELETE WHERE { claim:mini2013-victims-2010 htkg:textAnchor ?a }

### claim-anchor-not-a-specific-resource
# Violation shape:Claim-anchor sh:ClassConstraintComponent claim:mini2013-victims-2010
# Violation shape:TextAnchor-type sh:HasValueConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor> a oa:SpecificResource }

### claim-without-document
# Violation shape:Claim-source sh:MinCountConstraintComponent claim:mini2013-victims-2010
DELETE WHERE { claim:mini2013-victims-2010 dcterms:source ?d }

### claim-document-not-a-source-document
# Violation shape:Claim-source sh:ClassConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 dcterms:source ?d } INSERT { claim:mini2013-victims-2010 dcterms:source doc:fixture-ministry-annual-report-2010 }
WHERE { claim:mini2013-victims-2010 dcterms:source ?d }

### claim-with-two-predicates
# Violation shape:Claim-predicate sh:MaxCountConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:predicate htkg:finding }

### claim-with-two-objects
# Violation shape:Claim-object sh:MaxCountConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:object cpt:transit }

### claim-with-two-quantities
# Violation shape:Claim-quantity sh:MaxCountConstraintComponent claim:mini2013-victims-2010
INSERT DATA { claim:mini2013-victims-2010 htkg:quantity claim:mini2013-victims-2010-second-quantity .
  claim:mini2013-victims-2010-second-quantity a htkg:Quantity ; schema:value 9 ; htkg:indicator cpt:identified-victims ; htkg:unit cpt:persons }

### claim-period-not-a-period
# Violation shape:Claim-period sh:ClassConstraintComponent claim:mini2013-victims-2010
# Violation shape:Period-type sh:HasValueConstraintComponent place:AZ
# Violation shape:Period-bounded sh:OrConstraintComponent place:AZ
DELETE { claim:mini2013-victims-2010 htkg:referencePeriod ?p } INSERT { claim:mini2013-victims-2010 htkg:referencePeriod place:AZ }
WHERE { claim:mini2013-victims-2010 htkg:referencePeriod ?p }

### claim-negated-as-string
# Violation shape:Claim-negated sh:DatatypeConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:negated "yes" }

### claim-qualifier-not-a-string
# Violation shape:Claim-qualifier sh:OrConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:qualifier 3 }

### claim-cites-a-document
# Violation shape:Claim-cites sh:ClassConstraintComponent claim:mini2013-victims-2010
# Violation shape:Citation-footnote sh:MinCountConstraintComponent doc:mini-2013
# Violation shape:Citation-citing sh:MinCountConstraintComponent doc:mini-2013
# Violation shape:Citation-cited sh:MinCountConstraintComponent doc:mini-2013
# Warning shape:Citation-anchor sh:MinCountConstraintComponent doc:mini-2013
INSERT DATA { claim:mini2013-victims-2010 htkg:cites doc:mini-2013 }

### claim-breakdown-of-a-place
# Violation shape:Claim-breakdown sh:ClassConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:breakdownOf place:AZ }

### claim-stating-nothing
# Violation shape:ClaimStatement sh:OrConstraintComponent claim:mini2013-route-az-tr
DELETE { claim:mini2013-route-az-tr htkg:about ?a } INSERT { claim:mini2013-route-az-tr htkg:about place:AZ }
WHERE { claim:mini2013-route-az-tr htkg:about ?a }

### claim-predicate-without-object
# Violation shape:Claim-predicate-object sh:MinCountConstraintComponent claim:mini2013-az-origin
DELETE WHERE { claim:mini2013-az-origin htkg:object ?o }

### claim-object-without-predicate
# Violation shape:Claim-object-predicate sh:MinCountConstraintComponent claim:mini2013-victims-2010
INSERT DATA { claim:mini2013-victims-2010 htkg:object cpt:origin }

#################################################################
# Assessments
#################################################################

### assessment-without-claim
# Violation shape:Assessment-assesses sh:MinCountConstraintComponent claim:mini2013-accuracy-doubted
# Violation shape:Claim-subject sh:MinCountConstraintComponent claim:mini2013-accuracy-doubted
# Violation shape:ClaimStatement sh:OrConstraintComponent claim:mini2013-accuracy-doubted
DELETE WHERE { claim:mini2013-accuracy-doubted htkg:assesses ?c }

### assessment-of-a-place
# Violation shape:Assessment-assesses sh:ClassConstraintComponent claim:mini2013-accuracy-doubted
DELETE { claim:mini2013-accuracy-doubted htkg:assesses ?c } INSERT { claim:mini2013-accuracy-doubted htkg:assesses place:AZ }
WHERE { claim:mini2013-accuracy-doubted htkg:assesses ?c }

### assessment-without-stance
# Violation shape:Assessment-stance sh:MinCountConstraintComponent claim:mini2013-accuracy-doubted
DELETE WHERE { claim:mini2013-accuracy-doubted htkg:stance ?s }

### assessment-with-unknown-stance
# Violation shape:Assessment-stance sh:NodeConstraintComponent claim:mini2013-accuracy-doubted
DELETE { claim:mini2013-accuracy-doubted htkg:stance ?s } INSERT { claim:mini2013-accuracy-doubted htkg:stance cpt:women }
WHERE { claim:mini2013-accuracy-doubted htkg:stance ?s }

### assessment-without-author
# Violation shape:Claim-claimant sh:MinCountConstraintComponent claim:mini2013-accuracy-doubted
DELETE WHERE { claim:mini2013-accuracy-doubted htkg:claimant ?a }

#################################################################
# Text anchors
#################################################################

### anchor-without-document
# Violation shape:TextAnchor-source sh:MinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor> oa:hasSource ?d }

### anchor-source-not-a-source-document
# Violation shape:TextAnchor-source sh:ClassConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE { ?a oa:hasSource ?d } INSERT { ?a oa:hasSource doc:fixture-ministry-annual-report-2010 }
WHERE { claim:mini2013-victims-2010 htkg:textAnchor ?a . ?a oa:hasSource ?d }

### anchor-without-quote-selector
# Violation shape:TextAnchor-quote sh:QualifiedMinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor> oa:hasSelector <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> }

### anchor-with-two-position-selectors
# Violation shape:TextAnchor-position sh:QualifiedMaxCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
# Violation shape:TextAnchor sh:SPARQLConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
INSERT DATA { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor> oa:hasSelector <https://w3id.org/htkg/id/claim/mini2013-az-origin/anchor/position> }

### anchor-without-locator
# Info shape:TextAnchor-locator sh:MinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor> htkg:locator ?l }

### quote-longer-than-offsets
# Violation shape:TextAnchor sh:SPARQLConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE { ?s oa:exact ?e } INSERT { ?s oa:exact "34 victims of trafficking were identified in 2010." }
WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> oa:exact ?e . BIND(<https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> AS ?s) }

### quote-missing
# Violation shape:TextQuoteSelector-exact sh:MinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> oa:exact ?e }

### quote-empty
# Violation shape:TextQuoteSelector-exact sh:MinLengthConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote>
# Violation shape:TextAnchor sh:SPARQLConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE { ?s oa:exact ?e } INSERT { ?s oa:exact "" }
WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> oa:exact ?e . BIND(<https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> AS ?s) }

### quote-with-two-prefixes
# Violation shape:TextQuoteSelector-prefix sh:MaxCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote>
INSERT DATA { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> oa:prefix "Affairs, " }

### quote-suffix-not-a-string
# Violation shape:TextQuoteSelector-suffix sh:DatatypeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote>
DELETE { ?s oa:suffix ?x } INSERT { ?s oa:suffix 7 }
WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> oa:suffix ?x . BIND(<https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/quote> AS ?s) }

### offsets-missing-start
# Violation shape:TextPositionSelector-start sh:MinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position> oa:start ?s }

### offsets-end-as-string
# Violation shape:TextPositionSelector-end sh:OrConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position>
# Violation shape:TextPositionSelector-end sh:MinInclusiveConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position>
# Violation shape:TextPositionSelector-order sh:LessThanConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position>
DELETE { ?s oa:end ?e } INSERT { ?s oa:end "128" }
WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position> oa:end ?e . BIND(<https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position> AS ?s) }

### offsets-end-before-start
# Violation shape:TextPositionSelector-order sh:LessThanConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position>
# Violation shape:TextAnchor sh:SPARQLConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor>
DELETE { ?p oa:start ?s ; oa:end ?e } INSERT { ?p oa:start ?e ; oa:end ?s }
WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position> oa:start ?s ; oa:end ?e . BIND(<https://w3id.org/htkg/id/claim/mini2013-victims-2010/anchor/position> AS ?p) }

#################################################################
# Quantities
#################################################################

### quantity-untyped
# Violation shape:Quantity-type sh:HasValueConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
# Violation shape:Claim-quantity sh:ClassConstraintComponent claim:mini2013-victims-2010
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity> a htkg:Quantity }

### quantity-without-number
# Violation shape:QuantityNumber sh:OrConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity> schema:value ?v }

### quantity-negative-count
# Violation shape:Quantity-value sh:MinInclusiveConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q schema:value ?v } INSERT { ?q schema:value -34 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### quantity-value-as-string
# Violation shape:Quantity-value sh:OrConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
# Violation shape:Quantity-value sh:MinInclusiveConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q schema:value ?v } INSERT { ?q schema:value "34" }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### quantity-negative-minimum
# Violation shape:Quantity-min sh:MinInclusiveConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q schema:minValue -1 } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-two-maxima
# Violation shape:Quantity-max sh:MaxCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q schema:maxValue 100, 200 } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-minimum-above-maximum
# Violation shape:Quantity-bounds sh:LessThanOrEqualsConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q schema:value ?v } INSERT { ?q schema:minValue 1000 ; schema:maxValue 10 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### quantity-without-indicator
# Violation shape:Quantity-indicator sh:MinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity> htkg:indicator ?i }

### quantity-unknown-indicator
# Violation shape:Quantity-indicator sh:NodeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q htkg:indicator ?i } INSERT { ?q htkg:indicator <https://w3id.org/htkg/concept/no-such-indicator> }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q htkg:indicator ?i }

### quantity-indicator-from-another-scheme
# Violation shape:Quantity-indicator sh:NodeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q htkg:indicator ?i } INSERT { ?q htkg:indicator cpt:persons }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q htkg:indicator ?i }

### quantity-without-unit
# Violation shape:Quantity-unit sh:MinCountConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE WHERE { <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity> htkg:unit ?u }

### quantity-unit-from-another-scheme
# Violation shape:Quantity-unit sh:NodeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
# Violation shape:VictimQuantity sh:OrConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q htkg:unit ?u } INSERT { ?q htkg:unit cpt:identified-victims }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q htkg:unit ?u }

### quantity-destination-not-a-place
# Violation shape:Quantity-place sh:ClassConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q htkg:destination cpt:destination } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-unknown-victim-group
# Violation shape:Quantity-victim-group sh:NodeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
# Violation shape:VictimGroupValue sh:NodeConstraintComponent cpt:fraud
INSERT { ?q htkg:victimGroup cpt:fraud } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-unknown-exploitation-form
# Violation shape:Quantity-exploitation-form sh:NodeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q htkg:exploitationForm cpt:women } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-negative-age
# Violation shape:Quantity-age-min sh:MinInclusiveConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q htkg:ageMin -2 } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-age-as-string
# Violation shape:Quantity-age-max sh:DatatypeConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
# Violation shape:Quantity-age-max sh:MinInclusiveConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q htkg:ageMax "twenty" } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### quantity-ages-swapped
# Violation shape:Quantity-age-bounds sh:LessThanOrEqualsConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q htkg:ageMin 25 ; htkg:ageMax 18 } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

#################################################################
# Periods
#################################################################

### period-ends-before-it-begins
# Violation shape:Period sh:SPARQLConstraintComponent period:2010
DELETE { ?e time:inXSDDate ?d } INSERT { ?e time:inXSDDate "2009-12-31"^^xsd:date }
WHERE { period:2010 time:hasEnd ?e . ?e time:inXSDDate ?d }

### period-untyped
# Violation shape:Period-type sh:HasValueConstraintComponent period:2010
# Violation shape:Claim-period sh:ClassConstraintComponent claim:mini2013-victims-2010
# Violation shape:Route-period sh:ClassConstraintComponent route:mini2013-az-tr-women
# Violation shape:Event-time sh:ClassConstraintComponent event:mini2013-statistics-2010
DELETE WHERE { period:2010 a time:ProperInterval }

### period-without-beginning-or-end
# Violation shape:Period-bounded sh:OrConstraintComponent period:2010
DELETE WHERE { period:2010 time:hasBeginning ?b } ;
DELETE WHERE { period:2010 time:hasEnd ?e }

### period-with-two-beginnings
# Violation shape:Period-beginning sh:MaxCountConstraintComponent period:2010
INSERT { period:2010 time:hasBeginning ?e } WHERE { period:2010 time:hasEnd ?e }

### period-beginning-without-date
# Violation shape:Period-beginning sh:NodeConstraintComponent period:2010
# Violation shape:Instant-date sh:MinCountConstraintComponent <https://w3id.org/htkg/id/period/2010/hasBeginning>
DELETE { ?b time:inXSDDate ?d } WHERE { period:2010 time:hasBeginning ?b . ?b time:inXSDDate ?d }

### period-with-two-ends
# Violation shape:Period-end sh:MaxCountConstraintComponent period:2010
INSERT { period:2010 time:hasEnd ?b } WHERE { period:2010 time:hasBeginning ?b }

### period-without-label
# Warning shape:Period-label sh:MinCountConstraintComponent period:2010
DELETE WHERE { period:2010 rdfs:label ?l }

### instant-with-year-only
# Violation shape:Instant-date sh:DatatypeConstraintComponent <https://w3id.org/htkg/id/period/2010/hasBeginning>
# Violation shape:Period-beginning sh:NodeConstraintComponent period:2010
DELETE { ?b time:inXSDDate ?d } INSERT { ?b time:inXSDDate "2011"^^xsd:gYear }
WHERE { period:2010 time:hasBeginning ?b . ?b time:inXSDDate ?d }

#################################################################
# Actors and places
#################################################################

### actor-without-label
# Violation shape:Actor-label sh:MinCountConstraintComponent actor:fixture-ministry
DELETE WHERE { actor:fixture-ministry rdfs:label ?l }

### actor-of-no-known-kind
# Warning shape:Actor-kind sh:QualifiedMinCountConstraintComponent actor:fixture-curators
DELETE { actor:fixture-curators a htkg:Group } INSERT { actor:fixture-curators a htkg:Organisation } WHERE { }

### actor-based-in-an-actor
# Violation shape:Actor-based-in sh:ClassConstraintComponent actor:fixture-ministry
INSERT DATA { actor:fixture-ministry htkg:basedIn actor:fixture-government }

### actor-nationality-a-city
# Violation shape:Actor-nationality sh:ClassConstraintComponent actor:fixture-author
INSERT DATA { actor:fixture-author htkg:nationality place:baku }

### actor-cooperates-with-a-place
# Violation shape:Actor-cooperates sh:ClassConstraintComponent actor:fixture-ministry
INSERT DATA { actor:fixture-ministry htkg:cooperatesWith place:AZ }

### person-and-organisation
# Violation shape:Person sh:NotConstraintComponent actor:fixture-author
INSERT DATA { actor:fixture-author a htkg:NGO }

### person-position-not-a-string
# Violation shape:Person-position sh:OrConstraintComponent actor:fixture-author
INSERT DATA { actor:fixture-author htkg:positionTitle place:AZ }

### organisation-part-of-a-place
# Violation shape:Organisation-parent sh:ClassConstraintComponent actor:fixture-ministry
INSERT DATA { actor:fixture-ministry org:subOrganizationOf place:AZ }

### place-without-label
# Violation shape:Place-label sh:MinCountConstraintComponent place:baku
DELETE WHERE { place:baku rdfs:label ?l }

### place-located-in-an-actor
# Violation shape:Place-located-in sh:ClassConstraintComponent place:baku
INSERT DATA { place:baku htkg:locatedIn actor:fixture-government }

### country-code-lower-case
# Violation shape:Country-code sh:PatternConstraintComponent place:TR
DELETE { place:TR htkg:iso3166Code ?c } INSERT { place:TR htkg:iso3166Code "tr" } WHERE { place:TR htkg:iso3166Code ?c }

#################################################################
# Legal instruments
#################################################################

### instrument-without-label
# Violation shape:LegalInstrument-label sh:MinCountConstraintComponent law:fixture-trafficking-law
DELETE WHERE { law:fixture-trafficking-law rdfs:label ?l }

### instrument-of-no-kind
# Violation shape:LegalInstrument-kind sh:QualifiedMinCountConstraintComponent law:fixture-trafficking-law
DELETE { law:fixture-trafficking-law a htkg:Law } INSERT { law:fixture-trafficking-law a htkg:LegalInstrument } WHERE { }

### instrument-without-date
# Warning shape:LegalInstrumentDate sh:OrConstraintComponent law:fixture-trafficking-law
DELETE WHERE { law:fixture-trafficking-law htkg:dateAdopted ?d }

### instrument-date-as-string
# Violation shape:LegalInstrument-date-form sh:OrConstraintComponent law:fixture-trafficking-law
DELETE { law:fixture-trafficking-law htkg:dateAdopted ?d } INSERT { law:fixture-trafficking-law htkg:dateAdopted "28 June 2005" }
WHERE { law:fixture-trafficking-law htkg:dateAdopted ?d }

### instrument-adopted-twice
# Violation shape:LegalInstrument-adopted sh:MaxCountConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:dateAdopted "2006"^^xsd:gYear }

### instrument-implements-an-actor
# Violation shape:LegalInstrument-links sh:ClassConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:implements actor:fixture-government }

### instrument-provision-not-a-provision
# Violation shape:LegalInstrument-provision sh:ClassConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:hasProvision law:fixture-trafficking-law }

### instrument-issued-by-a-place
# Violation shape:LegalInstrument-issuer sh:ClassConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:issuedBy place:AZ }

### instrument-jurisdiction-an-actor
# Violation shape:LegalInstrument-jurisdiction sh:ClassConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:jurisdiction actor:fixture-government }

### instrument-criminalises-a-group
# Violation shape:LegalInstrument-criminalises sh:NodeConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:criminalises cpt:children }

#################################################################
# Events
#################################################################

### event-without-time
# Violation shape:Event-time sh:MinCountConstraintComponent event:mini2013-statistics-2010
DELETE WHERE { event:mini2013-statistics-2010 htkg:time ?t }

### event-time-a-year-literal
# Violation shape:Event-time sh:ClassConstraintComponent event:mini2013-statistics-2010
DELETE { event:mini2013-statistics-2010 htkg:time ?t } INSERT { event:mini2013-statistics-2010 htkg:time "2010"^^xsd:gYear }
WHERE { event:mini2013-statistics-2010 htkg:time ?t }

### event-place-an-actor
# Violation shape:Event-place sh:ClassConstraintComponent event:mini2013-statistics-2010
INSERT DATA { event:mini2013-statistics-2010 htkg:place actor:fixture-ministry }

### event-organiser-a-place
# Violation shape:Event-participant sh:ClassConstraintComponent event:mini2013-statistics-2010
INSERT DATA { event:mini2013-statistics-2010 htkg:organiser place:AZ }

### event-part-of-a-law
# Violation shape:Event-part-of sh:ClassConstraintComponent event:mini2013-statistics-2010
INSERT DATA { event:mini2013-statistics-2010 htkg:partOfEvent law:fixture-trafficking-law }

### event-without-label
# Warning shape:Event-label sh:MinCountConstraintComponent event:mini2013-statistics-2010
DELETE WHERE { event:mini2013-statistics-2010 rdfs:label ?l }

#################################################################
# Routes
#################################################################

### route-without-origin
# Violation shape:Route-origin sh:MinCountConstraintComponent route:mini2013-az-tr-women
DELETE WHERE { route:mini2013-az-tr-women htkg:origin ?o }

### route-without-destination
# Violation shape:Route-destination sh:MinCountConstraintComponent route:mini2013-az-tr-women
DELETE WHERE { route:mini2013-az-tr-women htkg:destination ?d }

### route-destination-not-a-place
# Violation shape:Route-destination sh:ClassConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women htkg:destination cpt:destination }

### route-transit-not-a-place
# Violation shape:Route-transit sh:ClassConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women htkg:transit actor:fixture-government }

### route-to-where-it-starts
# Violation shape:RouteDistinctPlaces sh:OrConstraintComponent route:mini2013-az-tr-women
DELETE { route:mini2013-az-tr-women htkg:destination ?d } INSERT { route:mini2013-az-tr-women htkg:destination place:AZ }
WHERE { route:mini2013-az-tr-women htkg:destination ?d }

### route-internal-false-to-where-it-starts
# Violation shape:RouteDistinctPlaces sh:OrConstraintComponent route:mini2013-rural-baku
DELETE { route:mini2013-rural-baku htkg:destination ?d ; htkg:internal ?i } INSERT { route:mini2013-rural-baku htkg:destination place:rural-azerbaijan ; htkg:internal false }
WHERE { route:mini2013-rural-baku htkg:destination ?d ; htkg:internal ?i }

### route-without-exploitation-form
# Violation shape:Route-exploitation-form sh:MinCountConstraintComponent route:mini2013-az-tr-women
DELETE WHERE { route:mini2013-az-tr-women htkg:exploitationForm ?f }

### route-unknown-victim-group
# Violation shape:Route-victim-group sh:NodeConstraintComponent route:mini2013-az-tr-women
# Violation shape:VictimGroupValue sh:NodeConstraintComponent cpt:fraud
INSERT DATA { route:mini2013-az-tr-women htkg:victimGroup cpt:fraud }

### route-internal-twice
# Violation shape:Route-internal sh:MaxCountConstraintComponent route:mini2013-rural-baku
INSERT DATA { route:mini2013-rural-baku htkg:internal false }

### route-period-a-literal
# Violation shape:Route-period sh:ClassConstraintComponent route:mini2013-az-tr-women
# Violation shape:Period-type sh:HasValueConstraintComponent "2010"
# Violation shape:Period-bounded sh:OrConstraintComponent "2010"
# Warning shape:Period-label sh:MinCountConstraintComponent "2010"
INSERT DATA { route:mini2013-az-tr-women htkg:period "2010" }

### route-unknown-recruitment
# Violation shape:Route-recruitment sh:NodeConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women htkg:recruitmentMeans cpt:women }

### route-ages-swapped
# Violation shape:Route-age sh:LessThanOrEqualsConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women htkg:ageMin 30 ; htkg:ageMax 16 }

### route-without-label
# Warning shape:Route-label sh:MinCountConstraintComponent route:mini2013-az-tr-women
DELETE WHERE { route:mini2013-az-tr-women rdfs:label ?l }

#################################################################
# Facilities, documents, citations, discrepancies
#################################################################

### facility-without-label
# Violation shape:Facility-label sh:MinCountConstraintComponent facility:fixture-shelter
DELETE WHERE { facility:fixture-shelter rdfs:label ?l }

### document-without-title
# Violation shape:Document-label sh:MinCountConstraintComponent doc:fixture-ministry-annual-report-2010
DELETE WHERE { doc:fixture-ministry-annual-report-2010 dcterms:title ?t }

### document-issued-as-string
# Violation shape:Document-issued sh:OrConstraintComponent doc:fixture-ministry-annual-report-2010
DELETE { doc:fixture-ministry-annual-report-2010 dcterms:issued ?d } INSERT { doc:fixture-ministry-annual-report-2010 dcterms:issued "May 2011" }
WHERE { doc:fixture-ministry-annual-report-2010 dcterms:issued ?d }

### document-url-as-string
# Warning shape:Document-url sh:OrConstraintComponent doc:fixture-ministry-annual-report-2010
DELETE { doc:fixture-ministry-annual-report-2010 schema:url ?u } INSERT { doc:fixture-ministry-annual-report-2010 schema:url "https://example.org/annual-report-2010" }
WHERE { doc:fixture-ministry-annual-report-2010 schema:url ?u }

### source-document-without-title
# Violation shape:SourceDocument-title sh:MinCountConstraintComponent doc:mini-2013
DELETE WHERE { doc:mini-2013 dcterms:title ?t }

### source-document-created-by-a-string
# Violation shape:SourceDocument-creator sh:ClassConstraintComponent doc:mini-2013
# Violation shape:PublicRole sh:OrConstraintComponent actor:fixture-author
DELETE { doc:mini-2013 dcterms:creator ?c } INSERT { doc:mini-2013 dcterms:creator "Fixture Author" }
WHERE { doc:mini-2013 dcterms:creator ?c }

### source-document-without-date
# Violation shape:SourceDocument-issued sh:MinCountConstraintComponent doc:mini-2013
DELETE WHERE { doc:mini-2013 dcterms:issued ?d }

### source-document-text-file-a-path
# Violation shape:SourceDocument-text-file sh:PatternConstraintComponent doc:mini-2013
DELETE { doc:mini-2013 htkg:textFile ?f } INSERT { doc:mini-2013 htkg:textFile "/home/me/mini-2013.txt" }
WHERE { doc:mini-2013 htkg:textFile ?f }

### source-document-short-checksum
# Violation shape:SourceDocument-checksum sh:PatternConstraintComponent doc:mini-2013
DELETE { doc:mini-2013 htkg:sha256 ?h } INSERT { doc:mini-2013 htkg:sha256 "13dc31ad" }
WHERE { doc:mini-2013 htkg:sha256 ?h }

### source-document-without-rights
# Violation shape:SourceDocument-rights sh:MinCountConstraintComponent doc:mini-2013
DELETE WHERE { doc:mini-2013 dcterms:accessRights ?r }

### source-document-rights-from-another-scheme
# Violation shape:SourceDocument-rights sh:NodeConstraintComponent doc:mini-2013
DELETE { doc:mini-2013 dcterms:accessRights ?r } INSERT { doc:mini-2013 dcterms:accessRights cpt:women }
WHERE { doc:mini-2013 dcterms:accessRights ?r }

### source-document-with-two-rights
# Violation shape:SourceDocument-rights sh:MaxCountConstraintComponent doc:mini-2013
INSERT DATA { doc:mini-2013 dcterms:accessRights cpt:all-rights-reserved }

### source-document-under-an-open-licence
DELETE { doc:mini-2013 dcterms:accessRights ?r } INSERT { doc:mini-2013 dcterms:accessRights cpt:open-licence }
WHERE { doc:mini-2013 dcterms:accessRights ?r }

### citation-without-footnote
# Violation shape:Citation-footnote sh:MinCountConstraintComponent cite:mini2013-fn1
DELETE WHERE { cite:mini2013-fn1 htkg:footnote ?n }

### citation-footnote-zero
# Violation shape:Citation-footnote sh:MinInclusiveConstraintComponent cite:mini2013-fn1
DELETE { cite:mini2013-fn1 htkg:footnote ?n } INSERT { cite:mini2013-fn1 htkg:footnote 0 } WHERE { cite:mini2013-fn1 htkg:footnote ?n }

### citation-without-citing-document
# Violation shape:Citation-citing sh:MinCountConstraintComponent cite:mini2013-fn1
DELETE WHERE { cite:mini2013-fn1 htkg:citingDocument ?d }

### citation-of-two-works
# Violation shape:Citation-cited sh:MaxCountConstraintComponent cite:mini2013-fn1
INSERT DATA { cite:mini2013-fn1 htkg:citedWork doc:mini-2013 }

### citation-pages-twice
# Violation shape:Citation-pages sh:MaxCountConstraintComponent cite:mini2013-fn1
INSERT DATA { cite:mini2013-fn1 htkg:pages "p. 6" }

### citation-accessed-as-string
# Violation shape:Citation-accessed sh:DatatypeConstraintComponent cite:mini2013-fn1
DELETE { cite:mini2013-fn1 htkg:accessed ?d } INSERT { cite:mini2013-fn1 htkg:accessed "11 October 2012" } WHERE { cite:mini2013-fn1 htkg:accessed ?d }

### citation-without-anchor
# Warning shape:Citation-anchor sh:MinCountConstraintComponent cite:mini2013-fn1
DELETE WHERE { cite:mini2013-fn1 htkg:textAnchor ?a }

### discrepancy-of-one-claim
# Violation shape:Discrepancy-involves sh:MinCountConstraintComponent disc:mini2013-origin-vs-count
DELETE WHERE { disc:mini2013-origin-vs-count htkg:involves claim:mini2013-az-origin }

### discrepancy-involving-a-place
# Violation shape:Discrepancy-involves sh:ClassConstraintComponent disc:mini2013-origin-vs-count
INSERT DATA { disc:mini2013-origin-vs-count htkg:involves place:AZ }

### discrepancy-without-kind
# Violation shape:Discrepancy-kind sh:MinCountConstraintComponent disc:mini2013-origin-vs-count
DELETE WHERE { disc:mini2013-origin-vs-count htkg:discrepancyKind ?k }

### discrepancy-unknown-kind
# Violation shape:Discrepancy-kind sh:NodeConstraintComponent disc:mini2013-origin-vs-count
INSERT DATA { disc:mini2013-origin-vs-count htkg:discrepancyKind cpt:doubts }

### discrepancy-without-label
# Violation shape:Discrepancy-label sh:MinCountConstraintComponent disc:mini2013-origin-vs-count
DELETE WHERE { disc:mini2013-origin-vs-count rdfs:label ?l }

### discrepancy-without-description
# Warning shape:Discrepancy-description sh:MinCountConstraintComponent disc:mini2013-origin-vs-count
DELETE WHERE { disc:mini2013-origin-vs-count dcterms:description ?c }

#################################################################
# Privacy: every person has a public role stated in a source
#################################################################

### public-official-named-as-expert
DELETE { claim:mini2013-official-public-office htkg:object ?o } INSERT { claim:mini2013-official-public-office htkg:object cpt:expert }
WHERE { claim:mini2013-official-public-office htkg:object ?o }

### convicted-official-reported-by-the-government
INSERT DATA { claim:mini2013-official-convicted a htkg:Claim ; htkg:claimant actor:fixture-government ;
    htkg:about actor:fixture-official ; htkg:predicate htkg:publicRole ; htkg:object cpt:convicted-official ;
    htkg:textAnchor <https://w3id.org/htkg/id/claim/mini2013-official-public-office/anchor> ; dcterms:source doc:mini-2013 .
  event:mini2013-conviction a htkg:Conviction ; rdfs:label "conviction of an official"@en ; htkg:time period:2010 ;
    htkg:agent actor:fixture-government ; htkg:affected actor:fixture-official }

### person-without-public-role
# Violation shape:PublicRole sh:OrConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a htkg:Person ; rdfs:label "Aysel Mammadova" }

### named-victim-typed-as-plain-actor
# Violation shape:PublicRole sh:OrConstraintComponent actor:victim-x
# Warning shape:Actor-kind sh:QualifiedMinCountConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a htkg:Actor ; rdfs:label "Aysel Mammadova" }

### untyped-contributor-of-a-cited-work
# Violation shape:PublicRole sh:OrConstraintComponent <https://example.org/aysel-mammadova>
INSERT DATA { doc:fixture-ministry-annual-report-2010 dcterms:contributor <https://example.org/aysel-mammadova> }

### named-person-affected-by-an-ordinary-event
# Violation shape:PublicRole sh:OrConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a htkg:Person ; rdfs:label "Aysel Mammadova" .
  event:mini2013-statistics-2010 htkg:affected actor:victim-x }

### named-victim-typed-as-group-affected-by-an-ordinary-event
# Violation shape:AffectedPrivacy sh:OrConstraintComponent event:mini2013-statistics-2010
INSERT DATA { actor:victim-x a htkg:Group ; rdfs:label "Aysel Mammadova" .
  event:mini2013-statistics-2010 htkg:affected actor:victim-x }

### named-victim-typed-as-group-referred
# Violation shape:ReferralPrivacy sh:MaxCountConstraintComponent event:mini2013-referral
# Violation shape:AffectedPrivacy sh:OrConstraintComponent event:mini2013-referral
INSERT DATA { actor:victim-x a htkg:Group ; rdfs:label "Aysel Mammadova" .
  event:mini2013-referral a htkg:VictimReferral ; rdfs:label "referral" ; htkg:time period:2010 ;
    htkg:affected actor:victim-x }

### named-victim-typed-as-group-counted
# Violation shape:ClaimPrivacy sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:about ?a } INSERT { claim:mini2013-victims-2010 htkg:about actor:victim-x .
  actor:victim-x a htkg:Group ; rdfs:label "Aysel Mammadova" }
WHERE { claim:mini2013-victims-2010 htkg:about ?a }

### named-victim-typed-as-group-with-an-age
# Violation shape:VictimAttributeHolder sh:OrConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a htkg:Group ; rdfs:label "Aysel Mammadova" ; htkg:ageMin 16 ; htkg:ageMax 16 }

### public-role-negated
# Violation shape:PublicRole sh:OrConstraintComponent actor:fixture-official
INSERT DATA { claim:mini2013-official-public-office htkg:negated true }

### public-role-only-a-position-title
# Violation shape:PublicRole sh:OrConstraintComponent actor:fixture-official
DELETE { claim:mini2013-official-public-office htkg:predicate ?p ; htkg:object ?o }
INSERT { claim:mini2013-official-public-office htkg:predicate htkg:positionTitle ; htkg:object "Deputy Minister" }
WHERE { claim:mini2013-official-public-office htkg:predicate ?p ; htkg:object ?o }

### public-role-not-a-public-role
# Violation shape:PublicRole sh:OrConstraintComponent actor:fixture-official
DELETE { claim:mini2013-official-public-office htkg:object ?o } INSERT { claim:mini2013-official-public-office htkg:object cpt:women }
WHERE { claim:mini2013-official-public-office htkg:object ?o }

### convicted-official-on-the-word-of-an-author
# Violation shape:ConvictedOfficialSource sh:OrConstraintComponent claim:mini2013-official-public-office
DELETE { claim:mini2013-official-public-office htkg:object ?o } INSERT { claim:mini2013-official-public-office htkg:object cpt:convicted-official }
WHERE { claim:mini2013-official-public-office htkg:object ?o }

### person-arrested-by-name
# Violation shape:OffenderPrivacy sh:OrConstraintComponent event:mini2013-arrests
INSERT DATA { event:mini2013-arrests htkg:affected actor:fixture-official }

#################################################################
# Privacy: what an adversarial curator could write to record a victim as a person
#################################################################

### person-with-victim-group
# Violation shape:PersonPrivacy-attributes sh:MaxCountConstraintComponent actor:victim-x
# Violation shape:VictimAttributeHolder sh:OrConstraintComponent actor:victim-x
# Violation shape:PublicRole sh:OrConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a htkg:Person ; rdfs:label "X" ; htkg:victimGroup cpt:girls }

### person-with-an-age
# Violation shape:PersonPrivacy-attributes sh:MaxCountConstraintComponent actor:victim-x
# Violation shape:VictimAttributeHolder sh:OrConstraintComponent actor:victim-x
# Violation shape:PublicRole sh:OrConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a htkg:Person ; rdfs:label "X" ; htkg:ageMin 15 ; htkg:ageMax 15 }

### foaf-person-with-birth-date
# Violation shape:PersonPrivacy-attributes sh:MaxCountConstraintComponent actor:victim-x
# Violation shape:PublicRole sh:OrConstraintComponent actor:victim-x
INSERT DATA { actor:victim-x a foaf:Person ; foaf:name "X" ; schema:birthDate "1990-01-01"^^xsd:date }

### schema-person-with-exploitation-form
# Violation shape:PersonPrivacy-attributes sh:MaxCountConstraintComponent <https://example.org/victim-x>
# Violation shape:PublicRole sh:OrConstraintComponent <https://example.org/victim-x>
INSERT DATA { <https://example.org/victim-x> a schema:Person ; htkg:exploitationForm cpt:sexual-exploitation }

### person-as-victim-group
# Violation shape:PersonPrivacy-group sh:MaxCountConstraintComponent actor:fixture-author
# Violation shape:VictimGroupValue sh:NodeConstraintComponent actor:fixture-author
# Violation shape:Route-victim-group sh:NodeConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women htkg:victimGroup actor:fixture-author }

### untyped-victim-record
# Violation shape:VictimAttributeHolder sh:OrConstraintComponent <https://example.org/victim-y>
INSERT DATA { <https://example.org/victim-y> htkg:victimGroup cpt:women ; htkg:victimNationality place:AZ }

### victim-count-in-non-count-unit
# Violation shape:VictimQuantity sh:OrConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q htkg:unit ?u } INSERT { ?q htkg:unit cpt:cases }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q htkg:unit ?u }

### exact-victim-age
# Warning shape:VictimAge-range sh:OrConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
DELETE { ?q schema:value ?v ; htkg:indicator ?i ; htkg:unit ?u }
INSERT { ?q schema:value 15 ; htkg:indicator cpt:victim-age ; htkg:unit cpt:years-of-age }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v ; htkg:indicator ?i ; htkg:unit ?u }

### victim-count-about-a-person
# Violation shape:ClaimPrivacy sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:about ?a } INSERT { claim:mini2013-victims-2010 htkg:about actor:fixture-author }
WHERE { claim:mini2013-victims-2010 htkg:about ?a }

### victim-count-about-an-organisation
# Violation shape:ClaimPrivacy sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:about ?a } INSERT { claim:mini2013-victims-2010 htkg:about actor:fixture-ministry }
WHERE { claim:mini2013-victims-2010 htkg:about ?a }

### victim-group-claimed-of-a-person
# Violation shape:ClaimPrivacy sh:NotConstraintComponent claim:mini2013-az-origin
# Violation shape:PersonPrivacy-attributes sh:MaxCountConstraintComponent actor:fixture-author
# Violation shape:VictimAttributeHolder sh:OrConstraintComponent actor:fixture-author
DELETE { claim:mini2013-az-origin htkg:about ?a ; htkg:predicate ?p ; htkg:object ?o }
INSERT { claim:mini2013-az-origin htkg:about actor:fixture-author ; htkg:predicate htkg:victimGroup ; htkg:object cpt:girls }
WHERE { claim:mini2013-az-origin htkg:about ?a ; htkg:predicate ?p ; htkg:object ?o }

### person-referred-as-victim
# Violation shape:ReferralPrivacy sh:MaxCountConstraintComponent event:mini2013-referral
INSERT DATA { event:mini2013-referral a htkg:VictimReferral ; rdfs:label "referral" ; htkg:time period:2010 ;
  htkg:affected actor:fixture-author }

### shelter-referred-to-by-name
# Violation shape:ReferralPrivacy sh:MaxCountConstraintComponent event:mini2013-referral
INSERT DATA { event:mini2013-referral a htkg:VictimReferral ; rdfs:label "referral" ; htkg:time period:2010 ;
  htkg:attendee actor:fixture-ministry }

#################################################################
# Privacy: counts of victims stay aggregates
#################################################################

### small-count-about-the-country
DELETE { ?q schema:value ?v } INSERT { ?q schema:value 2 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### count-of-three-with-destination-and-ages
DELETE { ?q schema:value ?v } INSERT { ?q schema:value 3 ; htkg:destination place:TR ; htkg:ageMin 15 ; htkg:ageMax 17 }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### count-of-one-with-exact-age-and-destination
# Violation shape:VictimCountThreshold sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { ?q schema:value ?v } INSERT { ?q schema:value 1 ; htkg:ageMin 15 ; htkg:ageMax 15 ; htkg:destination place:TR }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### count-of-two-with-destination
# Violation shape:VictimCountThreshold sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { ?q schema:value ?v } INSERT { ?q schema:value 2 ; htkg:destination place:TR }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### count-up-to-two-with-origin
# Violation shape:VictimCountThreshold sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { ?q schema:value ?v } INSERT { ?q schema:maxValue 2 ; htkg:origin place:AZ }
WHERE { claim:mini2013-victims-2010 htkg:quantity ?q . ?q schema:value ?v }

### count-of-one-on-a-route
# Violation shape:VictimCountThreshold sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:about ?a . ?q schema:value ?v }
INSERT { claim:mini2013-victims-2010 htkg:about route:mini2013-az-tr-women . ?q schema:value 1 }
WHERE { claim:mini2013-victims-2010 htkg:about ?a ; htkg:quantity ?q . ?q schema:value ?v }

### count-of-one-in-a-city
# Violation shape:VictimCountThreshold sh:NotConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:about ?a . ?q schema:value ?v }
INSERT { claim:mini2013-victims-2010 htkg:about place:baku . ?q schema:value 1 }
WHERE { claim:mini2013-victims-2010 htkg:about ?a ; htkg:quantity ?q . ?q schema:value ?v }

#################################################################
# Privacy: what is said of victims names no one and gives no address
#################################################################

### named-victim-quantity
# Violation shape:QuantityClosed sh:ClosedConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q foaf:name "X" } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### comment-on-a-victim-quantity
# Violation shape:QuantityClosed sh:ClosedConstraintComponent <https://w3id.org/htkg/id/claim/mini2013-victims-2010/quantity>
INSERT { ?q rdfs:comment "Aysel Mammadova, 15, of Ganja" } WHERE { claim:mini2013-victims-2010 htkg:quantity ?q }

### route-of-one-person
# Violation shape:RouteClosed sh:ClosedConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women schema:about actor:fixture-author }

### route-with-a-participant
# Violation shape:RouteClosed sh:ClosedConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women prov:wasAssociatedWith actor:fixture-ministry }

### route-comment-on-street-children
INSERT DATA { route:mini2013-az-tr-women rdfs:comment "including street children from 12 to 16 years of age, 3 of them from Baku"@en }

### address-in-a-route-comment
# Violation shape:VictimText-address sh:NotConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women rdfs:comment "recruited at 12 Nizami Street, Baku"@en }

### address-in-a-qualifier
# Violation shape:VictimText-address sh:NotConstraintComponent claim:mini2013-victims-2010
INSERT DATA { claim:mini2013-victims-2010 htkg:qualifier "all from Nizami küçəsi 12" }

### address-in-a-shelter-label
# Violation shape:VictimText-address sh:NotConstraintComponent facility:fixture-shelter
DELETE { facility:fixture-shelter rdfs:label ?l } INSERT { facility:fixture-shelter rdfs:label "shelter for victims, apartment No. 4"@en }
WHERE { facility:fixture-shelter rdfs:label ?l }

#################################################################
# Mentions, recommendations, reasons, releases, open lists, inferences (shapes/annotations.ttl)
#################################################################

### mention-without-body
# Violation shape:Mention-body sh:MinCountConstraintComponent mention:mini-2013-fixture-ministry
DELETE WHERE { mention:mini-2013-fixture-ministry oa:hasBody ?b }

### mention-naming-two-entities
# Violation shape:Mention-body sh:MaxCountConstraintComponent mention:mini-2013-fixture-ministry
INSERT DATA { mention:mini-2013-fixture-ministry oa:hasBody actor:fixture-government }

### mention-without-anchor
# Violation shape:Mention-anchor sh:MinCountConstraintComponent mention:mini-2013-fixture-ministry
# Violation shape:Mention-source sh:MinCountConstraintComponent mention:mini-2013-fixture-ministry
DELETE { mention:mini-2013-fixture-ministry htkg:textAnchor ?a ; dcterms:source ?d }
WHERE { mention:mini-2013-fixture-ministry htkg:textAnchor ?a ; dcterms:source ?d }

### mention-in-a-document-that-is-not-a-source
# Violation shape:Mention-source sh:ClassConstraintComponent mention:mini-2013-fixture-ministry
DELETE { mention:mini-2013-fixture-ministry dcterms:source ?d } INSERT { mention:mini-2013-fixture-ministry dcterms:source doc:fixture-ministry-annual-report-2010 }
WHERE { mention:mini-2013-fixture-ministry dcterms:source ?d }

### recommendation-without-addressee
# Violation shape:RecommendationClaim-addressee sh:MinCountConstraintComponent claim:mini2013-recommendation-implement-law
DELETE WHERE { claim:mini2013-recommendation-implement-law htkg:addressee ?a }

### recommendation-addressed-to-a-place
# Violation shape:RecommendationClaim-addressee sh:ClassConstraintComponent claim:mini2013-recommendation-implement-law
# Violation shape:Addressee sh:ClassConstraintComponent claim:mini2013-recommendation-implement-law
DELETE { claim:mini2013-recommendation-implement-law htkg:addressee ?a } INSERT { claim:mini2013-recommendation-implement-law htkg:addressee place:AZ }
WHERE { claim:mini2013-recommendation-implement-law htkg:addressee ?a }

### recommendation-as-a-finding
# Violation shape:RecommendationClaim-predicate sh:HasValueConstraintComponent claim:mini2013-recommendation-implement-law
# Violation shape:RecommendationClaim-action sh:NodeConstraintComponent claim:mini2013-recommendation-implement-law
DELETE { claim:mini2013-recommendation-implement-law htkg:predicate ?p ; htkg:object ?o }
INSERT { claim:mini2013-recommendation-implement-law htkg:predicate htkg:finding ; htkg:object cpt:efforts-initial-stage }
WHERE { claim:mini2013-recommendation-implement-law htkg:predicate ?p ; htkg:object ?o }

### addressee-of-a-finding-is-an-actor
# Violation shape:Addressee sh:ClassConstraintComponent claim:mini2013-az-origin
INSERT DATA { claim:mini2013-az-origin htkg:addressee place:TR }

### reason-that-is-not-a-claim
# Violation shape:ReasonFor sh:ClassConstraintComponent route:mini2013-az-tr-women
# Violation shape:RouteClosed sh:ClosedConstraintComponent route:mini2013-az-tr-women
INSERT DATA { route:mini2013-az-tr-women htkg:reasonFor claim:mini2013-az-origin }

### reason-for-something-that-is-not-a-claim
# Violation shape:ReasonFor-claim sh:ClassConstraintComponent claim:mini2013-route-az-tr
DELETE { claim:mini2013-route-az-tr htkg:reasonFor ?c } INSERT { claim:mini2013-route-az-tr htkg:reasonFor place:AZ }
WHERE { claim:mini2013-route-az-tr htkg:reasonFor ?c }

### released-in-something-that-is-not-an-event
# Violation shape:ReleasedIn-event sh:ClassConstraintComponent claim:mini2013-victims-2010
DELETE { claim:mini2013-victims-2010 htkg:releasedIn ?e } INSERT { claim:mini2013-victims-2010 htkg:releasedIn doc:mini-2013 }
WHERE { claim:mini2013-victims-2010 htkg:releasedIn ?e }

### released-figure-that-is-not-a-claim
# Violation shape:ReleasedIn sh:ClassConstraintComponent law:fixture-trafficking-law
INSERT DATA { law:fixture-trafficking-law htkg:releasedIn event:mini2013-statistics-2010 }

### open-list-as-a-string
# Violation shape:OpenList sh:DatatypeConstraintComponent claim:mini2013-route-az-tr
DELETE { claim:mini2013-route-az-tr htkg:openList ?v } INSERT { claim:mini2013-route-az-tr htkg:openList "yes" }
WHERE { claim:mini2013-route-az-tr htkg:openList ?v }

### inference-without-value
# Violation shape:Inference-value sh:MinCountConstraintComponent <https://w3id.org/htkg/id/route/mini2013-rural-baku/inference>
DELETE { ?i htkg:inferredValue ?v } WHERE { route:mini2013-rural-baku htkg:inference ?i . ?i htkg:inferredValue ?v }

### inference-resting-on-nothing
# Violation shape:Inference-restsOn sh:MinCountConstraintComponent <https://w3id.org/htkg/id/route/mini2013-rural-baku/inference>
DELETE { ?i htkg:restsOn ?v } WHERE { route:mini2013-rural-baku htkg:inference ?i . ?i htkg:restsOn ?v }

### inference-resting-on-a-string
# Violation shape:Inference-restsOn sh:NodeKindConstraintComponent <https://w3id.org/htkg/id/route/mini2013-rural-baku/inference>
INSERT { ?i htkg:restsOn "general knowledge" } WHERE { route:mini2013-rural-baku htkg:inference ?i }

### inference-without-note
# Violation shape:Inference-note sh:MinCountConstraintComponent <https://w3id.org/htkg/id/route/mini2013-rural-baku/inference>
DELETE { ?i skos:editorialNote ?v } WHERE { route:mini2013-rural-baku htkg:inference ?i . ?i skos:editorialNote ?v }

### inference-untyped
# (untyped, it is not attributed to the curators either: the build attributes what is typed htkg:Inference)
# Violation shape:InferenceHolder sh:ClassConstraintComponent route:mini2013-rural-baku
DELETE { ?i a htkg:Inference } WHERE { route:mini2013-rural-baku htkg:inference ?i . ?i a htkg:Inference }

### inference-attributed-to-undescribed-curators
# Violation shape:Inference-attributed sh:ClassConstraintComponent <https://w3id.org/htkg/id/route/mini2013-rural-baku/inference>
DELETE WHERE { actor:htkg-curators a ?t }
