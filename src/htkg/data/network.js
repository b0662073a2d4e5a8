// The script of the page `htkg network --format html` writes: draws the view held in
// #htkg-data with Cytoscape.js (inlined before this script), with the claims behind a node or
// link on click, search, filters (kind, link type or form of exploitation, document, victim
// group, years, undated links), colours by kind, latest year or document with a legend (each
// link then also carries its year or document tag as text), drag, fit and reset, export (PNG,
// JSON), and labels that keep one size on screen and are shown by importance only where they
// overlap no other label and no node. Nothing is loaded from anywhere. The address may carry a
// search and filters: #search=OSCE&kind=government&edge=cooperates-with&doc=SLUG,SLUG&group=women
// &from=2010&to=2012&undated=1&colour=year
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("htkg-data").textContent);
  var byId = {}, edgeById = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    n.roleNames = n.roles.map(function (r) { return r[0]; });
  });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var isMap = data.view === "routes";
  var LABEL_PX = 12, FONT = "\"DejaVu Sans\", \"Helvetica Neue\", Arial, sans-serif";

  function h(name, text, parent, cls) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function local(iri) { return iri.replace(/^.*[\/#]/, ""); }
  function docLabel(iri) { return data.documents[iri] || local(iri); }
  function nodeSize(n) { return 14 + 3 * Math.min(n.degree, 12); }

  // ------------------------------------------------------------------ elements
  // On the map, one arrow per origin, destination and form of exploitation: its width is the
  // number of documents among the flows the filters keep.
  var links = [];
  if (isMap) {
    var groups = {};
    data.edges.forEach(function (e) {
      var key = e.source + " " + e.target + " " + e.form;
      if (!groups[key]) {
        groups[key] = { id: "arrow|" + key, source: e.source, target: e.target, colour: e.colour, dash: "solid",
          directed: true, type: "flow", form: e.form, members: [] };
        links.push(groups[key]);
      }
      groups[key].members.push(e.id);
    });
  } else {
    data.edges.forEach(function (e) {
      links.push({ id: e.id, source: e.source, target: e.target, colour: e.colour, dash: e.dash,
        directed: e.directed, type: e.type, members: [e.id] });
    });
  }
  var linkById = {};
  links.forEach(function (l) { linkById[l.id] = l; });

  // The layout fills a 1.6:1 box; on a canvas of other proportions it is stretched to fill it
  // (stretching only moves nodes apart). The map keeps its proportions.
  var stretch = 1;
  if (!isMap && container_ratio() > 0) stretch = Math.max(1, 1.6 / container_ratio());
  function container_ratio() {
    var c = document.getElementById("network");
    return c.clientHeight ? c.clientWidth / c.clientHeight : 0;
  }
  var centreY = 500;
  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: "nodes", data: { id: n.id, label: n.short + (isMap && n.roleNames.length ?
      "\n" + n.roleNames.join(" \u00b7 ") : ""), colour: isMap ? (n.roleNames.indexOf("origin") >= 0 ? "#000000" : "#ffffff") : n.colour,
      shape: n.shape, size: nodeSize(n) }, position: { x: n.x, y: centreY + (n.y - centreY) * stretch },
      classes: (n.broker && !isMap ? "broker" : "") + (isMap && n.roleNames.indexOf("transit") >= 0 ? " transit" : "") });
  });
  links.forEach(function (l) {
    elements.push({ group: "edges", data: { id: l.id, source: l.source, target: l.target, colour: l.colour, width: 2, tag: "" },
      classes: (l.directed ? "directed " : "") + "dash-" + l.dash });
  });

  var container = document.getElementById("network");
  var cy = cytoscape({
    container: container,
    elements: elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.1, maxZoom: 8, wheelSensitivity: 0.3, boxSelectionEnabled: false,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", shape: "data(shape)", width: "data(size)",
        height: "data(size)", "border-width": 1, "border-color": "#333333", label: "", "font-family": FONT,
        "font-size": LABEL_PX, color: "#111111", "text-wrap": "wrap", "text-background-color": "#ffffff",
        "text-background-opacity": 0.85, "text-background-padding": 1, "min-zoomed-font-size": 0 } },
      { selector: "node.broker", style: { "border-width": 3.5, "border-color": "#000000" } },
      { selector: "node.transit", style: { "border-width": 4, "border-style": "double", "border-color": "#000000" } },
      { selector: "node.match", style: { "border-width": 5, "border-color": "#D55E00" } },
      { selector: "node:selected", style: { "border-width": 5, "border-color": "#E69F00" } },
      { selector: "edge", style: { "line-color": "data(colour)", "target-arrow-color": "data(colour)", width: "data(width)",
        "curve-style": "bezier", opacity: 0.8, "arrow-scale": 1.1 } },
      { selector: "edge.directed", style: { "target-arrow-shape": "triangle" } },
      { selector: "edge.tagged", style: { label: "data(tag)", "font-family": FONT, "font-size": 10, color: "#222222",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 1,
        "text-border-color": "#bbbbbb", "text-border-width": 0.5, "text-border-opacity": 1, "min-zoomed-font-size": 0 } },
      { selector: "edge.dash-dashed", style: { "line-style": "dashed" } },
      { selector: "edge.dash-dotted", style: { "line-style": "dotted" } },
      { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#E69F00", "underlay-opacity": 0.5, "underlay-padding": 3 } },
      { selector: ".faded", style: { opacity: 0.15 } },
      { selector: ".hidden", style: { display: "none" } }
    ]
  });
  cy.nodes().forEach(function (n) { n.scratch("_home", Object.assign({}, n.position())); });

  // ------------------------------------------------------------------ the map under the graph
  var mapSvg = document.getElementById("map");
  var mapLayer = null;
  if (isMap && data.map) {
    var NS = "http:" + "//www.w3.org/2000/svg";
    mapLayer = document.createElementNS(NS, "g");
    var sea = document.createElementNS(NS, "rect");
    sea.setAttribute("width", data.map.width); sea.setAttribute("height", data.map.height);
    sea.setAttribute("class", "sea");
    mapLayer.appendChild(sea);
    var clip = document.createElementNS(NS, "clipPath");
    clip.setAttribute("id", "map-clip");
    var clipRect = document.createElementNS(NS, "rect");
    clipRect.setAttribute("width", data.map.width); clipRect.setAttribute("height", data.map.height);
    clip.appendChild(clipRect);
    mapLayer.appendChild(clip);
    var land = document.createElementNS(NS, "path");
    land.setAttribute("d", data.map.outlines.join(""));
    land.setAttribute("class", "land");
    land.setAttribute("clip-path", "url(#map-clip)");
    mapLayer.appendChild(land);
    if (data.map.band > 0) {
      var band = document.createElementNS(NS, "rect");
      band.setAttribute("y", data.map.height - data.map.band); band.setAttribute("width", data.map.width);
      band.setAttribute("height", data.map.band); band.setAttribute("class", "band");
      mapLayer.appendChild(band);
      var note = document.createElementNS(NS, "text");
      note.setAttribute("x", 8); note.setAttribute("y", data.map.height - data.map.band + 16);
      note.setAttribute("class", "band-note");
      note.textContent = "not on the map (no position known)";
      mapLayer.appendChild(note);
    }
    mapSvg.appendChild(mapLayer);
  } else {
    mapSvg.style.display = "none";
  }
  function syncMap() {
    if (!mapLayer) return;
    var p = cy.pan(), z = cy.zoom();
    mapLayer.setAttribute("transform", "translate(" + p.x + "," + p.y + ") scale(" + z + ")");
  }

  // ------------------------------------------------------------------ labels
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = LABEL_PX + "px " + FONT;
  var search = { text: "", hits: {} };
  var placedBoxes = [];
  function overlaps(a, b) { return a.x1 > b.x0 && b.x1 > a.x0 && a.y1 > b.y0 && b.y1 > a.y0; }
  function placeLabels() {
    var z = cy.zoom();
    var width = container.clientWidth, height = container.clientHeight;
    var shown = cy.nodes().filter(function (n) { return !n.hasClass("hidden"); });
    var obstacles = [];
    shown.forEach(function (n) {
      var p = n.renderedPosition(), r = n.data("size") * z / 2;
      obstacles.push({ id: n.id(), x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r });
    });
    // The tags written on links (their year or document) are avoided where a label has room
    // elsewhere; a label that has none may cover a tag (the link's details still tell it).
    var tagBoxes = [];
    cy.edges(".tagged").forEach(function (e) {
      if (e.hasClass("hidden")) return;
      var m = e.renderedMidpoint(), w = measure.measureText(e.data("tag")).width * 10 / LABEL_PX / 2 + 3;
      tagBoxes.push({ id: e.id(), x0: m.x - w, x1: m.x + w, y0: m.y - 8, y1: m.y + 8 });
    });
    var order = shown.toArray().sort(function (a, b) {
      var ha = search.hits[a.id()] ? 0 : 1, hb = search.hits[b.id()] ? 0 : 1;
      if (ha !== hb) return ha - hb;
      var sa = a.selected() ? 0 : 1, sb = b.selected() ? 0 : 1;
      if (sa !== sb) return sa - sb;
      return byId[a.id()].rank - byId[b.id()].rank;
    });
    var placed = [], assign = {};
    order.forEach(function (n) {
      if (n.hasClass("faded")) return;
      var lines = String(n.data("label")).split("\n");
      var w = 0;
      lines.forEach(function (t) { w = Math.max(w, measure.measureText(t).width); });
      w += 4;
      var hgt = lines.length * LABEL_PX * 1.25 + 2;
      var p = n.renderedPosition(), r = n.data("size") * z / 2 + 3;
      var d = r * 0.7;  // the diagonals start at the corner of the node's circle
      var candidates = [
        ["lab-r", p.x + r, p.y - hgt / 2], ["lab-l", p.x - r - w, p.y - hgt / 2],
        ["lab-b", p.x - w / 2, p.y + r], ["lab-t", p.x - w / 2, p.y - r - hgt],
        ["lab-tr", p.x + d, p.y - d - hgt], ["lab-br", p.x + d, p.y + d],
        ["lab-tl", p.x - d - w, p.y - d - hgt], ["lab-bl", p.x - d - w, p.y + d]
      ];
      for (var pass = 0; pass < 2; pass++) {
        for (var i = 0; i < candidates.length; i++) {
          var c = candidates[i];
          var box = { x0: c[1], y0: c[2], x1: c[1] + w, y1: c[2] + hgt };
          if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
          var free = !placed.some(function (b) { return overlaps(box, b); }) &&
            !obstacles.some(function (o) { return o.id !== n.id() && overlaps(box, o); }) &&
            (pass === 1 || !tagBoxes.some(function (o) { return overlaps(box, o); }));
          if (free) { placed.push(box); assign[n.id()] = c[0]; return; }
        }
      }
    });
    // Cytoscape.js puts a label beside, above or below the node's box; the diagonals sit at
    // its corner, pulled in to the circle's.
    var margins = { "lab-r": [3, 0, "right", "center"], "lab-l": [-3, 0, "left", "center"],
      "lab-b": [0, 3, "center", "bottom"], "lab-t": [0, -3, "center", "top"] };
    ["tr", "br", "tl", "bl"].forEach(function (k) {
      var x = k[1] === "r" ? 1 : -1, y = k[0] === "b" ? 1 : -1;
      margins["lab-" + k] = [x, y, k[1] === "r" ? "right" : "left", k[0] === "b" ? "bottom" : "top", true];
    });
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        n.removeClass("labelled lab-r lab-l lab-b lab-t lab-tr lab-br lab-tl lab-bl");
        var where = assign[n.id()];
        if (!where) { n.style("label", ""); return; }
        n.addClass("labelled " + where);
        var m = margins[where], mx = m[0], my = m[1];
        if (m[4]) {
          // A diagonal: from the box's corner (r, r) to the circle's (0.7 r, 0.7 r).
          var back = n.data("size") / 2 * 0.3;
          mx = -m[0] * back; my = -m[1] * back;
        } else {
          mx = m[0] / z; my = m[1] / z;
        }
        // One size on screen at every zoom: the font and margins shrink as the view zooms in.
        n.style({ label: n.data("label"), "font-size": LABEL_PX / z, "text-margin-x": mx, "text-margin-y": my,
          "text-halign": m[2], "text-valign": m[3], "text-background-padding": 1 / z });
      });
    });
    cy.edges(".tagged").style({ "font-size": 10 / z, "text-background-padding": 1 / z, "text-border-width": 0.5 / z });
    placedBoxes = placed.map(function (b) { return [b.x0, b.y0, b.x1, b.y1].map(function (v) { return Math.round(v * 10) / 10; }); });
    document.body.setAttribute("data-label-boxes", JSON.stringify(placedBoxes));
    document.body.setAttribute("data-labels", String(placed.length));
  }
  var pending = false;
  function schedule() {
    syncMap();
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; placeLabels(); });
  }
  cy.on("viewport", schedule);
  cy.on("free", "node", schedule);

  // ------------------------------------------------------------------ details
  var details = document.getElementById("details");
  function clearDetails(title) {
    details.innerHTML = "";
    h("h2", title, details);
  }
  function showClaim(iri, parent) {
    var c = data.claims[iri];
    var box = h("div", null, parent, "claim");
    if (!c) { h("div", local(iri), box, "meta"); return; }
    h("blockquote", "\u201c" + c.quote + "\u201d", box);
    h("div", c.claimant + (c.stance ? " (" + c.stance + ")" : "") + " \u2014 " + docLabel(c.document) +
      (c.locator ? ", " + c.locator : ""), box, "meta");
    h("div", local(iri), box, "meta");
    if (c.assesses && data.claims[c.assesses]) {
      h("div", "judges:", box, "meta");
      showClaim(c.assesses, box);
    }
  }
  function describeEdge(e, parent) {
    var dl = h("dl", null, parent);
    function row(k, v) { if (v) { h("dt", k, dl); h("dd", v, dl); } }
    row("from", byId[e.source].label);
    row("to", byId[e.target].label);
    row("type", e.type + (data.edgeLegend[e.type] ? ": " + data.edgeLegend[e.type].meaning : ""));
    row("years", e.years.join(", "));
    row("stances", e.stances.join(", "));
    row("form of exploitation", e.forms.join(", "));
    row("victim group", e.groups.join(", "));
    row("through", e.transit.join(", "));
    row("events", e.events.map(function (v) { return data.labels[v] || local(v); }).join("; "));
    row("documents", e.documents.map(docLabel).join("; "));
    row("figures", e.figures.map(function (f) { return figureYear(f) + ": " + figureValue(f) + (f.indicator ? " (" + f.indicator + ")" : ""); }).join("; "));
    h("h3", "Claims (" + e.claims.length + ")", parent);
    if (!e.claims.length) h("p", "Stated as a fact of the reference data, not by a claim.", parent, "hint");
    e.claims.forEach(function (c) { showClaim(c, parent); });
  }
  function showLink(l) {
    var members = l.members.map(function (id) { return edgeById[id]; }).filter(keepEdge);
    if (!members.length) members = l.members.map(function (id) { return edgeById[id]; });
    var docs = {};
    members.forEach(function (e) { e.documents.forEach(function (d) { docs[d] = true; }); });
    var n = Object.keys(docs).length;
    clearDetails(byId[l.source].label + " \u2192 " + byId[l.target].label + " (" + n + " document" + (n === 1 ? "" : "s") + ")");
    members.forEach(function (e, i) {
      if (members.length > 1) h("h3", (i + 1) + ". " + (e.forms.join(", ") || e.type) + (e.groups.length ? ", " + e.groups.join(", ") : ""), details);
      describeEdge(e, details);
    });
  }
  function showNode(n) {
    clearDetails(n.label);
    var dl = h("dl", null, details);
    var rows = [["kind", n.kind + " (" + n.family + ")"], ["degree", n.degree], ["betweenness", n.betweenness],
      ["PageRank", n.pagerank], ["community", n.community], ["broker", n.broker ? "yes" : "no"]];
    n.roles.forEach(function (r) { rows.push(["role: " + r[0], r[1].map(docLabel).join("; ") || "(from the flows)"]); });
    rows.push(["IRI", n.id]);
    rows.forEach(function (kv) { h("dt", kv[0], dl); h("dd", String(kv[1]), dl); });
    h("h3", "Links", details);
    var ul = h("ul", null, details);
    links.forEach(function (l) {
      if (l.source !== n.id && l.target !== n.id) return;
      var other = byId[l.source === n.id ? l.target : l.source];
      var li = h("li", (isMap ? (l.form || "flow") : l.type) + (l.source === n.id ? " \u2192 " : " \u2190 ") + other.label, ul, "link");
      li.addEventListener("click", function () { cy.$id(l.id).select(); showLink(l); });
    });
  }
  cy.on("tap", "node", function (ev) { showNode(byId[ev.target.id()]); schedule(); });
  cy.on("tap", "edge", function (ev) { showLink(linkById[ev.target.id()]); });
  cy.on("tap", function (ev) { if (ev.target === cy) clearDetails("Details"); });

  // ------------------------------------------------------------------ filters
  var state = { kinds: {}, types: {}, docs: {}, group: "", undated: false, colourBy: data.colourBy || "kind" };
  var kindsBox = document.getElementById("filter-kinds"), edgesBox = document.getElementById("filter-edges");
  h("h3", "Kinds of node", kindsBox);
  Object.keys(data.families).sort().forEach(function (f) {
    var fam = data.families[f];
    state.kinds[f] = true;
    var label = h("label", null, kindsBox, "check");
    var box = h("input", null, label); box.type = "checkbox"; box.checked = true; box.value = f;
    box.addEventListener("change", function () { state.kinds[f] = box.checked; apply(); });
    var sw = h("span", "", label, "swatch shape-" + fam.shape); sw.style.background = isMap ? "#ffffff" : fam.colour;
    h("span", f + " (" + fam.count + ")", label);
    label.title = fam.kinds.join(", ");
  });
  h("h3", isMap ? "Forms of exploitation" : "Types of link", edgesBox);
  Object.keys(data.edgeLegend).forEach(function (t) {
    var entry = data.edgeLegend[t];
    state.types[t] = true;
    var label = h("label", null, edgesBox, "check");
    var box = h("input", null, label); box.type = "checkbox"; box.checked = true; box.value = t;
    box.addEventListener("change", function () { state.types[t] = box.checked; apply(); });
    var sw = h("span", "", label, "line line-" + entry.dash); sw.style.borderTopColor = entry.colour;
    h("span", entry.label + " (" + entry.count + ")" + (entry.meaning ? ": " + entry.meaning : ""), label);
  });
  h("p", isMap ? "Arrow width: the number of documents that report the flow. Filled dot: origin; double ring: transit."
    : "Line width: the number of documents. Black ring: broker.", edgesBox, "hint");
  var docsBox = document.getElementById("filter-docs");
  if (data.sourceDocuments.length) h("h3", "Documents", docsBox);
  data.sourceDocuments.forEach(function (d) {
    state.docs[d] = true;
    var label = h("label", null, docsBox, "check");
    var box = h("input", null, label); box.type = "checkbox"; box.checked = true; box.value = d;
    box.addEventListener("change", function () { state.docs[d] = box.checked; apply(); });
    var tag = h("span", data.documentTags[d] || "", label, "doc-tag");
    tag.style.borderColor = data.documentColours[d] || "#999999";
    h("span", docLabel(d), label);
  });
  function allDocs() { return data.sourceDocuments.every(function (d) { return state.docs[d]; }); }
  var groupSelect = document.getElementById("filter-group");
  var allGroups = {};
  data.edges.forEach(function (e) { e.groups.forEach(function (g) { allGroups[g] = true; }); });
  Object.keys(allGroups).sort().forEach(function (g) { var o = h("option", g, groupSelect); o.value = g; });
  if (!isMap) document.getElementById("group-label").style.display = "none";
  groupSelect.addEventListener("change", function () { state.group = groupSelect.value; apply(); });

  var from = document.getElementById("year-from"), to = document.getElementById("year-to");
  var fromOut = document.getElementById("year-from-value"), toOut = document.getElementById("year-to-value");
  [from, to].forEach(function (input) {
    input.min = data.years.length ? data.years[0] : 0;
    input.max = data.years.length ? data.years[1] : 0;
    input.step = 1;
    input.disabled = !data.years.length;
    input.addEventListener("input", apply);
  });
  from.value = from.min; to.value = to.max;
  var undatedBox = document.getElementById("keep-undated");
  undatedBox.addEventListener("change", function () { state.undated = undatedBox.checked; apply(); });
  var colourSelect = document.getElementById("colour-by");
  if (isMap) colourSelect.options[0].textContent = "form of exploitation";
  colourSelect.value = state.colourBy;
  colourSelect.addEventListener("change", function () { state.colourBy = colourSelect.value; apply(); });

  function years() {
    var lo = +from.value, hi = +to.value;
    if (lo > hi) { var s = lo; lo = hi; hi = s; }
    return [lo, hi];
  }
  function wholeRange() {
    var y = years();
    return !data.years.length || (y[0] <= data.years[0] && y[1] >= data.years[1]);
  }
  // The rule of `htkg network --since/--until` (model.overlaps): a closed period holds in every
  // year it covers, one open at the end from its first year on, one open at the start in its
  // last year only.
  function spanIn(span, lo, hi) {
    var first = span[0] !== null ? span[0] : span[1];
    var last = span[1] !== null ? span[1] : 1e6;
    return last >= lo && first <= hi;
  }
  function inYears(e) {
    if (wholeRange()) return true;
    var y = years();
    if (e.spans.some(function (sp) { return spanIn(sp, y[0], y[1]); })) return true;
    return state.undated && e.undated;
  }
  function keepEdge(e) {
    var key = isMap ? (e.form || "none") : e.type;
    if (!state.types[key]) return false;
    if (!allDocs() && !e.documents.some(function (d) { return state.docs[d]; })) return false;
    if (state.group && e.groups.indexOf(state.group) < 0) return false;
    if (!inYears(e)) return false;
    return state.kinds[byId[e.source].family] && state.kinds[byId[e.target].family];
  }
  // The colour and tag of a drawn link from the edges the filters keep in it: by year, the
  // latest year of their evidence up to the end of the years chosen (grey: undated); by
  // document, the one document that carries them (black: several; grey: none).
  function colouring(l, kept) {
    if (state.colourBy === "year") {
      var hi = years()[1], all = [];
      kept.forEach(function (e) { all = all.concat(e.years); });
      if (!all.length) return [data.undatedColour, "undated", "undated"];
      var upTo = all.filter(function (v) { return v <= hi; });
      var year = Math.max.apply(null, upTo.length ? upTo : all);
      return [data.yearColours[year], String(year), String(year)];
    }
    if (state.colourBy === "document") {
      var docs = {};
      kept.forEach(function (e) { e.documents.forEach(function (d) { if (allDocs() ? true : state.docs[d]) docs[d] = true; }); });
      var list = Object.keys(docs).sort();
      if (!list.length) return [data.undatedColour, "", "none"];
      if (list.length > 1) return [data.severalColour, list.map(function (d) { return data.documentTags[d]; }).join("+"), "several"];
      return [data.documentColours[list[0]], data.documentTags[list[0]], list[0]];
    }
    return [l.colour, "", ""];
  }
  var legendBox = document.getElementById("colour-legend");
  function showLegend(counts) {
    legendBox.innerHTML = "";
    if (state.colourBy === "kind") {
      h("p", isMap ? "Colour: the form of exploitation (see above)." : "Colour: the type of link (see above).", legendBox, "hint");
      return;
    }
    var rows = [];
    if (state.colourBy === "year") {
      Object.keys(data.yearColours).sort().forEach(function (y) { if (counts[y]) rows.push([data.yearColours[y], y, counts[y]]); });
      if (counts.undated) rows.push([data.undatedColour, "undated", counts.undated]);
      h("p", "Colour and tag: the latest year of a link's evidence, dark (earliest) to light (latest).", legendBox, "hint");
    } else {
      data.sourceDocuments.concat(Object.keys(data.documentTags).filter(function (d) { return data.sourceDocuments.indexOf(d) < 0; }))
        .forEach(function (d) { if (counts[d]) rows.push([data.documentColours[d], data.documentTags[d] + ": " + docLabel(d), counts[d]]); });
      if (counts.several) rows.push([data.severalColour, "several documents (D1+D2…)", counts.several]);
      if (counts.none) rows.push([data.undatedColour, "no document (reference data)", counts.none]);
      h("p", "Colour and tag: the document that carries a link.", legendBox, "hint");
    }
    rows.forEach(function (r) {
      var row = h("div", null, legendBox, "legend-row");
      row.setAttribute("data-key", r[1]);
      var sw = h("span", "", row, "line line-solid"); sw.style.borderTopColor = r[0];
      h("span", r[1] + " (" + r[2] + ")", row);
    });
  }
  var summary = document.getElementById("summary");
  function apply() {
    var y = years();
    fromOut.textContent = data.years.length ? y[0] : "";
    toOut.textContent = data.years.length ? y[1] : "";
    var active = {}, shownLinks = 0, shownEdges = 0, colourCounts = {};
    cy.batch(function () {
      links.forEach(function (l) {
        var kept = l.members.map(function (id) { return edgeById[id]; }).filter(keepEdge);
        var el = cy.$id(l.id);
        el.toggleClass("hidden", !kept.length);
        if (kept.length) {
          shownLinks += 1; shownEdges += kept.length;
          active[l.source] = true; active[l.target] = true;
          var docs = {};
          kept.forEach(function (e) { e.documents.forEach(function (d) { docs[d] = true; }); });
          var n = Math.max(1, Object.keys(docs).length);
          el.data("width", (isMap ? 2 : 1.2) + (isMap ? 2.5 : 1.3) * Math.min(n, 4));
          var c = colouring(l, kept);
          el.data("colour", c[0]);
          el.data("tag", c[1]);
          el.toggleClass("tagged", !!c[1]);
          if (c[2]) colourCounts[c[2]] = (colourCounts[c[2]] || 0) + 1;
        }
      });
      cy.nodes().forEach(function (n) { n.toggleClass("hidden", !active[n.id()]); });
      applySearch();
    });
    var shownNodes = Object.keys(active).length;
    showLegend(colourCounts);
    showFigures();
    // What the years leave out, and why (as `htkg network` says it): dated in other years, or undated.
    var outside = 0, undatedHidden = 0;
    if (!wholeRange()) data.edges.forEach(function (e) {
      if (inYears(e)) return;
      if (e.spans.length) outside += 1; else undatedHidden += 1;
    });
    summary.textContent = shownNodes + " of " + data.nodes.length + " nodes, " + shownEdges + " of " + data.edges.length +
      " links shown" + (data.years.length ? " (" + y[0] + "\u2013" + y[1] + ")" : "") +
      (outside || undatedHidden ? "; left out: " + [outside ? outside + " dated in other years" : "",
        undatedHidden ? undatedHidden + " undated" : ""].filter(Boolean).join(", ") : "") +
      (search.text ? "; " + Object.keys(search.hits).length + " found for \u201c" + search.text + "\u201d" : "");
    document.body.setAttribute("data-rendered-nodes", String(shownNodes));
    document.body.setAttribute("data-rendered-edges", String(shownEdges));
    document.body.setAttribute("data-colour-by", state.colourBy);
    document.body.setAttribute("data-edge-colours", JSON.stringify(cy.edges().filter(function (e) { return !e.hasClass("hidden"); })
      .map(function (e) { return [e.id(), e.data("colour"), e.data("tag")]; }).sort()));
    schedule();
  }

  // ------------------------------------------------------------------ figures by year
  function figureYear(f) {
    if (f.first === null && f.last === null) return "undated";
    if (f.first === null) return "by " + f.last;
    if (f.last === null) return "since " + f.first;
    return f.first === f.last ? String(f.first) : f.first + "\u2013" + f.last;
  }
  function figureValue(f) {
    if (f.value) return f.value;
    if (f.min && f.max) return f.min + "\u2013" + f.max;
    return f.min ? "at least " + f.min : "up to " + f.max;
  }
  var figuresBox = document.getElementById("figures"), figuresList = document.getElementById("figures-list");
  var anyFigures = data.edges.some(function (e) { return e.figures && e.figures.length; });
  function showFigures() {
    if (!anyFigures) return;
    figuresBox.hidden = false;
    figuresList.innerHTML = "";
    var byYear = {}, rows = 0;
    data.edges.filter(keepEdge).forEach(function (e) {
      e.figures.forEach(function (f) {
        var y = figureYear(f);
        (byYear[y] = byYear[y] || []).push([byId[e.source].short + " \u2192 " + byId[e.target].short, figureValue(f), f.indicator,
          data.documentTags[f.doc] || ""]);
        rows += 1;
      });
    });
    if (!rows) { h("p", "No figures among the flows shown.", figuresList, "hint"); return; }
    Object.keys(byYear).sort().forEach(function (y) {
      var table = h("table", null, figuresList, "figures");
      table.setAttribute("data-year", y);
      h("caption", y, table);
      byYear[y].sort().forEach(function (r) {
        var tr = h("tr", null, table);
        h("td", r[0], tr); h("td", r[1], tr, "num"); h("td", r[2] + (r[3] ? " (" + r[3] + ")" : ""), tr, "meta");
      });
    });
  }

  // ------------------------------------------------------------------ search
  var searchBox = document.getElementById("search");
  function applySearch() {
    var text = search.text.toLowerCase();
    search.hits = {};
    cy.elements().removeClass("faded match");
    if (!text) return;
    var near = cy.collection();
    cy.nodes().forEach(function (n) {
      var d = byId[n.id()];
      if (!n.hasClass("hidden") && (d.label.toLowerCase().indexOf(text) >= 0 || d.short.toLowerCase().indexOf(text) >= 0)) {
        search.hits[n.id()] = true;
        n.addClass("match");
        near = near.union(n.closedNeighborhood());
      }
    });
    if (Object.keys(search.hits).length) cy.elements().not(near).addClass("faded");
  }
  function runSearch(fit) {
    search.text = searchBox.value.trim();
    apply();
    var hits = cy.nodes(".match");
    if (fit && hits.length) {
      cy.fit(hits.closedNeighborhood().filter(function (e) { return !e.hasClass("hidden"); }), 80);
      // A few nodes would fill the screen: stay close enough to see where they sit.
      if (cy.zoom() > 1.6) cy.zoom({ level: 1.6, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
    }
  }
  searchBox.addEventListener("input", function () { runSearch(false); });
  searchBox.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(true); });

  // ------------------------------------------------------------------ fit, reset, export
  function visible() { return cy.elements().filter(function (e) { return !e.hasClass("hidden"); }); }
  function fitAll() {
    if (!isMap || !data.map) {
      cy.fit(visible(), 30);
      if (cy.zoom() > 1.6) cy.zoom({ level: 1.6, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
      return;
    }
    // The whole map in view.
    var w = container.clientWidth, ht = container.clientHeight, pad = 10;
    var z = Math.min((w - 2 * pad) / data.map.width, (ht - 2 * pad) / data.map.height);
    cy.viewport({ zoom: z, pan: { x: (w - data.map.width * z) / 2, y: (ht - data.map.height * z) / 2 } });
  }
  document.getElementById("fit").addEventListener("click", fitAll);
  document.getElementById("reset").addEventListener("click", function () {
    searchBox.value = ""; search.text = "";
    Object.keys(state.kinds).forEach(function (k) { state.kinds[k] = true; });
    Object.keys(state.types).forEach(function (k) { state.types[k] = true; });
    Array.prototype.forEach.call(document.querySelectorAll("#filters input[type=checkbox]"), function (b) { b.checked = true; });
    Object.keys(state.docs).forEach(function (d) { state.docs[d] = true; });
    groupSelect.value = ""; state.group = "";
    undatedBox.checked = false; state.undated = false;
    from.value = from.min; to.value = to.max;
    cy.nodes().forEach(function (n) { n.position(n.scratch("_home")); });
    cy.elements().unselect();
    apply();
    fitAll();
    clearDetails("Details");
  });
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  var fileStem = "htkg-" + data.view;
  document.getElementById("save-png").addEventListener("click", function () {
    var graph = cy.png({ output: "blob-promise", bg: mapLayer ? undefined : "#ffffff", full: false, scale: 2 });
    if (!mapLayer) { graph.then(function (b) { download(fileStem + ".png", b); }); return; }
    // The map lies under the graph: draw both on one canvas.
    var w = container.clientWidth, ht = container.clientHeight;
    var svgText = new XMLSerializer().serializeToString(mapSvg);
    var img = new Image();
    img.onload = function () {
      graph.then(function (blob) {
        var top = new Image();
        top.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = w * 2; canvas.height = ht * 2;
          var ctx = canvas.getContext("2d");
          ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
          ctx.drawImage(top, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (b) { download(fileStem + ".png", b); });
        };
        top.src = URL.createObjectURL(blob);
      });
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText);
  });
  document.getElementById("save-json").addEventListener("click", function () {
    var keptEdges = data.edges.filter(keepEdge);
    var ids = {}, claims = {};
    keptEdges.forEach(function (e) {
      ids[e.source] = true; ids[e.target] = true;
      e.claims.forEach(function (c) { claims[c] = data.claims[c]; });
    });
    var out = { view: data.view, title: data.title, search: search.text, filters: { kinds: state.kinds, types: state.types,
      documents: Object.keys(state.docs).filter(function (d) { return state.docs[d]; }), group: state.group, years: years(),
      undated: state.undated, colourBy: state.colourBy },
      nodes: data.nodes.filter(function (n) { return ids[n.id]; }), edges: keptEdges, claims: claims, documents: data.documents };
    download(fileStem + "-filtered.json", new Blob([JSON.stringify(out, null, 1)], { type: "application/json" }));
  });

  // ------------------------------------------------------------------ about
  document.getElementById("explanation").textContent = data.explanation;
  var measures = document.getElementById("measures");
  Object.keys(data.measures).forEach(function (k) { h("dt", k, measures); h("dd", data.measures[k], measures); });

  // ------------------------------------------------------------------ the address
  function fromAddress() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    function list(name) { return (params.get(name) || "").split(",").map(function (s) { return s.trim().toLowerCase(); }).filter(Boolean); }
    var kinds = list("kind");
    if (kinds.length) {
      Object.keys(state.kinds).forEach(function (f) {
        var fam = data.families[f];
        state.kinds[f] = kinds.indexOf(f.toLowerCase()) >= 0 || fam.kinds.some(function (k) { return kinds.indexOf(k.toLowerCase()) >= 0; });
      });
    }
    var types = list(isMap ? "form" : "edge");
    if (types.length) Object.keys(state.types).forEach(function (t) { state.types[t] = types.indexOf(t.toLowerCase()) >= 0; });
    Array.prototype.forEach.call(document.querySelectorAll("#filter-kinds input"), function (b) { b.checked = state.kinds[b.value]; });
    Array.prototype.forEach.call(document.querySelectorAll("#filter-edges input"), function (b) { b.checked = state.types[b.value]; });
    var wanted = (params.get("doc") || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean);
    if (wanted.length) {
      data.sourceDocuments.forEach(function (d) { state.docs[d] = wanted.indexOf(d) >= 0 || wanted.indexOf(local(d)) >= 0; });
    }
    Array.prototype.forEach.call(document.querySelectorAll("#filter-docs input"), function (b) { b.checked = state.docs[b.value]; });
    if (params.get("undated")) { state.undated = params.get("undated") !== "0"; undatedBox.checked = state.undated; }
    var colour = params.get("colour") || params.get("color");
    if (colour && ["kind", "year", "document"].indexOf(colour) >= 0) { state.colourBy = colour; colourSelect.value = colour; }
    var group = params.get("group");
    if (group && allGroups[group]) { state.group = group; groupSelect.value = group; }
    if (params.get("from")) from.value = params.get("from");
    if (params.get("to")) to.value = params.get("to");
    searchBox.value = params.get("search") || "";
    runSearch(true);
  }
  window.addEventListener("hashchange", fromAddress);

  cy.ready(function () {
    fromAddress();
    if (!search.text) fitAll();
    syncMap();
    placeLabels();
    document.body.setAttribute("data-ready", "1");
  });
})();
