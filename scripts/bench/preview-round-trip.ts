import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import type { Readable } from "node:stream";
import puppeteer, { type HTTPResponse, type Page } from "puppeteer";
import { EVENTS_PATH } from "../preview/live-reload.js";
import { CHROMIUM_FLAGS } from "../render/launch-browser.js";
import { findBrowser } from "../setup/find-browser.js";

export interface RoundTripOptions {
  root: string;
  /** The compiled CLI, dist/bundle/factsheets.js. */
  cli: string;
  /** A copy of the content, edited by the measurement. */
  contentDir: string;
  outDir: string;
  runs: number;
  onProgress: (line: string) => void;
}

/**
 * The group whose factsheet is open, and the edit saved in its source: a sentence of its body, a word added and
 * taken out again.
 */
const SLUG = "isis";
const ORIGINAL = "weinig bekend";
const EDITED = "nog weinig bekend";

/**
 * Measures the preview's round trip, as an editor sees it: `factsheets
 * preview` runs on a free port against a copy of the content, a real
 * Chromium tab has the group's factsheet open (its live reload connected),
 * the group's Markdown file is saved with a changed sentence, and the clock
 * stops when the tab has reloaded and shows the new text. Returns the time
 * of each run in ms, and the time of the preview's rebuild in it, as the
 * preview printed it ("✓ rebuilt … (0.71 s)"), where it could be read.
 */
export async function measurePreviewRoundTrip(
  options: RoundTripOptions,
): Promise<{ times: number[]; rebuildMs: number[] }> {
  const lookup = findBrowser();
  if (!lookup.found) throw new Error(lookup.reason);
  const source = path.join(options.contentDir, "groups", `${SLUG}.md`);
  const original = await readFile(source, "utf8");
  if (!original.includes(ORIGINAL))
    throw new Error(`${source} no longer says "${ORIGINAL}": the preview bench needs another sentence to edit`);
  const port = await freePort();
  const preview = startPreviewProcess(options, port);
  // The harness's own tab must reach the preview on 127.0.0.1: the renderer's offline host rules are not for it.
  const args = CHROMIUM_FLAGS.filter((flag) => !flag.startsWith("--host-resolver-rules"));
  const browser = await puppeteer.launch({ executablePath: lookup.executablePath, headless: true, args });
  try {
    const url = `http://127.0.0.1:${port}/html/${SLUG}.html`;
    await Promise.race([waitForFirstBuild(url, preview.output), preview.exited]);
    const page = await browser.newPage();
    const connected = eventsConnected(page);
    connected.catch(() => undefined);
    await page.goto(url, { waitUntil: "load" });
    await Promise.race([connected, preview.exited]);
    const measured = await measureSaves(page, source, original, options, preview);
    if (options.runs % 2 === 1) await writeFile(source, original);
    return measured;
  } finally {
    await browser.close().catch(() => undefined);
    preview.child.kill("SIGTERM");
    await new Promise((resolve) =>
      preview.child.exitCode === null ? preview.child.once("exit", resolve) : resolve(undefined),
    );
  }
}

interface PreviewProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** All it printed so far, stdout and stderr. */
  output: () => string;
  /** Rejects when it ends, with what it printed. */
  exited: Promise<never>;
}

/** `factsheets preview` on this port, its output collected. */
function startPreviewProcess(options: RoundTripOptions, port: number): PreviewProcess {
  const child = spawn(
    process.execPath,
    [options.cli, "preview", "--content", options.contentDir, "--out", options.outDir, "--port", String(port)],
    {
      cwd: options.root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`factsheets preview ended (exit ${code ?? "signal"}):\n${output}`)));
  });
  exited.catch(() => undefined);
  return { child, output: () => output, exited };
}

/**
 * Saves the edited and the original text in turn, `runs` times: the time of each save to the tab showing it,
 * and the preview's rebuild time as it printed it.
 */
async function measureSaves(
  page: Page,
  source: string,
  original: string,
  options: RoundTripOptions,
  preview: PreviewProcess,
): Promise<{ times: number[]; rebuildMs: number[] }> {
  const times: number[] = [];
  const rebuildMs: number[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    const edited = run % 2 === 1;
    const mark = preview.output().length;
    const started = performance.now();
    await Promise.race([
      savedAndShown(page, source, edited ? original.replace(ORIGINAL, EDITED) : original, edited, preview.output),
      preview.exited,
    ]);
    times.push(performance.now() - started);
    const rebuilt = [
      ...preview
        .output()
        .slice(mark)
        .matchAll(/rebuilt .*\((\d+(?:\.\d+)?) s\)/g),
    ].at(-1);
    if (rebuilt?.[1]) rebuildMs.push(Number(rebuilt[1]) * 1000);
    options.onProgress(`preview round trip: run ${run}/${options.runs} ${(times.at(-1) ?? 0).toFixed(0)} ms`);
    // Let the reloaded tab reconnect its live reload and any trailing watcher event pass before the next save.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { times, rebuildMs };
}

/** Saves the file, then waits until the tab has reloaded and shows (or no longer shows) the edited text. */
async function savedAndShown(
  page: Page,
  file: string,
  text: string,
  edited: boolean,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  let navigation = page.waitForNavigation({ waitUntil: "load", timeout: 30_000 });
  const connected = eventsConnected(page);
  // Never left to reject unobserved when the page closes (that would end the whole bench).
  connected.catch(() => undefined);
  await writeFile(file, text);
  for (;;) {
    await navigation.catch((error: unknown) => {
      throw new Error(
        `the open page did not reload within 30 s of the save: ${String(error)}\npreview output:\n${output()}`,
      );
    });
    // The preview reloads the tab twice (HTML outputs, then PDFs): a second reload may cut this read short.
    const shown = await page
      .evaluate(
        (needle: string) =>
          (document.body.innerText || "").replaceAll("\u00ad", "").replace(/\s+/g, " ").includes(needle),
        EDITED,
      )
      .catch(() => undefined);
    if (shown === edited) break;
    if (Date.now() > deadline)
      throw new Error(`the reloaded page does not show the saved text\npreview output:\n${output()}`);
    navigation = page.waitForNavigation({ waitUntil: "load", timeout: Math.max(1, deadline - Date.now()) });
  }
  await connected;
}

/** Resolves when the page's live-reload EventSource has its response. */
function eventsConnected(page: Page): Promise<HTTPResponse> {
  return page.waitForResponse((response) => new URL(response.url()).pathname === EVENTS_PATH, { timeout: 30_000 });
}

/**
 * Waits until the preview serves the factsheet and has reported its first
 * build ("✓ rebuilt …" or "= nothing changed"); should that line read
 * differently one day, 3 s after the factsheet is first served will do (the
 * output folder starts empty, so the file appears only when that build commits).
 */
async function waitForFirstBuild(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let servedAt: number | undefined;
  for (;;) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) servedAt ??= Date.now();
    if (servedAt !== undefined && (/rebuilt|nothing changed/.test(output()) || Date.now() - servedAt > 3000)) return;
    if (Date.now() > deadline) throw new Error(`the preview did not serve ${url} within 120 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A TCP port free on 127.0.0.1 now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port")),
      );
    });
  });
}
