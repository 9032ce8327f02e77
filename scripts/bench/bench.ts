#!/usr/bin/env node
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "../config/tool-version.js";
import { formatResults } from "./format-results.js";
import { ROWS } from "./bench-rows.js";
import { runBenchmarks } from "./run-benchmarks.js";

/**
 * `npm run bench [-- --runs N --sizes 50,1000 --concurrency 2 --cases preview,help --json FILE]`: prints the
 * table and writes the figures as JSON. `--cases` measures only those rows (ids in bench-rows.ts), `--sizes ""`
 * no synthetic report.
 */
const usage =
  "usage: npm run bench -- [--runs N] [--sizes 50,1000] [--concurrency N] [--cases ID,…] [--json FILE]\n" +
  `  cases: ${ROWS.map((row) => row.id).join(", ")}`;
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    sizes: { type: "string", default: "50,1000" },
    concurrency: { type: "string", default: "2" },
    json: { type: "string", default: "bench-results.json" },
    cases: { type: "string" },
  },
});
const cases = values.cases?.split(",").filter(Boolean);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const sizes = values.sizes.split(",").filter(Boolean).map(Number);
if (
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(concurrency) ||
  concurrency < 1 ||
  concurrency > 16 ||
  sizes.some((size) => !Number.isInteger(size) || size < 1) ||
  cases?.some((id) => !ROWS.some((row) => row.id === id))
) {
  console.error(usage);
  process.exit(2);
}
const result = await runBenchmarks({
  root: PROJECT_ROOT,
  runs,
  sizes,
  concurrency,
  cases,
  onProgress: (line) => console.error(line),
});
console.log(formatResults(result));
const jsonFile = path.resolve(values.json);
await writeFile(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
console.log(`figures written to ${jsonFile}`);
