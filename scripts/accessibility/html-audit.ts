import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "puppeteer";

/** What the accessibility report says of an HTML output: axe-core's WCAG 2.1 AA violations and what it declares. */
export interface HtmlAudit {
  /** Each violation as `rule: help (targets)`; none means axe-core found nothing. */
  violations: string[];
  title: string;
  language: string;
  /** Images and graphics (img, role="img"). */
  figures: number;
  /** Figures with an alternative text (alt, aria-label). */
  figuresWithText: number;
}

/** The WCAG 2.1 A and AA rule tags of axe-core. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

let axeSource: Promise<string> | undefined;

/** axe-core's script, read once from its package. */
function axeScript(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

declare global {
  interface Window {
    /** axe-core, evaluated in the page by HtmlAuditor. */
    axe?: {
      run: (
        context: Document,
        options: object,
      ) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }>;
    };
  }
}

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on HTML outputs in Chromium, one after the other on one page, which
 * should be cut off from the network (render/page-pool.ts openPage). axe-core is evaluated once, through the
 * DevTools protocol; each document then replaces the page's document (document.open and write keep the window and
 * so axe-core), its fonts loaded before the check, as a reader's browser would show it. The outputs carry no
 * script (the secure stage refuses one), and their CSP forbids any.
 */
export class HtmlAuditor {
  private static readonly opened = new WeakMap<Page, Promise<HtmlAuditor>>();

  private constructor(private readonly page: Page) {}

  /** The auditor of this page, axe-core loaded into it once (a second call waits for the first). */
  static open(page: Page): Promise<HtmlAuditor> {
    let opened = HtmlAuditor.opened.get(page);
    if (!opened) {
      opened = HtmlAuditor.load(page);
      HtmlAuditor.opened.set(page, opened);
      // A load that failed (a page that crashed) is not kept: the next build tries again.
      opened.catch(() => HtmlAuditor.opened.delete(page));
    }
    return opened;
  }

  private static async load(page: Page): Promise<HtmlAuditor> {
    await page.setJavaScriptEnabled(true);
    await page.setContent("<!doctype html><title>axe-core</title>", { waitUntil: "load" });
    await page.evaluate(await axeScript());
    return new HtmlAuditor(page);
  }

  /** axe-core's findings and what the document declares. */
  audit(html: string): Promise<HtmlAudit> {
    return this.page.evaluate(inPage, html, WCAG_21_AA);
  }
}

/** One HTML document's audit on a new page of its own (used by the tests). */
export async function auditHtml(page: Page, html: string): Promise<HtmlAudit> {
  return (await HtmlAuditor.open(page)).audit(html);
}

/** In the page: writes the document, waits for its fonts, and runs axe-core. */
async function inPage(html: string, tags: readonly string[]): Promise<HtmlAudit> {
  document.open();
  document.write(html);
  document.close();
  await document.fonts.ready;
  const axe = window.axe;
  if (!axe) throw new Error("axe-core did not load");
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  const figures = [...document.querySelectorAll("img, [role='img']")];
  const named = figures.filter(
    (figure) => (figure.getAttribute("alt") ?? figure.getAttribute("aria-label") ?? "").trim() !== "",
  );
  return {
    violations: result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    ),
    title: document.title,
    language: document.documentElement.lang,
    figures: figures.length,
    figuresWithText: named.length,
  };
}
