"""The dataset description a portal harvests: DCAT-AP (2.1.1, what data.europa.eu harvests, and
3.0.1) for the catalogue, the dataset and one distribution per format, plus VoID statistics
(counts, class and property partitions, vocabularies, example resources, one subset per named
graph). The hand-written part (title, publisher, contact, licence, themes...) is
`data/dataset.ttl`; everything else is computed from the built data with SPARQL, so it cannot
drift from the data. Dates come from the data (the day each named graph last changed, the
ontology's dates), never from the clock, so the description is byte-identical for the same input.

Each distribution gives its size and checksum in the form its DCAT-AP version accepts, which
differ: 3.0.1 wants dcat:byteSize as xsd:nonNegativeInteger and any SPDX algorithm, 2.1.1 wants
xsd:decimal and SHA-1 only. `profile` chooses; a release writes both descriptions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

from .errors import InputError
from .namespaces import BASE, DCAT, GRAPH, HTKG, ONTOLOGY_IRI, SESAME, VOID
from .project import Project
from .serialize import EXTENSIONS, FORMATS, MEDIA_TYPES, header_for, quads_of, serialize_quads

__all__ = [
    "Description",
    "describe",
    "void_counts",
    "CATALOG",
    "DATASET",
    "DESCRIPTION_PREFIXES",
    "metadata_template",
    "codelist_extract",
    "data_dates",
    "data_version",
    "FileFacts",
    "PROFILES",
    "rights_statement",
]

CATALOG = URIRef(BASE + "catalog")
DATASET = URIRef(BASE + "dataset")
SHAPES_IRI = URIRef(BASE + "shapes")
LANDING_PAGE = BASE
#: VoID entities are the resources the project mints under this space (not ontology terms).
URI_SPACE = BASE + "id/"

EU = "http://publications.europa.eu/resource/authority/"
DCATAP_NS = "http://data.europa.eu/r5r/"
VCARD_NS = "http://www.w3.org/2006/vcard/ns#"
SD_NS = "http://www.w3.org/ns/sparql-service-description#"
SPDX_NS = "http://spdx.org/rdf/terms#"
ADMS_NS = "http://www.w3.org/ns/adms#"
DESCRIPTION_PREFIXES = {"dcatap": DCATAP_NS, "vcard": VCARD_NS, "spdx": SPDX_NS, "adms": ADMS_NS,
                        "eu-licence": EU + "licence/", "eu-filetype": EU + "file-type/"}

#: The DCAT-AP versions a description can be written for, and how each wants a file's size and
#: checksum: the datatype of dcat:byteSize and the SPDX checksum algorithm (2.1.1 admits SHA-1
#: only; 3.0.1 admits any SPDX algorithm, and SHA-256 is the one SHA256SUMS uses).
PROFILES = {
    "3.0.1": {"byte_size": XSD.nonNegativeInteger, "algorithm": "sha256"},
    "2.1.1": {"byte_size": XSD.decimal, "algorithm": "sha1"},
}

#: The EU file-type code (publications.europa.eu authority table) of each format.
FILE_TYPES = {
    "turtle": "RDF_TURTLE",
    "trig": "RDF_TRIG",
    "ntriples": "RDF_N_TRIPLES",
    "nquads": "RDF_N_QUADS",
    "jsonld": "JSON_LD",
}
#: The formats' names, which are also the local names of their W3C format IRIs
#: (http://www.w3.org/ns/formats/Turtle ...) used for void:feature.
FORMAT_NAMES = {"turtle": "Turtle", "trig": "TriG", "ntriples": "N-Triples", "nquads": "N-Quads", "jsonld": "JSON-LD"}
FORMAT_NOTES = {
    "turtle": "all named graphs merged into one graph",
    "ntriples": "all named graphs merged into one graph",
    "trig": "one named graph per source document, plus reference data, discrepancies, ontology and derived triples",
    "nquads": "one named graph per source document, plus reference data, discrepancies, ontology and derived triples",
    "jsonld": "the named graphs as JSON-LD @graph objects",
}
AVAILABILITY = URIRef(EU + "planned-availability/STABLE")
IANA = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class FileFacts:
    """What a description says of a file: its size and digests."""

    size: int
    sha256: str
    sha1: str

    @classmethod
    def of(cls, data: bytes) -> "FileFacts":
        return cls(len(data), hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest())


@dataclass
class Description:
    """A dataset description: its RDF graph and Turtle, and the facts a README repeats."""

    graph: Graph
    turtle: str
    title: str
    summary: str
    version: str
    license: str
    license_label: str
    landing_page: str
    temporal_start: str | None
    temporal_end: str | None
    issued: str | None
    modified: str | None
    triples: int
    counts: dict[str, int] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)
    sources: list[tuple[str, str]] = field(default_factory=list)
    release_base: str = ""
    citation: str = ""
    rights: str = ""
    contact_email: str = ""
    texts: list = field(default_factory=list)
    graph_dates: dict[str, str] = field(default_factory=dict)


def metadata_template() -> Graph:
    """The hand-written part of the description (`data/dataset.ttl`)."""
    graph = Graph()
    graph.parse(data=resources.files("htkg").joinpath("data/dataset.ttl").read_text(encoding="utf-8"), format="turtle")
    return graph


def codelist_extract() -> Graph:
    """Types, schemes and labels of the EU code-list concepts the description uses
    (`data/eu-codelists-extract.ttl`), for validating it offline against DCAT-AP's shapes."""
    graph = Graph()
    graph.parse(data=resources.files("htkg").joinpath("data/eu-codelists-extract.ttl").read_text(encoding="utf-8"), format="turtle")
    return graph


