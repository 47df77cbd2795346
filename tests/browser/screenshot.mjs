// Writes docs/serve.png, the README's picture of the page: the sample corpus (corpus/)
// indexed into a temp folder, `dossier serve` on it, a search in headless Chromium.
//
//   cargo build --release && node tests/browser/screenshot.mjs [QUERY]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { dossierBin, repo } from "./fixture.mjs";

const query = process.argv[2] || "sovereignty";
const bin = dossierBin();
const dir = mkdtempSync(join(tmpdir(), "dossier-shot-"));
execFileSync(bin, ["index", join(repo, "corpus"), "--index", join(dir, "index"), "--quiet"]);
const server = spawn(bin, ["serve", "--index", join(dir, "index"), "--addr", "127.0.0.1:0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(String(d).trim())));
const profile = mkdtempSync(join(tmpdir(), "dossier-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  viewport: { width: 1200, height: 720 },
});
try {
  const page = await context.newPage();
  await page.goto(url + "?q=" + encodeURIComponent(query));
  await page.waitForSelector("#hits li.hit");
  await page.screenshot({ path: join(repo, "docs", "serve.png") });
  console.log("wrote docs/serve.png");
} finally {
  await context.close();
  server.kill("SIGINT");
  rmSync(profile, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
