// The query page of `htkg serve`: the Yasqe editor, the query library as examples with a form
// for each parameter, and a results table with labels beside IRIs. Everything it asks for goes
// to this server: /sparql (the SPARQL 1.1 Protocol) and /api/prepare (binding parameters).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("htkg-config").textContent);
  const BASE = config.base;
  const $ = (id) => document.getElementById(id);
  const status = $("status");
  let current = null; // the example shown, if any
  let lastKind = null;

  // ---- the editor: the project's prefixes, nothing that reaches the network
  const prefixList = Object.entries(config.prefixes).map(([p, iri]) => `${p}: <${iri}>`).sort();
  Yasqe.forkAutocompleter("prefixes", {
    name: "htkg-prefixes",
    persistenceId: null,
    get: () => Promise.resolve(prefixList),
  });
  const yasqe = new Yasqe($("editor"), {
    value: config.initial || defaultQuery(),
    persistenceId: null,
    persistent: null,
    autocompleters: ["htkg-prefixes", "variables"],
    prefixCcApi: null,
    showQueryButton: false,
    createShareLink: null,
    consumeShareLink: null,
    editorHeight: "300px",
    resizeable: true,
    requestConfig: { endpoint: config.endpoint, method: "POST" },
  });
  yasqe.setOption("extraKeys", Object.assign({}, yasqe.getOption("extraKeys"), {
    "Ctrl-Enter": () => run(),
    "Cmd-Enter": () => run(),
  }));

  function defaultQuery() {
    const used = ["htkg", "rdfs", "oa"];
    return used.map((p) => `PREFIX ${p}: <${config.prefixes[p]}>`).join("\n") +
      "\n\n# Claims with their claimant and quote\nSELECT ?claim ?claimant ?quote WHERE {\n" +
      "  ?claim a htkg:Claim ;\n    htkg:claimant ?claimant ;\n    htkg:textAnchor/oa:hasSelector/oa:exact ?quote .\n}\nLIMIT 20\n";
  }

  // ---- examples, as Wikidata's examples dialog
  const dialog = $("examples");
  const list = $("example-list");
  function showExamples(filter) {
    const words = (filter || "").toLowerCase().split(/\s+/).filter(Boolean);
    list.replaceChildren();
    for (const ex of config.examples) {
      const hay = [ex.name, ex.summary, ex.question, ex.tags.join(" ")].join(" ").toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
      const li = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = ex.question || ex.summary || ex.name;
      const sub = document.createElement("span");
      sub.textContent = ex.summary + (ex.params.length ? ` · parameters: ${ex.params.map((p) => p.name).join(", ")}` : "");
      const name = document.createElement("code");
      name.textContent = ` ${ex.name}${ex.tags.length ? " · " + ex.tags.join(", ") : ""}`;
      li.append(title, sub, name);
      li.addEventListener("click", () => { dialog.close(); loadExample(ex.name, {}, false); });
      list.append(li);
    }
  }
  $("open-examples").addEventListener("click", () => { showExamples($("example-filter").value); dialog.showModal(); $("example-filter").focus(); });
  $("close-examples").addEventListener("click", () => dialog.close());
  $("example-filter").addEventListener("input", (e) => showExamples(e.target.value));

  function example(name) { return config.examples.find((e) => e.name === name) || null; }

  function paramForm(ex, values) {
    const form = $("params");
    form.replaceChildren();
    if (!ex || !ex.params.length) { form.hidden = true; return; }
    for (const p of ex.params) {
      const label = document.createElement("label");
      label.textContent = `${p.name} (${p.type})${p.doc ? ": " + p.doc : ""}`;
      const input = document.createElement("input");
      input.name = p.name;
      input.value = values[p.name] !== undefined ? values[p.name] : (p.default || "");
      input.placeholder = p.default ? p.default : "unset: every value";
      input.addEventListener("change", () => applyParams());
      label.append(input);
      form.append(label);
    }
    const apply = document.createElement("button");
    apply.type = "submit";
    apply.textContent = "Bind and run";
    form.append(apply);
    form.onsubmit = (e) => { e.preventDefault(); applyParams(true); };
    form.hidden = false;
  }

  function paramValues() {
    const values = {};
    for (const input of $("params").querySelectorAll("input")) values[input.name] = input.value;
    return values;
  }

  async function prepare(name, values) {
    const url = new URL(config.prepare, location.href);
    url.searchParams.set("example", name);
    for (const [k, v] of Object.entries(values)) url.searchParams.set(`param.${k}`, v);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body.query;
  }

  async function loadExample(name, values, andRun) {
    const ex = example(name);
    if (!ex) { setError(`No example named ${name}`); return; }
    current = ex;
    $("example-title").textContent = ex.question || ex.summary || ex.name;
    paramForm(ex, values);
    try {
      yasqe.setValue(await prepare(name, values));
      setStatus(`Example ${ex.name}${ex.params.length ? ": set the parameters above and run" : ""}.`);
      if (andRun) await run();
    } catch (err) { setError(String(err.message || err)); }
  }

  async function applyParams(andRun) {
    if (!current) return;
    try {
      yasqe.setValue(await prepare(current.name, paramValues()));
      if (andRun) await run();
    } catch (err) { setError(String(err.message || err)); }
  }

  // ---- running
  function setStatus(text) { status.className = ""; status.textContent = text; }
  function setError(text) { status.className = "error"; status.textContent = text; document.body.dataset.state = "error"; }

  async function run() {
    const query = yasqe.getValue();
    const started = performance.now();
    $("run").disabled = true;
    setStatus("Running…");
    document.body.dataset.state = "running";
    $("downloads").replaceChildren();
    try {
      const response = await fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
        body: new URLSearchParams({ query }),
      });
      const text = await response.text();
      if (!response.ok) { setError(`${response.status} ${response.statusText}: ${text}`); $("results-wrap").hidden = true; return; }
      const type = (response.headers.get("Content-Type") || "").split(";")[0];
      let table;
      if (type === "application/sparql-results+json") {
        const doc = JSON.parse(text);
        if ("boolean" in doc) { table = { vars: ["answer"], rows: [{ answer: { type: "literal", value: String(doc.boolean) } }] }; lastKind = "ask"; }
        else { table = { vars: doc.head.vars, rows: doc.results.bindings }; lastKind = "select"; }
      } else {
        table = { vars: ["subject", "predicate", "object"], rows: parseNTriples(text) };
        lastKind = "graph";
      }
      const server = (response.headers.get("Server-Timing") || "").match(/dur=([\d.]+)/);
      draw(table);
      const ms = Math.round(performance.now() - started);
      const n = lastKind === "ask" ? 1 : table.rows.length;
      setStatus(`${n.toLocaleString("en")} ${lastKind === "graph" ? "triples" : "results"} in ${ms.toLocaleString("en")} ms` +
        (server ? ` (${Math.round(Number(server[1])).toLocaleString("en")} ms in the store)` : ""));
      downloads(query, lastKind);
      document.body.dataset.results = String(n);
      const url = new URL(location.href);
      url.search = "";
      if (current && yasqe.getValue() === query) { url.searchParams.set("example", current.name); for (const [k, v] of Object.entries(paramValues())) url.searchParams.set(`param.${k}`, v); }
      else url.searchParams.set("query", query);
      history.replaceState(null, "", url);
      await labels(table);
      document.body.dataset.state = "done";
    } catch (err) {
      setError(String(err.message || err));
    } finally {
      $("run").disabled = false;
    }
  }
  $("run").addEventListener("click", () => run());

  function parseNTriples(text) {
    const term = /^(<[^>]*>|_:[^\s]+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)\s*/;
    const rows = [];
    for (let line of text.split("\n")) {
      line = line.trim();
      if (!line || line.startsWith("#")) continue;
      const parts = [];
      let rest = line;
      for (let i = 0; i < 3; i++) {
        const m = rest.match(term);
        if (!m) break;
        parts.push(toBinding(m[1]));
        rest = rest.slice(m[0].length);
      }
      if (parts.length === 3) rows.push({ subject: parts[0], predicate: parts[1], object: parts[2] });
    }
    return rows;
  }

  function toBinding(token) {
    if (token.startsWith("<")) return { type: "uri", value: token.slice(1, -1) };
    if (token.startsWith("_:")) return { type: "bnode", value: token.slice(2) };
    const m = token.match(/^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$/);
    const value = JSON.parse(`"${m[1].replace(/\\'/g, "'")}"`);
    const b = { type: "literal", value };
    if (m[2]) b["xml:lang"] = m[2];
    if (m[3]) b.datatype = m[3];
    return b;
  }

  function curie(iri) {
    let best = null;
    for (const [p, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  }

  function href(iri) { return iri.startsWith(BASE) ? "/" + iri.slice(BASE.length) : iri; }

  function draw(table) {
    const el = $("results");
    el.replaceChildren();
    const head = document.createElement("tr");
    for (const v of table.vars) { const th = document.createElement("th"); th.textContent = v; head.append(th); }
    el.append(head);
    const shown = table.rows.slice(0, config.displayRows);
    for (const row of shown) {
      const tr = document.createElement("tr");
      for (const v of table.vars) {
        const td = document.createElement("td");
        const b = row[v];
        if (b) td.append(...cell(b));
        tr.append(td);
      }
      el.append(tr);
    }
    if (table.rows.length > shown.length) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = table.vars.length;
      td.textContent = `The first ${shown.length.toLocaleString("en")} rows are shown; download the answer for all of them.`;
      tr.append(td);
      el.append(tr);
    }
    $("results-wrap").hidden = false;
  }

  function cell(b) {
    if (b.type === "uri") {
      const a = document.createElement("a");
      a.href = href(b.value);
      a.className = "label";
      a.dataset.iri = b.value;
      a.textContent = curie(b.value);
      const code = document.createElement("code");
      code.textContent = curie(b.value);
      code.hidden = true;
      return [a, code];
    }
    if (b.type === "bnode") { const c = document.createElement("code"); c.textContent = "_:" + b.value; return [c]; }
    const span = document.createElement("span");
    span.textContent = b.value;
    const out = [span];
    const extra = b["xml:lang"] ? "@" + b["xml:lang"] : (b.datatype && b.datatype !== "http://www.w3.org/2001/XMLSchema#string" ? curie(b.datatype) : "");
    if (extra) { const c = document.createElement("code"); c.textContent = " " + extra; out.push(c); }
    return out;
  }

  // Labels beside IRIs: one query to this endpoint for the IRIs of the table.
  async function labels(table) {
    const iris = new Set();
    for (const row of table.rows.slice(0, config.displayRows)) for (const v of table.vars) if (row[v] && row[v].type === "uri") iris.add(row[v].value);
    if (!iris.size) return;
    const values = [...iris].slice(0, 2000).map((i) => `<${i}>`).join(" ");
    const query = `SELECT ?iri ?label WHERE { VALUES ?iri { ${values} } ?iri <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>|<http://purl.org/dc/terms/title> ?label }`;
    try {
      const response = await fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query }),
      });
      if (!response.ok) return;
      const found = new Map();
      for (const b of (await response.json()).results.bindings) {
        const lang = b.label["xml:lang"] || "";
        const rank = lang === "en" || lang === "" ? 0 : 1;
        const old = found.get(b.iri.value);
        if (!old || rank < old[0] || (rank === old[0] && b.label.value < old[1])) found.set(b.iri.value, [rank, b.label.value]);
      }
      for (const a of document.querySelectorAll("#results a.label")) {
        const hit = found.get(a.dataset.iri);
        if (hit) { a.textContent = hit[1]; a.nextElementSibling.hidden = false; }
      }
    } catch (err) { /* labels are a help, not the answer */ }
  }

  function downloads(query, kind) {
    const box = $("downloads");
    box.replaceChildren(document.createTextNode("Download: "));
    const formats = kind === "graph" ? config.graphFormats : config.resultFormats;
    for (const f of formats) {
      const form = document.createElement("form");
      form.method = "POST";
      form.action = config.endpoint;
      for (const [k, v] of [["query", query], ["format", f.name], ["download", "1"]]) {
        const input = document.createElement("input");
        input.type = "hidden"; input.name = k; input.value = v;
        form.append(input);
      }
      const button = document.createElement("button");
      button.type = "submit";
      button.textContent = f.label;
      form.append(button);
      box.append(form, " ");
    }
  }

  // ---- start: ?example=NAME&param.x=...&run=1, or ?query=...
  const params = new URLSearchParams(location.search);
  if (params.get("example")) {
    const values = {};
    for (const [k, v] of params) if (k.startsWith("param.")) values[k.slice(6)] = v;
    loadExample(params.get("example"), values, params.get("run") === "1");
  } else if (params.get("run") === "1") {
    run();
  }
})();
