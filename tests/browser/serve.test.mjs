// Browser tests of `dossier serve`'s page, in headless Chromium (Debian's `chromium`) driven
// by playwright-core. Run by tests/browser/run.sh (which CI calls). Screenshots go to
// target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, repo, FLAG, HOSTILE_TITLE } from "./fixture.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = join(repo, "target", "browser");

let server, context, profile;

before(async () => {
  server = await startServer();
  profile = mkdtempSync(join(tmpdir(), "dossier-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic",
    ],
    viewport: { width: 1280, height: 860 },
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  if (context) await context.close();
  if (server) await server.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/// A new page that records every request and every script error.
async function open(path) {
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on("request", (r) => page.requests.push(r.url()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  // CSP violations are console errors: the page must cause none.
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  await page.goto(server.url.replace(/\/$/, "") + (path || "/"));
  await page.waitForSelector("body[data-ready='1']");
  return page;
}

async function search(page, words) {
  await page.fill("#q", words);
  await page.press("#q", "Enter");
  await page.waitForFunction((w) => new URLSearchParams(location.search).get("q") === w, words);
  await page.waitForSelector("#hits li");
}

const hitTitles = (page) => page.$$eval("#hits li.hit h3", (hs) => hs.map((h) => h.textContent));

test("search shows ranked hits with highlighted snippets, and no request leaves the machine", async () => {
  const page = await open("/");
  await search(page, "harbour");
  const titles = await hitTitles(page);
  assert.ok(titles.length >= 4, `hits: ${titles}`);
  assert.ok(titles.includes("Harbour budget doubles"));
  const marks = await page.$$eval("#hits .snippet mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.length > 0 && marks.every((m) => m.includes("harbour")), `marks: ${marks}`);
  assert.match(await page.textContent("#summary"), /\d+ articles/);
  // matching quotations are listed with their speaker
  const quoted = await page.$$eval("#hits .quotes li .chip", (cs) => cs.map((c) => c.textContent));
  assert.ok(quoted.includes("Ana Lopes"), `quotations: ${quoted}`);
  const origin = new URL(server.url).origin;
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(origin)), []);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: join(SHOTS, "search.png"), fullPage: true });
  await page.close();
});

test("copies of one story are one hit, the other copies listed and openable", async () => {
  const page = await open("/?q=budget");
  await page.waitForSelector("#hits li.hit");
  assert.equal(await page.$$eval("#hits li.hit", (l) => l.length), 1);
  assert.match(await page.textContent("#summary"), /2 articles in 1 story/);
  const copies = page.locator("#hits li.hit .copies a");
  assert.equal(await copies.count(), 1);
  const shown = await page.getAttribute("#hits li.hit", "data-id");
  await copies.first().click();
  await page.waitForSelector("#article-view:not([hidden]) #a-body .quote");
  const opened = new URL(page.url()).searchParams.get("article");
  assert.notEqual(opened, shown);
  assert.ok(["news/budget.md", "news/budget-copy.md"].includes(opened), opened);
  await page.close();
});

test("clicking a speaker facet filters the hits to articles quoting them", async () => {
  const page = await open("/?q=harbour");
  const item = page.locator("#speaker-facet button", { hasText: "Tom Reyes" });
  const count = Number(await item.locator(".count").textContent());
  await item.click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get("speaker") === "Tom Reyes");
  await page.waitForSelector("#filters .filter");
  await page.waitForFunction((n) => document.querySelectorAll("#hits li.hit").length === n, count);
  const speakers = await page.$$eval("#hits li.hit", (lis) => lis.map((li) => Array.from(li.querySelectorAll(".speakers .chip"), (c) => c.textContent)));
  assert.ok(speakers.every((s) => s.includes("Tom Reyes")), JSON.stringify(speakers));
  assert.equal(await page.getAttribute("#speaker-facet button.on", "aria-pressed"), "true");
  await page.close();
});

test("clicking a histogram bar narrows the dates to it", async () => {
  const page = await open("/?q=harbour");
  // The histogram comes with the facets, which may arrive after the hits.
  await page.waitForFunction(() => document.querySelectorAll("#histogram rect.hit-area title").length > 0);
  // By day across Jan-Jul is too many bars: the page shows weeks; pick the bar of the budget story (2025-05-10).
  const bars = await page.$$eval("#histogram rect.bar", (rs) => rs.map((r) => Number(r.getAttribute("height"))));
  assert.ok(bars.some((h) => h > 0));
  const titles = await page.$$eval("#histogram rect.hit-area title", (ts) => ts.map((t) => t.textContent));
  const i = titles.findIndex((t) => /2025-05-(0[4-9]|10)/.test(t) && !/: 0 articles/.test(t));
  assert.ok(i >= 0, titles.join("\n"));
  await page.locator("#histogram rect.hit-area").nth(i).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).has("since"));
  const params = new URL(page.url()).searchParams;
  assert.ok(params.get("since") <= "2025-05-10" && "2025-05-10" <= params.get("until"), page.url());
  await page.waitForFunction(() => document.querySelectorAll("#hits li.hit").length === 1);
  assert.deepEqual(await hitTitles(page), ["Harbour budget doubles"]);
  // dragging across every bar takes the whole range back
  const box = await page.locator("#histogram svg").boundingBox();
  await page.goBack();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has("since"));
  await page.waitForSelector("#histogram svg");
  await page.mouse.move(box.x + 3, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 4 });
  await page.mouse.move(box.x + box.width - 3, box.y + 20, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => new URLSearchParams(location.search).has("until"));
  await page.waitForFunction(() => document.querySelectorAll("#hits li.hit").length >= 4);
  await page.close();
});

