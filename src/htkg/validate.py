"""SHACL validation of the graph against shapes/ (W3C SHACL, with pySHACL) and the report a
curator reads: every result with its severity, focus node, path, value, message, shape and
constraint component, and the curated file and line the record was written at.

Validation runs over the union of the named graphs (pySHACL would otherwise validate the graphs
of a Dataset one by one and miss every reference across them, pySHACL issues 152 and 156), with
the ontology graph in it, so that class targets see subclasses and concept lookups
(`skos:inScheme cpt:indicators`) find the concepts."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.util import guess_format

from .errors import InputError, ValidationFailed
from .namespaces import GRAPH, HTKG, PREFIXES, bind_prefixes
from .ontology import load_ontology, load_turtle_files
from .project import Project
from .rdfio import union_graph

__all__ = [
    "SH",
    "SHAPE",
    "ValidationResult",
    "ValidationReport",
    "load_shapes",
    "ENGINES",
    "validate_graph",
    "validate_dataset",
    "validate_store",
    "validate_built",
    "relocate",
    "validate_files",
]

SH = Namespace("http://www.w3.org/ns/shacl#")
#: The namespace of the project's shapes (shape:Claim, shape:Claim-claimant, ...).
SHAPE = Namespace("https://w3id.org/htkg/shape/")

_ONTOLOGY_GRAPH = URIRef(GRAPH["ontology"])
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_RANK = {"Violation": 0, "Warning": 1, "Info": 2}
_PREFIXES = {**PREFIXES, "sh": str(SH), "shape": str(SHAPE)}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result (SHACL 3.6.2), with where the record was curated.

    Terms are full IRIs (or N-Triples for literals); `path` is a SPARQL property path in
    prefixed form; `file` and `line` name where the record's subject is first written, and
    `record` the record's prefixed name (a text anchor or quantity maps to its claim)."""

    severity: str
    focus_node: str
    path: str | None
    value: str | None
    message: str
    source_shape: str
    constraint_component: str
    file: str | None = None
    line: int | None = None
    record: str | None = None

    def sort_key(self) -> tuple:
        return (
            _RANK.get(self.severity, 3),
            self.file or "~",
            self.line or 0,
            self.focus_node,
            self.source_shape,
            self.constraint_component,
            self.path or "",
            self.value or "",
            self.message,
        )

    @property
    def where(self) -> str:
        if self.file is None:
            return "(not found in the curated files)"
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class ValidationReport:
    """What validation found. `conforms` is True when there is no violation (warnings and
    infos are allowed)."""

    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    shapes: list[str] = field(default_factory=list)
    engine: str = ""

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if r.severity == "Warning")

    @property
    def infos(self) -> int:
        return sum(1 for r in self.results if r.severity == "Info")

    def summary_line(self) -> str:
        """One line for `htkg build`: 'SHACL: conforms (0 violations, 3 warnings)'."""
        state = "conforms" if self.conforms else "does not conform"
        counts = f"{_plural(self.violations, 'violation')}, {_plural(self.warnings, 'warning')}"
        if self.infos:
            counts += f", {_plural(self.infos, 'info')}"
        return f"SHACL: {state} ({counts})"

    @property
    def text(self) -> str:
        """A readable report, grouped by shape and then by focus node, violations first."""
        lines = [self.summary_line()]
        by_shape: dict[str, list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            by_shape[result.source_shape].append(result)
        order = sorted(by_shape, key=lambda s: (min(_RANK.get(r.severity, 3) for r in by_shape[s]), _short(s)))
        for shape in order:
            group = by_shape[shape]
            severity = group[0].severity
            components = sorted({_short(r.constraint_component) for r in group})
            lines.append("")
            lines.append(f"{severity}: {_short(shape)} ({', '.join(components)}): {_plural(len(group), 'result')}")
            by_focus: dict[str, list[ValidationResult]] = defaultdict(list)
            for result in group:
                by_focus[result.focus_node].append(result)
            for focus in sorted(by_focus, key=lambda f: by_focus[f][0].sort_key()):
                first = by_focus[focus][0]
                record = f" (record {first.record})" if first.record and first.record != _short(focus) else ""
                lines.append(f"  {_short(focus)}{record} at {first.where}")
                seen = set()
                for result in by_focus[focus]:
                    detail = []
                    if result.path:
                        detail.append(f"path {result.path}")
                    if result.value and result.value != result.focus_node:
                        detail.append(f"value {_short_value(result.value)}")
                    line = f"    {'; '.join(detail) + ': ' if detail else ''}{result.message}"
                    if line not in seen:
                        seen.add(line)
                        lines.append(line)
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The report as JSON: conforms, counts and the results, in a stable order."""
        data = {
            "conforms": self.conforms,
            "violations": self.violations,
            "warnings": self.warnings,
            "infos": self.infos,
            "shapes": self.shapes,
            "engine": self.engine,
            "results": [asdict(r) for r in self.results],
        }
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def to_turtle(self) -> str:
        """The sh:ValidationReport graph (SHACL 3.6) as Turtle, with blank nodes labelled in
        the order of the results so that the same data gives the same bytes."""
        return _canonical_report(self).serialize(format="turtle")

    def raise_if_not_conforming(self) -> None:
        """Raise ValidationFailed, carrying the readable report, when there is a violation."""
        if not self.conforms:
            raise ValidationFailed(
                self.text.rstrip("\n"),
                where="shapes/",
                hint="fix the records named above in the curated files (graph/CURATING.md says how they are written)",
            )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _short(iri: str) -> str:
    """An IRI in prefixed form where a project prefix fits."""
    best = None
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns):]
            if re.fullmatch(r"[A-Za-z0-9_][\w.\-/]*", local) and not local.endswith("."):
                if best is None or len(ns) > len(_PREFIXES[best[0]]):
                    best = (prefix, local)
    return f"{best[0]}:{best[1]}" if best else f"<{iri}>" if iri.startswith(("http", "urn")) else iri


def _short_value(value: str) -> str:
    """A result's value (an IRI, or a literal in N-Triples form) as the text report shows it."""
    if value.startswith('"'):
        return re.sub(r"\^\^<([^>]+)>$", lambda m: "^^" + _short(m.group(1)), value)
    return value if value.startswith("_:") else _short(value)


# --------------------------------------------------------------------------- shapes


def load_shapes(project: Project) -> Graph:
    """The shapes of shapes/*.ttl as one graph; InputError names a file that does not parse,
    and says so when there are no shapes at all (validating against nothing passes anything)."""
    files = project.shape_files()
    if not files:
        raise InputError(
            "no shapes (no shapes/*.ttl): validating would check nothing",
            where="shapes/",
            hint="add the SHACL shapes to shapes/ (the repository's are the graph's contract)",
        )
    shapes = load_turtle_files(files, project, what="SHACL shapes", folder="shapes")
    if not any(str(p).startswith(str(SH)) or str(o).startswith(str(SH)) for _, p, o in shapes):
        raise InputError(
            f"no SHACL shapes in {', '.join(project.relative(f) for f in files)}: validating would check nothing",
            where="shapes/",
            hint="the files hold no sh: statements; add the shapes (sh:NodeShape, sh:property ...)",
        )
    return shapes


# --------------------------------------------------------------------------- validation


#: The SHACL engines validate_graph can use. Both take pySHACL's `validate()` arguments and
#: return its (conforms, report graph, text) tuple; pyshacl-turbo runs the same shapes in Rust
#: and gives the same results (tests/test_validate.py compares them on every fixture), tens of
#: times faster where the shapes hold SHACL-SPARQL constraints.
ENGINES = ("pyshacl-turbo", "pyshacl")


def _engine(name: str):
    """The module of the named engine; "auto" is pyshacl-turbo when installed, else pySHACL."""
    if name == "auto":
        try:
            import pyshacl_turbo

            return "pyshacl-turbo", pyshacl_turbo
        except ImportError:
            name = "pyshacl"
    if name == "pyshacl-turbo":
        try:
            import pyshacl_turbo
        except ImportError:
            raise InputError("the SHACL engine pyshacl-turbo is not installed", hint="pip install pyshacl-turbo, or use --engine pyshacl") from None
        return name, pyshacl_turbo
    if name == "pyshacl":
        import pyshacl

        return name, pyshacl
    raise InputError(f"unknown SHACL engine {name!r}", hint=f"use auto, {' or '.join(ENGINES)}")


def _run_engine(module, data, shapes: Graph, focus_nodes=None):
    """Run one engine; its errors (malformed shapes) become an InputError naming shapes/."""
    options = dict(shacl_graph=shapes, inference=None, advanced=False, allow_warnings=True, allow_infos=True)
    if focus_nodes is not None:
        options["focus_nodes"] = [str(n) for n in focus_nodes]
    try:
        outcome = module.validate(data, **options)
    except Exception as exc:  # pySHACL raises its own types for malformed shapes
        raise InputError(
            f"SHACL validation could not run: {_first_line(exc)}",
            where="shapes/",
            hint="fix the shape named above (a SHACL syntax slip, or a SPARQL query that does not parse)",
        ) from None
    _, results_graph, _ = outcome
    if isinstance(results_graph, BaseException):
        raise InputError(
            f"SHACL validation failed: {_first_line(results_graph)}",
            where="shapes/",
            hint="fix the shapes; pySHACL returned an error instead of a report",
        )
    if not isinstance(results_graph, Graph):
        raise InputError("SHACL validation returned no report graph", where="shapes/")
    return results_graph


def _report(results_graph: Graph, project: Project | None, holders, engine_name: str) -> ValidationReport:
    locator = _Locator(project, holders) if project is not None else None
    results = sorted((_result(results_graph, node, locator) for node in _top_results(results_graph)), key=ValidationResult.sort_key)
    files = [project.relative(p) for p in project.shape_files()] if project is not None else []
    return ValidationReport(results=results, graph=results_graph, shapes=files, engine=engine_name)


def validate_graph(data: Graph, shapes: Graph, project: Project | None = None, *, engine: str = "auto") -> ValidationReport:
    """Validate one data graph (already the union, with the ontology) against a shapes graph."""
    engine_name, module = _engine(engine)
    results_graph = _run_engine(module, data, shapes)
    return _report(results_graph, project, _graph_holders(data), engine_name)


def validate_store(
    store: ox.Store,
    project: Project,
    *,
    shapes: Graph | None = None,
    engine: str = "auto",
    focus_nodes=None,
) -> ValidationReport:
    """Validate the union of a pyoxigraph store's graphs (which must hold the ontology) against
    the project's shapes. pyshacl-turbo reads the store natively (no copy through rdflib: at 10^6
    triples that copy alone took longer than the validation); pySHACL gets the union as an
    rdflib Graph. With `focus_nodes`, only those nodes are validated (each against the shapes
    that target it), as the incremental build does."""
    engine_name, module = _engine(engine)
    shapes = shapes if shapes is not None else load_shapes(project)
    holders = _store_holders(store)
    if engine_name == "pyshacl":
        dataset = Dataset()
        dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        results_graph = _run_engine(module, union_graph(dataset), shapes, focus_nodes)
    else:
        results_graph = _run_engine(module, store, shapes, focus_nodes)
    return _report(results_graph, project, holders, engine_name)


def relocate(results: list[ValidationResult], project: Project, holders) -> list[ValidationResult]:
    """Results with the curated file and line of their record found again (after a build that
    kept some results from the previous one, whose files may have moved lines)."""
    locator = _Locator(project, holders)
    located = []
    for r in results:
        file = line = record = None
        if r.focus_node and not r.focus_node.startswith("_:"):
            file, line, record = locator.locate(URIRef(r.focus_node))
        located.append(replace(r, file=file, line=line, record=record))
    return sorted(located, key=ValidationResult.sort_key)


def _graph_holders(data: Graph):
    return lambda iri: [str(s) for s in data.subjects(None, URIRef(iri)) if isinstance(s, URIRef)]


def _store_holders(store: ox.Store):
    def holders(iri: str) -> list[str]:
        return [q.subject.value for q in store.quads_for_pattern(None, None, ox.NamedNode(iri)) if isinstance(q.subject, ox.NamedNode)]

    return holders


def validate_dataset(dataset: Dataset, project: Project, *, engine: str = "auto") -> ValidationReport:
    """Validate the union of a dataset's named graphs against the project's shapes. The
    ontology graph is added when the dataset lacks it."""
    data = union_graph(dataset)
    if not any(g.identifier == _ONTOLOGY_GRAPH and len(g) for g in dataset.graphs()):
        for triple in load_ontology(project):
            data.add(triple)
    return validate_graph(data, load_shapes(project), project, engine=engine)


def validate_built(project: Project, *, engine: str = "auto") -> ValidationReport:
    """Validate the built dataset (out/htkg.nq, or out/store/ when it matches)."""
    from .store import open_built

    store = open_built(project)  # a store of its own, in memory: adding to it changes no file
    ontology = ox.NamedNode(str(_ONTOLOGY_GRAPH))
    if not store.contains_named_graph(ontology):
        text = load_ontology(project).serialize(format="nt")
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ontology)
    return validate_store(store, project, engine=engine)


