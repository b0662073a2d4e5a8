"""Every link resolves: a crawl of the live server from its home page that fails on any page or
document that does not answer 200 (following each 303), and the same over the static site a
release writes, file by file; and the .htaccess rules of the static site, applied to an IRI of
every kind with every Accept, lead to files that exist."""

from __future__ import annotations

import html
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from serve_server import ServeProcess, fetch

from htkg.namespaces import BASE
from htkg.serve.site import write_site

LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)


def links_of(page: str) -> list[str]:
    return [html.unescape(link) for link in LINK.findall(page)]


@pytest.fixture(scope="module")
def server(built_project):
    process = ServeProcess(built_project)
    try:
        yield process
    finally:
        process.stop()


def test_every_link_of_every_page_of_the_live_server_resolves(server):
    seen: set[str] = set()
    broken: list[tuple[str, str, int]] = []
    pages = 0
    frontier = [("/", "(start)")]

    def visit(item):
        path, referrer = item
        reply = fetch(server.url(path))
        hops = 0
        while reply.status in (301, 302, 303, 307, 308) and hops < 3:
            path = urllib.parse.urljoin(path, reply.headers["location"])
            reply = fetch(server.url(path))
            hops += 1
        return path, referrer, reply

    with ThreadPoolExecutor(max_workers=4) as pool:
        while frontier:
            batch = [item for item in frontier if item[0] not in seen]
            seen.update(item[0] for item in batch)
            frontier = []
            for path, referrer, reply in pool.map(visit, batch):
                if reply.status != 200:
                    broken.append((path, referrer, reply.status))
                    continue
                if reply.media_type != "text/html":
                    continue
                pages += 1
                for link in links_of(reply.text):
                    target = urllib.parse.urljoin(path, link).split("#", 1)[0]
                    if urllib.parse.urlsplit(target).scheme or not target.startswith("/"):
                        continue  # another site
                    if target not in seen:
                        frontier.append((target, path))
    assert not broken, broken[:20]
    # The crawl reached the pages of the whole graph, not a corner of it.
    assert pages > 1000
    for path in ("/query", "/network", "/ontology.html", "/dataset.html", "/id/actor/index.html", "/concept/index.html"):
        assert path in seen


@pytest.fixture(scope="module")
def site(built_project, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site") / "site"
    write_site(built_project, dest)
    return dest


def test_every_link_of_the_static_site_names_a_file_of_the_site(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1000
    broken = []
    for page in pages:
        for link in links_of(page.read_text(encoding="utf-8")):
            if urllib.parse.urlsplit(link).scheme:
                continue
            target = link.split("#", 1)[0]
            if not target:
                continue
            resolved = (page.parent / urllib.parse.unquote(target)).resolve()
            if not resolved.is_file() or site.resolve() not in resolved.parents:
                broken.append((page.relative_to(site).as_posix(), link))
    assert not broken, broken[:20]
    assert not any("/query" in l or "/sparql" in l for p in pages[:50] for l in links_of(p.read_text(encoding="utf-8")))


def test_the_static_site_has_the_documents_of_every_iri(site, built_project):
    from htkg.store import OxigraphStore

    store = OxigraphStore.from_file(built_project.dataset_path).store
    iris = {q.subject.value for q in store if q.subject.__class__.__name__ == "NamedNode" and q.subject.value.startswith(BASE + "id/")}
    assert len(iris) > 500
    for iri in iris:
        path = iri[len(BASE):]
        for suffix in ("html", "ttl", "jsonld", "nt", "rdf"):
            assert (site / f"{path}.{suffix}").is_file(), f"{path}.{suffix}"
    assert (site / ".well-known" / "void").read_text(encoding="utf-8").startswith(("@prefix", "#"))


# --------------------------------------------------------------------------- the .htaccess rules


def rewrite(rules: str, path: str, accept: str, site: Path) -> tuple[str, int] | None:
    """Apply the RewriteCond/RewriteRule lines of an .htaccess, as Apache's mod_rewrite does in a
    folder's context (the subset the site uses), to one request: (target, status) or None."""
    conditions: list[tuple[str, str]] = []
    for line in rules.splitlines():
        line = line.strip()
        if line.startswith("RewriteCond "):
            _, variable, test = line.split(None, 2)
            conditions.append((variable, test))
        elif line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split(None, 3)
            ok = True
            for variable, test in conditions:
                if variable == "%{REQUEST_FILENAME}" and test == "!-f":
                    ok = ok and not (site / path).is_file()
                elif variable == "%{HTTP_ACCEPT}":
                    ok = ok and re.search(test.split(" [")[0], accept) is not None
                else:
                    raise AssertionError(f"condition not simulated: {variable} {test}")
            conditions = []
            match = re.match(pattern, path) if ok else None
            if match:
                result = re.sub(r"\$(\d)", lambda m: match.group(int(m.group(1))), target)
                status = int(re.search(r"R=(\d+)", flags).group(1)) if "R=" in flags else 200
                return result, status
    return None


ACCEPTS = {"text/html,application/xhtml+xml,*/*;q=0.8": "html", "text/turtle": "ttl", "application/ld+json": "jsonld",
           "application/n-triples": "nt", "application/rdf+xml": "rdf", "": "html"}


def sample_paths(site: Path) -> list[str]:
    paths = ["dataset", "catalog", "graph/reference"]
    for folder in sorted(p for p in (site / "id").iterdir() if p.is_dir()):
        first = sorted(folder.glob("*.ttl"))[0]
        paths.append(first.relative_to(site).as_posix()[: -len(".ttl")])
    paths.append(sorted((site / "concept").glob("*.ttl"))[0].relative_to(site).as_posix()[: -len(".ttl")])
    return paths


def test_the_release_hosts_htaccess_sends_each_iri_to_its_document(site):
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    for path in sample_paths(site):
        for accept, suffix in ACCEPTS.items():
            result = rewrite(rules, path, accept, site)
            assert result == (f"{path}.{suffix}", 303), (path, accept, result)
            assert (site / result[0]).is_file()
        # A document asked for by its own name is served as it is.
        assert rewrite(rules, f"{path}.html", "text/turtle", site) is None
    assert rewrite(rules, "ontology", "text/turtle", site) == ("ontology.ttl", 303)
    assert rewrite(rules, "id/actor/", "text/html", site) == ("id/actor/index.html", 303)


def test_the_w3id_rules_send_each_iri_to_its_document_in_the_release(site):
    from htkg import __version__

    rules = (site / "w3id.htaccess").read_text(encoding="utf-8")
    prefix = f"{BASE}release/{__version__}/site/"
    for path in sample_paths(site) + ["ontology"]:
        for accept, suffix in ACCEPTS.items():
            target, status = rewrite(rules, path, accept, site / "nowhere")
            assert status == 303 and target.startswith(prefix), (path, accept, target)
            assert (site / target[len(prefix):]).is_file() and target.endswith("." + suffix)
