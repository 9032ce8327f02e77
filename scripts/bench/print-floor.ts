#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import puppeteer from "puppeteer";
import { CHROMIUM_FLAGS } from "../render/launch-browser.js";
import { findBrowser } from "../setup/find-browser.js";

/**
 * The floor of the benchmark: the final HTML documents printed by bare
 * Puppeteer on one reused page, nothing else (no checks, no metadata, no
 * writing). Reads a JSON list of HTML files; prints the wall time in ms.
 */
const [listFile] = process.argv.slice(2);
if (!listFile) throw new Error("usage: print-floor <documents.json>");
const files: unknown = JSON.parse(await readFile(listFile, "utf8"));
if (!Array.isArray(files)) throw new Error("documents.json must be a list of file names");
const lookup = findBrowser();
if (!lookup.found) throw new Error(lookup.reason);
const started = performance.now();
const browser = await puppeteer.launch({ executablePath: lookup.executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
try {
  const page = await browser.newPage();
  for (const file of files) {
    await page.setContent(await readFile(String(file), "utf8"), { waitUntil: "load" });
    await page.pdf({ width: "210mm", height: "297mm", printBackground: true, tagged: true });
  }
} finally {
  await browser.close();
}
process.stdout.write(`${(performance.now() - started).toFixed(1)}\n`);