def validate_files(paths: list[str | Path], project: Project, *, engine: str = "auto") -> ValidationReport:
    """Validate RDF files (any format rdflib reads; quads are merged) together with the
    ontology against the project's shapes."""
    if not paths:
        raise InputError("no files to validate", hint="name one or more RDF files")
    data = Graph()
    bind_prefixes(data)
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError("no such file", where=str(raw), hint="name an RDF file (Turtle, N-Quads, TriG, RDF/XML, JSON-LD...)")
        fmt = guess_format(path.name) or "turtle"
        try:
            if fmt in ("nquads", "trig"):
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                for triple in union_graph(dataset):
                    data.add(triple)
            else:
                data.parse(path, format=fmt)
        except Exception as exc:
            raise InputError(f"cannot parse as {fmt}: {_first_line(exc)}", where=str(raw), hint="fix the syntax, or name the file with its format's extension") from None
        if (None, HTKG.start, None) in data:
            # The shapes describe the built graph, where quotes are Web Annotation selectors;
            # a curated file in the short form would only show that every anchor is missing.
            # (Its offsets tell it: a built graph states the quote too, as the direct layer's
            # htkg:quote, but never htkg:start.)
            raise InputError(
                "this is a curated file in the short form (htkg:quote, htkg:start, htkg:end)",
                where=str(raw),
                hint="run htkg build (it validates the curated files), or validate out/htkg.nq with htkg validate",
            )
    for triple in load_ontology(project):
        data.add(triple)
    return validate_graph(data, load_shapes(project), project, engine=engine)


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:400] if text else type(exc).__name__


