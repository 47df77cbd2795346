// The browser tests' world: a folder of articles written here (three towns' news with
// quotations of three speakers over five months, one of them in Spanish, and one hostile
// article), indexed with
// the real binary, served by `dossier serve --addr 127.0.0.1:0` on a free port.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/// The dossier binary: $DOSSIER_BIN, else the release build, else the debug build (in
/// $CARGO_TARGET_DIR when set, else target/).
export function dossierBin() {
  const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(repo, "target");
  const candidates = [process.env.DOSSIER_BIN, join(target, "release/dossier"), join(target, "debug/dossier")];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error("no dossier binary: run `cargo build --release` first (or set DOSSIER_BIN)");
  return found;
}

const md = (meta, body) =>
  "---\n" + Object.entries(meta).map(([k, v]) => `${k}: ${v}`).join("\n") + "\n---\n" + body + "\n";

/// The injected code in the hostile article sets this flag if it ever runs.
export const FLAG = "__dossierPwned";

export const HOSTILE_TITLE = `<img src=x onerror="window.${FLAG}=1">Harbour leak`;

export function writeArticles(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "harbour.md"), md(
    { title: "Harbour plan approved after long night", source: "Coast Gazette", author: "Mara Quinn", date: "2025-03-04", url: "https://example.org/harbour-plan" },
    'The council approved the harbour plan on Tuesday after a debate that ran past midnight.\n\n' +
    '"We will build the new harbour this year, and the ferries will run by spring," Mayor Ana Lopes said after the vote.\n\n' +
    'Opponents were not convinced. "The harbour will flood the old town every winter," Tom Reyes said. He asked for a second survey of the tides.'));
  writeFileSync(join(dir, "budget.md"), md(
    { title: "Harbour budget doubles", source: "Valley Times", date: "2025-05-10" },
    'The cost of the harbour has doubled since March, the treasury said on Friday.\n\n' +
    '"Every coin of it is accounted for, and the harbour will pay for itself," Ana Lopes said.'));
  // The same story from another paper: one hit, with the copy listed under it.
  writeFileSync(join(dir, "budget-copy.md"), md(
    { title: "Harbour budget doubles", source: "Hill Post", date: "2025-05-10" },
    'The cost of the harbour has doubled since March, the treasury said on Friday.\n\n' +
    '"Every coin of it is accounted for, and the harbour will pay for itself," Ana Lopes said.'));
  writeFileSync(join(dir, "ferry.md"), md(
    { title: "Ferry trials start at the new harbour", source: "Coast Gazette", date: "2025-07-21" },
    'The first ferry docked at the harbour on Monday.\n\n' +
    '"I was wrong about the tides, but not about the cost of the harbour," Tom Reyes said on the quay.\n\n' +
    '"The ferry is on time, and so is the harbour," Ana Lopes said.'));
  writeFileSync(join(dir, "school.md"), md(
    { title: "School roof repaired", source: "Valley Times", date: "2025-01-15" },
    '"The children are back in dry classrooms," head teacher Ines Moreau said. The roof cost less than planned.'));
  writeFileSync(join(dir, "market.md"), md(
    { title: "Market moves to the harbour", source: "Hill Post", date: "2025-06-02" },
    'The Saturday market will move to the harbour front in June.\n\n' +
    '"The harbour gives the stalls room and shade," Ines Moreau said.'));
  // The market story in Spanish: the language facet and each hit's language.
  writeFileSync(join(dir, "mercado.md"), md(
    { title: "El mercado se muda al puerto", source: "Diario del Valle", date: "2025-06-03" },
    'El mercado de los sábados se trasladará al frente del puerto en junio, según anunció el ayuntamiento.\n\n' +
    '«El puerto da a los puestos espacio y sombra», dijo la comerciante Ines Moreau a los periodistas, ' +
    'y agregó que los vecinos del barrio podrán llegar a pie desde la plaza.'));
  // Twelve undated notes: enough hits for a second page.
  for (let n = 1; n <= 12; n++) {
    writeFileSync(join(dir, `note-${String(n).padStart(2, "0")}.txt`), `Mooring note ${n}\n\nA short note, number ${n}, about the new moorings.\n`);
  }
  // Everything an unvetted saved page could throw at the page.
  writeFileSync(join(dir, "hostile.json"), JSON.stringify({
    id: "hostile-1",
    title: HOSTILE_TITLE,
    source: `<script>window.${FLAG}=1</script>Leaks Daily`,
    author: `<b onmouseover="window.${FLAG}=1">Mallory</b>`,
    date: "2025-04-01",
    url: `javascript:window.${FLAG}=1`,
    speakers: [`<img src=x onerror="window.${FLAG}=1">`],
    body: `The harbour papers leaked. <script>window.${FLAG}=1</script> ` +
      `"Nothing to see at the harbour <img src=x onerror=window.${FLAG}=1>," Eve Hacker said. ` +
      `<a href="javascript:window.${FLAG}=1">click</a> <iframe src="javascript:window.${FLAG}=1"></iframe>`,
  }));
}

/// Indexes a fresh folder of articles and starts `dossier serve` on it; resolves to
/// { url, stop, dir }.
export async function startServer() {
  const bin = dossierBin();
  const dir = mkdtempSync(join(tmpdir(), "dossier-browser-"));
  writeArticles(join(dir, "news"));
  execFileSync(bin, ["index", join(dir, "news"), "--index", join(dir, "index"), "--quiet"], { stdio: "inherit" });
  const child = spawn(bin, ["serve", "--index", join(dir, "index"), "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolveUrl, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("dossier serve printed no URL in 20 s: " + stderr)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolveUrl(line.trim());
      }
    });
    child.on("exit", (code) => reject(new Error(`dossier serve exited (${code}): ${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.on("exit", r));
      child.kill("SIGINT");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, stop, dir, child };
}
