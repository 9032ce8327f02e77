import type { Browser, HTTPRequest, Page } from "puppeteer";
import { say } from "../diagnostics/messages.js";
import { offlinePage } from "./offline-page.js";

/** A page of the pool, reused for many documents; it records what each document tried to do. */
export interface PooledPage {
  page: Page;
  /** Requests that were blocked, page errors and console errors since the last call. */
  takeIssues(): string[];
  /** Rejects with PageCrashedError as soon as the page's renderer dies; race every wait on the page with it. */
  crashed: Promise<never>;
}

/** The page's renderer process died (killed, out of memory): the document is rendered again on a new page. */
export class PageCrashedError extends Error {
  override readonly name = "PageCrashedError";
}

/** How often one document is tried when its page's renderer dies under it. */
const ATTEMPTS_AFTER_CRASH = 2;

export const RECYCLE_AFTER = 50;

export type Outcome<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; error: unknown };

/**
 * Runs `work` for every item on a bounded pool of pages (a new page per
 * document costs 3–4× more than reusing one). Every page blocks every
 * request except `data:` URLs: rendering is offline. Pages are closed in
 * `finally`; a failing item does not stop the others. A page is replaced by
 * a fresh one after RECYCLE_AFTER documents: Chromium's renderer grows with
 * every document loaded into a page (about 0.5 MB each here), so a page that
 * lives for a thousand documents holds hundreds of megabytes and slows down.
 */
export async function runOnPagePool<T, R>(
  browser: Browser,
  size: number,
  items: readonly T[],
  work: (page: PooledPage, item: T) => Promise<R>,
  { ready = [], signal }: PoolOptions = {},
): Promise<Outcome<T, R>[]> {
  const outcomes: Outcome<T, R>[] = [];
  const waiting = ready.filter((pooled) => !pooled.page.isClosed());
  const pages: Page[] = waiting.map((pooled) => pooled.page);
  // Stopped: every open page is closed, so that the documents on them fail at once and no worker takes another.
  const stop = () => void Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  signal?.addEventListener("abort", stop);
  let next = 0;
  try {
    const workers = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
      // A page opened (and its fonts loaded) while the build was still reading is taken first.
      const worker: PoolWorker = { pooled: waiting.shift(), rendered: 0 };
      for (let index = next++; index < items.length && !signal?.aborted; index = next++) {
        const item = items[index];
        if (item === undefined) continue;
        outcomes[index] = await runItem(browser, worker, pages, item, work, signal);
      }
    });
    await Promise.all(workers);
  } finally {
    signal?.removeEventListener("abort", stop);
    // Every page given or opened is closed, a ready page no worker took too.
    await Promise.all(pages.filter((page) => !page.isClosed()).map((page) => page.close().catch(() => undefined)));
  }
  return outcomes;
}

export interface PoolOptions {
  /** Pages opened beforehand (render-session.ts), taken before any new one is opened. */
  ready?: readonly PooledPage[];
  /** Stops the pool: no document is started after it aborts, and those being rendered fail at once. */
  signal?: AbortSignal | undefined;
}

/** A worker's page and how many documents it rendered. */
interface PoolWorker {
  pooled: PooledPage | undefined;
  rendered: number;
}

/** One item on the worker's page (a new page first when it has none or it is due for recycling). */
async function runItem<T, R>(
  browser: Browser,
  worker: PoolWorker,
  pages: Page[],
  item: T,
  work: (page: PooledPage, item: T) => Promise<R>,
  signal: AbortSignal | undefined,
): Promise<Outcome<T, R>> {
  let outcome: Outcome<T, R> = { item, ok: false, error: new Error("not rendered") };
  for (let attempt = 1; attempt <= ATTEMPTS_AFTER_CRASH; attempt += 1) {
    try {
      if (!worker.pooled || worker.rendered === RECYCLE_AFTER) {
        const old = worker.pooled?.page;
        worker.pooled = await openPage(browser);
        pages.push(worker.pooled.page);
        worker.rendered = 0;
        await old?.close().catch(() => undefined);
      }
      signal?.throwIfAborted();
      worker.rendered += 1;
      worker.pooled.takeIssues();
      return { item, ok: true, value: await work(worker.pooled, item) };
    } catch (error) {
      // A page that failed (or a browser that died) fails this document only; the next opens a new page.
      outcome = { item, ok: false, error };
      if (signal?.aborted) return outcome;
      // A renderer that dies mid-print can fail the print before its crash is reported: look once more.
      const crashed = error instanceof PageCrashedError || (await crashedSoon(worker.pooled));
      if (crashed) await worker.pooled?.page.close().catch(() => undefined);
      if (crashed || worker.pooled?.page.isClosed() !== false) worker.pooled = undefined;
      // A renderer that died is replaced and the document rendered again on the new page.
      if (!crashed) return outcome;
    }
  }
  return outcome;
}

/** Whether the page's renderer is reported dead within a moment (its crash event may trail the failure it caused). */
async function crashedSoon(pooled: PooledPage | undefined): Promise<boolean> {
  if (!pooled) return false;
  let timer: NodeJS.Timeout | undefined;
  const moment = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 250)));
  const crash = pooled.crashed.then(
    () => false,
    () => true,
  );
  const result = await Promise.race([crash, moment]);
  clearTimeout(timer);
  return result;
}

/** How long a new page may take to appear: a browser that does not make one in this time is restarted. */
const NEW_PAGE_WAIT_MS = 10_000;

/** A new page, or a TimeoutError (the build then restarts the browser: scripts/pipeline/render-outputs.ts). */
async function newPage(browser: Browser): Promise<Page> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const opening = browser.newPage();
  const gaveUp = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      late = true;
      const error = new Error(`Chromium did not open a new page within ${NEW_PAGE_WAIT_MS / 1000} s`);
      error.name = "TimeoutError";
      reject(error);
    }, NEW_PAGE_WAIT_MS);
  });
  // A page that appears after this gave up is closed, never left open.
  opening.then(
    (page) => (late ? page.close().catch(() => undefined) : undefined),
    () => undefined,
  );
  try {
    return await Promise.race([opening, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** A page of the pool, cut off from the network (offline-page.ts), recording what each document tries to do. */
export async function openPage(browser: Browser): Promise<PooledPage> {
  const page = await newPage(browser);
  let issues: string[] = [];
  let reportCrash: (error: PageCrashedError) => void = () => undefined;
  const crashed = new Promise<never>((_resolve, reject) => {
    reportCrash = reject;
  });
  crashed.catch(() => undefined);
  // Puppeteer emits "error" when the page's renderer process dies (Inspector.targetCrashed).
  page.on("error", (error) => {
    const message = `the page's renderer process died (${error.message}); rendering it again on a new page`;
    reportCrash(new PageCrashedError(message));
  });
  await offlinePage(page);
  await page.setRequestInterception(true);
  page.on("request", (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith("data:") || url === "about:blank") {
      void request.continue();
      return;
    }
    issues.push(say("render.blocked", { url }));
    void request.abort("blockedbyclient");
  });
  page.on("pageerror", (error) => {
    issues.push(say("render.scriptError", { message: error instanceof Error ? error.message : String(error) }));
  });
  page.on("console", (message) => {
    if (message.type() === "error") issues.push(say("render.consoleError", { message: message.text() }));
  });
  return {
    page,
    crashed,
    takeIssues() {
      const taken = issues;
      issues = [];
      return taken;
    },
  };
}