# --------------------------------------------------------------------------- reading results


def _top_results(report: Graph) -> list:
    """The results of the report itself (sh:result), not the nested ones an engine may add
    under sh:detail (SHACL 3.6.2.6) for a failed sh:node or logical constraint."""
    return [r for root in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(root, SH.result)]


def _result(report: Graph, node, locator: "_Locator | None") -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    severity = report.value(node, SH.resultSeverity)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    # A shape's own sh:message (in English) comes first; pySHACL adds its generic one only
    # where the shape has none.
    message = _pick_message(report, node) or (messages[0] if messages else "")
    file = line = record = None
    if locator is not None and focus is not None:
        file, line, record = locator.locate(focus)
    return ValidationResult(
        severity=_SEVERITIES.get(severity, str(severity)),
        focus_node=_term(focus),
        path=_path_text(report, path) if path is not None else None,
        value=_term(value) if value is not None else None,
        message=message,
        source_shape=_term(report.value(node, SH.sourceShape)),
        constraint_component=_term(report.value(node, SH.sourceConstraintComponent)),
        file=file,
        line=line,
        record=record,
    )


def _pick_message(report: Graph, node) -> str | None:
    messages = list(report.objects(node, SH.resultMessage))
    english = sorted(str(m) for m in messages if isinstance(m, Literal) and m.language == "en")
    return english[0] if english else None


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return term.n3()


