// @ts-check
/**
 * Bundles the tool straight from its TypeScript sources with esbuild, and only
 * when a source changed: the editors' `npm run build` must not pay for a
 * compile when the tool itself has not changed. Type-checking stays in
 * `npm test`. Plain JavaScript, so that it runs before anything is compiled.
 *
 * "Changed" is decided by a fingerprint (path, size and modification time of
 * every source under scripts/, package.json and package-lock.json), not by
 * "newer than": a checkout that brings an older file is a change too.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE = path.join(ROOT, "dist", "bundle");
const STAMP = ".sources-fingerprint";

/** The programs in the bundle, by the name they are run by: each a file in dist/bundle/. */
export const ENTRIES = {
  factsheets: "scripts/cli/factsheets.ts",
  setup: "scripts/cli/setup.ts",
  "write-schema-docs": "scripts/docs/write-schema-docs.ts",
  bench: "scripts/bench/bench.ts",
  "print-floor": "scripts/bench/print-floor.ts",
  "parse-worker": "scripts/markdown/parse-worker.ts",
};

/** Every file the bundle is made from, with its size and modification time, as one hash. */
async function fingerprint(root) {
  const files = (await readdir(path.join(root, "scripts"), { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.(?:ts|mjs|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
  files.push(path.join(root, "package.json"), path.join(root, "package-lock.json"));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const info = await stat(file).catch(() => undefined);
    hash.update(`${path.relative(root, file)}\0${info?.size ?? -1}\0${info?.mtimeMs ?? -1}\n`);
  }
  return hash.digest("hex");
}

/**
 * Makes sure dist/bundle/ holds the bundle of the current sources; returns
 * whether it had to bundle. The new bundle is written beside the old one and
 * swapped in whole, so a program never starts from a half-written bundle.
 */
export async function ensureBundle({ force = false, root = ROOT, entries = ENTRIES } = {}) {
  const bundle = path.join(root, "dist", "bundle");
  const wanted = await fingerprint(root);
  const current = await readFile(path.join(bundle, STAMP), "utf8").catch(() => "");
  if (!force && current === wanted) return false;
  const { build } = await import("esbuild");
  const staging = path.join(root, "dist", `.bundle-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, path.join(root, source)])),
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: staging,
    external: ["puppeteer"],
    sourcemap: true,
    minify: true,
    logLevel: "warning",
    banner: {
      js:
        "import { createRequire as __factsheetsRequire } from 'node:module'; " +
        "const require = __factsheetsRequire(import.meta.url);",
    },
  });
  await writeFile(path.join(staging, STAMP), wanted);
  const old = path.join(root, "dist", `.bundle-old-${process.pid}`);
  await rename(bundle, old).catch((error) => {
    if (error?.code !== "ENOENT") throw error;
  });
  await rename(staging, bundle);
  await rm(old, { recursive: true, force: true });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundled = await ensureBundle({ force: process.argv.includes("--force") });
  if (bundled) console.error(`Bundled the tool into ${path.relative(process.cwd(), BUNDLE) || "."}.`);
}
