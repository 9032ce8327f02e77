import { PDFDocument } from "pdf-lib";
import { say } from "../diagnostics/messages.js";
import { secureDocument, SecuredDocument } from "../output/secure-document.js";
import type { PooledPage } from "./page-pool.js";
import { setOutline, type OutlineEntry } from "./pdf-outline.js";
import { setDocumentId } from "./pdf-id.js";
import { makePdfUa } from "./pdf-ua.js";

export interface PdfMetadata {
  title: string;
  author: string;
  /** The report's subtitle, or null where it has none. */
  subject: string | null;
  keywords: string[];
  language: string;
  /** The content's date (YYYY-MM-DD): PDFs are dated by the content, never by the clock. */
  date: string;
  producer: string;
  /** The file identifier (/ID), derived from the inputs so that the same inputs give the same bytes. */
  id: string;
}

export interface RenderPdfOptions {
  /** A font family that must have loaded, e.g. "Source Sans 3". */
  requiredFont: string;
  /** Longest time one document may take to load, in milliseconds. */
  timeout: number;
  /** The number of pages the document must have: every page of ours is one designed sheet. */
  pages: number;
  /** The paper size, e.g. { width: "210mm", height: "297mm" }. */
  size: { width: string; height: string };
  /** The bookmarks. */
  outline: readonly OutlineEntry[];
}

/** A document could not be rendered as it should; the message says what and why. */
export class DocumentRenderError extends Error {
  override readonly name = "DocumentRenderError";
}

const MM_PER_PX = 25.4 / 96;

/**
 * Prints one HTML document to a tagged A4 PDF on a pooled page. Fails when a
 * font did not load, when a request was blocked or a script failed, when an
 * element marked `data-fit-page` overflows its page, or when the page count
 * is not the one required. Then writes the metadata and the content's date.
 */
export async function renderPdf(
  pooled: PooledPage,
  html: string | SecuredDocument,
  metadata: PdfMetadata,
  options: RenderPdfOptions,
): Promise<Uint8Array> {
  return finishPdf(await printPdf(pooled, html, options), metadata, options);
}

/**
 * The page's part of renderPdf: the document loaded, checked and printed, as Chromium's bytes. The page is free
 * for the next document as soon as this returns; finishPdf then makes them the final PDF.
 */
export async function printPdf(
  pooled: PooledPage,
  html: string | SecuredDocument,
  options: RenderPdfOptions,
): Promise<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      // A page that hangs (a layout that never ends, a print that never returns) is closed; the pool opens a new one.
      void pooled.page.close().catch(() => undefined);
      reject(new DocumentRenderError(say("render.timeout", { seconds: options.timeout / 1000 })));
    }, options.timeout);
  });
  try {
    return await Promise.race([printWithinDeadline(pooled, html, options), deadline, pooled.crashed]);
  } finally {
    clearTimeout(timer);
  }
}

async function printWithinDeadline(
  pooled: PooledPage,
  html: string | SecuredDocument,
  options: RenderPdfOptions,
): Promise<Uint8Array> {
  const { page } = pooled;
  // Whatever the template: the house CSP, and nothing that would reach out is ever given to the browser. A document
  // the build's secure stage checked (a SecuredDocument) is not parsed twice; any other text is checked here.
  await page.setContent(withoutSoftHyphens(securedHtml(html)), { waitUntil: "load", timeout: options.timeout });
  // The checks run in the page, in one call: a round trip to the browser per document, not four.
  const { fonts, overflows, wide } = await page.evaluate(checkInPage, options.requiredFont);

  const problems = [...pooled.takeIssues()];
  if (fonts.failedFonts.length > 0) problems.push(say("render.fontsFailed", { fonts: fonts.failedFonts.join(", ") }));
  if (!fonts.familyLoaded) problems.push(say("render.fontUnused", { font: options.requiredFont }));
  problems.push(...overflows.map(bottomOverflowText), ...wide.map(sideOverflowText));
  if (problems.length > 0) throw new DocumentRenderError(problems.join("\n"));

  return page.pdf({
    width: options.size.width,
    height: options.size.height,
    printBackground: true,
    tagged: true,
    outline: false,
    timeout: options.timeout,
  });
}

/**
 * A PDF breaks no word at a line's end: Chromium draws a soft hyphen it breaks at as a hard "-" with no
 * replacement text, so "men-" / "senhandelaar" would copy, search and read aloud as two pieces (PDF/UA-1 7.2,
 * WCAG 1.3.1). The HTML outputs keep their soft hyphens, which browsers drop when text is copied or found.
 */
function withoutSoftHyphens(html: string): string {
  return html.replaceAll("\u00AD", "");
}

/** The document's text with the house CSP, or a DocumentRenderError naming what it would load from outside. */
function securedHtml(html: string | SecuredDocument): string {
  if (html instanceof SecuredDocument) return html.html;
  const secured = secureDocument(html);
  if (secured.findings.length > 0)
    throw new DocumentRenderError(say("render.outside", { findings: secured.findings.join("; ") }));
  return secured.html;
}

/**
 * In the page: every face loaded, then the fonts' status and what overflows its page, down and sideways.
 * Longer than 60 lines because Puppeteer sends one function's text to the page, not its scope: the checks it
 * calls must be written inside it.
 */
