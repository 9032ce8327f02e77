import { cmyk, PDFDocument } from "pdf-lib";
import { setDocumentId } from "./pdf-id.js";
import { setMetadata, type PdfMetadata } from "./render-pdf.js";

const POINTS_PER_MM = 72 / 25.4;

export interface PrintMarksOptions {
  /** Bleed on every side, already rendered into the pages (mm). */
  bleed: number;
  /** Room outside the bleed for the crop marks (mm). */
  slug: number;
}

/**
 * Places each page of a PDF rendered with bleed (trim size + 2 × bleed) on
 * a larger sheet, draws crop marks at the trim corners outside the bleed,
 * and sets TrimBox and BleedBox. Pages are embedded as vector forms, so
 * text stays text. The tag tree does not survive: print files are for the
 * printer, the screen PDFs keep their tags.
 */
export async function withPrintMarks(
  bytes: Uint8Array,
  metadata: PdfMetadata,
  options: PrintMarksOptions,
): Promise<Uint8Array> {
  const source = await PDFDocument.load(bytes);
  const target = await PDFDocument.create({ updateMetadata: false });
  const slug = options.slug * POINTS_PER_MM;
  const bleed = options.bleed * POINTS_PER_MM;
  const embedded = await target.embedPdf(source, source.getPageIndices());
  for (const form of embedded) {
    const page = target.addPage([form.width + 2 * slug, form.height + 2 * slug]);
    page.drawPage(form, { x: slug, y: slug });
    page.setBleedBox(slug, slug, form.width, form.height);
    const trim = {
      left: slug + bleed,
      bottom: slug + bleed,
      right: slug + form.width - bleed,
      top: slug + form.height - bleed,
    };
    page.setTrimBox(trim.left, trim.bottom, trim.right - trim.left, trim.top - trim.bottom);
    const black = cmyk(0, 0, 0, 1);
    const gap = 1 * POINTS_PER_MM;
    const markEnd = slug - gap; // marks stop short of the bleed
    const markStart = 2 * POINTS_PER_MM;
    const width = page.getWidth();
    const height = page.getHeight();
    for (const x of [trim.left, trim.right]) {
      page.drawLine({ start: { x, y: markStart }, end: { x, y: markEnd }, thickness: 0.25, color: black });
      page.drawLine({
        start: { x, y: height - markStart },
        end: { x, y: height - markEnd },
        thickness: 0.25,
        color: black,
      });
    }
    for (const y of [trim.bottom, trim.top]) {
      page.drawLine({ start: { x: markStart, y }, end: { x: markEnd, y }, thickness: 0.25, color: black });
      page.drawLine({
        start: { x: width - markStart, y },
        end: { x: width - markEnd, y },
        thickness: 0.25,
        color: black,
      });
    }
  }
  setMetadata(target, metadata);
  setDocumentId(target, metadata.id);
  return target.save({ useObjectStreams: false });
}
