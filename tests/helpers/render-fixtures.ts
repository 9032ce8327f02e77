import type { PdfMetadata, RenderPdfOptions } from "../../scripts/render/render-pdf.js";

/** Metadata for a document rendered directly with renderPdf, outside a build. */
export const TEST_PDF_METADATA: PdfMetadata = {
  title: "t",
  author: "a",
  subject: "s",
  keywords: [],
  language: "nl",
  date: "2016-04-14",
  producer: "p",
  id: "0".repeat(32),
};

/** Options for one A4 page with the house font, rendered directly with renderPdf. */
export function testPdfOptions(timeout: number): RenderPdfOptions {
  return { requiredFont: "Source Sans 3", timeout, pages: 1, outline: [], size: { width: "210mm", height: "297mm" } };
}
