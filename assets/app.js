// dossier's search page. Plain JavaScript, no library, no build step.
//
// Safety: everything that comes from an article (titles, text, speakers, sources, URLs) is
// put in the page as text nodes (textContent) or <mark>/<span> elements built here, never
// as HTML; a URL becomes a link only when it is http(s). The page's state lives in the URL
// (history.pushState), so a search can be shared and the back button works.
"use strict";

const PAGE = 10;
const COLOURS = 10;

const $ = (id) => document.getElementById(id);

// ---------- state <-> URL ----------

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    speaker: p.getAll("speaker"),
    source: p.getAll("source"),
    lang: p.getAll("lang"),
    since: p.get("since") || "",
    until: p.get("until") || "",
    sort: p.get("sort") || "relevance",
    mode: p.get("mode") === "quotes" ? "quotes" : "articles",
    // The URL counts pages from 1 (?page=3 is the third page); the state from 0.
    page: Math.max(0, (parseInt(p.get("page") || "1", 10) || 1) - 1),
    article: p.get("article") || "",
  };
}

function stateQuery(s) {
  const p = filterParams(s);
  if (s.sort && s.sort !== "relevance") p.set("sort", s.sort);
  if (s.mode === "quotes") p.set("mode", "quotes");
  if (s.page) p.set("page", String(s.page + 1));
  if (s.article) p.set("article", s.article);
  return p;
}

function stateUrl(s) {
  const q = stateQuery(s).toString();
  return q ? "/?" + q : "/";
}

let moved = false; // whether this page pushed history entries (Back can go back to them)

function go(changes, opts) {
  const next = Object.assign(readState(), changes);
  if (!("article" in changes)) next.article = "";
  if (!("page" in changes) && !(opts && opts.keepPage)) next.page = 0;
  history.pushState(null, "", stateUrl(next));
  moved = true;
  render();
}

// From the article back to its results: the previous entry when this page made it, else
// the same search without the article (a shared article link).
function back() {
  if (moved) history.back();
  else go({ article: "" }, { keepPage: true });
}

// A filter by name: with a query, a filter; without one, the query that asks for it.
function filterBy(key, name) {
  const s = readState();
  if (s.q.trim()) go({ [key]: s[key].concat([name]) });
  else go({ q: key + ':"' + name.replace(/"/g, " ") + '"' });
}

// ---------- API ----------

async function api(path, params) {
  const url = params && params.toString() ? path + "?" + params.toString() : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : "the server answered " + response.status;
    const err = new Error(message);
    err.status = response.status;
    throw err;
  }
  return body;
}

function filterParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const v of s.speaker) p.append("speaker", v);
  for (const v of s.source) p.append("source", v);
  for (const v of s.lang) p.append("lang", v);
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  return p;
}

// ---------- DOM helpers (text only) ----------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else node.setAttribute(k, String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// Appends `text` to `parent` with the [start, end) ranges (in Unicode code points, as the
// API gives them) wrapped in <mark>.
function appendMarked(parent, text, ranges) {
  const cps = Array.from(text || "");
  let at = 0;
  const sorted = (ranges || []).slice().sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    if (start < at || end <= start || end > cps.length) continue;
    if (start > at) parent.append(document.createTextNode(cps.slice(at, start).join("")));
    parent.append(el("mark", { text: cps.slice(start, end).join("") }));
    at = end;
  }
  if (at < cps.length) parent.append(document.createTextNode(cps.slice(at).join("")));
}

// Ranges of `text` (code points) where one of `words` (lower-cased) stands as a whole word.
function wordRanges(text, words) {
  if (!words.size) return [];
  const cps = Array.from(text || "");
  const ranges = [];
  let i = 0;
  const isWord = (c) => /[\p{L}\p{N}]/u.test(c);
  while (i < cps.length) {
    if (!isWord(cps[i])) { i++; continue; }
    let j = i;
    while (j < cps.length && (isWord(cps[j]) || (cps[j] === "'" && j + 1 < cps.length && isWord(cps[j + 1])))) j++;
    if (words.has(cps.slice(i, j).join("").toLowerCase())) ranges.push([i, j]);
    i = j;
  }
  return ranges;
}

