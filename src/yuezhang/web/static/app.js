// 约章 web page: one script, hash routes, every text from the API put in as text (never as HTML).
"use strict";

const state = { variant: localStorage.getItem("yuezhang.variant") || "zh-hans", labels: {} };
const view = document.getElementById("view");
const FIELD_ORDER = ["alias", "signed", "effective", "ended", "duration", "place", "party", "signatory",
  "article_count", "territory", "status", "related", "article"];
const PAGE = 50;

// ---- small helpers --------------------------------------------------------------------------

/** An element with properties and children; strings become text nodes, so nothing is parsed as HTML. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function L(key, vars) {
  let s = state.labels[key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replace(`{${k}}`, String(v));
  return s;
}

function hashLink(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  }
  const s = qs.toString();
  return "#" + path + (s ? "?" + s : "");
}

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  }
  qs.set("variant", state.variant);
  const res = await fetch(`/api/${path}?${qs}`);
  const body = await res.json();
  if (!res.ok) {
    const why = (body.parameters || []).map((p) => `${p.parameter}: ${p.message}`).join("; ");
    throw new Error(`${res.status} ${body.error || ""} ${why}`);
  }
  return body;
}

/** Replace the view's content; null and false stand for "nothing here", as in `h`. */
function show(...nodes) {
  view.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
}

function showError(err) {
  show(h("p", { class: "error" }, L("error") + ": " + err.message));
}

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(query || "") };
}

// ---- labels and script switch ---------------------------------------------------------------

async function loadLabels() {
  state.labels = await api("labels");
  document.documentElement.lang = state.variant === "zh-hans" ? "zh-Hans" : "zh-Hant";
  for (const el of document.querySelectorAll("[data-label]")) el.textContent = L(el.dataset.label);
  document.getElementById("q").placeholder = L("search_placeholder");
  document.title = L("site");
}

const variantSelect = document.getElementById("variant");
variantSelect.value = state.variant;
variantSelect.addEventListener("change", async () => {
  state.variant = variantSelect.value;
  localStorage.setItem("yuezhang.variant", state.variant);
  await loadLabels();
  route();
});

document.getElementById("search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  location.hash = hashLink("/", { q: document.getElementById("q").value.trim() });
});

// ---- list with facets -----------------------------------------------------------------------

function listFilters(params) {
  const f = { party: params.getAll("party"), place: params.getAll("place"), q: params.get("q") || "" };
  const c = parseInt(params.get("century") || "", 10);
  if (c) Object.assign(f, { year_from: (c - 1) * 100 + 1, year_to: c * 100 });
  return f;
}

function toggled(params, key, value) {
  const p = new URLSearchParams(params);
  const values = p.getAll(key);
  p.delete(key);
  p.delete("offset");
  if (!values.includes(String(value))) p.append(key, value);
  const obj = {};
  for (const k of new Set(p.keys())) obj[k] = p.getAll(k);
  return hashLink("/", obj);
}

function facetBox(title, key, items, params, format) {
  const chosen = params.getAll(key);
  return h("section", { class: "facet", dataset: { facet: key } },
    h("h3", {}, title),
    h("ul", {}, items.map((it) =>
      h("li", { class: chosen.includes(String(it.value)) ? "on" : "" },
        h("a", { href: toggled(params, key, it.value) }, format ? format(it.value) : it.value),
        h("span", { class: "count" }, it.count)))));
}

