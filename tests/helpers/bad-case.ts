import { execFileSync } from "node:child_process";
import { cp, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { CONTENT, TEMPLATES, tempDir } from "./paths.js";
import { runCli, type CliRun } from "./run-cli.js";

/**
 * Lays out a working folder with copies of the real content and templates,
 * overlays a case's `content/` and `templates/` files, and runs a build into
 * `out` from that folder (so messages name `content/…` and `templates/…`).
 */
export async function runCase(caseDir: string, out: string): Promise<CliRun & { seconds: number }> {
  const root = await layCase(caseDir);
  await mkdir(out, { recursive: true });
  const started = performance.now();
  const run = await runCli(["build", "--content", "content", "--templates", "templates", "--out", out], root);
  return { ...run, seconds: (performance.now() - started) / 1000 };
}

/** The same case laid out the same way, run through `check` instead of a build. */
export async function checkCase(caseDir: string): Promise<CliRun> {
  return runCli(["check", "--content", "content", "--templates", "templates"], await layCase(caseDir));
}

/** A working folder with copies of the real content and templates, the case's files laid over them. */
async function layCase(caseDir: string): Promise<string> {
  const root = await tempDir("factsheets-case-");
  await cp(CONTENT, path.join(root, "content"), { recursive: true });
  await cp(TEMPLATES, path.join(root, "templates"), { recursive: true });
  for (const part of ["content", "templates"]) {
    const overlay = path.join(caseDir, part);
    // GNU cp: a case may lay a link, or a FIFO, over a real file (fs.cp can do neither).
    if (await stat(overlay).catch(() => undefined))
      execFileSync("cp", ["-a", "--remove-destination", `${overlay}/.`, path.join(root, part)]);
  }
  return root;
}

export async function caseNames(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