// A colour class for a name, stable across pages (a hash), `sp0`..`sp9`.
function colourOf(name) {
  let h = 0;
  for (const c of name || "") h = (h * 31 + c.codePointAt(0)) >>> 0;
  return h % COLOURS;
}

function speakerChip(name, colour, onClick) {
  const label = name || "unknown speaker";
  const cls = "chip sp" + colour;
  if (!onClick) return el("span", { class: cls, text: label });
  return el("button", { type: "button", class: cls, title: "Only articles quoting " + label, text: label, on: { click: onClick } });
}

function safeLink(url) {
  if (/^https?:\/\//i.test(url || "")) {
    return el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: url });
  }
  return el("span", { class: "plain-url", text: url });
}

function notice(message) {
  const n = $("notice");
  n.textContent = message || "";
  n.hidden = !message;
}

// ---------- rendering ----------

let generation = 0; // newer renders win over late answers
let selected = -1;

async function render() {
  const s = readState();
  const mine = ++generation;
  notice("");
  $("q").value = s.q;
  $("sort").value = s.sort;
  $("mode-articles").setAttribute("aria-pressed", String(s.mode === "articles"));
  $("mode-quotes").setAttribute("aria-pressed", String(s.mode === "quotes"));
  renderFilters(s);
  if (s.article) {
    $("search-view").hidden = true;
    $("article-view").hidden = false;
    document.body.dataset.view = "article";
    await renderArticle(s, mine);
    document.body.dataset.ready = "1";
    return;
  }
  $("search-view").hidden = false;
  $("article-view").hidden = true;
  document.body.dataset.view = "search";
  selected = -1;
  const facetsRequest = api("/api/facets", filterParams(s)).catch((e) => e);
  let results = null;
  if (s.q.trim()) {
    const p = filterParams(s);
    if (s.sort !== "relevance") p.set("sort", s.sort);
    p.set("limit", String(PAGE));
    p.set("offset", String(s.page * PAGE));
    if (s.mode === "quotes") p.set("quotes", "1");
    results = await api("/api/search", p).catch((e) => e);
  }
  const facets = await facetsRequest;
  if (mine !== generation) return;
  document.title = s.q ? s.q + " · dossier" : "dossier";
  if (facets instanceof Error) notice(facets.message);
  else renderFacets(s, facets);
  if (results instanceof Error) {
    notice(results.message);
    clear($("hits"));
    clear($("pager"));
    $("summary").textContent = "";
  } else if (results) {
    renderResults(s, results);
  } else {
    renderLanding(s, facets instanceof Error ? null : facets);
  }
  document.body.dataset.ready = "1";
}

function renderFilters(s) {
  const box = $("filters");
  clear(box);
  const remove = (changes, label) =>
    el("button", { type: "button", class: "filter", title: "Remove this filter", on: { click: () => go(changes) } }, label, el("span", { class: "x", "aria-hidden": "true", text: " ×" }));
  for (const v of s.speaker) box.append(remove({ speaker: s.speaker.filter((x) => x !== v) }, "speaker: " + v));
  for (const v of s.source) box.append(remove({ source: s.source.filter((x) => x !== v) }, "source: " + v));
  for (const v of s.lang) box.append(remove({ lang: s.lang.filter((x) => x !== v) }, "language: " + languageName(v)));
  if (s.since || s.until) box.append(remove({ since: "", until: "" }, "dates: " + (s.since || "…") + " to " + (s.until || "…")));
  box.hidden = !box.firstChild;
}

function renderLanding(s, facets) {
  const hits = $("hits");
  clear(hits);
  clear($("pager"));
  const summary = $("summary");
  clear(summary);
  if (facets) {
    summary.append(
      facets.total_hits + " articles in the index. Type words to search them, or pick a speaker, a source or dates: ",
      el("button", { type: "button", class: "linkish", text: "query syntax", on: { click: toggleHelp } }),
      "."
    );
  }
}

