// Browser end-to-end test of `sitrep serve`: the system chromium, driven by
// playwright-core, opens every view of the UI against a store built from the
// example articles (and the seed articles when ../shared is present), checks
// what an analyst would look at, and saves a screenshot of each view.
//
// Environment: SITREP_BIN (the sitrep binary), SITREP_E2E_DB (the store),
// SITREP_E2E_ARTIFACTS (screenshot directory), SITREP_E2E_SEEDS=1 when the
// seed articles were ingested, CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BIN = process.env.SITREP_BIN;
const DB = process.env.SITREP_E2E_DB;
const OUT = process.env.SITREP_E2E_ARTIFACTS;
const SEEDS = process.env.SITREP_E2E_SEEDS === "1";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
if (!BIN || !DB || !OUT) {
  console.error("e2e: set SITREP_BIN, SITREP_E2E_DB and SITREP_E2E_ARTIFACTS (tests/e2e/run.sh does)");
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });

let passed = 0, failed = 0;
const failures = [];

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`FAIL ${name}: ${e && e.message ? e.message.split("\n")[0] : e}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** Starts the server on a free loopback port and resolves with its base URL. */
function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ["serve", "--db", DB, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "inherit", "pipe"] });
    let err = "";
    const timer = setTimeout(() => reject(new Error("server did not start in 60 s: " + err)), 60000);
    p.stderr.on("data", (d) => {
      err += d;
      process.stderr.write(d);
      const m = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve({ proc: p, base: "http://" + m[1] }); }
    });
    p.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${err}`)); });
  });
}

const { proc, base } = await startServer();
proc.removeAllListeners("exit");
// A fresh profile per run (--user-data-dir via launchPersistentContext), removed at the end.
const profile = mkdtempSync(join(tmpdir(), "sitrep-e2e-profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 1440, height: 1000 },
});
const page = context.pages()[0] || (await context.newPage());
const offsite = [], consoleErrors = [];
page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) offsite.push(r.url()); });
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));

