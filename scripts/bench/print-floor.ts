#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import puppeteer, { type Page } from "puppeteer";
import { CHROMIUM_FLAGS } from "../render/launch-browser.js";
import { RECYCLE_AFTER } from "../render/page-pool.js";
import { findBrowser } from "../setup/find-browser.js";

/**
 * The floor of the benchmark: the best bare Puppeteer does with the final
 * HTML documents the pipeline prints, under the same conditions: the same
 * Chromium flags, `--concurrency` workers each printing on its own reused
 * page, a page replaced by a new one after RECYCLE_AFTER documents (as
 * scripts/render/page-pool.ts does), and nothing else: no checks, no
 * request interception, no post-processing, nothing written.
 *
 * `print-floor <documents.json> [--concurrency N]`, documents.json a list of
 * HTML files; prints the wall time in ms.
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { concurrency: { type: "string", default: "2" } } });
const [listFile] = positionals;
const concurrency = Number(values.concurrency);
if (!listFile || !Number.isInteger(concurrency) || concurrency < 1) throw new Error("usage: print-floor <documents.json> [--concurrency N]");
const files: unknown = JSON.parse(await readFile(listFile, "utf8"));
if (!Array.isArray(files)) throw new Error("documents.json must be a list of file names");
const lookup = findBrowser();
if (!lookup.found) throw new Error(lookup.reason);
const started = performance.now();
const browser = await puppeteer.launch({ executablePath: lookup.executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
try {
  let next = 0;
  const worker = async () => {
    let page: Page | undefined;
    let printed = 0;
    for (let index = next++; index < files.length; index = next++) {
      if (!page || printed === RECYCLE_AFTER) {
        const old = page;
        page = await browser.newPage();
        printed = 0;
        await old?.close();
      }
      printed += 1;
      await page.setContent(await readFile(String(files[index]), "utf8"), { waitUntil: "load" });
      await page.pdf({ width: "210mm", height: "297mm", printBackground: true, tagged: true, outline: false });
    }
    await page?.close();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
} finally {
  await browser.close();
}
process.stdout.write(`${(performance.now() - started).toFixed(1)}\n`);
