import { deflateSync } from "node:zlib";
import { decodePDFRawStream, PDFName, PDFNumber, PDFRawStream, type PDFDocument } from "pdf-lib";

/**
 * Chromium writes every soft hyphen (U+00AD) that it did not break at into
 * the PDF as an invisible, zero-advance glyph wrapped in a marked-content
 * span whose /ActualText is U+00AD:
 *
 *     /Span<</ActualText <FEFF00AD> >> BDC
 *     6.42 0 Td <0001> Tj
 *     EMC
 *
 * Text extractors that honour /ActualText (poppler: Evince, Okular, pdftotext;
 * copy and paste) then return "in\u00adfra\u00adstruc\u00adture", and search for
 * "infrastructure" fails. The span draws nothing, so it is removed, keeping only
 * its positioning (`Td` is relative to the start of the line, never to the
 * glyph just drawn, so no later glyph moves). A soft hyphen that Chromium did
 * break at is drawn as a real hyphen glyph outside such a span and stays:
 * it extracts as "men-" at the line's end, as in any typeset PDF.
 */
const SOFT_HYPHEN_SPAN =
  /\/Span\s*<<\s*\/ActualText\s*<FEFF00AD>\s*>>\s*BDC\s+((?:-?[\d.]+\s+-?[\d.]+\s+Td\s+)?)<[0-9A-Fa-f]+>\s*Tj\s+EMC\s?/g;
const MARKER = "<FEFF00AD>";

/** Rewrites every content stream that holds soft-hyphen spans; returns how many spans were removed. */
export function removeSoftHyphenText(document: PDFDocument): number {
  let removed = 0;
  for (const [ref, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || !isContentStream(object)) continue;
    const decoded = Buffer.from(decodePDFRawStream(object).decode());
    // latin1 keeps every byte as one character, so the stream's bytes survive the round trip.
    const text = decoded.toString("latin1");
    if (!text.includes(MARKER)) continue;
    let count = 0;
    const cleaned = text.replace(SOFT_HYPHEN_SPAN, (_span, position: string) => {
      count += 1;
      return position;
    });
    if (cleaned.includes(MARKER)) {
      throw new Error(
        "Chromium wrote a soft hyphen's text in a form this tool does not know; " +
          "update scripts/render/pdf-text-layer.ts for this Chromium version",
      );
    }
    removed += count;
    const dict = object.dict.clone(document.context);
    const bytes = deflateSync(Buffer.from(cleaned, "latin1"), { level: 6 });
    dict.set(PDFName.of("Filter"), PDFName.of("FlateDecode"));
    dict.delete(PDFName.of("DecodeParms"));
    dict.set(PDFName.of("Length"), PDFNumber.of(bytes.length));
    document.context.assign(ref, PDFRawStream.of(dict, bytes));
  }
  return removed;
}

/**
 * Page contents and form XObjects: streams with no /Type and no /Subtype other than /Form (no fonts, images,
 * CMaps).
 */
function isContentStream(stream: PDFRawStream): boolean {
  const subtype = stream.dict.get(PDFName.of("Subtype"));
  if (subtype !== undefined && subtype !== PDFName.of("Form")) return false;
  if (stream.dict.get(PDFName.of("Type")) !== undefined && subtype === undefined) return false;
  return stream.dict.get(PDFName.of("Length1")) === undefined;
}