async function checkInPage(
  family: string,
): Promise<{ fonts: { failedFonts: string[]; familyLoaded: boolean }; overflows: string[]; wide: string[] }> {
  /**
   * In the page: loads every face before printing, not only those the screen layout asked for: the print
   * layout must never find a face still loading (an output must not depend on timing).
   */
  async function loadAllFaces(): Promise<void> {
    await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
    await document.fonts.ready;
  }

  /** In the page: the faces that failed to load, and whether the required family loaded. */
  function fontStatus(family: string): { failedFonts: string[]; familyLoaded: boolean } {
    const faces = [...document.fonts];
    return {
      failedFonts: faces
        .filter((face) => face.status === "error")
        .map((face) => `${face.family} ${face.weight} ${face.style}`),
      familyLoaded: faces.some((face) => face.family.replaceAll('"', "") === family && face.status === "loaded"),
    };
  }

  /**
   * In the page: what runs past the bottom margin of a box marked `data-fit-page`, as `page\u0001element|pixels`:
   * each child that does, or else the box itself.
   */
  function bottomOverflows(): string[] {
    const overflows: string[] = [];
    for (const box of document.querySelectorAll<HTMLElement>("[data-fit-page]")) {
      if (box.scrollHeight <= box.clientHeight + 1) continue;
      const page = box.dataset.fitPage ? `${box.dataset.fitPage}\u0001` : "";
      const limit =
        box.getBoundingClientRect().top + box.clientHeight - Number.parseFloat(getComputedStyle(box).paddingBottom);
      for (const child of box.children) {
        const bottom = child.getBoundingClientRect().bottom;
        const className = child.className ? `.${String(child.className).split(" ")[0]}` : "";
        if (bottom > limit + 0.5) overflows.push(`${page}${child.tagName.toLowerCase()}${className}|${bottom - limit}`);
      }
      if (overflows.length === 0)
        overflows.push(`${page}${box.tagName.toLowerCase()}|${box.scrollHeight - box.clientHeight}`);
    }
    return overflows;
  }

  /**
   * In the page, sideways: nothing may run past the left or right margin (a long word, a wide label in a chart) or
   * be cut off by a box that hides its overflow. The innermost element that does is named (at most 3 a page), as
   * `element|pixels`.
   */
  function sideOverflows(): string[] {
    const wide: string[] = [];
    const name = (element: Element) => {
      const className = element.getAttribute("class");
      return `${element.tagName.toLowerCase()}${className ? `.${String(className).split(" ")[0]}` : ""}`;
    };
    for (const box of document.querySelectorAll<HTMLElement>("[data-fit-page]")) {
      const page = box.dataset.fitPage ? `${box.dataset.fitPage}\u0001` : "";
      const style = getComputedStyle(box);
      const outer = box.getBoundingClientRect();
      const left = outer.left + Number.parseFloat(style.paddingLeft);
      const right = outer.right - Number.parseFloat(style.paddingRight);
      const found: { element: Element; by: number }[] = [];
      for (const element of box.querySelectorAll("*")) {
        const rect = element.getBoundingClientRect();
        // Empty, or visually hidden on purpose (text for screen readers only, in a 1-pixel box).
        if (rect.width <= 1 || rect.height <= 1) continue;
        // An element's text can run out of its own box (a word that may not wrap): scrollWidth tells.
        const reach = element instanceof HTMLElement ? rect.left + element.scrollWidth : rect.right;
        const past = Math.max(rect.right - right, reach - right, left - rect.left);
        const clipped =
          element instanceof HTMLElement && getComputedStyle(element).overflowX !== "visible"
            ? element.scrollWidth - element.clientWidth
            : 0;
        if (past > 0.5 || clipped > 1) found.push({ element, by: Math.max(past, clipped) });
      }
      const innermost = found.filter(
        ({ element }) => !found.some((other) => other.element !== element && element.contains(other.element)),
      );
      for (const { element, by } of innermost.slice(0, 3)) wide.push(`${page}${name(element)}|${by}`);
    }
    return wide;
  }

  await loadAllFaces();
  return { fonts: fontStatus(family), overflows: bottomOverflows(), wide: sideOverflows() };
}

/** `element|pixels` in millimetres. */
function millimetres(overflow: string): { element: string; mm: string } {
  const [where = "", pixels] = overflow.split("|");
  // The page's name, where the box names one, comes before the element and a \u0001.
  const [page, element = ""] = where.includes("\u0001") ? where.split("\u0001") : [undefined, where];
  return {
    element: page === undefined ? element : say("render.onPage", { page, element }),
    mm: (Number(pixels) * MM_PER_PX).toFixed(1),
  };
}

function bottomOverflowText(overflow: string): string {
  const { element, mm } = millimetres(overflow);
  return say("render.overflowBottom", { element, mm });
}

function sideOverflowText(overflow: string): string {
  const { element, mm } = millimetres(overflow);
  return say("render.overflowSide", { element, mm });
}

/** Checks the page count, then writes the bookmarks and the metadata and makes the document PDF/UA-1. */
export async function finishPdf(
  bytes: Uint8Array,
  metadata: PdfMetadata,
  { pages, outline }: RenderPdfOptions,
): Promise<Uint8Array> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  if (document.getPageCount() !== pages) {
    throw new DocumentRenderError(say("render.pages", { count: document.getPageCount(), pages }));
  }
  setOutline(document, outline);
  setMetadata(document, metadata);
  makePdfUa(document, metadata);
  setDocumentId(document, metadata.id);
  return document.save({ useObjectStreams: false });
}

/** Writes the document information; dates come from the content, never the clock. */
export function setMetadata(document: PDFDocument, metadata: PdfMetadata): void {
  const date = new Date(`${metadata.date}T00:00:00Z`);
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  if (metadata.subject !== null) document.setSubject(metadata.subject);
  document.setKeywords(metadata.keywords);
  document.setLanguage(metadata.language);
  document.setCreator("factsheets");
  document.setProducer(metadata.producer);
  document.setCreationDate(date);
  document.setModificationDate(date);
}
