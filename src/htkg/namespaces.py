"""The project's IRIs, kept in one place, and the standard vocabularies it reuses."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

#: Every IRI the project mints starts here; change it here and nowhere else.
BASE = "https://w3id.org/htkg/"

HTKG = Namespace(BASE + "ontology#")
CPT = Namespace(BASE + "concept/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_IRI = BASE + "ontology"

ACTOR = Namespace(BASE + "id/actor/")
PLACE = Namespace(BASE + "id/place/")
LAW = Namespace(BASE + "id/instrument/")
EVENT = Namespace(BASE + "id/event/")
ROUTE = Namespace(BASE + "id/route/")
FACILITY = Namespace(BASE + "id/facility/")
CLAIM = Namespace(BASE + "id/claim/")
DOC = Namespace(BASE + "id/document/")
CITE = Namespace(BASE + "id/citation/")
PERIOD = Namespace(BASE + "id/period/")
DISC = Namespace(BASE + "id/discrepancy/")
MENTION = Namespace(BASE + "id/mention/")
GENID = Namespace(BASE + ".well-known/genid/")

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VANN = Namespace("http://purl.org/vocab/vann/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")
#: RDF4J's (Sesame's) vocabulary of inferred statements: sesame:directType, a node's most
#: specific types, as RDF4J and GraphDB infer it.
SESAME = Namespace("http://www.openrdf.org/schema/sesame#")

#: Prefixes bound in every serialization, so exports read the same everywhere.
PREFIXES: dict[str, str] = {
    "htkg": str(HTKG),
    "cpt": str(CPT),
    "actor": str(ACTOR),
    "place": str(PLACE),
    "law": str(LAW),
    "event": str(EVENT),
    "route": str(ROUTE),
    "facility": str(FACILITY),
    "claim": str(CLAIM),
    "doc": str(DOC),
    "cite": str(CITE),
    "period": str(PERIOD),
    "disc": str(DISC),
    "mention": str(MENTION),
    "oa": str(OA),
    "org": str(ORG),
    "time": str(TIME),
    "sem": str(SEM),
    "eli": str(ELI),
    "cito": str(CITO),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "vann": str(VANN),
    "dcat": str(DCAT),
    "void": str(VOID),
    "wd": str(WD),
    "sesame": str(SESAME),
}

#: Namespaces whose every term must be declared in ontology/ (the typo guard).
DECLARED_NAMESPACES = (str(HTKG), str(CPT))


def turtle_prefixes() -> str:
    """The project's prefixes as Turtle `@prefix` lines, for files written by code (fixtures,
    the benchmark's generator): one list of prefixes, kept here."""
    width = max(len(p) for p in PREFIXES) + 2
    return "".join(f"@prefix {p + ':':<{width}}<{iri}> .\n" for p, iri in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib Graph or Dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