async function listView(params) {
  const filters = listFilters(params);
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  document.getElementById("q").value = filters.q;
  show(h("p", { class: "muted" }, L("loading")));
  const [list, facets, hits] = await Promise.all([
    api("treaties", { ...filters, limit: PAGE, offset }),
    api("treaties/facets", filters),
    filters.q ? api("search", { q: filters.q, limit: 10 }) : Promise.resolve(null),
  ]);
  const side = h("aside", { class: "facets" },
    facetBox(L("facet_party"), "party", facets.party, params),
    facetBox(L("facet_century"), "century", facets.century, params, (n) => L("century_fmt", { n })),
    facetBox(L("facet_place"), "place", facets.place, params),
    [...params.keys()].length ? h("a", { class: "clear", href: "#/" }, L("clear_filters")) : null);
  const rows = list.items.map((t) =>
    h("tr", { class: "treaty-row", dataset: { id: t.id } },
      h("td", {}, h("a", { href: `#/treaty/${t.id}` }, t.title)),
      h("td", { class: "date" }, t.signed || ""),
      h("td", {}, t.parties.join("、")),
      h("td", {}, t.place || "")));
  const table = list.items.length
    ? h("table", { class: "treaties" },
      h("thead", {}, h("tr", {}, ["col_title", "col_signed", "col_parties", "col_place"].map((k) => h("th", {}, L(k))))),
      h("tbody", {}, rows))
    : h("p", { class: "muted" }, L("no_results"));
  const pager = h("div", { class: "pager" },
    offset > 0 ? h("a", { href: pageLink(params, Math.max(0, offset - PAGE)) }, L("prev")) : null,
    offset + PAGE < list.total ? h("a", { href: pageLink(params, offset + PAGE) }, L("next")) : null);
  const main = h("section", { class: "results" },
    h("p", { class: "total" }, L("results_fmt", { n: list.total })), table, pager,
    hits ? fulltext(hits) : null);
  show(h("div", { class: "list-layout" }, side, main));
}

function pageLink(params, offset) {
  const obj = {};
  for (const k of new Set(params.keys())) obj[k] = params.getAll(k);
  obj.offset = offset;
  return hashLink("/", obj);
}

function fulltext(hits) {
  return h("section", { class: "fulltext" },
    h("h2", {}, L("fulltext"), " ", h("span", { class: "muted" }, L("fulltext_fmt", { n: hits.total }))),
    h("ol", {}, hits.items.map((hit) =>
      h("li", { class: "hit" },
        hit.is_treaty ? h("a", { href: `#/treaty/${hit.id}` }, hit.title) : h("strong", {}, hit.title),
        hit.signed ? h("span", { class: "muted" }, " " + hit.signed) : null,
        h("div", { class: "snippet" },
          hit.parts.map((p) => (p.mark ? h("mark", {}, p.text) : p.text)))))));
}

// ---- one treaty -----------------------------------------------------------------------------

/** Long quoted words (an enumerated list read as an article count ...) shortened for the fact list. */
function clip(text, n = 40) {
  return text && text.length > n ? text.slice(0, n) + "…" : text;
}

function factValue(f) {
  const d = { ...f.data, text: clip(f.data.text) };
  switch (f.field) {
    case "signed": case "effective": case "ended":
      return `${d.value}${d.end ? " – " + d.end : ""}（${d.text}）`;
    case "duration": return `${L("years_fmt", { n: d.years })}（${d.text}）`;
    case "place": return d.surface && d.surface !== d.name ? `${d.name}（${d.surface}）` : d.name;
    case "party": return d.surface && d.surface !== d.name ? `${d.name}（${d.surface}）` : d.name;
    case "signatory": return [d.name, [d.side, d.office].filter(Boolean).join("，")].filter(Boolean).join("（") +
      ([d.side, d.office].some(Boolean) ? "）" : "");
    case "article_count": return `${d.value}（${d.text}）`;
    case "article": return `${L("article_fmt", { n: d.number })}：${d.text}`;
    case "territory": return `${L("km2_fmt", { n: Number(d.area_km2).toLocaleString() })}（${d.text}）`;
    case "status": return `${L("status_" + d.status)}（${d.text}）`;
    case "related": return `${d.title}（${L("rel_" + d.relation)}）`;
    case "alias": return d.name;
    default: return f.value;
  }
}

