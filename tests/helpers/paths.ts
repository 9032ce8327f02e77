import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CONTENT = path.join(ROOT, "content");
export const TEMPLATES = path.join(ROOT, "templates");
export const FIXTURES = path.join(ROOT, "tests", "fixtures");
export const CLI = path.join(ROOT, "dist", "bundle", "factsheets.js");

/** The slugs of the real report's groups, in the report's order. */
export const GROUP_SLUGS = [
  "isis",
  "anorexia-nervosa",
  "uitbuiting-binnen-families",
  "roma-kinderen",
  "productieketens",
  "lhbt-kinderen",
  "syrische-kindbruiden",
] as const;

const made: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs`. */
export async function tempDir(prefix = "factsheets-test-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Copies a folder (e.g. the real content) into a temporary folder to change it there. */
export async function copyToTemp(source: string): Promise<string> {
  const dir = await tempDir();
  await cp(source, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` (relative path → SHA-256), hidden files included. */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result: Record<string, string> = {};
  for (const entry of entries.filter((candidate) => candidate.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(dir, full)] = createHash("sha256")
      .update(await readFile(full))
      .digest("hex");
  }
  return result;
}
