import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
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
 * templates folders (name, kind, and the bytes of each regular file; a link's
 * target; nothing is opened that is not a regular file), the font package,
 * the browser, the tool's version and the options that choose the outputs.
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
    const entries = await readdir(dir, { recursive: true }).catch(() => undefined);
    hash.update(`\u0000${name}:${entries === undefined ? "missing" : entries.length}`);
    for (const entry of (entries ?? []).sort()) {
      const file = path.join(dir, entry);
      const info = await lstat(file).catch(() => undefined);
      hash.update(`\u0000${entry}\u0000`);
      if (!info) hash.update("gone");
      else if (info.isSymbolicLink()) hash.update(`link:${await readlink(file).catch(() => "")}`);
      else if (info.isDirectory()) hash.update("folder");
      else if (!info.isFile()) hash.update(`special:${info.mode}`);
      else if (info.size > MAX_BYTES) hash.update(`large:${info.size}:${info.mtimeMs}`);
      else hash.update(await readFile(file).catch(() => Buffer.from("unreadable")));
    }
  }
  return hash.digest("hex");
}
