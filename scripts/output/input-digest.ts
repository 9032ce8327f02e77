import { createHash, type Hash } from "node:crypto";
import type { Stats } from "node:fs";
import { createRequire } from "node:module";
import { lstat, readdir, readFile, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { browserIdentity } from "../setup/browser-identity.js";

/** What a build's outputs depend on besides its input files. */
export interface DigestOptions {
  contentDir: string;
  templatesDir: string;
  only: readonly string[];
  formats: readonly string[];
  groupsOnly?: boolean | undefined;
  tool: string;
}

/** Files larger than this are not read for the digest (a source may not be larger: it would be refused). */
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * One hash of everything a build reads: every entry under the content and
 * templates folders (name, kind, and the bytes of each regular file; nothing
 * is opened that is not a regular file), the font package, the browser, the
 * tool's version and the options that choose the outputs. A link is followed
 * as the build follows it: its target's path and what it points at (a file's
 * bytes, a folder's entries), so an edit behind a link is seen too.
 * Two builds with the same digest plan the same outputs with the same keys.
 */
export async function inputDigest(options: DigestOptions): Promise<string> {
  const hash = createHash("sha256");
  const fonts = createRequire(import.meta.url).resolve("@fontsource/source-sans-3/package.json");
  hash.update(
    JSON.stringify([options.tool, options.only, options.formats, options.groupsOnly ?? false, browserIdentity()]),
  );
  hash.update(await readFile(fonts));
  for (const [name, dir] of [
    ["content", options.contentDir],
    ["templates", options.templatesDir],
  ] as const) {
    hash.update(`\u0000${name}:`);
    await hashFolder(hash, dir, new Set());
  }
  return hash.digest("hex");
}

/**
 * A folder's entries, sorted, each with its name and what it is; folders (and folders behind links) are entered.
 * `entered` holds the real paths of the folders on the way down, so that a link back up is hashed once, not forever.
 */
async function hashFolder(hash: Hash, dir: string, entered: Set<string>): Promise<void> {
  const real = await realpath(dir).catch(() => undefined);
  const entries = real === undefined ? undefined : await readdir(dir).catch(() => undefined);
  if (real === undefined || entries === undefined) {
    hash.update("missing");
    return;
  }
  if (entered.has(real)) {
    hash.update(`cycle:${real}`);
    return;
  }
  entered.add(real);
  hash.update(`entries:${entries.length}`);
  for (const entry of entries.sort()) {
    const file = path.join(dir, entry);
    hash.update(`\u0000${entry}\u0000`);
    const info = await lstat(file).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      hash.update(`link:${await readlink(file).catch(() => "")}\u0000`);
      await hashEntry(hash, file, await stat(file).catch(() => undefined), entered);
    } else {
      await hashEntry(hash, file, info, entered);
    }
  }
  entered.delete(real);
}

async function hashEntry(hash: Hash, file: string, info: Stats | undefined, entered: Set<string>): Promise<void> {
  if (!info) hash.update("gone");
  else if (info.isDirectory()) {
    hash.update("folder\u0000");
    await hashFolder(hash, file, entered);
    hash.update("\u0000end");
  } else if (!info.isFile()) hash.update(`special:${info.mode}`);
  else if (info.size > MAX_BYTES) hash.update(`large:${info.size}:${info.mtimeMs}`);
  else hash.update(await readFile(file).catch(() => Buffer.from("unreadable")));
}