function renderResults(s, r) {
  const summary = $("summary");
  clear(summary);
  const noun = s.mode === "quotes" ? "quotation" : "article";
  const n = r.total_hits;
  // One hit a story: copies of a story are listed under its hit, and pages count stories.
  const listed = typeof r.total_stories === "number" ? r.total_stories : n;
  summary.append(el("strong", { text: n.toLocaleString("en") }), " " + noun + (n === 1 ? "" : "s"));
  if (listed !== n) summary.append(" in " + listed.toLocaleString("en") + " stor" + (listed === 1 ? "y" : "ies"));
  summary.append(" · " + r.took_ms + " ms");
  for (const w of r.warnings || []) summary.append(el("span", { class: "warning", text: " · " + w }));
  const list = $("hits");
  clear(list);
  list.start = s.page * PAGE + 1;
  if (!r.hits.length) {
    list.append(el("li", { class: "empty", text: n ? "No more results on this page." : "Nothing matches. Try fewer words, OR, or fewer filters." }));
  }
  if (r.suggestion) {
    // "Did you mean": the query with its unknown words replaced by the index's nearest.
    const target = Object.assign({}, s, { q: r.suggestion, page: 0, article: "" });
    summary.append(" · ", el("span", { class: "suggestion" }, "did you mean ",
      el("a", { href: stateUrl(target), text: r.suggestion, on: { click: (e) => { e.preventDefault(); go({ q: r.suggestion }); } } }), "?"));
  }
  for (const hit of r.hits) list.append(s.mode === "quotes" ? quoteHit(s, hit) : articleHit(s, hit));
  renderPager(s, listed);
}

function articleLink(s, id, text) {
  const target = Object.assign({}, s, { article: id });
  return el("a", {
    href: stateUrl(target),
    class: "open",
    text: text,
    on: { click: (e) => { if (e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey) { e.preventDefault(); go({ article: id }, { keepPage: true }); } } },
  });
}

function metaLine(hit) {
  const parts = [];
  if (hit.source) parts.push(el("span", { class: "source", text: hit.source }));
  parts.push(el("span", { class: "date", text: hit.date || "undated" }));
  if (hit.lang) parts.push(el("span", { class: "lang", title: languageName(hit.lang), text: hit.lang }));
  if (hit.author) parts.push(el("span", { class: "author", text: "by " + hit.author }));
  parts.push(el("span", { class: "path", text: hit.path || hit.id }));
  const line = el("div", { class: "meta" });
  parts.forEach((p, i) => { if (i) line.append(" · "); line.append(p); });
  return line;
}

