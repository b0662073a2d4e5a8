"""The static site of a release: the pages `htkg serve` shows, written as files, so that the
graph can be published without running a server.

    site/index.html                     the home page
    site/id/actor/osce.html             the page of https://w3id.org/htkg/id/actor/osce, and its
    site/id/actor/osce.ttl|.jsonld|.nt|.rdf    RDF documents (what is said of it and of its parts,
                                        and what points at it)
    site/id/actor/index.html            the list of a namespace (index-2.html, ... past 500)
    site/ontology.html, ontology.ttl    the ontology's documentation and its RDF
    site/dataset.html, dataset.ttl      the dataset description (DCAT-AP and VoID)
    site/.well-known/void               the same description, in Turtle
    site/network.html                   the interactive actor network
    site/static/site.css                the pages' style
    site/.htaccess                      content negotiation on the release's host (Apache)
    site/w3id.htaccess                  the rules for the project's folder in the w3id.org
                                        repository (github.com/perma-id/w3id.org, htkg/)

Links between pages are relative and name the `.html` files, so the site works from any folder
of any host and from the file system. The two `.htaccess` files do what `htkg serve` does for
the IRIs: 303 See Other from an IRI to its document in the format `Accept` asks for. Pages are
written in IRI order with nothing from the clock: the same graph gives the same bytes."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE, ONTOLOGY_IRI
from ..project import Project
from .conneg import GRAPH_FORMATS
from .graph import SiteGraph
from .pages import CATALOG, DATASET, Renderer, doc_path

__all__ = ["write_site", "SITE_DIR", "host_htaccess", "w3id_htaccess"]

SITE_DIR = "site"


def _write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_site(project: Project, dest: str | Path, *, quads=None, store: ox.Store | None = None,
               description: str | None = None, version: str | None = None) -> list[str]:
    """Write the static site into `dest` (a new folder inside a release being written) and
    return its files, relative to `dest`. The graph is `store`, or `quads`, or the built
    dataset; `description` is the dataset description in Turtle (made by `htkg.describe` when
    not given)."""
    from .. import __version__

    dest = Path(dest)
    if store is None:
        store = ox.Store()
        if quads is not None:
            store.extend(quads)
        else:
            store.bulk_load(path=str(project.dataset_path), format=ox.RdfFormat.N_QUADS)

    def describe_store() -> ox.Store:
        text = description
        if text is None:
            from ..describe import describe

            text = describe(project, quads=list(store)).turtle
        described = ox.Store()
        described.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return described

    graph = SiteGraph(store, project, description=describe_store)
    renderer = Renderer(graph, live=False)
    written: list[str] = []

    def put(rel: str, data) -> None:
        _write(dest, rel, data)
        written.append(rel)

    put("index.html", renderer.home())
    put("ontology.html", renderer.ontology())
    for iri in graph.all_iris():
        if iri == BASE:
            continue
        if iri.endswith("/") and graph.members(iri):
            continue  # a namespace: its list below
        if iri != ONTOLOGY_IRI:
            put(doc_path(iri, "html"), renderer.page(iri))
        if renderer.has_rdf(iri):
            for fmt in GRAPH_FORMATS:
                put(doc_path(iri, fmt.suffix), renderer.rdf(iri, fmt))
    for namespace, _ in graph.namespaces:
        for page_no in range(1, renderer.listing_pages(namespace) + 1):
            rel = doc_path(namespace, "html")
            if page_no > 1:
                rel = rel[: -len(".html")] + f"-{page_no}.html"
            put(rel, renderer.listing(namespace, page_no=page_no))
        if graph.exists(namespace):
            for fmt in GRAPH_FORMATS:
                put(doc_path(namespace, fmt.suffix), renderer.rdf(namespace, fmt))
    for iri in (DATASET, CATALOG):
        if doc_path(iri, "html") not in written:
            put(doc_path(iri, "html"), renderer.page(iri))
            for fmt in GRAPH_FORMATS:
                put(doc_path(iri, fmt.suffix), renderer.rdf(iri, fmt))
    put(".well-known/void", renderer.rdf(DATASET, GRAPH_FORMATS[0]))

    from ..network import render

    net, analysis = graph.network()
    put("network.html", render(net, analysis, "html"))
    put("static/site.css", resources.files("htkg.serve").joinpath("static/site.css").read_bytes())
    put(".htaccess", host_htaccess())
    put("w3id.htaccess", w3id_htaccess(version or __version__))
    return sorted(written)


_TYPES = """\
AddType text/html .html
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/rdf+xml .rdf
AddDefaultCharset utf-8
<Files "void">
  ForceType text/turtle
