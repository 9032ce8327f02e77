import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser } from "puppeteer";

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

declare global {
  interface Window {
    /** axe-core, injected by the test. */
    axe: { run: (context: Document, options: object) => Promise<AxeResults> };
  }
}

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The WCAG 2.1 A and AA rule tags. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

/**
 * axe-core's violations of these rule tags on an HTML document in Chromium, each as
 * `rule: help (targets)`. The outputs forbid every script by their own CSP; only axe-core may run.
 */
export async function axeViolations(browser: Browser, html: string, tags: readonly string[]): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setBypassCSP(true);
    await page.setContent(html, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    return await page.evaluate(async (values) => {
      const result = await window.axe.run(document, { runOnly: { type: "tag", values } });
      return result.violations.map(
        (violation) =>
          `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
      );
    }, tags);
  } finally {
    await page.close();
  }
}