function factLinks(t, f) {
  const links = [];
  for (const e of t.entities.filter((e) => e.fact_id === f.id)) {
    links.push(h("a", { class: "entity-link", href: `#/entity/${e.id}`, title: L("kind_" + e.kind) }, "→ " + L("kind_" + e.kind)));
  }
  if (f.field === "party") links.push(h("a", { class: "filter-link", href: hashLink("/", { party: f.value }) }, "⌕"));
  for (const r of t.related.filter((r) => r.fact_id === f.id && r.target_id)) {
    links.push(h("a", { class: "treaty-link", href: `#/treaty/${r.target_id}` }, "→ " + L("in_store")));
  }
  return links;
}

async function treatyView(key) {
  show(h("p", { class: "muted" }, L("loading")));
  let t;
  try {
    t = await api(`treaties/${encodeURIComponent(key)}`);
  } catch (err) {
    if (String(err.message).startsWith("404")) return show(h("p", { class: "error" }, L("not_found")));
    throw err;
  }
  const evidence = h("aside", { class: "evidence", id: "evidence" },
    h("h2", {}, L("evidence")), h("p", { class: "muted" }, L("evidence_hint")));
  const byField = new Map();
  for (const f of t.facts) {
    if (!byField.has(f.field)) byField.set(f.field, []);
    byField.get(f.field).push(f);
  }
  const fields = [...byField.keys()].sort((a, b) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
  const dl = h("dl", { class: "facts" }, fields.map((field) => [
    h("dt", {}, L("field_" + field)),
    h("dd", {}, h("ul", {}, byField.get(field).map((f) =>
      h("li", {},
        h("button", {
          type: "button", class: "fact", dataset: { field: f.field, factId: f.id },
          disabled: f.start === null ? true : null,
          onclick: (ev) => showEvidence(t, f, ev.currentTarget, evidence),
        }, factValue(f)),
        " ", factLinks(t, f))))),
  ]));
  const cited = t.cited_by.length
    ? h("section", { class: "cited-by" }, h("h3", {}, L("cited_by")),
      h("ul", {}, t.cited_by.map((c) => h("li", {}, h("a", { href: `#/treaty/${c.id}` }, c.title), `（${L("rel_" + c.relation)}）`))))
    : null;
  show(h("article", { class: "treaty", dataset: { id: t.id } },
    h("h1", {}, t.title),
    t.record.aliases.length ? h("p", { class: "aliases" }, L("field_alias") + "：" + t.record.aliases.join("、")) : null,
    h("p", { class: "source muted" }, L("source") + "：" + t.path),
    h("div", { class: "treaty-layout" },
      h("section", { class: "facts-box" }, h("h2", {}, L("facts")), dl, cited),
      evidence)));
}

async function showEvidence(t, f, button, panel) {
  for (const b of document.querySelectorAll("button.fact.active")) b.classList.remove("active");
  button.classList.add("active");
  // An empty span stands where markup (an infobox, a template) gave the fact: its sentence is the evidence.
  const parts = f.start === f.end
    ? [{ role: "evidence", text: f.sentence || "" }]
    : (await api(`documents/${t.id}/passage`, { start: f.start, end: f.end })).parts;
  panel.replaceChildren(
    h("h2", {}, L("evidence")),
    h("p", { class: "evidence-fact" }, L("field_" + f.field) + "：" + factValue(f)),
    h("blockquote", { class: "passage" }, passageNodes(parts)),
    h("p", { class: "muted" }, `${L("source")}：${t.path} · ${f.start === f.end ? L("from_markup")
      : L("span_fmt", { s: f.start, e: f.end })}`));
  panel.scrollIntoView({ block: "nearest" });
}

/** Context as plain text; the sentence (with the evidence span marked inside it) as one highlighted element. */
function passageNodes(parts) {
  const out = [];
  let sentence = null;
  for (const part of parts) {
    if (part.role === "context") {
      sentence = null;
      out.push(part.text);
      continue;
    }
    if (!sentence) out.push((sentence = h("span", { class: "evidence-sentence" })));
    sentence.append(part.role === "evidence" ? h("mark", { class: "evidence-span" }, part.text) : part.text);
  }
  return out;
}

// ---- one entity -----------------------------------------------------------------------------

async function entityView(id) {
  const e = await api(`entities/${encodeURIComponent(id)}`);
  show(h("article", { class: "entity" },
    h("h1", {}, e.name, " ", h("span", { class: "muted kind" }, L("kind_" + e.kind))),
    e.kind === "polity" ? h("p", {}, h("a", { href: hashLink("/", { party: e.name }) }, "⌕ " + L("nav_list"))) : null,
    h("h2", {}, L("entity_treaties")),
    h("ul", { class: "entity-treaties" }, e.treaties.map((t) =>
      h("li", {}, h("a", { href: `#/treaty/${t.id}` }, t.title), " ",
        h("span", { class: "muted" }, [t.signed || "", t.roles.map((r) => L("role_" + r)).join("、")].join(" ")))))));
}

// ---- timeline -------------------------------------------------------------------------------

async function partySelect(params, path) {
  const facets = await api("treaties/facets", {});
  const sel = h("select", { id: "party-filter", onchange: (ev) => { location.hash = hashLink(path, { party: ev.target.value }); } },
    h("option", { value: "" }, L("all")),
    facets.party.map((p) => h("option", { value: p.value, selected: params.get("party") === p.value }, `${p.value} (${p.count})`)));
  return h("label", { class: "party-filter" }, L("timeline_party") + " ", sel);
}

function parseDate(s) {
  const [y, m, d] = s.split("-").map(Number);
  const date = new Date(Date.UTC(2000, (m || 1) - 1, d || 1));
  date.setUTCFullYear(y);
  return date;
}

async function timelineView(params) {
  const party = params.get("party") || "";
  const [data, select] = await Promise.all([api("timeline", { party }), partySelect(params, "/timeline")]);
  const box = h("div", { class: "chart timeline-chart" });
  show(h("section", { class: "viz" },
    h("div", { class: "viz-head" }, h("h1", {}, L("nav_timeline")), select,
      h("span", { class: "muted" }, L("items_fmt", { n: data.items.length }) + " · " + L("zoom_hint"))),
    box));
  if (!data.items.length) return box.append(h("p", { class: "muted" }, L("no_results")));
  const width = box.clientWidth || 900;
  const laneH = 22;
  const margin = { top: 10, left: 20, right: 20, bottom: 30 };
  const items = data.items.map((d) => ({ ...d, t: parseDate(d.signed), e: d.ended ? parseDate(d.ended) : null }));
  const ext = d3.extent(items.flatMap((d) => [d.t, d.e].filter(Boolean)));
  const pad = Math.max((ext[1] - ext[0]) * 0.05, 365 * 864e5);
  const x0 = d3.scaleUtc().domain([new Date(+ext[0] - pad), new Date(+ext[1] + pad)]).range([margin.left, width - margin.right]);
  const svg = d3.select(box).append("svg").attr("width", width).attr("class", "timeline");
  const axisG = svg.append("g").attr("class", "axis");
  const g = svg.append("g");
  const nodes = g.selectAll("g.tl-item").data(items).join("g").attr("class", "tl-item")
    .attr("data-id", (d) => d.id)
    .on("click", (ev, d) => { location.hash = `#/treaty/${d.id}`; });
  nodes.append("line").attr("class", "in-force").attr("y1", 8).attr("y2", 8).attr("display", (d) => (d.e ? null : "none"));
  nodes.append("circle").attr("r", 5);
  nodes.append("text").attr("dx", 8).attr("dy", 4).text((d) => `${d.title} ${d.signed}`);
  nodes.append("title").text((d) => `${d.title}\n${d.signed}${d.ended ? " – " + d.ended : ""}\n${d.parties.join("、")}`);
  const widths = new Map();
  nodes.each(function (d) { widths.set(d.id, this.querySelector("text").getComputedTextLength() + 16); });

  const right = width - margin.right;
  function layout(x) {
    // Greedy lanes: an item takes the first lane free left of where its label starts. Labels that
    // would run past the right edge go to the left of their dot.
    const lanes = [];
    for (const d of items) {
      const px = x(d.t);
      const w = widths.get(d.id);
      d.flip = px + w > right && px - w > margin.left;
      const left = d.flip ? px - w : px;
      const end = Math.max(d.flip ? px + 8 : px + w, d.e ? x(d.e) : 0);
      let lane = lanes.findIndex((r) => r < left);
      if (lane === -1) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = end;
      d.px = px; d.lane = lane;
    }
    const height = margin.top + lanes.length * laneH + margin.bottom;
    svg.attr("height", height);
    nodes.attr("transform", (d) => `translate(${d.px},${margin.top + d.lane * laneH + laneH / 2})`);
    nodes.select("text").attr("dx", (d) => (d.flip ? -8 : 8)).attr("text-anchor", (d) => (d.flip ? "end" : "start"));
    nodes.select("line").attr("x1", 0).attr("x2", (d) => (d.e ? Math.max(0, x(d.e) - d.px) : 0));
    axisG.attr("transform", `translate(0,${height - margin.bottom + 6})`).call(d3.axisBottom(x).ticks(width / 90));
  }
  layout(x0);
  svg.call(d3.zoom().scaleExtent([0.5, 400]).on("zoom", (ev) => layout(ev.transform.rescaleX(x0))));
}

// ---- relation graph -------------------------------------------------------------------------

const REL_COLORS = { party: "#c9b79c", based_on: "#1f77b4", supplements: "#2ca02c", signed_together: "#9467bd",
  amends: "#ff7f0e", replaces: "#d62728", abrogates: "#8c564b", cites: "#17becf", mentioned: "#bbbbbb" };

async function graphView(params) {
  const party = params.get("party") || "";
  const [data, select] = await Promise.all([api("graph", { party }), partySelect(params, "/graph")]);
  const box = h("div", { class: "chart graph-chart" });
  const legend = h("ul", { class: "legend" }, Object.entries(REL_COLORS).map(([rel, color]) =>
    h("li", {}, h("span", { class: "swatch", dataset: { color } }), L("rel_" + rel))));
  for (const s of legend.querySelectorAll(".swatch")) s.style.background = s.dataset.color;
  show(h("section", { class: "viz" },
    h("div", { class: "viz-head" }, h("h1", {}, L("nav_graph")), select, h("span", { class: "muted" }, L("graph_hint"))),
    legend, box));
  const width = box.clientWidth || 900;
  const height = Math.max(500, Math.min(900, 120 + data.nodes.length * 6));
  const nodes = data.nodes.map((n) => ({ ...n }));
  const links = data.edges.map((e) => ({ ...e }));
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance((l) => (l.relation === "party" ? 70 : 50)))
    .force("charge", d3.forceManyBody().strength(-160))
    .force("x", d3.forceX(width / 2).strength(0.05))
    .force("y", d3.forceY(height / 2).strength(0.07))
    .force("collide", d3.forceCollide(14))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  const svg = d3.select(box).append("svg").attr("width", width).attr("height", height).attr("class", "graph");
  const g = svg.append("g");
  svg.call(d3.zoom().scaleExtent([0.2, 8]).on("zoom", (ev) => g.attr("transform", ev.transform)));
  g.append("g").selectAll("line").data(links).join("line").attr("class", (d) => `edge rel-${d.relation}`)
    .attr("stroke", (d) => REL_COLORS[d.relation] || "#999")
    .attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y).attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y)
    .append("title").text((d) => L("rel_" + d.relation));
  const node = g.append("g").selectAll("g").data(nodes).join("g").attr("class", (d) => `node node-${d.kind}`)
    .attr("transform", (d) => `translate(${d.x},${d.y})`)
    .on("click", (ev, d) => { if (d.kind === "treaty") location.hash = `#/treaty/${d.doc_id}`; else if (d.kind === "party") location.hash = hashLink("/", { party: d.title }); });
  node.append("circle").attr("r", (d) => (d.kind === "party" ? 9 : 6));
  node.append("text").attr("dx", 10).attr("dy", 4).text((d) => d.title);
  node.append("title").text((d) => `${L("kind_" + d.kind)}：${d.title}${d.signed ? " " + d.signed : ""}`);
}

