import type { Browser } from "puppeteer";
import { CONTENT_SECURITY_POLICY } from "../output/content-security-policy.js";
import { openPage, type PooledPage } from "./page-pool.js";

/** How long the warm-up document may take: it is our own, a few fonts and no text. */
const WARM_WAIT_MS = 10_000;

/**
 * A page of the pool with the report's fonts already decoded in it. A page's
 * first document pays for decoding every face it loads (some 80 ms here);
 * the documents after it on the same page find them in the page's memory
 * cache. Done while the build is still reading and planning, that time is
 * off the build's critical path. The warm-up document is our own: the house
 * CSP, the @font-face rules and nothing else.
 */
export async function warmPage(browser: Browser, fontCss: string): Promise<PooledPage> {
  const pooled = await openPage(browser);
  try {
    const html =
      `<!doctype html><html><head><meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">` +
      `<style>${fontCss}</style></head><body></body></html>`;
    await pooled.page.setContent(html, { waitUntil: "load", timeout: WARM_WAIT_MS });
    await pooled.page.evaluate(async () => {
      await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
    });
    pooled.takeIssues();
    return pooled;
  } catch (error) {
    await pooled.page.close().catch(() => undefined);
    throw error;
  }
}