def _path_text(graph: Graph, path) -> str:
    """A SHACL property path (SHACL 2.3.1) as a SPARQL property path in prefixed form."""
    if isinstance(path, URIRef):
        return _short(str(path))
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(graph, p) for p in Collection(graph, path))
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = graph.value(path, prop)
        if inner is not None:
            return fmt.format(_path_text(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    return _term(path)


def _canonical_report(report: ValidationReport) -> Graph:
    """A copy of the report graph whose blank nodes are labelled b000001, b000002... in the
    order of the sorted results, so Turtle output is stable."""
    source = report.graph
    out = Graph()
    for prefix, ns in _PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    names: dict[BNode, BNode] = {}

    def name(node):
        if not isinstance(node, BNode):
            return node
        if node not in names:
            names[node] = BNode(f"b{len(names) + 1:06d}")
            for p, o in sorted(source.predicate_objects(node), key=lambda po: (str(po[0]), _order(po[1]))):
                out.add((names[node], p, name(o)))
        return names[node]

    roots = sorted(set(source.subjects(RDF.type, SH.ValidationReport)), key=str)
    keyed = {}
    for node in _top_results(source):
        keyed[node] = _result(source, node, None).sort_key()
    for root in roots:
        report_node = name_root = BNode("b000000") if isinstance(root, BNode) else root
        for p, o in sorted(source.predicate_objects(root), key=lambda po: str(po[0])):
            if p == SH.result:
                continue
            out.add((name_root, p, o))
        for result in sorted(source.objects(root, SH.result), key=lambda r: keyed.get(r, ())):
            out.add((report_node, SH.result, name(result)))
    return out


def _order(term) -> str:
    return "" if isinstance(term, BNode) else term.n3()


# --------------------------------------------------------------------------- where a record is


_PREFIX_DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_BOUNDARY = r"(?=[\s;,)\]]|\.(?:\s|$)|$)"


class _Locator:
    """Finds where a focus node's record is written in the curated files (graph/*.ttl, then
    sources/*.ttl, then ontology/*.ttl): the first line that starts with its prefixed or full
    IRI, else the first line that mentions it. Nodes the build mints under a record
    (`<claim>/anchor/position`, `<claim>/quantity`) map to that record."""

    def __init__(self, project: Project, holders):
        self.project = project
        #: node -> the IRIs of the subjects that hold it as an object (to climb to a record).
        self.holders = holders
        self._files: list[tuple[str, list[str], dict[str, str]]] | None = None
        self.cache: dict[str, tuple[str | None, int | None, str | None]] = {}

    @property
    def files(self) -> list[tuple[str, list[str], dict[str, str]]]:
        # Read lazily: a build that finds nothing to report never reads the curated files again.
        if self._files is None:
            self._files = []
            for folder in (self.project.graph_dir, self.project.sources_dir, self.project.ontology_dir):
                for path in sorted(folder.glob("*.ttl")):
                    try:
                        lines = path.read_text(encoding="utf-8").splitlines()
                    except OSError:
                        continue
                    prefixes = {}
                    for line in lines:
                        match = _PREFIX_DECL.match(line)
                        if match:
                            prefixes[match.group(1)] = match.group(2)
                    self._files.append((self.project.relative(path), lines, prefixes))
        return self._files

    def locate(self, node) -> tuple[str | None, int | None, str | None]:
        key = str(node)
        if key not in self.cache:
            self.cache[key] = self._locate(node, depth=0)
        return self.cache[key]

    def _locate(self, node, depth: int) -> tuple[str | None, int | None, str | None]:
        if depth > 8 or not isinstance(node, URIRef):
            return None, None, None
        iri = str(node)
        found = self._find(iri)
        if found:
            return found[0], found[1], _short(iri)
        if "/.well-known/genid/" not in iri and "/" in iri.split("://", 1)[-1]:
            parent = iri.rsplit("/", 1)[0]
            if not parent.endswith(("/id", "/htkg")) and parent.count("/") > 4:
                located = self._locate(URIRef(parent), depth + 1)
                if located[0]:
                    return located
        for holder in sorted(self.holders(iri))[:1]:
            return self._locate(URIRef(holder), depth + 1)
        return None, None, None

    def _find(self, iri: str) -> tuple[str, int] | None:
        mention = None
        for name, lines, prefixes in self.files:
            tokens = [f"<{iri}>"]
            for prefix, ns in prefixes.items():
                if iri.startswith(ns) and len(iri) > len(ns):
                    tokens.append(f"{prefix}:{iri[len(ns):]}")
            patterns = [re.compile(re.escape(t) + _BOUNDARY) for t in tokens]
            for number, line in enumerate(lines, start=1):
                if line.lstrip().startswith("#"):
                    continue
                for pattern in patterns:
                    match = pattern.search(line)
                    if match is None:
                        continue
                    if match.start() == 0:
                        return name, number
                    if mention is None and (match.start() == 0 or not line[match.start() - 1].isalnum()):
                        mention = (name, number)
        return mention