// ---- map ------------------------------------------------------------------------------------

async function mapView(params) {
  const party = params.get("party") || "";
  const [places, world, select] = await Promise.all([
    api("places.geojson", { party }),
    fetch("/vendor/countries-110m.json").then((r) => r.json()),
    partySelect(params, "/map"),
  ]);
  const box = h("div", { class: "chart map-chart" });
  const panel = h("aside", { class: "map-panel" });
  show(h("section", { class: "viz" },
    h("div", { class: "viz-head" }, h("h1", {}, L("nav_map")), select,
      h("span", { class: "muted" }, L("places_fmt", { n: places.features.length }) + " · " + L("map_hint"))),
    h("div", { class: "map-layout" }, box, panel)));
  const width = box.clientWidth || 900;
  const height = Math.round(width * 0.52);
  const countries = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.select(box).append("svg").attr("width", width).attr("height", height).attr("class", "map");
  const g = svg.append("g");
  g.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  g.append("g").selectAll("path").data(countries.features).join("path").attr("class", "country").attr("d", path);
  const pts = g.append("g").selectAll("g").data(places.features).join("g").attr("class", "place")
    .attr("transform", (d) => `translate(${projection(d.geometry.coordinates)})`)
    .on("click", (ev, d) => showPlace(d, panel));
  const most = d3.max(places.features, (d) => d.properties.count) || 1;
  pts.append("circle").attr("r", (d) => 3 + 9 * Math.sqrt(d.properties.count / most));
  pts.append("text").attr("dx", 7).attr("dy", -5).text((d) => d.properties.name);
  pts.append("title").text((d) => `${d.properties.name}（${d.properties.count}）：${d.properties.treaties.map((t) => t.title).join("、")}`);
  svg.call(d3.zoom().scaleExtent([1, 40]).on("zoom", (ev) => {
    g.attr("transform", ev.transform);
    pts.attr("transform", (d) => `translate(${projection(d.geometry.coordinates)}) scale(${1 / ev.transform.k})`);
  }));
}