# --------------------------------------------------------------------------- counting


def _store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _scalar(store: ox.Store, query: str) -> int:
    solutions = list(store.query(query))
    value = solutions[0][0] if solutions else None
    return int(value.value) if value is not None else 0


def _rows(store: ox.Store, query: str, *, union: bool = False) -> list[tuple]:
    return [tuple(row) for row in store.query(query, use_default_graph_as_union=union)]


#: The triples of the dataset are the distinct triples of its named graphs (a triple in two
#: graphs counts once), as in the Turtle and N-Triples exports.
_DISTINCT = "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"

VOID_QUERIES = {
    "triples": f"SELECT (COUNT(*) AS ?n) WHERE {_DISTINCT}",
    "entities": f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{URI_SPACE}\")) }}",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


def void_counts(quads: list[ox.Quad]) -> dict[str, int]:
    """VoID's dataset-level counts, by SPARQL over the dataset."""
    store = _store(quads)
    return {name: _scalar(store, query) for name, query in VOID_QUERIES.items()}


# --------------------------------------------------------------------------- the description


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _slug(iri: str) -> str:
    from .namespaces import PREFIXES

    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns) and iri[len(ns):]:
            local = iri[len(ns):]
            return f"{prefix}-{local}".replace("/", "-").replace("#", "-")
    return iri.rstrip("/#").rsplit("/", 1)[-1].replace("#", "-")


def _date(text: str | None) -> Literal | None:
    return Literal(text[:10], datatype=XSD.date) if text else None


def data_dates(store: ox.Store) -> tuple[str | None, str | None, dict[str, str]]:
    """The dates the data records about itself: when it was first issued (the ontology's
    dcterms:created), when it last changed (the latest of the named graphs' own dcterms:modified,
    each stated inside its graph, and the ontology's dates), and each graph's date. Never the
    clock: the same data gives the same dates."""
    rows = _rows(
        store,
        f"""SELECT ?created ?modified WHERE {{ GRAPH ?g {{ <{ONTOLOGY_IRI}> a <{OWL.Ontology}> .
            OPTIONAL {{ <{ONTOLOGY_IRI}> <{DCTERMS.created}> ?created }}
            OPTIONAL {{ <{ONTOLOGY_IRI}> <{DCTERMS.modified}> ?modified }} }} }}
            ORDER BY ?created ?modified""",
    )
    issued = rows[0][0].value[:10] if rows and rows[0][0] is not None else None
    ontology_dates = [r[1].value[:10] for r in rows if r[1] is not None] + ([issued] if issued else [])
    graph_dates: dict[str, str] = {}
    for graph, date in _rows(store, f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g <{DCTERMS.modified}> ?d }} }} ORDER BY ?g ?d"):
        graph_dates[graph.value] = max(graph_dates.get(graph.value, ""), date.value[:10])
    if ontology_dates:
        graph_dates.setdefault(str(GRAPH["ontology"]), max(ontology_dates))
    everything = list(graph_dates.values()) + ontology_dates
    return issued, (max(everything) if everything else None), graph_dates