async function open(hash, view) {
  await page.goto(`${base}/#/${hash}`);
  // Wait for this route's render, not the previous page's (the hash change is handled asynchronously).
  const route = `#/${hash}`.replace(/"/g, '\\"');
  await page.waitForSelector(`#main[data-route="${route}"][data-ready="${view}"], #main[data-route="${route}"][data-ready="error"]`, { timeout: 30000 });
  const ready = await page.getAttribute("#main", "data-ready");
  if (ready === "error") throw new Error(await page.textContent("#main"));
}

const shot = (name) => page.screenshot({ path: join(OUT, name + ".png"), fullPage: true });

try {
  await check("overview shows the corpus counts", async () => {
    await open("", "overview");
    const text = await page.textContent("#main");
    assert(/articles/.test(text), "no article count");
    const n = await page.$$eval(".stat-v", (els) => els.map((e) => e.textContent));
    assert(n.length >= 8, "stat cards missing");
    await shot("01-overview");
  });

  await check("timeline draws bars by QuadClass", async () => {
    await open("timeline?interval=day", "timeline");
    const bars = await page.$$("svg .bar rect");
    assert(bars.length > 0, "no bars");
    await shot("02-timeline");
  });

  const edges = [["LBN", "TUR"]];
  if (SEEDS) edges.push(["IRN", "VEN"]);
  await check(`actor network shows the ${edges.map((e) => e.join("–")).join(" and ")} edge(s)`, async () => {
    await open("network", "network");
    for (const [a, b] of edges) {
      const sel = `g.edge[data-a="${a}"][data-b="${b}"]`;
      const edge = await page.$(sel);
      assert(edge, `no ${a}–${b} edge; edges: ${(await page.$$eval("g.edge", (els) => els.map((e) => e.dataset.a + "-" + e.dataset.b))).join(", ")}`);
    }
    // Clicking the edge lists the events behind it.
    const [a, b] = edges[edges.length - 1];
    // Dispatched on the edge itself: with few actors a node can sit over the line's midpoint.
    await page.$eval(`g.edge[data-a="${a}"][data-b="${b}"] .edge-hit`, (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true })));
    await page.waitForSelector("#edge-panel .edge-events li", { timeout: 15000 });
    const listed = await page.$$eval("#edge-panel .edge-events li a", (els) => els.map((e) => e.textContent));
    assert(listed.length > 0 && listed.every((t) => t.includes(a) && t.includes(b)), "edge panel: " + listed.join("; "));
    await shot("03-network");
  });

  await check("map draws the world and event places", async () => {
    await open("map", "map");
    const countries = await page.$$("svg.map path.country");
    assert(countries.length > 150, `only ${countries.length} country outlines`);
    const places = await page.$$("svg.map circle.place");
    assert(places.length > 0, "no event places on the map");
    await shot("04-map");
  });

  await check("event table shows evidence sentences and patterns", async () => {
    await open("events", "events");
    const rows = await page.$$("table.events-table tbody tr");
    assert(rows.length > 0, "no events");
    const ev = await page.$$eval("table.events-table td.evidence", (els) => els.map((e) => e.textContent.trim()));
    const pat = await page.$$eval("table.events-table td.pattern code", (els) => els.map((e) => e.textContent.trim()));
    assert(ev.every((t) => t.length > 10), "an event has no evidence sentence");
    assert(pat.length === rows.length && pat.every((t) => t.length > 0), "an event has no pattern");
    await shot("05-events");
  });

  await check("stories list and the grain story side by side with highlights", async () => {
    await open("stories?min_docs=2", "stories");
    await shot("06-stories");
    const links = await page.$$eval("a.story-link", (els) => els.map((e) => [e.dataset.story, e.textContent]));
    assert(links.length > 0, "no multi-article story");
    // The story the two wheat articles share.
    let found = false;
    for (const [id] of links) {
      await open("story/" + id, "story");
      // Title and text: the .txt readers may leave the headline in the text.
      const heads = await page.$$eval("article.article", (els) => els.map((e) => e.textContent));
      if (heads.length === 2 && heads.some((t) => /Grain/.test(t)) && heads.some((t) => /Wheat/.test(t))) { found = true; break; }
    }
    assert(found, "no story with both grain articles");
    const perArticle = await page.$$eval("article.article", (arts) => arts.map((a) => ({
      ents: a.querySelectorAll(".hl.ent").length, events: a.querySelectorAll(".hl.ev").length, quotes: a.querySelectorAll(".hl.q-quote").length,
    })));
    assert(perArticle.every((a) => a.ents > 0), "an article has no entity highlights: " + JSON.stringify(perArticle));
    assert(perArticle.some((a) => a.events > 0), "no event highlights: " + JSON.stringify(perArticle));
    assert(perArticle.some((a) => a.quotes > 0), "no quote highlights: " + JSON.stringify(perArticle));
    const facts = await page.$$("table.diff-table tbody tr");
    assert(facts.length > 0, "story diff is empty");
    await shot("07-story");
  });

  await check("search finds the wheat articles", async () => {
    await open("", "overview");
    await page.fill("#quicksearch input", "wheat");
    await page.press("#quicksearch input", "Enter");
    await page.waitForSelector('#main[data-ready="search"]', { timeout: 15000 });
    const hits = await page.$$eval("li.hit", (els) => els.map((e) => e.textContent));
    assert(hits.length >= 2, `${hits.length} hits`);
    const marks = await page.$$eval("li.hit mark", (els) => els.map((e) => e.textContent.toLowerCase()));
    assert(marks.includes("wheat"), "matches not marked");
    await shot("08-search");
  });

  await check("tone over time is charted", async () => {
    await open("tone?interval=day", "tone");
    const lines = await page.$$("svg path.series");
    assert(lines.length >= 1, "no tone series");
    await shot("09-tone");
  });

  await check("a document page shows its annotated text", async () => {
    await open("search?q=Pashinyan", "search");
    await page.click("li.hit a");
    await page.waitForSelector('#main[data-ready="doc"]', { timeout: 15000 });
    assert((await page.$$(".doctext .hl.ent")).length > 0, "no entity highlights");
    // Selecting an event lights up its evidence sentence and its action in the text.
    const rows = await page.$$("tr.ev-row");
    assert(rows.length > 0, "the document has no event rows");
    await page.click("tr.ev-row td.evidence");
    const lit = await page.$$eval(".doctext .evidence-on", (els) => els.map((e) => e.textContent).join(""));
    const want = await page.textContent("tr.ev-row.selected td.evidence");
    assert(lit.trim().length > 0 && lit.replace(/\s+/g, " ").trim() === want.replace(/\s+/g, " ").trim(),
      `evidence highlight ${JSON.stringify(lit)} != evidence sentence ${JSON.stringify(want)}`);
    assert((await page.$$(".doctext .evidence-part")).length > 0, "the event's action is not outlined");
    await shot("10-document");
  });

  await check("analyze page annotates a pasted article", async () => {
    await open("analyze", "analyze");
    await page.fill("textarea[name=text]", "Armenia accused Azerbaijan on Tuesday of shelling a village near the border. " +
      "\"We will defend our people,\" Prime Minister Nikol Pashinyan said in Yerevan.");
    await page.fill("input[name=date]", "2024-05-07");
    await page.click(".analyze-form button[type=submit]");
    await page.waitForSelector('#analysis[data-ready="1"], #analysis .error', { timeout: 90000 });
    const err = await page.$("#analysis .error");
    assert(!err, err && (await err.textContent()));
    const ents = await page.$$eval("#analysis .hl.ent", (els) => els.map((e) => e.textContent));
    assert(ents.includes("Armenia") && ents.includes("Azerbaijan"), "entities: " + ents.join(", "));
    assert((await page.$$("#analysis .hl.q-quote")).length > 0, "quote not highlighted");
    await shot("11-analyze");
  });

  await check("the UI made no request off this server and logged no errors", async () => {
    assert(offsite.length === 0, "off-site requests: " + offsite.join(", "));
    assert(consoleErrors.length === 0, "console errors: " + consoleErrors.join(" | "));
  });
} finally {
  await context.close();
  proc.kill("SIGTERM");
  rmSync(profile, { recursive: true, force: true });
}

console.log(`\nscreenshots: ${OUT}`);
if (failures.length) console.log("failed: " + failures.join("; "));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
