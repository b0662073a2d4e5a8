"""`htkg serve`: the built graph as a linked-data site. A SPARQL 1.1 Protocol endpoint
(`sparql.py`, queries in worker processes with a time limit and a row limit), a page for every
IRI under the base with content negotiation (`pages.py`, `graph.py`), the evidence reader
(claims in the text of their source, documents with every claim's span), a query page with the
query library as examples, the actor network and the ontology's documentation (`app.py`); and
the same pages as a static site for a release (`site.py`).

Starlette and uvicorn, not FastAPI: the server answers a protocol (SPARQL) and pages, where
FastAPI's additions (request models, OpenAPI documents, dependency injection) have nothing to
do, and Starlette is what FastAPI is built on. Jinja2 renders the pages."""

from .rights import text_may_be_shown

__all__ = ["text_may_be_shown", "create_app", "serve", "write_site"]


def __getattr__(name):
    if name in ("create_app", "serve", "Server"):
        from . import app

        return getattr(app, name)
    if name == "write_site":
        from .site import write_site

        return write_site
    raise AttributeError(name)