def data_version(modified: str | None, digest: str) -> str:
    """A data version: the day the data last changed and a short hash of the published content
    (`digest`, hex), so it changes whenever a published byte does, and sorts by date."""
    return f"{modified or '0000-00-00'}-{digest[:8]}"


def _canonical_digest(quads: list[ox.Quad]) -> str:
    """SHA-256 of the dataset as sorted N-Quads (the build names every blank node, so this is
    canonical), for a description made outside a release."""
    lines = sorted(str(q) for q in quads)
    return hashlib.sha256("".join(line + " .\n" for line in lines).encode("utf-8")).hexdigest()


def describe(
    project: Project,
    *,
    quads: list[ox.Quad] | None = None,
    endpoint: str | None = None,
    release_files: list[str] | None = None,
    version: str | None = None,
    file_facts: dict[str, FileFacts] | None = None,
    profile: str = "3.0.1",
    version_notes: str | None = None,
    store: ox.Store | None = None,
) -> Description:
    """Describe the built dataset (read from out/ unless `quads` are given). `endpoint` adds a
    SPARQL endpoint (void:sparqlEndpoint and a DCAT data service); `release_files`, the files of
    the release folder, lets the description point at the ontology documentation and queries.
    `version` is the data version (a release hashes all it publishes; without one, the dataset
    alone is hashed, see `data_version`); `file_facts` gives the size and digests of the dataset
    files (`htkg.<ext>`), which each distribution then states in the form `profile` (a DCAT-AP
    version, see PROFILES) accepts; `version_notes` says what changed since the previous release;
    `store` is the quads already loaded in a pyoxigraph store, when the caller has one."""
    from .serialize import built_quads
    from .rights import source_texts

    if profile not in PROFILES:
        raise ValueError(f"unknown DCAT-AP profile {profile!r}")

    if quads is None:
        quads = built_quads(project)
    if not quads:
        raise InputError("the built dataset is empty", where=project.relative(project.dataset_path), hint="run `htkg build`")
    if store is None:
        store = _store(quads)
    g = metadata_template()
    files = set(release_files or [])

    title = str(g.value(DATASET, DCTERMS.title))
    summary = str(g.value(DATASET, DCTERMS.description))
    license_iri = str(g.value(DATASET, DCTERMS.license))
    license_label = str(codelist_extract().value(URIRef(license_iri), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) or license_iri)

    # Dates and version: from the data, never the clock.
    issued, modified, graph_dates = data_dates(store)
    if version is None:
        version = data_version(modified, _canonical_digest(quads))
    release_base = f"{BASE}release/{version}/"

    # Temporal coverage: the earliest beginning and latest end of the periods claims hold for.
    dates = sorted(
        row[0].value[:10]
        for row in _rows(
            store,
            f"""PREFIX time: <http://www.w3.org/2006/time#>
            SELECT DISTINCT ?d WHERE {{
              ?x <{HTKG.referencePeriod}>|<{HTKG.reportingPeriod}>|<{HTKG.period}> ?period .
              ?period time:hasBeginning|time:hasEnd ?instant .
              ?instant time:inXSDDate ?d }}""",
            union=True,
        )
    )
    temporal_start, temporal_end = (dates[0], dates[-1]) if dates else (None, None)

    counts = {name: _scalar(store, query) for name, query in VOID_QUERIES.items()}
    per_graph = {
        row[0].value: int(row[1].value)
        for row in _rows(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    }
    classes = _rows(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c")
    properties = _rows(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {_DISTINCT} GROUP BY ?p ORDER BY ?p")
    sources = [
        (row[0].value, row[1].value)
        for row in _rows(
            store,
            f"""SELECT ?doc (MIN(STR(?t)) AS ?title) WHERE {{ ?doc a <{HTKG.SourceDocument}> ; <{DCTERMS.title}> ?t }}
            GROUP BY ?doc ORDER BY ?doc""",
            union=True,
        )
    ]
    examples = [
        row[0].value
        for cls in (HTKG.Claim, HTKG.Assessment, HTKG.Route, HTKG.SourceDocument, HTKG.Discrepancy)
        # An instance of the class itself, not of a subclass (the build adds superclass types).
        for row in _rows(store, f"SELECT (MIN(STR(?s)) AS ?x) WHERE {{ ?s <{SESAME.directType}> <{cls}> FILTER(isIRI(?s)) }}", union=True)
        if row[0] is not None
    ]

    # ---- the dataset
    ds = DATASET
    for date_prop, value in ((DCTERMS.issued, issued), (DCTERMS.modified, modified)):
        if value:
            g.add((ds, date_prop, _date(value)))
            g.add((CATALOG, date_prop, _date(value)))
    g.add((ds, OWL.versionInfo, Literal(version)))
    g.add((ds, DCAT.version, Literal(version)))
    if version_notes:
        g.add((ds, URIRef(ADMS_NS + "versionNotes"), Literal(version_notes, lang="en")))
    publisher = g.value(ds, DCTERMS.publisher)
    publisher_name = str(g.value(publisher, FOAF.name) or "htkg project") if publisher is not None else "htkg project"
    citation = f"{publisher_name} ({(modified or '')[:4] or 'n.d.'}). {title} (version {version}) [Data set]. {release_base}"
    g.add((ds, DCTERMS.bibliographicCitation, Literal(citation, lang="en")))

    # Terms: the curated statements under the dataset's licence; quotations and source texts
    # under their own terms, as each source document's record gives them.
    texts = source_texts(store)
    rights_text = rights_statement(license_label, license_iri, texts)
    rights = URIRef(f"{ds}/rights")
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(rights_text, lang="en")))
    for holder in (ds, CATALOG):
        g.add((holder, DCTERMS.rights, rights))
    contact = g.value(ds, DCAT.contactPoint)
    email = g.value(contact, URIRef(VCARD_NS + "hasEmail")) if contact is not None else None
    if temporal_start:
        period = URIRef(f"{ds}/temporal")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, _date(temporal_start)))
        g.add((period, DCAT.endDate, _date(temporal_end)))
    standards = [URIRef(ONTOLOGY_IRI)] + ([SHAPES_IRI] if project.shape_files() else [])
    for standard in standards:
        g.add((ds, DCTERMS.conformsTo, standard))
        g.add((standard, RDF.type, DCTERMS.Standard))
    g.add((URIRef(ONTOLOGY_IRI), DCTERMS.title, Literal("htkg ontology and controlled lists", lang="en")))
    if project.shape_files():
        g.add((SHAPES_IRI, DCTERMS.title, Literal("htkg SHACL shapes: the contract the data conforms to", lang="en")))
    if "ontology.html" in files:
        page = URIRef(release_base + "ontology.html")
        g.add((ds, FOAF.page, page))
        g.add((page, RDF.type, FOAF.Document))
        g.add((page, DCTERMS.title, Literal("Documentation of the htkg ontology", lang="en")))

    # Provenance: the source documents the graph was compiled from.
    provenance = URIRef(f"{ds}/provenance")
    g.add((ds, DCTERMS.provenance, provenance))
    g.add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
    titles = "; ".join(title for _, title in sources) or "no source documents"
    g.add((provenance, RDFS.label, Literal(
        "Compiled by `htkg build` from claims curated by hand from these source documents, each claim with its "
        f"verbatim quote and character offsets in the document's text: {titles}.", lang="en")))
    for iri, doc_title in sources:
        g.add((ds, PROV.wasDerivedFrom, URIRef(iri)))
        g.add((URIRef(iri), DCTERMS.title, Literal(doc_title, lang="en")))
    for text in texts:
        doc = URIRef(text.document)
        if text.citation:
            g.add((doc, DCTERMS.bibliographicCitation, Literal(text.citation, lang="en")))
        if text.access:
            g.add((doc, DCTERMS.accessRights, URIRef(text.access)))
        if text.sha256:
            g.add((doc, HTKG.sha256, Literal(text.sha256)))

    # ---- VoID
    for name, value in counts.items():
        g.add((ds, VOID[name], Literal(value, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(URI_SPACE)))
    g.add((ds, VOID.rootResource, URIRef(ONTOLOGY_IRI)))
    for example in examples:
        g.add((ds, VOID.exampleResource, URIRef(example)))
    vocabularies = {_namespace(str(row[0].value)) for row in classes} | {_namespace(str(row[0].value)) for row in properties}
    for vocabulary in sorted(vocabularies):
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in classes:
        part = URIRef(f"{ds}/class/{_slug(cls.value)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls.value)))
        g.add((part, VOID.entities, Literal(int(count.value), datatype=XSD.integer)))
    for prop, count in properties:
        part = URIRef(f"{ds}/property/{_slug(prop.value)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop.value)))
        g.add((part, VOID.triples, Literal(int(count.value), datatype=XSD.integer)))
    doc_titles = dict(sources)
    for graph_iri, count in per_graph.items():
        subset = URIRef(graph_iri)
        stem = graph_iri.rsplit("/", 1)[-1]
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
        doc = f"{BASE}id/document/{stem}"
        if doc in doc_titles:
            g.add((subset, DCTERMS.title, Literal(f"Claims from {doc_titles[doc]}", lang="en")))
            g.add((subset, DCTERMS.source, URIRef(doc)))
        else:
            g.add((subset, DCTERMS.title, Literal(f"Named graph {stem}", lang="en")))
        if graph_iri in graph_dates:
            g.add((subset, DCTERMS.modified, _date(graph_dates[graph_iri])))
    if endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))

    # ---- distributions: one per format, and the SPARQL endpoint when there is one
    for fmt in FORMATS:
        name = f"htkg.{EXTENSIONS[fmt]}"
        dist = URIRef(f"{ds}/distribution/{EXTENSIONS[fmt]}")
        download = URIRef(release_base + name)
        media = URIRef(IANA + MEDIA_TYPES[fmt])
        file_type = URIRef(EU + "file-type/" + FILE_TYPES[fmt])
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{title} ({FORMAT_NAMES[fmt]})", lang="en")))
        g.add((dist, DCTERMS.description, Literal(f"The whole dataset in {FORMAT_NAMES[fmt]}: {FORMAT_NOTES[fmt]}.", lang="en")))
        g.add((dist, DCAT.accessURL, URIRef(release_base)))
        g.add((dist, DCAT.downloadURL, download))
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCTERMS["format"], file_type))
        g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((dist, DCTERMS.license, URIRef(license_iri)))
        g.add((dist, DCTERMS.rights, rights))
        g.add((dist, URIRef(DCATAP_NS + "availability"), AVAILABILITY))
        facts = (file_facts or {}).get(name)
        if facts is not None:
            form = PROFILES[profile]
            checksum = URIRef(f"{dist}/checksum")
            g.add((dist, DCAT.byteSize, Literal(str(facts.size), datatype=form["byte_size"])))
            g.add((dist, URIRef(SPDX_NS + "checksum"), checksum))
            g.add((checksum, RDF.type, URIRef(SPDX_NS + "Checksum")))
            g.add((checksum, URIRef(SPDX_NS + "algorithm"), URIRef(SPDX_NS + "checksumAlgorithm_" + form["algorithm"])))
            g.add((checksum, URIRef(SPDX_NS + "checksumValue"), Literal(getattr(facts, form["algorithm"]), datatype=XSD.hexBinary)))
        for standard in standards:
            g.add((dist, DCTERMS.conformsTo, standard))
        if issued:
            g.add((dist, DCTERMS.issued, _date(issued)))
        if modified:
            g.add((dist, DCTERMS.modified, _date(modified)))
        g.add((ds, VOID.dataDump, download))
        g.add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/" + FORMAT_NAMES[fmt])))
    if endpoint:
        service = URIRef(f"{ds}/sparql")
        dist = URIRef(f"{ds}/distribution/sparql")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{title} (SPARQL endpoint)", lang="en")))
        g.add((dist, DCTERMS.description, Literal("The dataset behind a SPARQL 1.1 endpoint; the default graph is the union of the named graphs where the server allows it.", lang="en")))
        g.add((dist, DCAT.accessURL, URIRef(endpoint)))
        g.add((dist, DCAT.accessService, service))
        g.add((dist, DCTERMS.license, URIRef(license_iri)))
        g.add((dist, DCTERMS.rights, rights))
        g.add((dist, URIRef(DCATAP_NS + "availability"), AVAILABILITY))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal(f"{title}: SPARQL endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, URIRef(endpoint)))
        g.add((service, DCAT.servesDataset, ds))
        g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        g.add((URIRef("https://www.w3.org/TR/sparql11-protocol/"), RDF.type, DCTERMS.Standard))
        g.add((service, DCTERMS.license, URIRef(license_iri)))
        g.add((CATALOG, DCAT.service, service))

    header = header_for("htkg export --release") + f"# DCAT-AP {profile} and VoID description of the htkg dataset.\n"
    turtle = serialize_with_prefixes(g, header)
    return Description(
        graph=g,
        turtle=turtle,
        title=title,
        summary=summary,
        version=version,
        license=license_iri,
        license_label=license_label,
        landing_page=LANDING_PAGE,
        temporal_start=temporal_start,
        temporal_end=temporal_end,
        issued=issued,
        modified=modified,
        triples=counts["triples"],
        counts=counts,
        graphs=per_graph,
        sources=sources,
        release_base=release_base,
        citation=citation,
        rights=rights_text,
        contact_email=str(email).removeprefix("mailto:") if email is not None else "",
        texts=texts,
        graph_dates=graph_dates,
    )


def rights_statement(license_label: str, license_iri: str, texts) -> str:
    """Which parts of the dataset are under which terms, from the licence and what each source
    document's record says of its text (htkg.rights.SourceText)."""
    parts = [
        f"The curated statements (claims, assessments, entities, discrepancies and their descriptions) are "
        f"licensed under {license_label} ({license_iri}). The quotations from the source documents "
        "(oa:exact) remain their authors' and are reproduced as quotations, each with its document and "
        "character offsets; they are not covered by that licence."
    ]
    included = [t for t in texts if t.redistributable]
    withheld = [t for t in texts if not t.redistributable]
    for text in included:
        terms = text.access_label or "may be redistributed"
        licence = f", licence {text.license}" if text.license else ""
        parts.append(f"The full text of \"{text.title}\" is included ({terms}{licence}).")
    for text in withheld:
        terms = text.access_label or "no rights recorded"
        parts.append(
            f"The full text of \"{text.title}\" is not included ({terms}); only the quotations the claims need are. "
            f"Obtain it from its citation ({text.citation or 'none recorded'}) and check it against its SHA-256 {text.sha256}."
        )
    for text in texts:
        if text.rights:
            parts.append(f"Rights statement of \"{text.title}\": {text.rights}")
    return " ".join(parts)


def serialize_with_prefixes(graph: Graph, header: str) -> str:
    """The description as Turtle with the DCAT-AP prefixes (dcatap:, vcard:) declared too."""
    return serialize_quads(quads_of(graph, graph_name=None), "turtle", header=header, prefixes=DESCRIPTION_PREFIXES)