function showPlace(feature, panel) {
  const { name, count, treaties } = feature.properties;
  panel.replaceChildren(
    h("h2", {}, L("signed_at_fmt", { p: name }), " ", h("span", { class: "muted" }, `(${count})`)),
    h("ul", {}, treaties.map((t) =>
      h("li", {}, h("a", { href: `#/treaty/${t.id}` }, t.title), " ", h("span", { class: "muted" }, t.signed || "")))),
    ...(count > treaties.length ? [h("a", { href: hashLink("/", { place: name }) }, L("all_fmt", { n: count }))] : []));
}

// ---- router ---------------------------------------------------------------------------------

async function route() {
  const { parts, params } = parseHash();
  const name = parts[0] || "list";
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("on", a.dataset.nav === name);
  document.body.dataset.view = name;
  try {
    if (name === "treaty") await treatyView(decodeURIComponent(parts.slice(1).join("/")));
    else if (name === "entity") await entityView(parts[1]);
    else if (name === "timeline") await timelineView(params);
    else if (name === "graph") await graphView(params);
    else if (name === "map") await mapView(params);
    else await listView(params);
    document.body.dataset.ready = name;
  } catch (err) {
    showError(err);
  }
}

window.addEventListener("hashchange", () => { document.body.dataset.ready = ""; route(); });
loadLabels().then(route, showError);
