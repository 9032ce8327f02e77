#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import puppeteer, { type Page } from "puppeteer";
import { CHROMIUM_FLAGS } from "../render/launch-browser.js";
import { RECYCLE_AFTER } from "../render/page-pool.js";
import { findBrowser } from "../setup/find-browser.js";
import type { FloorTimings } from "./bench-result.js";
import { FloorDocuments } from "./floor-documents.js";

/**
 * The floor of the benchmark: the best bare Puppeteer does with the final
 * HTML documents the pipeline prints, under the same conditions: the same
 * Chromium flags, `--concurrency` workers each printing on its own reused
 * page, a page replaced by a new one after RECYCLE_AFTER documents (as
 * scripts/render/page-pool.ts does), and nothing else: no checks, no
 * request interception, no post-processing, nothing written.
 *
 * `print-floor <documents.json> [--concurrency N]`, documents.json a list of
 * HTML files, each with the page size its job prints at (floor-documents.ts);
 * prints, as one JSON line, where Chromium's time goes (ms):
 * the whole run, the launch, the median document, first on a new page and
 * on a reused one, and the slowest document (each from setContent to the
 * PDF's bytes).
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { concurrency: { type: "string", default: "2" } },
});
const [listFile] = positionals;
const concurrency = Number(values.concurrency);
if (!listFile || !Number.isInteger(concurrency) || concurrency < 1)
  throw new Error("usage: print-floor <documents.json> [--concurrency N]");
const listed = FloorDocuments.safeParse(JSON.parse(await readFile(listFile, "utf8")));
if (!listed.success) throw new Error(`${listFile} is not a list of documents: ${listed.error.message}`);
const documents = listed.data;
const lookup = findBrowser();
if (!lookup.found) throw new Error(lookup.reason);
const started = performance.now();
const browser = await puppeteer.launch({
  executablePath: lookup.executablePath,
  headless: true,
  args: [...CHROMIUM_FLAGS],
});
const launchMs = performance.now() - started;
const firstOnPage: number[] = [];
const reused: number[] = [];
try {
  let next = 0;
  const worker = async () => {
    let page: Page | undefined;
    let printed = 0;
    for (let entry = documents[next++]; entry; entry = documents[next++]) {
      if (!page || printed === RECYCLE_AFTER) {
        const old = page;
        page = await browser.newPage();
        printed = 0;
        await old?.close();
      }
      printed += 1;
      const html = await readFile(entry.file, "utf8");
      const documentStarted = performance.now();
      await page.setContent(html, { waitUntil: "load" });
      await page.pdf({
        width: entry.width,
        height: entry.height,
        printBackground: true,
        tagged: true,
        outline: false,
      });
      (printed === 1 ? firstOnPage : reused).push(performance.now() - documentStarted);
    }
    await page?.close();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, documents.length) }, worker));
} finally {
  await browser.close();
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : (sorted[Math.floor((sorted.length - 1) / 2)] ?? null);
};
const all = [...firstOnPage, ...reused];
const timings: FloorTimings = {
  wallMs: performance.now() - started,
  launchMs,
  firstOnPageMs: median(firstOnPage),
  reusedPageMs: median(reused),
  slowestMs: all.length === 0 ? null : Math.max(...all),
};
process.stdout.write(`${JSON.stringify(timings)}\n`);
