"""`htkg build`: check the ontology, compile the evidence, validate it, write out/."""

from __future__ import annotations

from ..build import build
from ..progress import status
from ._common import out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "build",
        help="compile the evidence into the graph (checks ontology, quotes and shapes), write out/",
        description="Check the ontology, compile graph/*.ttl into one named graph per document, "
        "re-find every quote at its offsets, validate against shapes/, and write out/htkg.nq and the "
        "store out/store/. Incremental: only the files changed since the last build are compiled again, "
        "and only what they touch is validated again.",
    )
    parser.add_argument("--no-validate", action="store_true", help="skip SHACL validation (for drafts; never for a release)")
    parser.add_argument("--full", action="store_true", help="rebuild everything, ignoring what out/.cache/ keeps from the last build")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    with status() as say:
        result = build(project, validate=not args.no_validate, full=args.full, progress=say)
    o = result.ontology
    out(f"Ontology {o.version}: {o.classes} classes, {o.properties} properties, "
        f"{o.concept_schemes} concept schemes, {o.concepts} concepts ({', '.join(o.files)})")
    out(f"Quotes re-found at their offsets: {result.anchors_checked}")
    out("")
    out("Named graphs:")
    width = max((len(g) for g in result.graphs), default=0)
    for graph, count in result.graphs.items():
        out(f"  {graph:<{width}}  {count:>7} triples")
    out(f"  {'total':<{width}}  {result.triples:>7} triples")
    out("")
    out("Instances per class:")
    stems = list(result.class_counts)
    classes = sorted({c for counts in result.class_counts.values() for c in counts})
    if classes:
        cw = max(len(c) for c in classes)
        widths = [max(len(s), 5) for s in stems]
        out("  " + " " * cw + "".join(f"  {s:>{w}}" for s, w in zip(stems, widths)))
        for cls in classes:
            counts = "".join(f"  {result.class_counts[s].get(cls, 0):>{w}}" for s, w in zip(stems, widths))
            out("  " + f"{cls:<{cw}}" + counts)
    out("")
    out("Claims per document (assessments included):")
    for doc, count in result.claims_per_document.items():
        out(f"  {doc}: {count}")
    out("")
    out(f"Discrepancies: {len(result.discrepancies)}")
    for name, kind, label in result.discrepancies:
        out(f"  {name} [{kind}] {label}")
    if result.validation is not None:
        out("")
        out(result.validation.summary_line())
    out("")
    if result.mode == "incremental" and not result.outputs:
        out("Nothing changed since the last build: out/ is up to date")
        return 0
    if result.mode == "incremental":
        recompiled = ", ".join(f"graph/{s}.ttl" for s in result.recompiled) or "none"
        out(f"Incremental build: compiled again {recompiled}; validated again {result.revalidated} node(s)")
    out("Wrote " + ", ".join(result.outputs) if result.outputs else "Wrote nothing")
    return 0
