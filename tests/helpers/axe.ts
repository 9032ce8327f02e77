import type { Browser } from "puppeteer";
import { auditHtml } from "../../scripts/accessibility/html-audit.js";

export { WCAG_21_AA } from "../../scripts/accessibility/html-audit.js";

/**
 * axe-core's WCAG 2.1 A and AA violations on an HTML document in Chromium, each as `rule: help (targets)`: the
 * product's own audit (scripts/accessibility/html-audit.ts), on a fresh page.
 */
export async function axeViolations(browser: Browser, html: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    return (await auditHtml(page, html)).violations;
  } finally {
    await page.close();
  }
}
