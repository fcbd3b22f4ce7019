// sitrep web UI: plain JavaScript and SVG, no framework, no network beyond this server.
// Views are routed on the URL hash (#/view/arg?filters) so every screen has a link.
"use strict";

// ---------- small DOM helpers ----------

const SVGNS = "http://www.w3.org/2000/svg";

/** Builds an HTML element: h("a", {href: "#"}, "text", child, ...). Text is never parsed as HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Builds an SVG element. */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.setAttribute("class", v);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const main = () => document.getElementById("main");
const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));
const fix = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? "–" : Number(n).toFixed(d));

// ---------- API ----------

/** GET /api/<path>?params; throws an Error carrying the server's message. */
async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const url = "/api/" + path + (q.toString() ? "?" + q : "");
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error((body && body.error && body.error.message) || r.status + " " + r.statusText);
  return body;
}

// ---------- vocabulary ----------

const QUAD = {
  1: { name: "Verbal cooperation", color: "#4c9bd6" },
  2: { name: "Material cooperation", color: "#2a9d6f" },
  3: { name: "Verbal conflict", color: "#e8a33d" },
  4: { name: "Material conflict", color: "#d1495b" },
};

const ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
  "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
  "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
  "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
  "19": "Fight", "20": "Use unconventional mass violence",
};

/** Colour of a cooperation (+1) to conflict (-1) balance. */
function balanceColor(b) {
  const t = Math.max(-1, Math.min(1, b || 0));
  const lerp = (x, y, f) => Math.round(x + (y - x) * f);
  const grey = [150, 158, 168], green = [42, 157, 111], red = [209, 73, 91];
  const to = t >= 0 ? green : red, f = Math.abs(t);
  return `rgb(${lerp(grey[0], to[0], f)},${lerp(grey[1], to[1], f)},${lerp(grey[2], to[2], f)})`;
}

function quadBadge(q) {
  const d = QUAD[q] || { name: "?", color: "#999" };
  return h("span", { class: "badge", style: { background: d.color }, title: d.name }, "Q" + q);
}

function codeLabel(code, root) {
  const r = ROOTS[root || (code || "").slice(0, 2)];
  return h("span", { class: "code", title: r || "" }, code, r ? h("span", { class: "muted small" }, " " + r) : null);
}

function actorLink(code, name) {
  if (!code) return h("span", { class: "muted" }, "—");
  return h("a", { href: "#/actor/" + encodeURIComponent(code), class: "actor", title: name || code }, code,
    name ? h("span", { class: "muted small" }, " " + name) : null);
}

// ---------- routing ----------

const FILTER_KEYS = ["actor", "source", "target", "country", "code", "root", "quad", "from", "to", "story"];

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || "overview", arg: parts[1], params: Object.fromEntries(new URLSearchParams(query || "")) };
}

function go(view, arg, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  location.hash = "#/" + view + (arg !== undefined && arg !== null ? "/" + encodeURIComponent(arg) : "") + (q.toString() ? "?" + q : "");
}

const VIEWS = {};
let renderToken = 0;

async function route() {
  const r = parseHash();
  const token = ++renderToken;
  for (const a of document.querySelectorAll("#nav a")) {
    const v = a.dataset.view;
    const active = v === r.view || (v === "stories" && r.view === "story") || (v === "events" && r.view === "event");
    a.classList.toggle("active", active);
  }
  const view = VIEWS[r.view] || VIEWS.notfound;
  const m = main();
  m.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  m.dataset.view = r.view;
  // "ready" (with the route it is for) says the current view has rendered: clear it, or going
  // from one story to the next would look ready while the previous story is still shown.
  delete m.dataset.ready;
  const hash = location.hash;
  try {
    const node = await view(r.arg, r.params);
    if (token !== renderToken) return; // a newer navigation won
    m.replaceChildren(node);
    m.dataset.route = hash;
    m.dataset.ready = r.view;
  } catch (e) {
    if (token !== renderToken) return;
    m.replaceChildren(h("div", { class: "error" }, h("strong", {}, "Error: "), e.message));
    m.dataset.route = hash;
    m.dataset.ready = "error";
  }
}

// ---------- filters ----------

function filtersOf(params) {
  const f = {};
  for (const k of FILTER_KEYS) if (params[k]) f[k] = params[k];
  return f;
}

/** The shared filter bar of the event views; submitting it re-routes with the new filters. */
function filterBar(view, params, extra) {
  const f = filtersOf(params);
  const input = (name, label, attrs) =>
    h("label", {}, label, h("input", Object.assign({ name, value: f[name] || "", autocomplete: "off" }, attrs)));
  const quad = h("select", { name: "quad" }, h("option", { value: "" }, "all"),
    [1, 2, 3, 4].map((q) => h("option", { value: q, selected: String(q) === f.quad }, q + " · " + QUAD[q].name)));
  const form = h("form", { class: "filters" },
    input("actor", "Actor", { placeholder: "IRN", size: 7 }),
    input("source", "Source", { placeholder: "USA", size: 7 }),
    input("target", "Target", { placeholder: "VEN", size: 7 }),
    input("country", "Country", { placeholder: "IRN / IR", size: 5 }),
    input("code", "CAMEO", { placeholder: "19", size: 4 }),
    h("label", {}, "QuadClass", quad),
    input("from", "From", { type: "date" }),
    input("to", "To", { type: "date" }),
    extra || null,
    h("button", { type: "submit", class: "primary" }, "Apply"),
    h("button", { type: "button", onclick: () => go(view, undefined, {}) }, "Clear"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (params.story) data.story = params.story;
    go(view, undefined, data);
  });
  return form;
}

function card(title, ...body) {
  return h("section", { class: "card" }, title ? h("h2", {}, title) : null, ...body);
}

function legendQuad() {
  return h("div", { class: "legend" }, [1, 2, 3, 4].map((q) =>
    h("span", {}, h("i", { style: { background: QUAD[q].color } }), QUAD[q].name)));
}

function empty(msg) {
  return h("p", { class: "empty" }, msg);
}

// ---------- charts ----------

