import type { Browser } from "puppeteer";
import { launchBrowser, type LaunchedBrowser } from "./launch-browser.js";

/**
 * The browser of a run, started only when a document needs rendering: a
 * build with nothing to render never starts Chromium. The preview keeps one
 * session open across builds; a build on its own closes it at the end.
 */
export class RenderSession {
  private launching: Promise<LaunchedBrowser> | undefined;

  /** Whether Chromium was started in this session. */
  get started(): boolean {
    return this.launching !== undefined;
  }

  /**
   * Starts Chromium now, without waiting for it, so that its start overlaps
   * the work before the first render. A failure shows up at browser().
   */
  warm(): void {
    this.launching ??= launchBrowser();
    this.launching.catch(() => undefined);
  }

  async browser(): Promise<Browser> {
    this.launching ??= launchBrowser();
    const launched = await this.launching;
    if (!launched.browser.connected) {
      // Chromium died (crash, killed): clean up after it and start a new one for the next documents.
      await launched.close();
      this.launching = launchBrowser();
      return (await this.launching).browser;
    }
    return launched.browser;
  }

  /** Closes this session's Chromium, whatever its state, and starts a new one. */
  async restart(): Promise<Browser> {
    await this.close();
    return this.browser();
  }

  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    if (launching) await (await launching.catch(() => undefined))?.close();
  }
}
