import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CHROMIUM_FLAGS } from "../render/launch-browser.js";
import { findBrowser } from "../setup/find-browser.js";

/** The command that has md-to-pdf convert the groups' Markdown to PDF in one process, or why it cannot run here. */
export type Reference = { ok: true; command: string; args: string[] } | { ok: false; reason: string };

/**
 * Prepares the reference of issue 13: md-to-pdf (a devDependency, run on
 * the system's Chromium through its `--launch-options`) converting the
 * groups' Markdown files, front matter stripped (md-to-pdf would read ours
 * as its own configuration), to PDF, all files in one process with one
 * browser, as its command line does.
 */
export async function prepareMdToPdf(root: string, contentDir: string, target: string): Promise<Reference> {
  const cli = path.join(root, "node_modules", "md-to-pdf", "dist", "cli.js");
  if (!existsSync(cli)) return { ok: false, reason: "md-to-pdf is not installed (it is a devDependency: run npm ci)" };
  const lookup = findBrowser();
  if (!lookup.found) return { ok: false, reason: lookup.reason };
  await mkdir(target, { recursive: true });
  const groups = path.join(contentDir, "groups");
  const names = (await readdir(groups)).filter((name) => name.endsWith(".md")).sort();
  const files: string[] = [];
  for (const name of names) {
    const source = await readFile(path.join(groups, name), "utf8");
    const file = path.join(target, name);
    await writeFile(file, source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, ""));
    files.push(file);
  }
  // md-to-pdf serves its pages from a server on localhost: the renderer's offline host rules are not for it.
  const args = CHROMIUM_FLAGS.filter((flag) => !flag.startsWith("--host-resolver-rules"));
  const launchOptions = { executablePath: lookup.executablePath, headless: true, args };
  return {
    ok: true,
    command: process.execPath,
    args: [cli, "--launch-options", JSON.stringify(launchOptions), ...files],
  };
}
