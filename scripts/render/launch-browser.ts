import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Browser, PuppeteerNode } from "puppeteer";
import { SetupError } from "../diagnostics/errors.js";
import { findBrowser, HOW_TO_GET_A_BROWSER } from "../setup/find-browser.js";
import { PROFILE_PREFIX, removeStaleProfiles } from "./stale-profiles.js";

/** Flags that keep Chromium quiet and offline: it must never reach the network. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--font-render-hinting=none",
  // No host name or address resolves: a preconnect, prefetch or navigation that slipped past everything else
  // opens no socket (network emulation alone does not stop a preconnect).
  "--host-resolver-rules=MAP * ~NOTFOUND",
] as const;

/** How long a browser may take to close before it is killed. */
const CLOSE_WAIT_MS = 5000;

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * One browser per run, with a fresh profile folder that is removed on close.
 * Puppeteer talks to Chromium over a pipe, not a port: when this process
 * dies, even by SIGKILL, the pipe closes and Chromium exits with it. The
 * profile folder carries this process's id, so the next launch removes the
 * folders of processes that are gone.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const lookup = findBrowser();
  if (!lookup.found) throw new SetupError(`${lookup.reason}.\n${HOW_TO_GET_A_BROWSER}`);
  const puppeteer = loadPuppeteer();
  await removeStaleProfiles(os.tmpdir());
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  try {
    const browser = await puppeteer.launch({
      executablePath: lookup.executablePath,
      headless: true,
      pipe: true,
      args: [...CHROMIUM_FLAGS],
      userDataDir,
    });
    return {
      browser,
      async close() {
        // A browser wedged by a dead renderer may never answer "close": give it a few seconds, then kill it.
        let timer: NodeJS.Timeout | undefined;
        const closed = browser.close().catch(() => undefined);
        const gaveUp = new Promise<"timeout">(
          (resolve) => (timer = setTimeout(() => resolve("timeout"), CLOSE_WAIT_MS)),
        );
        if ((await Promise.race([closed, gaveUp])) === "timeout") browser.process()?.kill("SIGKILL");
        clearTimeout(timer);
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new SetupError(
      `Chromium at ${lookup.executablePath} did not start: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Puppeteer, from its CommonJS build: it loads in about 105 ms of CPU here where its ES modules take 140 ms, and
 * that is on the way to Chromium's start.
 */
function loadPuppeteer(): PuppeteerNode {
  const loaded: unknown = createRequire(import.meta.url)("puppeteer");
  if (!isPuppeteerModule(loaded)) throw new Error("the puppeteer package does not export its launcher as default");
  return loaded.default;
}

function isPuppeteerModule(value: unknown): value is { default: PuppeteerNode } {
  return typeof value === "object" && value !== null && "default" in value && typeof value.default === "object";
}
