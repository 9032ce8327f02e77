import type { Browser, Page } from "puppeteer";
import { launchBrowser, type LaunchedBrowser } from "./launch-browser.js";
import { openPage, type PooledPage } from "./page-pool.js";
import { warmPage } from "./warm-page.js";

/** What warm() may prepare beside the launch: pages of the pool with the fonts loaded. */
export interface WarmPages {
  /** How many pages (the build's --concurrency). */
  pages: number;
  /** The @font-face rules every document has. */
  fontCss: Promise<string>;
}

/** How long the renderer waits for pages that warm() is still preparing before it opens its own. */
const READY_WAIT_MS = 10_000;

/**
 * The browser of a run, started only when a document needs rendering: a
 * build with nothing to render never starts Chromium. The preview keeps one
 * session open across builds; a build on its own closes it at the end.
 */
export class RenderSession {
  private launching: Promise<LaunchedBrowser> | undefined;
  private warming: Promise<PooledPage[]> | undefined;
  private spare: Promise<Page> | undefined;

  /** Whether Chromium was started in this session. */
  get started(): boolean {
    return this.launching !== undefined;
  }

  /**
   * Starts Chromium now, without waiting for it, so that its start overlaps
   * the work before the first render. A failure shows up at browser().
   */
  warm(prepare?: WarmPages): void {
    const launching = (this.launching ??= launchBrowser());
    launching.catch(() => undefined);
    if (!prepare || this.warming) return;
    // The PDF library is needed as soon as the first page is printed: it loads while the build still reads.
    void import("pdf-lib").catch(() => undefined);
    this.warming = Promise.all([launching, prepare.fontCss]).then(([{ browser }, fontCss]) =>
      Promise.all(Array.from({ length: prepare.pages }, () => warmPage(browser, fontCss))),
    );
    this.warming.catch(() => undefined);
  }

  /**
   * The pages warm() prepared, each given out once, for the current browser only; none when it prepared none,
   * failed, or is not done within READY_WAIT_MS (the renderer then opens its own, and these are closed).
   */
  async readyPages(): Promise<PooledPage[]> {
    const warming = this.warming;
    this.warming = undefined;
    if (!warming) return [];
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), READY_WAIT_MS)));
    const ready = await Promise.race([warming.catch(() => []), late]);
    clearTimeout(timer);
    if (ready === "late") {
      void warming.then(
        (pages) => Promise.all(pages.map((pooled) => pooled.page.close())),
        () => undefined,
      );
      return [];
    }
    return ready.filter((pooled) => pooled.page.browser().connected && !pooled.page.isClosed());
  }

  async browser(): Promise<Browser> {
    this.launching ??= launchBrowser();
    const launched = await this.launching;
    if (!launched.browser.connected) {
      // Chromium died (crash, killed): clean up after it and start a new one for the next documents.
      await launched.close();
      this.warming = undefined;
      this.launching = launchBrowser();
      return (await this.launching).browser;
    }
    return launched.browser;
  }

  /**
   * A page of this session's browser outside the render pool, cut off from the network like the pool's pages, kept
   * for the session (across the preview's builds) for work beside the rendering: the HTML outputs' accessibility
   * check. A new one when the browser was restarted or the page closed.
   */
  async sparePage(): Promise<Page> {
    const browser = await this.browser();
    const spare = await this.spare?.catch(() => undefined);
    if (spare && spare.browser() === browser && !spare.isClosed()) return spare;
    this.spare = openPage(browser).then(({ page }) => page);
    return this.spare;
  }

  /** Closes this session's Chromium, whatever its state, and starts a new one. */
  async restart(): Promise<Browser> {
    await this.close();
    return this.browser();
  }

  async close(): Promise<void> {
    const launching = this.launching;
    const warming = this.warming;
    this.launching = undefined;
    this.warming = undefined;
    this.spare = undefined;
    // Pages still being prepared finish first (a fraction of a second): a page closed under a load in progress
    // would keep this process alive until that load's own timeout.
    await warming?.catch(() => undefined);
    if (launching) await (await launching.catch(() => undefined))?.close();
  }
}