/** A stacked bar chart of counts by QuadClass per period. */
function stackedBars(buckets, onClick) {
  const W = 1100, H = 300, L = 48, R = 10, T = 10, B = 46;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "Events by QuadClass over time" });
  if (!buckets.length) return svg;
  const max = Math.max(1, ...buckets.map((b) => b.events));
  const bw = (W - L - R) / buckets.length;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  for (const t of ticks(max, 5)) {
    svg.append(s("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: "grid" }),
      s("text", { x: L - 6, y: y(t) + 4, class: "axis", "text-anchor": "end" }, fmt(t)));
  }
  const every = Math.max(1, Math.ceil(buckets.length / 14));
  buckets.forEach((b, i) => {
    let acc = 0;
    const x = L + i * bw;
    const g = s("g", { class: "bar", "data-period": b.period, onclick: onClick ? () => onClick(b) : null });
    for (let q = 1; q <= 4; q++) {
      const v = b.quad[q - 1];
      if (!v) continue;
      g.append(s("rect", { x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(acc + v), height: y(acc) - y(acc + v), fill: QUAD[q].color },
        s("title", {}, `${b.period} · ${QUAD[q].name}: ${v}`)));
      acc += v;
    }
    svg.append(g);
    if (i % every === 0) svg.append(s("text", { x: x + bw / 2, y: H - B + 16, class: "axis", "text-anchor": "middle" }, b.period));
  });
  svg.append(s("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "baseline" }));
  return svg;
}

function ticks(max, n) {
  const step = Math.pow(10, Math.floor(Math.log10(max / n || 1)));
  const m = [1, 2, 5, 10].find((k) => max / (k * step) <= n) || 10;
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += m * step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/** Line chart: series = [{name, color, points: [{x: label, y}]}] over a shared ordered x axis. */
function lineChart(series, xs, { yLabel = "", zero = true } = {}) {
  const W = 1100, H = 320, L = 52, R = 12, T = 12, B = 46;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": yLabel });
  if (!xs.length) return svg;
  const vals = series.flatMap((se) => se.points.map((p) => p.y)).filter((v) => Number.isFinite(v));
  let lo = Math.min(...vals, zero ? 0 : Infinity), hi = Math.max(...vals, zero ? 0 : -Infinity);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
  const xi = new Map(xs.map((x, i) => [x, i]));
  const X = (x) => L + (xs.length === 1 ? (W - L - R) / 2 : (W - L - R) * xi.get(x) / (xs.length - 1));
  const Y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const step = niceStep((hi - lo) / 6);
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    svg.append(s("line", { x1: L, x2: W - R, y1: Y(v), y2: Y(v), class: Math.abs(v) < 1e-9 ? "baseline" : "grid" }),
      s("text", { x: L - 6, y: Y(v) + 4, class: "axis", "text-anchor": "end" }, fix(v, step < 1 ? 1 : 0)));
  }
  const every = Math.max(1, Math.ceil(xs.length / 14));
  xs.forEach((x, i) => { if (i % every === 0) svg.append(s("text", { x: X(x), y: H - B + 16, class: "axis", "text-anchor": "middle" }, x)); });
  for (const se of series) {
    const pts = se.points.filter((p) => xi.has(p.x) && Number.isFinite(p.y));
    if (!pts.length) continue;
    svg.append(s("path", { d: pts.map((p, i) => (i ? "L" : "M") + X(p.x).toFixed(1) + " " + Y(p.y).toFixed(1)).join(""),
      fill: "none", stroke: se.color, "stroke-width": se.width || 2, class: "series", "data-series": se.name }));
    for (const p of pts) {
      svg.append(s("circle", { cx: X(p.x), cy: Y(p.y), r: se.width > 2 ? 3.5 : 2.5, fill: se.color },
        s("title", {}, `${se.name} · ${p.x}: ${fix(p.y, 2)}${p.n ? " (" + p.n + " articles)" : ""}`)));
    }
  }
  return svg;
}

function niceStep(raw) {
  const p = Math.pow(10, Math.floor(Math.log10(raw || 1)));
  for (const k of [1, 2, 2.5, 5, 10]) if (raw <= k * p) return k * p;
  return 10 * p;
}

const PALETTE = ["#16324f", "#e8a33d", "#4fb3a9", "#d1495b", "#7a5ea8", "#5d8a2c", "#c2607b", "#2f7bb6", "#9a6b3f", "#4a4a4a", "#1e9bb0", "#b8860b"];

// ---------- annotated text ----------

/** Splits text (code points) at every span boundary and marks each piece with the spans covering it. */
function annotate(text, spans) {
  const cps = Array.from(text || "");
  const cuts = new Set([0, cps.length]);
  const ok = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.end > sp.start && sp.end <= cps.length);
  for (const sp of ok) { cuts.add(sp.start); cuts.add(sp.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: "doctext" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = cps.slice(a, b).join("");
    const cover = ok.filter((sp) => sp.start <= a && sp.end >= b);
    if (!cover.length) { out.append(piece); continue; }
    // Sentence spans only tag the text (for evidence highlighting); they are not highlights themselves.
    const marks = cover.filter((c) => !c.tag);
    const cls = [marks.length ? "hl" : null, ...new Set(cover.map((c) => c.cls))].filter(Boolean).join(" ");
    out.append(h("span", { class: cls, title: marks.map((c) => c.title).filter(Boolean).join("\n") || undefined }, piece));
  }
  return out;
}

/** The highlight spans of a public document object (entities, event actions and actors, quotes, amounts). */
function spansOf(doc, opts = {}) {
  const spans = [];
  for (const q of doc.quotes || []) {
    spans.push({ start: q.start, end: q.end, cls: "q-quote", title: `Quote (${q.kind})${q.speaker ? " · " + q.speaker : ""}` });
  }
  for (const e of doc.entities || []) {
    spans.push({ start: e.start, end: e.end, cls: "ent ent-" + (e.type || "MISC"),
      title: `${e.type} · ${e.canonical || e.text}${e.actor ? " · " + e.actor : ""}` });
  }
  for (const ev of doc.events || []) {
    const t = `Event ${ev.code} (Q${ev.quad_class}) ${ev.source ? ev.source.code || ev.source.text : "—"} → ${ev.target ? ev.target.code || ev.target.text : "—"}\npattern: ${ev.evidence ? ev.evidence.pattern : ""}`;
    if (ev.action) spans.push({ start: ev.action.start, end: ev.action.end, cls: "ev ev-q" + ev.quad_class, title: t });
  }
  // Evidence sentences: tagged so that selecting an event lights its sentence up.
  const evSents = new Set((doc.events || []).map((ev) => ev.sentence));
  (doc.sentences || []).forEach((se, i) => {
    if (evSents.has(i)) spans.push({ start: se.start, end: se.end, cls: "sent evsent s-" + i, tag: true });
  });
  (doc.events || []).forEach((ev, i) => {
    for (const a of [ev.source, ev.target]) {
      if (a && a.span) spans.push({ start: a.span.start, end: a.span.end, cls: "evactor eva-" + i, tag: true });
    }
    if (ev.action) spans.push({ start: ev.action.start, end: ev.action.end, cls: "evact eva-" + i, tag: true });
  });
  if (opts.amounts !== false) {
    for (const a of doc.amounts || []) spans.push({ start: a.start, end: a.end, cls: "amt", title: `Amount ${a.value}${a.currency ? " " + a.currency : ""}${a.unit ? " " + a.unit : ""}${a.object ? " of " + a.object : ""}` });
  }
  return spans;
}

function annotationLegend() {
  return h("div", { class: "legend ann-legend" },
    h("span", {}, h("i", { class: "hl ent ent-LOC" }), "place"),
    h("span", {}, h("i", { class: "hl ent ent-PER" }), "person"),
    h("span", {}, h("i", { class: "hl ent ent-ORG" }), "organization"),
    h("span", {}, h("i", { class: "hl ev ev-q2" }), "event (cooperation)"),
    h("span", {}, h("i", { class: "hl ev ev-q4" }), "event (conflict)"),
    h("span", {}, h("i", { class: "hl q-quote" }), "quote"),
    h("span", {}, h("i", { class: "hl amt" }), "amount"),
    h("span", {}, h("i", { class: "sent evsent" }), "evidence sentence (click an event to show it)"));
}

function eventsTableOfDoc(doc) {
  const evs = doc.events || [];
  if (!evs.length) return empty("No coded events.");
  return h("table", { class: "grid-table" },
    h("thead", {}, h("tr", {}, ["Source", "Event", "Target", "Q", "Evidence", "Pattern"].map((c) => h("th", {}, c)))),
    h("tbody", {}, evs.map((e, i) => h("tr", { class: "ev-row", "data-event": i, title: "Show the evidence in the text", onclick: (ev) => {
      if (ev.target.closest("a")) return;
      showEvidence(ev.currentTarget, e, i);
    } },
      h("td", {}, e.source ? actorLink(e.source.code, e.source.text) : "—"),
      h("td", {}, codeLabel(e.code, e.root_code), e.negated ? h("span", { class: "badge neg" }, "negated") : null),
      h("td", {}, e.target ? actorLink(e.target.code, e.target.text) : "—"),
      h("td", {}, quadBadge(e.quad_class)),
      h("td", { class: "evidence" }, e.evidence ? e.evidence.sentence : ""),
      h("td", { class: "pattern" }, e.evidence ? h("code", {}, e.evidence.pattern) : "", e.evidence ? h("div", { class: "muted small" }, e.evidence.dictionary) : null)))));
}

/** Lights up event `i`'s evidence sentence, action and actors in the annotated text next to `row`'s table. */
function showEvidence(row, e, i) {
  const scope = row.closest(".doc-view") || document;
  const text = scope.querySelector(".doctext");
  if (!text) return;
  for (const el of scope.querySelectorAll(".evidence-on, .evidence-part")) el.classList.remove("evidence-on", "evidence-part");
  for (const el of scope.querySelectorAll("tr.ev-row.selected")) el.classList.remove("selected");
  row.classList.add("selected");
  const sent = text.querySelectorAll(".s-" + e.sentence);
  for (const el of sent) el.classList.add("evidence-on");
  for (const el of text.querySelectorAll(".eva-" + i)) el.classList.add("evidence-part");
  if (sent.length) sent[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function listOf(title, items, render) {
  if (!items || !items.length) return null;
  return h("details", { class: "facts", open: items.length <= 12 }, h("summary", {}, `${title} (${items.length})`),
    h("ul", {}, items.map((x) => h("li", {}, render(x)))));
}

function analysisPanels(doc) {
  return h("div", { class: "panels" },
    card("Events", eventsTableOfDoc(doc)),
    h("div", { class: "cols2" },
      card("Entities", listOf("Mentions", dedupeEntities(doc.entities), (e) => [h("b", {}, e.canonical || e.text), " ", h("span", { class: "muted" }, e.type), e.actor ? [" ", actorLink(e.actor)] : null, e.n > 1 ? h("span", { class: "muted small" }, ` ×${e.n}`) : null]) || empty("None.")),
      card("Quotes", listOf("Quotes", doc.quotes, (q) => [q.speaker ? h("b", {}, q.speaker + ": ") : null, "“" + q.text + "”", h("span", { class: "muted small" }, " " + q.kind)]) || empty("None."))),
    h("div", { class: "cols2" },
      card("Amounts and dates",
        listOf("Amounts", doc.amounts, (a) => [h("b", {}, a.text), a.object ? h("span", { class: "muted" }, " · " + a.object) : null]),
        listOf("Dates", doc.dates, (d) => [h("b", {}, d.text), " → ", d.resolved || "?"]) ) ,
      card("Places and tone",
        listOf("Places", doc.locations, (l) => [h("b", {}, l.name || l.text), h("span", { class: "muted" }, ` ${l.country_code || ""} ${l.lat != null ? "(" + fix(l.lat, 2) + ", " + fix(l.lon, 2) + ")" : ""}`)]),
        doc.tone ? h("p", {}, "Tone ", h("b", {}, fix(doc.tone.tone, 2)), h("span", { class: "muted" }, ` · positive ${fix(doc.tone.positive, 2)} · negative ${fix(doc.tone.negative, 2)} · ${fmt(doc.tone.word_count)} words`)) : null)));
}

function dedupeEntities(ents) {
  const m = new Map();
  for (const e of ents || []) {
    const k = e.id || e.canonical;
    if (m.has(k)) m.get(k).n++;
    else m.set(k, Object.assign({}, e, { n: 1 }));
  }
  return [...m.values()];
}

// ---------- views ----------

VIEWS.notfound = async () => h("div", { class: "error" }, "No such page.");

VIEWS.overview = async () => {
  const [st, actors, stories] = await Promise.all([api("stats"), api("actors", { limit: 12 }), api("stories", { limit: 8, min_docs: 2 })]);
  const stat = (label, v, href) => h(href ? "a" : "div", { class: "stat", href }, h("div", { class: "stat-v" }, fmt(v)), h("div", { class: "stat-l" }, label));
  return h("div", {},
    h("h1", {}, "Corpus overview"),
    h("p", { class: "muted" }, st.first_date ? `Articles dated ${st.first_date} to ${st.last_date}.` : "No dated articles."),
    h("div", { class: "stats" },
      stat("articles", st.documents), stat("events", st.events, "#/events"), stat("event mentions", st.mentions),
      stat("stories", st.stories, "#/stories"), stat("multi-source stories", st.multi_document_stories, "#/stories"),
      stat("entities", st.entities), stat("quotes", st.quotes), stat("places", st.locations),
      stat("near duplicates", st.near_duplicates + st.exact_duplicates), stat("read errors", st.errors)),
    h("div", { class: "cols2" },
      card("Most active actors", actors.items.length ? h("table", { class: "grid-table" },
        h("thead", {}, h("tr", {}, h("th", {}, "Actor"), h("th", { class: "num" }, "Events"), h("th", { class: "num" }, "Mentions"))),
        h("tbody", {}, actors.items.map((a) => h("tr", {}, h("td", {}, actorLink(a.code, a.name)), h("td", { class: "num" }, fmt(a.events)), h("td", { class: "num" }, fmt(a.mentions)))))) : empty("No coded events yet.")),
      card("Stories told by several articles", stories.items.length ? h("ul", { class: "storylist" }, stories.items.map(storyItem)) : empty("No multi-article stories."))));
};

function storyItem(st) {
  return h("li", {}, h("a", { href: "#/story/" + st.id, class: "story-link", "data-story": st.id }, st.label || "story " + st.id),
    h("span", { class: "muted small" }, ` · ${st.doc_count} articles · ${st.source_count} outlets · ${st.first_date || "?"}${st.last_date && st.last_date !== st.first_date ? " – " + st.last_date : ""}`));
}

VIEWS.timeline = async (_, params) => {
  const f = filtersOf(params);
  const interval = params.interval || "day";
  const ivSel = h("select", { name: "interval" }, ["day", "month", "year"].map((i) => h("option", { value: i, selected: i === interval }, i)));
  const t = await api("timeline", Object.assign({ interval }, f));
  const total = t.buckets.reduce((a, b) => a + b.events, 0);
  return h("div", {},
    h("h1", {}, "Event timeline"),
    filterBar("timeline", params, h("label", {}, "Per", ivSel)),
    card(null,
      h("div", { class: "card-head" }, h("span", {}, `${fmt(total)} dated events`, t.undated ? h("span", { class: "muted" }, ` (+${fmt(t.undated)} undated)`) : null), legendQuad()),
      t.buckets.length ? stackedBars(t.buckets, (b) => {
        const from = b.period.length === 4 ? b.period + "-01-01" : b.period.length === 7 ? b.period + "-01" : b.period;
        const to = b.period.length === 4 ? b.period + "-12-31" : b.period.length === 7 ? lastDay(b.period) : b.period;
        go("events", undefined, Object.assign({}, f, { from, to }));
      }) : empty("No dated events match.")),
    h("p", { class: "muted small" }, "Click a bar to list its events."));
};

function lastDay(ym) {
  const [y, m] = ym.split("-").map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

// --- actor network: a small deterministic force layout ---

function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const idx = new Map(nodes.map((d, i) => [d.id, i]));
  const P = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    const r = Math.min(W, H) * 0.35;
    return { x: W / 2 + r * Math.cos(a), y: H / 2 + r * Math.sin(a), vx: 0, vy: 0 };
  });
  const E = edges.map((e) => [idx.get(e.a), idx.get(e.b), Math.log1p(e.events)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.55;
  for (let it = 0; it < 400; it++) {
    const temp = 0.1 * (1 - it / 400) + 0.005;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = P[i].x - P[j].x, dy = P[i].y - P[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        // Repulsion only within a few edge lengths: unbounded, it flings unconnected
        // groups thousands of pixels apart and the fit then crushes each group.
        if (d2 > 9 * k * k) continue;
        const f = (k * k) / d2;
        P[i].vx += dx * f; P[i].vy += dy * f; P[j].vx -= dx * f; P[j].vy -= dy * f;
      }
    }
    for (const [a, b, w] of E) {
      const dx = P[a].x - P[b].x, dy = P[a].y - P[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d / k) * (0.6 + 0.25 * w);
      P[a].vx -= dx * f; P[a].vy -= dy * f; P[b].vx += dx * f; P[b].vy += dy * f;
    }
    for (const p of P) {
      p.vx += (W / 2 - p.x) * 0.02; p.vy += (H / 2 - p.y) * 0.02;
      const v = Math.sqrt(p.vx * p.vx + p.vy * p.vy) || 1;
      const lim = Math.min(v, k * temp * 10);
      p.x += (p.vx / v) * lim; p.y += (p.vy / v) * lim;
      p.vx = 0; p.vy = 0;
    }
  }
  // Fit into the frame.
  const xs = P.map((p) => p.x), ys = P.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const m = 70, sx = (W - 2 * m) / Math.max(1, x1 - x0), sy = (H - 2 * m) / Math.max(1, y1 - y0), sc = Math.min(sx, sy, 3);
  return P.map((p) => ({ x: m + (p.x - x0) * sc + ((W - 2 * m) - (x1 - x0) * sc) / 2, y: m + (p.y - y0) * sc + ((H - 2 * m) - (y1 - y0) * sc) / 2 }));
}

VIEWS.network = async (_, params) => {
  const f = filtersOf(params);
  const group = params.group || "country";
  const nodesN = params.nodes || 40;
  const groupSel = h("select", { name: "group" }, [["country", "country"], ["code", "full code"]].map(([v, l]) => h("option", { value: v, selected: v === group }, l)));
  const net = await api("network", Object.assign({ group, nodes: nodesN }, f));
  const W = 1000, H = 640;
  const side = h("aside", { class: "side", id: "edge-panel" }, h("h3", {}, "Events behind an edge"), h("p", { class: "muted" }, "Click a line between two actors to list the events that connect them; click an actor for its profile."));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart network", role: "img", "aria-label": "Actor network" });
  if (!net.nodes.length) {
    return h("div", {}, h("h1", {}, "Actor network"), filterBar("network", params, h("label", {}, "Nodes", groupSel)), card(null, empty("No events with two coded actors match.")));
  }
  const pos = layout(net.nodes, net.edges, W, H);
  const at = new Map(net.nodes.map((n, i) => [n.id, pos[i]]));
  const maxE = Math.max(1, ...net.edges.map((e) => e.events));
  const maxN = Math.max(1, ...net.nodes.map((n) => n.events));
  const edgeG = s("g", { class: "edges" });
  for (const e of net.edges) {
    const a = at.get(e.a), b = at.get(e.b);
    const width = 1.5 + 7 * Math.sqrt(e.events / maxE);
    const title = `${e.a} – ${e.b}: ${e.events} events (${e.a_to_b} ${e.a}→${e.b}, ${e.b_to_a} ${e.b}→${e.a})\ncooperation ${e.quad[0] + e.quad[1]} · conflict ${e.quad[2] + e.quad[3]} · mean Goldstein ${fix(e.avg_goldstein, 1)}`;
    const g = s("g", { class: "edge", "data-a": e.a, "data-b": e.b, "data-events": e.events, onclick: () => showEdge(e, side, f) },
      s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: balanceColor(e.balance), "stroke-width": width, "stroke-linecap": "round", class: "edge-line" }),
      s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "transparent", "stroke-width": Math.max(12, width + 6), class: "edge-hit" }),
      s("title", {}, title));
    edgeG.append(g);
  }
  const nodeG = s("g", { class: "nodes" });
  net.nodes.forEach((n, i) => {
    const p = pos[i];
    const r = 6 + 16 * Math.sqrt(n.events / maxN);
    nodeG.append(s("g", { class: "node", "data-id": n.id, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`, onclick: () => go("actor", n.id) },
      s("circle", { r }),
      s("text", { y: -r - 5, "text-anchor": "middle", class: "node-code" }, n.id),
      s("text", { y: r + 13, "text-anchor": "middle", class: "node-name" }, n.name && n.name !== n.id ? n.name.slice(0, 26) : ""),
      s("title", {}, `${n.id} ${n.name}: ${n.events} events, ${n.mentions} mentions`)));
  });
  svg.append(edgeG, nodeG);
  const grad = h("div", { class: "legend" }, h("span", {}, h("i", { style: { background: balanceColor(1) } }), "cooperation"),
    h("span", {}, h("i", { style: { background: balanceColor(0) } }), "mixed"), h("span", {}, h("i", { style: { background: balanceColor(-1) } }), "conflict"),
    h("span", { class: "muted" }, "line width = events"));
  return h("div", {},
    h("h1", {}, "Actor network"),
    filterBar("network", params, h("label", {}, "Nodes", groupSel)),
    h("div", { class: "with-side" },
      card(null, h("div", { class: "card-head" }, h("span", {}, `${net.nodes.length} actors · ${net.edges.length} links · ${fmt(net.events)} events`), grad), svg),
      side));
};

async function showEdge(e, side, f) {
  for (const el of document.querySelectorAll(".edge.selected")) el.classList.remove("selected");
  const sel = document.querySelector(`.edge[data-a="${CSS.escape(e.a)}"][data-b="${CSS.escape(e.b)}"]`);
  if (sel) sel.classList.add("selected");
  side.replaceChildren(h("h3", {}, `${e.a} ↔ ${e.b}`), h("p", { class: "muted" }, "Loading…"));
  const base = Object.assign({}, f);
  delete base.actor; delete base.source; delete base.target;
  const [ab, ba] = await Promise.all([
    api("events", Object.assign({}, base, { source: e.a, target: e.b, limit: 50, evidence: true })),
    api("events", Object.assign({}, base, { source: e.b, target: e.a, limit: 50, evidence: true })),
  ]);
  const rows = [...ab.items, ...ba.items].sort((x, y) => y.num_mentions - x.num_mentions);
  side.replaceChildren(
    h("h3", {}, `${e.a} ↔ ${e.b}`),
    h("p", { class: "muted small" }, `${ab.total} events ${e.a}→${e.b}, ${ba.total} ${e.b}→${e.a} · mean Goldstein ${fix(e.avg_goldstein, 1)}`),
    h("ul", { class: "edge-events" }, rows.map((r) => h("li", {},
      h("div", {}, quadBadge(r.quad_class), " ", h("a", { href: "#/event/" + r.id }, `${r.actor1_code} ${r.code} ${r.actor2_code}`), h("span", { class: "muted small" }, ` ${r.day || "undated"} · ${r.num_mentions} mentions`)),
      r.evidence ? h("div", { class: "evidence small" }, r.evidence.evidence) : null))),
    h("p", {}, h("a", { href: "#/events?" + new URLSearchParams(Object.assign({}, base, { actor: e.a })) }, `All events of ${e.a} →`)));
}

// --- map ---

let worldCache = null;
async function world() {
  if (!worldCache) {
    const r = await fetch("/assets/world.json");
    if (!r.ok) throw new Error("world outlines: " + r.status);
    worldCache = await r.json();
  }
  return worldCache;
}

VIEWS.map = async (_, params) => {
  const f = filtersOf(params);
  const [w, m] = await Promise.all([world(), api("map", Object.assign({ limit: 2000 }, f))]);
  const svg = s("svg", { viewBox: "-180 -90 360 170", class: "chart map", role: "img", "aria-label": "Map of event locations" });
  svg.append(s("rect", { x: -180, y: -90, width: 360, height: 180, class: "ocean" }));
  const countries = s("g", { class: "countries" });
  for (const c of w.countries) countries.append(s("path", { d: c.d, class: "country" }, s("title", {}, c.name)));
  svg.append(countries);
  for (let lon = -150; lon <= 150; lon += 30) svg.append(s("line", { x1: lon, x2: lon, y1: -90, y2: 90, class: "graticule" }));
  for (let lat = -60; lat <= 60; lat += 30) svg.append(s("line", { x1: -180, x2: 180, y1: -lat, y2: -lat, class: "graticule" }));
  const side = h("aside", { class: "side" }, h("h3", {}, "Places"), h("p", { class: "muted" }, "Circle area = events at the place; colour = cooperation (green) to conflict (red). Click a circle for its events."));
  const maxE = Math.max(1, ...m.places.map((p) => p.events));
  const dots = s("g", { class: "dots" });
  for (const p of m.places) {
    const coop = p.quad[0] + p.quad[1], conf = p.quad[2] + p.quad[3];
    const bal = coop + conf ? (coop - conf) / (coop + conf) : 0;
    dots.append(s("circle", { cx: p.lon, cy: -p.lat, r: 0.8 + 5 * Math.sqrt(p.events / maxE), fill: balanceColor(bal), class: "place", "data-name": p.name,
      onclick: () => showPlace(p, side, f) }, s("title", {}, `${p.name}: ${p.events} events, ${p.mentions} mentions`)));
  }
  svg.append(dots);
  return h("div", {},
    h("h1", {}, "Where events happen"),
    filterBar("map", params),
    h("div", { class: "with-side" }, card(null, h("div", { class: "card-head" }, h("span", {}, `${fmt(m.places.length)} places`), h("span", { class: "muted small" }, "Natural Earth outlines (public domain)")), svg), side));
};

async function showPlace(p, side, f) {
  const q = Object.assign({}, f, { country: p.country, limit: 30, evidence: true });
  side.replaceChildren(h("h3", {}, p.name), h("p", { class: "muted" }, "Loading…"));
  const ev = p.country ? await api("events", q) : { items: [], total: 0 };
  side.replaceChildren(h("h3", {}, p.name),
    h("p", { class: "muted small" }, `${p.events} events here (${fix(p.lat, 2)}, ${fix(p.lon, 2)}); country ${p.country || "?"} has ${fmt(ev.total)}:`),
    h("ul", { class: "edge-events" }, ev.items.map((r) => h("li", {}, quadBadge(r.quad_class), " ",
      h("a", { href: "#/event/" + r.id }, `${r.actor1_code || "—"} ${r.code} ${r.actor2_code || "—"}`), h("span", { class: "muted small" }, ` ${r.geo_name} · ${r.day || "undated"}`)))));
}

// --- events table ---

VIEWS.events = async (_, params) => {
  const f = filtersOf(params);
  const limit = 50, offset = Number(params.offset || 0);
  const order = params.order || "mentions";
  const orderSel = h("select", { name: "order" }, [["mentions", "most mentioned"], ["day", "most recent"], ["id", "store order"]].map(([v, l]) => h("option", { value: v, selected: v === order }, l)));
  const r = await api("events", Object.assign({ limit, offset, order, evidence: true }, f));
  const pager = h("div", { class: "pager" },
    h("button", { disabled: offset === 0, onclick: () => go("events", undefined, Object.assign({}, f, { order, offset: Math.max(0, offset - limit) })) }, "← Previous"),
    h("span", { class: "muted" }, r.items.length ? `${fmt(offset + 1)}–${fmt(offset + r.items.length)} of ${fmt(r.total)}` : "none"),
    h("button", { disabled: r.next_offset === null, onclick: () => go("events", undefined, Object.assign({}, f, { order, offset: r.next_offset })) }, "Next →"));
  const table = h("table", { class: "grid-table events-table" },
    h("thead", {}, h("tr", {}, ["Day", "Source", "Event", "Target", "Where", "Mentions", "Evidence sentence", "Pattern"].map((c) => h("th", {}, c)))),
    h("tbody", {}, r.items.map((e) => h("tr", { "data-event": e.id },
      h("td", { class: "nowrap" }, h("a", { href: "#/event/" + e.id }, e.day || "undated")),
      h("td", {}, actorLink(e.actor1_code, e.actor1_name)),
      h("td", {}, quadBadge(e.quad_class), " ", codeLabel(e.code, e.root_code)),
      h("td", {}, actorLink(e.actor2_code, e.actor2_name)),
      h("td", {}, e.geo_name || h("span", { class: "muted" }, "—")),
      h("td", { class: "num" }, fmt(e.num_mentions), h("div", { class: "muted small" }, `${e.num_sources} outlet${e.num_sources === 1 ? "" : "s"}`)),
      h("td", { class: "evidence" }, e.evidence ? e.evidence.evidence : ""),
      h("td", { class: "pattern" }, e.evidence ? [h("code", {}, e.evidence.pattern), h("div", { class: "muted small" }, e.evidence.dictionary)] : "")))));
  return h("div", {},
    h("h1", {}, "Events"),
    filterBar("events", params, h("label", {}, "Order", orderSel)),
    card(null, r.items.length ? [pager, h("div", { class: "scroll-x" }, table), pager.cloneNode(true)] : empty("No events match.")));
};

VIEWS.event = async (id) => {
  const r = await api("events/" + encodeURIComponent(id));
  const e = r.event;
  return h("div", {},
    h("p", {}, h("a", { href: "#/events" }, "← Events")),
    h("h1", {}, `${e.actor1_code || "—"} · ${e.code} · ${e.actor2_code || "—"}`),
    card(null, h("dl", { class: "kv" },
      kv("Day", e.day || "undated"), kv("Source", actorLink(e.actor1_code, e.actor1_name)), kv("Event", [quadBadge(e.quad_class), " ", codeLabel(e.code, e.root_code)]),
      kv("Target", actorLink(e.actor2_code, e.actor2_name)), kv("Goldstein", fix(e.goldstein, 1)), kv("Where", e.geo_name || "—"),
      kv("Mentions", `${e.num_mentions} in ${e.num_articles} articles from ${e.num_sources} outlets`), kv("Average tone", fix(e.avg_tone, 2)))),
    card(`Mentions (${r.mentions_total})`, h("table", { class: "grid-table" },
      h("thead", {}, h("tr", {}, ["Article", "Outlet", "Evidence sentence", "Pattern", "Confidence"].map((c) => h("th", {}, c)))),
      h("tbody", {}, r.mentions.map((m) => h("tr", {},
        h("td", {}, h("a", { href: "#/doc/" + m.doc }, m.ext_id), h("div", { class: "muted small" }, m.doc_date || "")),
        h("td", {}, m.source_name),
        h("td", { class: "evidence" }, m.evidence, m.negated ? h("span", { class: "badge neg" }, "negated") : null),
        h("td", { class: "pattern" }, h("code", {}, m.pattern), h("div", { class: "muted small" }, m.dictionary)),
        h("td", { class: "num" }, m.confidence)))))));
};

function kv(k, v) {
  return [h("dt", {}, k), h("dd", {}, v)];
}

// --- stories ---

VIEWS.stories = async (_, params) => {
  const offset = Number(params.offset || 0), limit = 50;
  const min = params.min_docs || "2";
  const r = await api("stories", { limit, offset, min_docs: min });
  const minSel = h("select", { onchange: (ev) => go("stories", undefined, { min_docs: ev.target.value }) },
    ["1", "2", "3", "5"].map((v) => h("option", { value: v, selected: v === min }, `at least ${v} article${v === "1" ? "" : "s"}`)));
  return h("div", {},
    h("h1", {}, "Stories"),
    h("p", { class: "muted" }, "Articles about the same happening, grouped at ingest. Open one to compare what each outlet reports."),
    h("div", { class: "filters" }, h("label", {}, "Show", minSel)),
    card(null, r.items.length ? h("table", { class: "grid-table" },
      h("thead", {}, h("tr", {}, ["Story", "Articles", "Outlets", "First", "Last"].map((c) => h("th", {}, c)))),
      h("tbody", {}, r.items.map((st) => h("tr", {},
        h("td", {}, h("a", { href: "#/story/" + st.id, class: "story-link", "data-story": st.id }, st.label || "story " + st.id)),
        h("td", { class: "num" }, st.doc_count), h("td", { class: "num" }, st.source_count),
        h("td", { class: "nowrap" }, st.first_date || "?"), h("td", { class: "nowrap" }, st.last_date || "?"))))) : empty("No stories."),
      h("div", { class: "pager" },
        h("button", { disabled: offset === 0, onclick: () => go("stories", undefined, { min_docs: min, offset: Math.max(0, offset - limit) }) }, "← Previous"),
        h("button", { disabled: r.next_offset === null, onclick: () => go("stories", undefined, { min_docs: min, offset: r.next_offset }) }, "Next →"))));
};

VIEWS.story = async (id) => {
  const [st, diff] = await Promise.all([api("stories/" + encodeURIComponent(id), { documents: 6 }), api("stories/" + encodeURIComponent(id) + "/diff")]);
  const letters = diff.documents.map((_, i) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? Math.floor(i / 26) : ""));
  const letterOf = new Map(diff.documents.map((d, i) => [d.id, letters[i]]));
  const articles = h("div", { class: "articles", style: { gridTemplateColumns: `repeat(${st.documents.length}, minmax(340px, 1fr))` } },
    st.documents.map((d) => h("article", { class: "article", "data-doc": d.store.id },
      h("div", { class: "article-head" },
        h("span", { class: "letter" }, letterOf.get(d.store.id) || "?"),
        h("div", {}, h("a", { href: "#/doc/" + d.store.id, class: "article-title" }, d.title || d.id),
          h("div", { class: "muted small" }, `${d.store.source_name} · ${d.date || (d.store.inferred_date ? "~" + d.store.inferred_date : "undated")} · ${(d.events || []).length} events · ${(d.entities || []).length} entity mentions · ${(d.quotes || []).length} quotes`))),
      annotate(d.text, spansOf(d)))));
  const kinds = ["event", "amount", "quote", "actor"];
  const factRows = diff.facts.filter((x) => kinds.includes(x.kind));
  const diffTable = h("table", { class: "grid-table diff-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "Kind"), letters.map((l, i) => h("th", { class: "center", title: diff.documents[i].title || diff.documents[i].ext_id }, l)), h("th", {}, "Fact"))),
    h("tbody", {}, factRows.map((x) => h("tr", { class: x.only ? "only" : "" },
      h("td", {}, h("span", { class: "kind kind-" + x.kind }, x.kind)),
      diff.documents.map((d) => h("td", { class: "center" }, x.documents.includes(d.id) ? h("span", { class: "tick", title: (x.evidence.find((e) => e.doc === d.id) || {}).text || "" }, "●") : h("span", { class: "muted" }, "·"))),
      h("td", {}, x.label, x.only ? h("span", { class: "badge only-badge" }, "only " + x.sources[0]) : null)))));
  return h("div", {},
    h("p", {}, h("a", { href: "#/stories" }, "← Stories")),
    h("h1", {}, st.story.label || "Story " + st.story.id),
    h("p", { class: "muted" }, `${st.story.doc_count} articles from ${st.story.source_count} outlets · ${st.story.first_date || "?"} to ${st.story.last_date || "?"}` +
      (st.document_count > st.documents.length ? ` · showing the first ${st.documents.length}` : "")),
    card("Articles side by side", annotationLegend(), h("div", { class: "scroll-x" }, articles)),
    card("Story diff: who reports what", h("p", { class: "muted small" }, "● = the article reports the fact; highlighted rows are reported by one outlet only."),
      h("div", { class: "scroll-x" }, factRows.length ? diffTable : empty("No facts to compare."))));
};

VIEWS.doc = async (id) => {
  const d = await api("documents/" + encodeURIComponent(id), { text: true });
  return h("div", { class: "doc-view" },
    d.store && d.store.story ? h("p", {}, h("a", { href: "#/story/" + d.store.story }, "← Story")) : null,
    h("h1", {}, d.title || d.id),
    h("p", { class: "muted" }, `${d.store ? d.store.source_name : d.source || ""} · ${d.date || "undated"} · ${fmt(d.chars)} characters`, d.url ? [" · ", h("a", { href: d.url, rel: "noreferrer noopener", target: "_blank" }, "original")] : null),
    card(null, annotationLegend(), annotate(d.text, spansOf(d))),
    analysisPanels(d));
};

VIEWS.actor = async (code) => {
  const p = await api("actors/" + encodeURIComponent(code), { top: 15 });
  const xs = p.timeline.map((t) => t.period);
  return h("div", {},
    h("h1", {}, `${p.actor}`, p.name ? h("span", { class: "muted" }, " · " + p.name) : null),
    h("div", { class: "stats" },
      h("div", { class: "stat" }, h("div", { class: "stat-v" }, fmt(p.as_source)), h("div", { class: "stat-l" }, "events as source")),
      h("div", { class: "stat" }, h("div", { class: "stat-v" }, fmt(p.as_target)), h("div", { class: "stat-l" }, "events as target")),
      h("div", { class: "stat" }, h("div", { class: "stat-v", style: { color: QUAD[2].color } }, fmt(p.cooperation)), h("div", { class: "stat-l" }, "cooperation")),
      h("div", { class: "stat" }, h("div", { class: "stat-v", style: { color: QUAD[4].color } }, fmt(p.conflict)), h("div", { class: "stat-l" }, "conflict"))),
    h("div", { class: "cols2" },
      card("Counterparts", p.counterparts.length ? h("table", { class: "grid-table" },
        h("thead", {}, h("tr", {}, ["Actor", "Events", "Coop.", "Conflict", "Goldstein"].map((c) => h("th", {}, c)))),
        h("tbody", {}, p.counterparts.map((c) => h("tr", {},
          h("td", {}, actorLink(c.code, c.name)), h("td", { class: "num" }, h("a", { href: "#/events?" + new URLSearchParams({ actor: p.actor }) }, fmt(c.events))),
          h("td", { class: "num" }, c.cooperation), h("td", { class: "num" }, c.conflict),
          h("td", { class: "num", style: { color: balanceColor(c.avg_goldstein / 10) } }, fix(c.avg_goldstein, 1)))))) : empty("No counterparts.")),
      card("Cooperation balance by month", xs.length ? lineChart([{ name: "balance", color: "#16324f", width: 3, points: p.timeline.map((t) => ({ x: t.period, y: t.balance, n: t.events })) }], xs, { yLabel: "balance" }) : empty("No dated events."))),
    h("p", {}, h("a", { href: "#/network?" + new URLSearchParams({ actor: p.actor }) }, "Network around " + p.actor + " →"), " · ",
      h("a", { href: "#/events?" + new URLSearchParams({ actor: p.actor }) }, "Events of " + p.actor + " →")));
};

VIEWS.tone = async (_, params) => {
  const interval = params.interval || "month";
  const t = await api("tone", { interval, sources: 6 });
  const xs = [...new Set(t.overall.map((p) => p.period))].sort();
  const series = [{ name: "all articles", color: "#16324f", width: 3, points: t.overall.map((p) => ({ x: p.period, y: p.avg_tone, n: p.documents })) }];
  t.sources.forEach((src, i) => series.push({ name: src.source, color: PALETTE[(i + 1) % PALETTE.length], width: 1.5, points: src.points.map((p) => ({ x: p.period, y: p.avg_tone, n: p.documents })) }));
  const ivSel = h("select", { onchange: (ev) => go("tone", undefined, { interval: ev.target.value }) }, ["day", "month", "year"].map((i) => h("option", { value: i, selected: i === interval }, i)));
  return h("div", {},
    h("h1", {}, "Tone over time"),
    h("p", { class: "muted" }, "Average GDELT tone of the articles (positive minus negative words per 100 words), for the corpus and its largest outlets. Duplicates count once."),
    h("div", { class: "filters" }, h("label", {}, "Per", ivSel)),
    card(null, xs.length ? [h("div", { class: "legend" }, series.map((se) => h("span", {}, h("i", { style: { background: se.color } }), `${se.name}`))), lineChart(series, xs, { yLabel: "tone" })] : empty("No dated articles.")));
};

VIEWS.search = async (_, params) => {
  const q = params.q || "";
  const input = h("input", { type: "search", name: "q", value: q, placeholder: "e.g. wheat shipment", size: 40, autofocus: true });
  const form = h("form", { class: "filters", id: "search-form" }, input, h("button", { type: "submit", class: "primary" }, "Search"),
    h("label", { class: "small" }, h("input", { type: "checkbox", name: "raw", checked: params.raw === "true" }), " FTS5 syntax"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go("search", undefined, { q: input.value, raw: form.raw.checked ? "true" : "" }); });
  if (!q) return h("div", {}, h("h1", {}, "Search"), form, h("p", { class: "muted" }, "Searches titles, article texts and quotes. All words are required."));
  const r = await api("search", { q, raw: params.raw, limit: 50 });
  return h("div", {},
    h("h1", {}, "Search"), form,
    card(`${r.items.length}${r.next_offset !== null ? "+" : ""} results for “${q}”`, r.items.length ? h("ol", { class: "hits" }, r.items.map((x) => h("li", { class: "hit", "data-doc": x.doc },
      h("div", {}, h("span", { class: "kind kind-" + x.kind }, x.kind), " ", h("a", { href: "#/doc/" + x.doc }, x.title || x.ext_id),
        h("span", { class: "muted small" }, ` · ${x.source_name} · ${x.date || "undated"}${x.speaker ? " · " + x.speaker : ""}`)),
      snippet(x.snippet)))) : empty("Nothing found.")));
};

/** Renders an FTS snippet whose matches are wrapped in [ ]. */
function snippet(text) {
  const out = h("div", { class: "snippet" });
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    out.append(text.slice(last, m.index), h("mark", {}, m[1]));
    last = re.lastIndex;
  }
  out.append(text.slice(last));
  return out;
}

VIEWS.analyze = async () => {
  const text = h("textarea", { name: "text", rows: 14, placeholder: "Paste a news article here…", required: true });
  const title = h("input", { name: "title", placeholder: "Title (optional)", size: 40 });
  const date = h("input", { name: "date", type: "date", title: "Publication date: resolves relative dates" });
  const file = h("input", { type: "file", accept: ".txt,.text,.md,text/plain" });
  const out = h("div", { id: "analysis" });
  const status = h("span", { class: "muted" });
  file.addEventListener("change", async () => {
    const f = file.files[0];
    if (!f) return;
    text.value = await f.text();
    if (!title.value) title.value = f.name.replace(/\.[^.]+$/, "");
  });
  const form = h("form", { class: "analyze-form" },
    text, h("div", { class: "filters" }, title, h("label", {}, "Date", date), h("label", {}, "or upload", file),
      h("button", { type: "submit", class: "primary" }, "Analyze"), status));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    status.textContent = "Analyzing…";
    out.replaceChildren();
    try {
      const r = await fetch("/api/analyze", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text.value, title: title.value || undefined, date: date.value || undefined }) });
      const d = await r.json();
      if (!r.ok) throw new Error(d.error ? d.error.message : r.statusText);
      status.textContent = `${d.sentence_count} sentences · ${d.entities.length} entity mentions · ${d.events.length} events · ${d.quotes.length} quotes`;
      out.replaceChildren(h("div", { class: "doc-view" }, card("Annotated article", annotationLegend(), annotate(d.text, spansOf(d))), analysisPanels(d)));
      out.dataset.ready = "1";
    } catch (e) {
      status.textContent = "";
      out.replaceChildren(h("div", { class: "error" }, "Error: " + e.message));
    }
  });
  return h("div", {}, h("h1", {}, "Analyze an article"),
    h("p", { class: "muted" }, "Runs the full pipeline on the text you paste. Nothing is stored."),
    card(null, form), out);
};

// ---------- start ----------

document.getElementById("quicksearch").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = ev.target.q.value.trim();
  if (q) go("search", undefined, { q });
});
window.addEventListener("hashchange", route);
api("health").then((r) => { document.getElementById("dbname").textContent = r.db; }).catch(() => {});
route();
