// The script of the page `htkg network --format html` writes: draws the network held in
// #htkg-data as SVG, with details on click, a legend, a year filter, zoom and pan.
// Plain DOM and SVG, no library, nothing loaded from anywhere.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("htkg-data").textContent);
  var SVG = "http:" + "//www.w3.org/2000/svg";
  var svg = document.getElementById("network");
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function h(name, text, parent, cls) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function local(iri) { return iri.replace(/^.*[\/#]/, ""); }
  function docLabel(iri) { return data.documents[iri] || local(iri); }
  function radius(n) { return 6 + 2.2 * Math.min(n.degree, 12); }

  // Arrow heads, one per edge type colour.
  var defs = el("defs", {}, svg);
  Object.keys(data.edgeColours).forEach(function (t) {
    var m = el("marker", { id: "arrow-" + t, viewBox: "0 0 10 10", refX: "10", refY: "5",
      markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: data.edgeColours[t] }, m);
  });
  var world = el("g", { id: "world" }, svg);
  var edgeLayer = el("g", { id: "edges" }, world);
  var nodeLayer = el("g", { id: "nodes" }, world);

  // Edges: parallel edges between one pair bend apart; self-loops are small loops.
  var pairs = {};
  data.edges.forEach(function (e) {
    var key = [e.source, e.target].sort().join(" ");
    (pairs[key] = pairs[key] || []).push(e);
  });
  var edgeEls = {};
  Object.keys(pairs).sort().forEach(function (key) {
    var list = pairs[key];
    list.forEach(function (e, i) {
      var a = byId[e.source], b = byId[e.target], d;
      if (a === b) {
        var r = radius(a);
        d = "M" + (a.x - r * 0.6) + "," + (a.y - r * 0.8) + " C" + (a.x - r * 2.5) + "," + (a.y - r * 4) + " " +
          (a.x + r * 2.5) + "," + (a.y - r * 4) + " " + (a.x + r * 0.6) + "," + (a.y - r * 0.8);
      } else {
        var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
        var rb = radius(b) + 2, ra = radius(a) + 2;
        var x1 = a.x + dx / len * ra, y1 = a.y + dy / len * ra;
        var x2 = b.x - dx / len * rb, y2 = b.y - dy / len * rb;
        var bend = (i - (list.length - 1) / 2) * 22;
        if (e.source > e.target) bend = -bend;
        var cx = (x1 + x2) / 2 - dy / len * bend, cy = (y1 + y2) / 2 + dx / len * bend;
        d = "M" + x1.toFixed(1) + "," + y1.toFixed(1) + " Q" + cx.toFixed(1) + "," + cy.toFixed(1) + " " +
          x2.toFixed(1) + "," + y2.toFixed(1);
      }
      var p = el("path", { d: d, class: "edge", "data-id": e.id, "data-type": e.type,
        stroke: data.edgeColours[e.type], "stroke-width": (1 + 1.5 * e.sources).toFixed(1) }, edgeLayer);
      if (e.directed) p.setAttribute("marker-end", "url(#arrow-" + e.type + ")");
      var title = el("title", {}, p);
      title.textContent = a.label + " \u2014 " + e.type + " \u2192 " + b.label + " (" + e.sources + " source" +
        (e.sources === 1 ? "" : "s") + (e.years.length ? ", " + e.years[0] + "\u2013" + e.years[e.years.length - 1] : "") + ")";
      p.addEventListener("click", function (ev) { ev.stopPropagation(); showEdge(e); });
      edgeEls[e.id] = p;
    });
  });

  var nodeEls = {};
  data.nodes.forEach(function (n) {
    var g = el("g", { class: "node" + (n.broker ? " broker" : ""), "data-id": n.id, "data-kind": n.kind,
      transform: "translate(" + n.x + "," + n.y + ")" }, nodeLayer);
    el("circle", { r: radius(n).toFixed(1), fill: data.kindColours[n.kind] }, g);
    var t = el("text", { x: (radius(n) + 3).toFixed(1), y: "4" }, g);
    t.textContent = n.short;
    el("title", {}, g).textContent = n.label + " (" + n.kind + ")";
    g.addEventListener("click", function (ev) { ev.stopPropagation(); showNode(n); });
    nodeEls[n.id] = g;
  });

  // Details panel.
  var details = document.getElementById("details");
  function clearDetails(title) {
    details.innerHTML = "";
    h("h2", title, details);
    Array.prototype.forEach.call(document.querySelectorAll(".selected"), function (x) { x.classList.remove("selected"); });
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
  function showEdge(e) {
    clearDetails(e.type + " (" + e.sources + " source" + (e.sources === 1 ? "" : "s") + ")");
    edgeEls[e.id].classList.add("selected");
    var dl = h("dl", null, details);
    h("dt", "from", dl); h("dd", byId[e.source].label, dl);
    h("dt", "to", dl); h("dd", byId[e.target].label, dl);
    h("dt", "meaning", dl); h("dd", data.edgeMeanings[e.type], dl);
    if (e.years.length) { h("dt", "years", dl); h("dd", e.years.join(", "), dl); }
    if (e.stances.length) { h("dt", "stances", dl); h("dd", e.stances.join(", "), dl); }
    if (e.forms.length) { h("dt", "form of exploitation", dl); h("dd", e.forms.join(", "), dl); }
    if (e.groups.length) { h("dt", "victim group", dl); h("dd", e.groups.join(", "), dl); }
    if (e.transit.length) { h("dt", "through", dl); h("dd", e.transit.join(", "), dl); }
    if (e.events.length) { h("dt", "events", dl); h("dd", e.events.map(function (v) { return data.labels[v] || local(v); }).join("; "), dl); }
    if (e.documents.length) { h("dt", "documents", dl); h("dd", e.documents.map(docLabel).join("; "), dl); }
    h("h2", "Claims (" + e.claims.length + ")", details);
    if (!e.claims.length) h("p", "Stated as a fact of the reference data, not by a claim.", details, "hint");
    e.claims.forEach(function (c) { showClaim(c, details); });
  }
  function showNode(n) {
    clearDetails(n.label);
    nodeEls[n.id].classList.add("selected");
    var dl = h("dl", null, details);
    [["kind", n.kind], ["degree", n.degree], ["betweenness", n.betweenness], ["PageRank", n.pagerank],
      ["community", n.community], ["broker", n.broker ? "yes" : "no"], ["IRI", n.id]].forEach(function (kv) {
      h("dt", kv[0], dl); h("dd", String(kv[1]), dl);
    });
    h("h2", "Links", details);
    var ul = h("ul", null, details);
    data.edges.forEach(function (e) {
      if (e.source !== n.id && e.target !== n.id) return;
      var other = byId[e.source === n.id ? e.target : e.source];
      var li = h("li", e.type + (e.source === n.id ? " \u2192 " : " \u2190 ") + other.label + " (" + e.sources + ")", ul);
      li.style.cursor = "pointer";
      li.addEventListener("click", function () { showEdge(e); });
    });
  }
  svg.addEventListener("click", function () { clearDetails("Details"); });

  // Legend.
  var legend = document.getElementById("legend");
  Object.keys(data.kindColours).forEach(function (k) {
    var count = data.nodes.filter(function (n) { return n.kind === k; }).length;
    var row = h("div", null, legend);
    h("span", "", row, "swatch").style.background = data.kindColours[k];
    h("span", k + " (" + count + ")", row);
  });
  h("div", "black ring: broker (connects groups)", legend, "hint");
  Object.keys(data.edgeColours).forEach(function (t) {
    var count = data.edges.filter(function (e) { return e.type === t; }).length;
    var row = h("div", null, legend);
    h("span", "", row, "line").style.background = data.edgeColours[t];
    h("span", t + " (" + count + "): " + data.edgeMeanings[t], row);
  });
  h("div", "Line width: the number of independent sources.", legend, "hint");

  // Years.
  var from = document.getElementById("year-from"), to = document.getElementById("year-to");
  var fromOut = document.getElementById("year-from-value"), toOut = document.getElementById("year-to-value");
  var summary = document.getElementById("summary");
  function applyYears() {
    var lo = +from.value, hi = +to.value;
    if (lo > hi) { var s = lo; lo = hi; hi = s; }
    fromOut.textContent = data.years.length ? lo : "";
    toOut.textContent = data.years.length ? hi : "";
    var whole = !data.years.length || (lo <= data.years[0] && hi >= data.years[1]);
    var shown = 0, active = {};
    data.edges.forEach(function (e) {
      var on = whole || e.years.some(function (y) { return y >= lo && y <= hi; });
      edgeEls[e.id].classList.toggle("hidden", !on);
      if (on) { shown += 1; active[e.source] = true; active[e.target] = true; }
    });
    data.nodes.forEach(function (n) { nodeEls[n.id].classList.toggle("faded", !active[n.id]); });
    summary.textContent = data.nodes.length + " nodes, " + shown + " of " + data.edges.length + " links shown" +
      (data.years.length ? " (" + lo + "\u2013" + hi + ")" : "");
  }
  [from, to].forEach(function (input) {
    input.min = data.years.length ? data.years[0] : 0;
    input.max = data.years.length ? data.years[1] : 0;
    input.step = 1;
    input.disabled = !data.years.length;
    input.addEventListener("input", applyYears);
  });
  from.value = from.min; to.value = to.max;
  applyYears();

  // Zoom (wheel) and pan (drag) by moving the viewBox.
  var view = { x: 0, y: 0, w: 1000, h: 720 };
  function setView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return v.toFixed(1); }).join(" ")); }
  setView();
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = svg.getBoundingClientRect();
    var mx = view.x + (ev.clientX - r.left) / r.width * view.w, my = view.y + (ev.clientY - r.top) / r.height * view.h;
    view = { x: mx - (mx - view.x) * f, y: my - (my - view.y) * f, w: view.w * f, h: view.h * f };
    setView();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, v: view }; });
  window.addEventListener("pointerup", function () { drag = null; });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    view = { x: drag.v.x - (ev.clientX - drag.x) / r.width * drag.v.w, y: drag.v.y - (ev.clientY - drag.y) / r.height * drag.v.h, w: drag.v.w, h: drag.v.h };
    setView();
  });

  // Tests and tools read these once the drawing is done.
  document.body.setAttribute("data-rendered-nodes", String(nodeLayer.childNodes.length));
  document.body.setAttribute("data-rendered-edges", String(edgeLayer.childNodes.length));
})();