test("an article shows its quotations coloured by speaker, the search words marked, and Back returns", async () => {
  const page = await open("/");
  await search(page, "harbour tides");
  await page.locator("#hits li.hit h3 a", { hasText: "Harbour plan approved" }).click();
  await page.waitForSelector("#article-view:not([hidden]) #a-body .quote");
  assert.equal(await page.textContent("#a-title"), "Harbour plan approved after long night");
  const quotes = await page.$$eval("#a-body .quote", (qs) => qs.map((q) => ({ who: q.querySelector(".who").textContent, cls: q.className, colour: getComputedStyle(q).backgroundColor })));
  assert.equal(quotes.length, 2);
  assert.deepEqual(quotes.map((q) => q.who), ["Ana Lopes", "Tom Reyes"]);
  assert.notEqual(quotes[0].cls, quotes[1].cls);
  assert.notEqual(quotes[0].colour, quotes[1].colour);
  const marks = await page.$$eval("#a-body mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.includes("harbour") && marks.includes("tides"), `marks: ${marks}`);
  assert.match(await page.textContent("#a-meta"), /Coast Gazette/);
  assert.equal(await page.getAttribute("#a-meta a", "href"), "https://example.org/harbour-plan");
  await page.screenshot({ path: join(SHOTS, "article.png"), fullPage: true });
  await page.goBack();
  await page.waitForSelector("#search-view:not([hidden]) #hits li.hit");
  assert.equal(new URL(page.url()).searchParams.get("q"), "harbour tides");
  await page.close();
});

test("a shared URL opens the same search: filters, quotations mode, page", async () => {
  const page = await open("/?q=harbour&speaker=Ana+Lopes&mode=quotes&sort=-date");
  await page.waitForSelector("#hits li.quote-hit");
  assert.equal(await page.inputValue("#q"), "harbour");
  assert.equal(await page.getAttribute("#mode-quotes", "aria-pressed"), "true");
  const speakers = await page.$$eval("#hits li.quote-hit .chip", (cs) => cs.map((c) => c.textContent));
  assert.ok(speakers.length >= 3 && speakers.every((s) => s === "Ana Lopes"), `${speakers}`);
  const marks = await page.$$eval("#hits q mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.includes("harbour"));
  // and an article link shared on its own
  const id = await page.getAttribute("#hits li.quote-hit", "data-id");
  const direct = await open("/?article=" + encodeURIComponent(id) + "&q=harbour");
  await direct.waitForSelector("#a-body .quote");
  await direct.click("#back");
  await direct.waitForSelector("#search-view:not([hidden]) #hits li.hit");
  await direct.close();
  await page.close();
});

test("a hostile article is shown as text and runs nothing", async () => {
  const page = await open("/?q=leaked");
  await page.waitForSelector("#hits li.hit");
  const title = await page.textContent("#hits li.hit h3");
  assert.equal(title, HOSTILE_TITLE);
  assert.ok((await page.textContent("#hits li.hit .meta")).includes("<script>"));
  await page.click("#hits li.hit h3 a");
  await page.waitForSelector("#article-view:not([hidden]) #a-body");
  await page.waitForFunction(() => document.querySelector("#a-title").textContent.length > 0);
  assert.equal(await page.textContent("#a-title"), HOSTILE_TITLE);
  assert.ok((await page.textContent("#a-body")).includes("<script>"));
  // the javascript: URL is text, not a link
  assert.equal(await page.$$eval("#a-meta a", (as) => as.length), 0);
  assert.ok((await page.textContent("#a-meta")).includes("javascript:"));
  // no element came from the article's markup, and nothing ran
  const injected = await page.$$eval("main img, main script, main iframe, main b, main a[href^='javascript']", (es) => es.length);
  assert.equal(injected, 0);
  await page.mouse.move(10, 10);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate((f) => window[f], FLAG), undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("keyboard: / focuses the search, j and k move, Enter opens, Escape goes back", async () => {
  const page = await open("/?q=harbour");
  await page.waitForSelector("#hits li.hit");
  await page.click("#summary");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  const selected = await page.$$eval("#hits li.hit", (lis) => lis.findIndex((li) => li.classList.contains("selected")));
  assert.equal(selected, 0);
  const id = await page.getAttribute("#hits li.hit.selected", "data-id");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#article-view:not([hidden])");
  assert.equal(new URL(page.url()).searchParams.get("article"), id);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#search-view:not([hidden])");
  await page.close();
});

test("paging moves through the hits and stays in the URL", async () => {
  const page = await open("/?q=moorings");
  await page.waitForSelector("#hits li.hit");
  const total = Number((await page.textContent("#summary strong")).replace(/,/g, ""));
  assert.ok(total > 10, `total ${total}`);
  assert.equal(await page.$$eval("#hits li.hit", (l) => l.length), 10);
  const first = await hitTitles(page);
  await page.click("#pager button[rel=next]");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("page") === "2");
  await page.waitForFunction((n) => document.querySelectorAll("#hits li.hit").length === n, total - 10);
  assert.equal(await page.getAttribute("#hits", "start"), "11");
  const second = await hitTitles(page);
  assert.ok(second.every((t) => !first.includes(t)), `${first} / ${second}`);
  assert.match(await page.textContent("#pager"), /page 2 of 2/);
  await page.goBack();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has("page"));
  await page.waitForFunction(() => document.querySelectorAll("#hits li.hit").length === 10);
  await page.close();
});

test("the page is readable at phone width; screenshots for review", async () => {
  const page = await open("/?q=harbour");
  await page.waitForSelector("#hits li.hit");
  await page.screenshot({ path: join(SHOTS, "serve.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  await page.screenshot({ path: join(SHOTS, "serve-phone.png"), fullPage: true });
  await page.close();
});

test("?page=2 is the second page, as the pager says", async () => {
  const page = await open("/?q=moorings&page=2");
  await page.waitForSelector("#hits li.hit");
  assert.equal(await page.getAttribute("#hits", "start"), "11");
  assert.match(await page.textContent("#pager"), /page 2 of 2/);
  await page.click("#pager button[rel=prev]");
  await page.waitForFunction(() => !new URLSearchParams(location.search).has("page"));
  assert.match(await page.textContent("#pager"), /page 1 of 2/);
  await page.close();
});

test("after a search the keyboard leaves the box: j and k move through the hits", async () => {
  const page = await open("/");
  await page.click("#q");
  await search(page, "harbour");
  assert.notEqual(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  assert.equal(await page.inputValue("#q"), "harbour");
  const selected = await page.$$eval("#hits li.hit", (lis) => lis.findIndex((li) => li.classList.contains("selected")));
  assert.equal(selected, 1);
  await page.close();
});

test("at phone width the filters fold away and the first hit is above the fold", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url.replace(/\/$/, "") + "/?q=harbour");
  await page.waitForSelector("body[data-ready='1']");
  await page.waitForSelector("#hits li.hit");
  const top = await page.$eval("#hits li.hit", (li) => li.getBoundingClientRect().top);
  assert.ok(top < 844 - 60, `the first hit starts at ${top}px`);
  assert.equal(await page.isVisible("#speaker-facet"), false);
  await page.click("#facets-toggle");
  assert.equal(await page.isVisible("#speaker-facet"), true);
  assert.equal(await page.getAttribute("#facets-toggle", "aria-expanded"), "true");
  // At desktop width there is nothing to fold.
  await page.setViewportSize({ width: 1280, height: 860 });
  assert.equal(await page.isVisible("#facets-toggle"), false);
  await page.close();
});

test("a query with no hit offers the index's nearest words", async () => {
  const page = await open("/?q=harbuor");
  await page.waitForSelector("#summary .suggestion a");
  assert.equal(await page.textContent("#summary .suggestion a"), "harbour");
  await page.click("#summary .suggestion a");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "harbour");
  await page.waitForSelector("#hits li.hit");
  await page.close();
});

test("the language facet filters by language (lang= in the URL) and each hit shows its language", async () => {
  const page = await open("/?q=Moreau");
  await page.waitForSelector("#hits li.hit");
  const langs = () => page.$$eval("#hits li.hit .meta .lang", (s) => s.map((x) => x.textContent));
  // The school note is too short to tell (und): never guessed English.
  assert.deepEqual((await langs()).sort(), ["en", "es", "und"]);
  const items = await page.$$eval("#lang-facet button", (bs) => bs.map((b) => [b.querySelector(".name").textContent, b.querySelector(".count").textContent]));
  assert.deepEqual(items, [["English (en)", "1"], ["Spanish (es)", "1"], ["unknown (und)", "1"]]);
  await page.click("#lang-facet button:has-text('Spanish')");
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("lang").join() === "es");
  await page.waitForFunction(() => document.querySelectorAll("#hits li.hit").length === 1);
  assert.deepEqual(await langs(), ["es"]);
  assert.deepEqual(await hitTitles(page), ["El mercado se muda al puerto"]);
  assert.equal(await page.getAttribute("#lang-facet button.on", "aria-pressed"), "true");
  assert.match(await page.textContent("#filters"), /language: Spanish \(es\)/);
  // The speaker facet counts only the Spanish articles now.
  assert.equal(await page.textContent("#speaker-facet button .count"), "1");
  // Removing the filter brings the English hits back.
  await page.click("#filters .filter");
  await page.waitForFunction(() => !new URLSearchParams(location.search).has("lang"));
  await page.waitForFunction(() => document.querySelectorAll("#hits li.hit").length === 3);
  // In quotations mode each quotation says its article's language too.
  const quotes = await open("/?q=puerto&mode=quotes&lang=es");
  await quotes.waitForSelector("#hits li.hit");
  assert.deepEqual(await quotes.$$eval("#hits li.hit .meta .lang", (s) => s.map((x) => x.textContent)), ["es"]);
  assert.deepEqual(page.errors.concat(quotes.errors), []);
  await quotes.close();
  await page.close();
});
