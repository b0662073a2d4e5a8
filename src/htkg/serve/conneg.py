"""Content negotiation: the `Accept` header (RFC 9110, with q-values) and file suffixes, for
the SPARQL results formats and for the documents that describe an IRI."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Format",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "PAGE_FORMATS",
    "parse_accept",
    "negotiate",
    "by_name",
    "by_suffix",
]


@dataclass(frozen=True)
class Format:
    """One representation: its short name (the `format` parameter), media type, file suffix and
    the other media types that ask for it."""

    name: str
    media_type: str
    suffix: str
    aliases: tuple[str, ...] = ()
    label: str = ""

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/json", "/n-triples"))
        return self.media_type + ("; charset=utf-8" if textual else "")


#: SELECT and ASK results: the four SPARQL 1.1 results formats; JSON first, the default.
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", "srj", ("application/json",), "JSON"),
    Format("xml", "application/sparql-results+xml", "srx", ("application/xml", "text/xml"), "XML"),
    Format("csv", "text/csv", "csv", (), "CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", (), "TSV"),
)

#: CONSTRUCT and DESCRIBE results and the RDF documents of pages; Turtle first, the default.
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", "ttl", ("application/x-turtle",), "Turtle"),
    Format("ntriples", "application/n-triples", "nt", ("text/plain",), "N-Triples"),
    Format("jsonld", "application/ld+json", "jsonld", ("application/json",), "JSON-LD"),
    Format("rdfxml", "application/rdf+xml", "rdf", ("application/xml", "text/xml"), "RDF/XML"),
)

HTML = Format("html", "text/html", "html", ("application/xhtml+xml",), "HTML")

#: What a page of an IRI can be had as: HTML first (browsers send `*/*` at a low weight).
PAGE_FORMATS = (HTML, *GRAPH_FORMATS)


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header, best first: higher q, then
    more specific, then earlier. An absent or empty header accepts everything."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    entries = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        entries.append((media, q, position))
    return sorted(entries, key=lambda e: (-e[1], _specificity(e[0]), e[2]))


def _specificity(media: str) -> int:
    if media == "*/*":
        return 2
    if media.endswith("/*"):
        return 1
    return 0


def _matches(media_range: str, fmt: Format) -> bool:
    for media in (fmt.media_type, *fmt.aliases):
        if media_range == media:
            return True
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return fmt.media_type.startswith(media_range[:-1])
    return False


def negotiate(header: str | None, formats: tuple[Format, ...], *, default: Format | None = None) -> Format | None:
    """The format the Accept header prefers among `formats` (their order breaks ties), or
    `default` (None: nothing acceptable). A q of 0 refuses a format."""
    best: tuple | None = None
    refused: set[str] = set()
    entries = parse_accept(header)
    for media_range, q, position in entries:
        if q <= 0:
            refused.update(f.name for f in formats if media_range != "*/*" and _matches(media_range, f))
    for media_range, q, position in entries:
        if q <= 0:
            continue
        for index, fmt in enumerate(formats):
            if fmt.name in refused or not _matches(media_range, fmt):
                continue
            # An exact type beats an alias (application/json asks JSON results before JSON-LD),
            # a type beats a wildcard.
            exact = 0 if media_range == fmt.media_type else 1
            key = (-q, _specificity(media_range), exact, position, index)
            if best is None or key < best[0]:
                best = (key, fmt)
    return best[1] if best else default


def by_name(name: str, formats: tuple[Format, ...]) -> Format | None:
    """A format by its short name, suffix or media type (the `format` request parameter)."""
    name = (name or "").strip().lower()
    aliases = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml", "rdf/xml": "rdfxml"}
    name = aliases.get(name, name)
    for fmt in formats:
        if name in (fmt.name, fmt.suffix, fmt.media_type):
            return fmt
    return None


def by_suffix(suffix: str, formats: tuple[Format, ...] = PAGE_FORMATS) -> Format | None:
    suffix = suffix.lstrip(".").lower()
    return next((f for f in formats if f.suffix == suffix), None)
