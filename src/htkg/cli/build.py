"""`htkg build`: check the ontology, compile the evidence, validate it, write out/."""

from __future__ import annotations

from ..build import build
from ..progress import status
from ._common import err, out, project_of


def register(sub) -> None:
    parser = sub.add_parser(
        "build",
        help="compile the evidence into the graph (checks ontology, quotes and shapes), write out/",
        description="Check the ontology, compile graph/*.ttl into one named graph per document, "
        "re-find every quote at its offsets, validate against shapes/, and write out/htkg.nq and the "
        "store out/store/. Incremental: only the files changed since the last build are compiled again, "
        "and only what they touch is validated again. out/build.json records whether the data was validated; "
        "a second build started meanwhile waits for the first.",
    )
    parser.add_argument("--no-validate", action="store_true",
                        help="skip SHACL validation (for drafts: export --release and publish refuse unvalidated data)")
    parser.add_argument("--full", action="store_true", help="rebuild everything, ignoring what out/.cache/ keeps from the last build")
    parser.add_argument("--no-wait", action="store_true", help="exit 2 at once when another build is running, instead of waiting for it")
    parser.set_defaults(handler=run)


def run(args) -> int:
    project = project_of(args)
    with status() as say:
        result = build(project, validate=not args.no_validate, full=args.full, progress=say,
                       wait=not args.no_wait, on_wait=lambda message: err(f"Note: {message}"))
    for note in result.notes:
        err(f"Note: {note}")
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
    out("")
    if result.validation is not None:
        out(result.validation.summary_line())
    elif result.mode == "incremental" and not result.outputs and _recorded_as_validated(project):
        out("SHACL: not run (--no-validate); the data is unchanged since a build validated it")
    else:
        out("SHACL: not validated (--no-validate); `htkg export --release` and `htkg publish` refuse this data "
            "until a build validates it")
    out("")
    if result.mode == "incremental" and not result.outputs:
        out("Nothing changed since the last build: out/ is up to date")
        return 0
    if result.mode == "incremental":
        recompiled = ", ".join(f"graph/{s}.ttl" for s in result.recompiled) or "none"
        checked = f"validated again {result.revalidated} node(s)" if result.validated else "validated nothing (--no-validate)"
        out(f"Incremental build: compiled again {recompiled}; {checked}")
    out("Wrote " + ", ".join(result.outputs) if result.outputs else "Wrote nothing")
    return 0


def _recorded_as_validated(project) -> bool:
    from ..outdir import read_record

    record = read_record(project.out_dir)
    return record is not None and record.validated
