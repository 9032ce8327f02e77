// @ts-check
/**
 * `node scripts/launch/run.mjs <program> [args…]`: what the npm scripts run.
 * Bundles the tool first if (and only if) a source changed, then runs the
 * program from dist/bundle/ in this same process, with the given arguments.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BUNDLE, ENTRIES, ensureBundle } from "./bundle.mjs";

const [program = "", ...args] = process.argv.slice(2);
if (!Object.hasOwn(ENTRIES, program)) {
  console.error(`scripts/launch/run.mjs: unknown program "${program}"; one of ${Object.keys(ENTRIES).join(", ")}`);
  process.exit(2);
}
await ensureBundle();
// The program reads its arguments from process.argv, as when it is run on its own.
process.argv = [process.argv[0] ?? "node", path.join(BUNDLE, `${program}.js`), ...args];
await import(pathToFileURL(path.join(BUNDLE, `${program}.js`)).href);