</Files>
"""

#: Accept conditions and the suffix each chooses; HTML otherwise. mod_rewrite cannot weigh
#: q-values: a client that names an RDF type gets it, browsers (which name none) get HTML.
_NEGOTIATION = (
    ("text/turtle", "ttl"),
    ("application/ld\\+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf\\+xml", "rdf"),
)
#: The IRI paths that name things (303 to a document) and the namespaces' lists.
_THINGS = r"((?:id|concept|graph)/.*[^/]|dataset|catalog|contact|project|shapes)"
_LISTS = r"((?:id/[^/]+|concept|graph)/)"


def _conneg_rules(target: str, *, host: bool) -> str:
    """RewriteRules answering each IRI path with 303 See Other to `target` + its document."""
    not_file = "RewriteCond %{REQUEST_FILENAME} !-f\n" if host else ""
    lines = []
    for condition, suffix in _NEGOTIATION:
        lines.append(f"{not_file}RewriteCond %{{HTTP_ACCEPT}} {condition}\nRewriteRule ^{_THINGS}$ {target}$1.{suffix} [R=303,L]")
    lines.append(f"{not_file}RewriteRule ^{_THINGS}$ {target}$1.html [R=303,L]")
    lines.append(f"RewriteRule ^{_LISTS}$ {target}$1index.html [R=303,L]")
    lines.append("# The ontology, a hash namespace, is a document: its representation by Accept.")
    for condition, suffix in _NEGOTIATION:
        lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {condition}\nRewriteRule ^ontology$ {target}ontology.{suffix} [R=303,L]")
    lines.append(f"RewriteRule ^ontology$ {target}ontology.html [R=303,L]")
    if not host:
        lines.append("# Documents asked for by name, the VoID description and the home page.")
        lines.append(f"RewriteRule ^(.+\\.(?:html|ttl|jsonld|nt|rdf))$ {target}$1 [R=302,L]")
        lines.append(f"RewriteRule ^\\.well-known/void$ {target}.well-known/void [R=302,L]")
        lines.append(f"RewriteRule ^$ {target}index.html [R=302,L]")
    return "\n".join(lines) + "\n"


def host_htaccess() -> str:
    """The `.htaccess` of the site's folder on the release's host (Apache, mod_rewrite,
    AllowOverride FileInfo): media types, and 303 from each IRI path without suffix to its
    document by Accept, as `htkg serve` answers."""
    return (
        "# Generated by `htkg export --release` (htkg.serve.site); do not edit.\n"
        "# The site/ folder on an Apache host: id/actor/osce goes to id/actor/osce.html, .ttl, .jsonld,\n"
        "# .nt or .rdf by Accept (303 See Other), as `htkg serve` answers.\n"
        + _TYPES
        + "Options -MultiViews\nDirectoryIndex index.html\nRewriteEngine On\n"
        + _conneg_rules("", host=True)
    )


def w3id_htaccess(version: str) -> str:
    """The rules for `htkg/.htaccess` in the w3id.org repository: every IRI of the project goes
    (303, by Accept) to its document in the release's static site, at the release address the
    dataset description gives for downloads (`https://w3id.org/htkg/release/<version>/`); the
    last rule, to be completed once with the release host's address, sends those on."""
    target = f"{BASE}release/{version}/{SITE_DIR}/"
    return (
        "# Generated by `htkg export --release` (htkg.serve.site); do not edit.\n"
        f"# For https://github.com/perma-id/w3id.org, file htkg/.htaccess: each IRI {BASE}...\n"
        f"# goes to its document in the static site of release {version}, by Accept (303 See Other).\n"
        + "Options -MultiViews\nRewriteEngine On\n"
        + "# The release folders live on the release's host: give its address, once, and uncomment.\n"
        + "# RewriteRule ^release/(.*)$ https://RELEASE-HOST/htkg/release/$1 [R=302,L]\n"
        + _conneg_rules(target, host=False)
    )