function articleHit(s, hit) {
  const li = el("li", { class: "hit", "data-id": hit.id });
  li.append(el("h3", null, articleLink(s, hit.id, hit.title || hit.path || hit.id)));
  li.append(metaLine(hit));
  if (hit.speakers && hit.speakers.length) {
    const who = el("div", { class: "speakers" });
    for (const name of hit.speakers) {
      who.append(speakerChip(name, colourOf(name), s.speaker.includes(name) ? null : () => filterBy("speaker", name)));
    }
    li.append(who);
  }
  const words = new Set();
  for (const sn of hit.snippets || []) {
    const p = el("p", { class: "snippet" });
    appendMarked(p, sn.text, sn.highlights);
    li.append(p);
    const cps = Array.from(sn.text);
    for (const [a, b] of sn.highlights || []) {
      for (const w of cps.slice(a, b).join("").toLowerCase().split(/[^\p{L}\p{N}']+/u)) if (w) words.add(w);
    }
  }
  if (hit.copies) {
    // Other copies of the same story (the index groups near-duplicates; one hit a story).
    const line = el("div", { class: "copies" }, hit.copies + " other cop" + (hit.copies === 1 ? "y" : "ies") + ": ");
    (hit.other_copies || []).forEach((c, i) => {
      if (i) line.append(" · ");
      line.append(articleLink(s, c.id, (c.source || c.path || c.id) + (c.date ? " " + c.date : "")));
    });
    li.append(line);
  }
  if (hit.quotes && hit.quotes.length) {
    const ul = el("ul", { class: "quotes" });
    for (const q of hit.quotes) {
      const text = el("q");
      appendMarked(text, q.text, wordRanges(q.text, words));
      ul.append(el("li", null, speakerChip(q.speaker, colourOf(q.speaker)), " ", text));
    }
    li.append(ul);
  }
  return li;
}

function quoteHit(s, hit) {
  const li = el("li", { class: "hit quote-hit", "data-id": hit.id });
  const text = el("q", { class: "big" });
  appendMarked(text, hit.text, hit.highlights);
  li.append(el("p", null, speakerChip(hit.speaker, colourOf(hit.speaker), hit.speaker && !s.speaker.includes(hit.speaker) ? () => filterBy("speaker", hit.speaker) : null), " ", text));
  const from = el("div", { class: "meta" }, "from ", articleLink(s, hit.id, hit.title || hit.path || hit.id));
  if (hit.source) from.append(" · ", el("span", { class: "source", text: hit.source }));
  from.append(" · ", el("span", { class: "date", text: hit.date || "undated" }));
  if (hit.lang) from.append(" · ", el("span", { class: "lang", title: languageName(hit.lang), text: hit.lang }));
  li.append(from);
  return li;
}

function renderPager(s, total) {
  const pager = $("pager");
  clear(pager);
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) return;
  const button = (label, page, disabled, rel) =>
    el("button", { type: "button", rel: rel, disabled: disabled, on: { click: () => { go({ page: page }); window.scrollTo(0, 0); } } }, label);
  pager.append(button("← Previous", s.page - 1, s.page <= 0, "prev"));
  pager.append(el("span", { class: "page-of", text: "page " + (s.page + 1) + " of " + pages }));
  pager.append(button("Next →", s.page + 1, s.page + 1 >= pages, "next"));
}

// ---------- facets ----------

function renderFacets(s, f) {
  facetList($("speaker-facet"), f.speakers, s.speaker, "speaker", true);
  facetList($("source-facet"), f.sources, s.source, "source", false);
  facetList($("lang-facet"), f.languages || [], s.lang, "lang", false, languageName);
  renderHistogram(s, f.dates);
}

// A language's name in English for its code (`es` → "Spanish (es)"); `und` is unknown.
const LANGUAGE_NAMES = typeof Intl !== "undefined" && Intl.DisplayNames ? new Intl.DisplayNames(["en"], { type: "language" }) : null;
function languageName(code) {
  if (code === "und") return "unknown (und)";
  let name = null;
  try {
    name = LANGUAGE_NAMES ? LANGUAGE_NAMES.of(code) : null;
  } catch (e) {
    name = null;
  }
  return name && name !== code ? name + " (" + code + ")" : code;
}

function facetList(ul, items, active, key, coloured, label) {
  clear(ul);
  if (!items.length) {
    ul.append(el("li", { class: "none", text: "none" }));
    return;
  }
  const max = Math.max(...items.map((i) => i.articles), 1);
  for (const item of items) {
    const on = active.includes(item.name);
    const bar = el("span", { class: "bar" + (coloured ? " sp" + colourOf(item.name) : "") });
    bar.style.width = Math.max(4, Math.round((100 * item.articles) / max)) + "%";
    const button = el(
      "button",
      {
        type: "button",
        class: "facet-item" + (on ? " on" : ""),
        "aria-pressed": String(on),
        title: (on ? "Remove the filter " : "Only articles with ") + (label ? label(item.name) : item.name),
        on: {
          click: () => {
            if (on) go({ [key]: readState()[key].filter((x) => x !== item.name) });
            else filterBy(key, item.name);
          },
        },
      },
      el("span", { class: "name", text: label ? label(item.name) : item.name }),
      el("span", { class: "count", text: String(item.articles) }),
      bar
    );
    ul.append(el("li", null, button));
  }
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function renderHistogram(s, dates) {
  const box = $("histogram");
  clear(box);
  const label = $("date-range");
  const buckets = dates.buckets || [];
  const width = dates.interval_days;
  label.textContent = buckets.length
    ? (width === 1 ? "by day" : width === 7 ? "by week" : width === 30 ? "by 30 days" : width === 91 ? "by quarter" : width === 365 ? "by year" : "by decade")
    : "";
  if (!buckets.length) {
    box.append(el("p", { class: "none", text: dates.undated ? dates.undated + " undated" : "no dates" }));
    return;
  }
  const W = 280, H = 90, pad = 2;
  const max = Math.max(...buckets.map((b) => b.articles), 1);
  const bw = (W - pad * 2) / buckets.length;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H + 16}`, class: "hist", role: "img", "aria-label": "Matching articles by date; click or drag to filter" });
  const bars = [];
  buckets.forEach((b, i) => {
    const h = b.articles ? Math.max(2, ((H - 4) * b.articles) / max) : 0;
    const hit = svg("rect", { x: pad + i * bw, y: 0, width: bw, height: H, class: "hit-area", "data-i": i });
    const bar = svg("rect", { x: pad + i * bw + bw * 0.08, y: H - h, width: Math.max(1, bw * 0.84), height: h, class: "bar", "data-i": i });
    const title = svg("title");
    title.textContent = (b.start === b.end ? b.start : b.start + " to " + b.end) + ": " + b.articles + " article" + (b.articles === 1 ? "" : "s");
    hit.append(title);
    chart.append(hit, bar);
    bars.push(bar);
  });
  const first = svg("text", { x: pad, y: H + 13, class: "axis" });
  first.textContent = buckets[0].start;
  const last = svg("text", { x: W - pad, y: H + 13, class: "axis end" });
  last.textContent = buckets[buckets.length - 1].end;
  chart.append(first, last);

  // Click one bar, or drag across several: the dates narrow to those buckets.
  let from = null;
  const indexAt = (e) => {
    const r = chart.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * W;
    return Math.min(buckets.length - 1, Math.max(0, Math.floor((x - pad) / bw)));
  };
  const paint = (a, b) => bars.forEach((bar, i) => bar.classList.toggle("picked", a !== null && i >= Math.min(a, b) && i <= Math.max(a, b)));
  chart.addEventListener("pointerdown", (e) => {
    from = indexAt(e);
    paint(from, from);
    if (chart.setPointerCapture) chart.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  chart.addEventListener("pointermove", (e) => { if (from !== null) paint(from, indexAt(e)); });
  chart.addEventListener("pointerup", (e) => {
    if (from === null) return;
    const to = indexAt(e);
    const a = Math.min(from, to), b = Math.max(from, to);
    from = null;
    pickDates(s, buckets[a].start, buckets[b].end);
  });
  chart.addEventListener("pointercancel", () => { from = null; paint(null, null); });
  box.append(chart);
  if (dates.undated) box.append(el("p", { class: "hint", text: dates.undated + " undated not shown" }));
}

function pickDates(s, since, until) {
  if (s.q.trim()) go({ since: since, until: until });
  else go({ q: "date:[" + since + " TO " + until + "]" });
}

// ---------- the article ----------

async function renderArticle(s, mine) {
  const title = $("a-title");
  const meta = $("a-meta");
  const legend = $("a-speakers");
  const body = $("a-body");
  let a;
  try {
    const p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    a = await api("/api/article/" + encodeURIComponent(s.article), p);
  } catch (e) {
    if (mine !== generation) return;
    clear(meta); clear(legend); clear(body);
    title.textContent = "Article not found";
    notice(e.message);
    return;
  }
  if (mine !== generation) return;
  document.title = (a.title || a.id) + " · dossier";
  title.textContent = a.title || a.path || a.id;
  clear(meta);
  const row = (k, v) => { if (v) meta.append(el("dt", { text: k }), el("dd", null, v)); };
  row("Source", a.source);
  row("Date", a.date ? a.date + (a.date_source ? " (from the " + a.date_source + ")" : "") : "undated");
  row("Author", a.author);
  row("URL", a.url ? safeLink(a.url) : "");
  row("File", a.path);
  row("Id", a.id);

  // One colour per speaker of this article: by name, moved on when two names collide.
  const colours = new Map();
  const used = new Set();
  const names = (a.speakers || []).concat((a.quotes || []).map((q) => q.speaker)).filter((n) => n);
  for (const n of names) {
    if (colours.has(n)) continue;
    let c = colourOf(n);
    for (let k = 0; k < COLOURS && used.has(c); k++) c = (c + 1) % COLOURS;
    colours.set(n, c);
    used.add(c);
  }
  clear(legend);
  for (const [n, c] of colours) {
    // A quotation in parts counts once (its later parts name the part they continue).
    const count = (a.quotes || []).filter((q) => q.speaker === n && q.continues == null).length;
    legend.append(el("span", { class: "legend-item" }, speakerChip(n, c, () => go({ article: "", speaker: [n], mode: "quotes", q: s.q || "speaker:\"" + n + "\"" })), " " + count + " quotation" + (count === 1 ? "" : "s")));
  }
  renderBody(body, a.body || "", a.quotes || [], a.highlights || [], colours);
  window.scrollTo(0, 0);
}

// The body as text, each quotation a coloured span labelled with its speaker, the query's
// words marked. Offsets are code points.
function renderBody(box, text, quotes, highlights, colours) {
  clear(box);
  const cps = Array.from(text);
  const cuts = new Set([0, cps.length]);
  const qs = quotes.filter((q) => q.start < q.end && q.end <= cps.length).slice().sort((x, y) => x.start - y.start);
  for (const q of qs) { cuts.add(q.start); cuts.add(q.end); }
  for (const [a, b] of highlights) if (a < b && b <= cps.length) { cuts.add(a); cuts.add(b); }
  const points = Array.from(cuts).sort((x, y) => x - y);
  let openQuote = null; // the quotation whose span is being filled
  let span = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const q = qs.find((q) => q.start <= a && b <= q.end) || null;
    if (q !== openQuote) {
      openQuote = q;
      span = null;
      if (q) {
        const c = colours.has(q.speaker) ? colours.get(q.speaker) : COLOURS;
        // A later part of an interrupted quotation opens with "…" instead of the name again.
        const more = q.continues != null;
        const why = q.no_speaker ? " (" + q.no_speaker + ")" : "";
        span = el("span", { class: "quote sp" + c, title: (q.speaker ? "Quotation of " + q.speaker : "Quotation, speaker unknown" + why) + (more ? ", continued" : "") });
        span.append(el("span", { class: "who sp" + c, text: more ? "…" : q.speaker || "unknown" }));
        box.append(span);
      }
    }
    const piece = cps.slice(a, b).join("");
    const marked = highlights.some(([x, y]) => x <= a && b <= y);
    const node = marked ? el("mark", { text: piece }) : document.createTextNode(piece);
    (span || box).append(node);
  }
}

// ---------- controls and keys ----------

function toggleHelp() {
  const help = $("help");
  help.hidden = !help.hidden;
  $("help-toggle").setAttribute("aria-expanded", String(!help.hidden));
}

function hitItems() {
  return Array.from(document.querySelectorAll("#hits > li.hit"));
}

function select(i) {
  const items = hitItems();
  if (!items.length) return;
  selected = Math.max(0, Math.min(items.length - 1, i));
  items.forEach((li, k) => li.classList.toggle("selected", k === selected));
  items[selected].scrollIntoView({ block: "nearest" });
  const link = items[selected].querySelector("a.open");
  if (link) link.focus({ preventScroll: true });
}

function setup() {
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("q").value.trim();
    // The box lets go of the keyboard, so that j and k move through the hits at once.
    $("q").blur();
    go({ q: q });
  });
  $("facets-toggle").addEventListener("click", () => {
    const open = $("facets").classList.toggle("open");
    $("facets-toggle").setAttribute("aria-expanded", String(open));
  });
  $("sort").addEventListener("change", () => go({ sort: $("sort").value }));
  $("mode-articles").addEventListener("click", () => go({ mode: "articles" }));
  $("mode-quotes").addEventListener("click", () => go({ mode: "quotes" }));
  $("help-toggle").addEventListener("click", toggleHelp);
  $("back").addEventListener("click", (e) => {
    e.preventDefault();
    back();
  });
  document.querySelector("a.brand").addEventListener("click", (e) => {
    e.preventDefault();
    history.pushState(null, "", "/");
    render();
  });
  window.addEventListener("popstate", render);
  document.addEventListener("keydown", (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") {
      if (typing) { e.target.blur(); return; }
      if (!$("article-view").hidden) back();
      return;
    }
    if (typing) return;
    if (e.key === "/") {
      e.preventDefault();
      $("q").focus();
      $("q").select();
    } else if (e.key === "j" && !$("search-view").hidden) {
      select(selected + 1);
    } else if (e.key === "k" && !$("search-view").hidden) {
      select(selected - 1);
    } else if (e.key === "Enter" && !$("search-view").hidden && selected >= 0) {
      // On the selected hit's link, Enter follows it by itself; elsewhere, open the hit.
      const li = hitItems()[selected];
      const focus = document.activeElement;
      if (li && (!focus || focus === document.body)) {
        e.preventDefault();
        go({ article: li.dataset.id }, { keepPage: true });
      }
    }
  });
  render();
}

setup();
