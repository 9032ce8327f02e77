import { PDFHexString, type PDFDocument } from "pdf-lib";

/** A PDF file identifier derived from what the file was made from: same inputs, same /ID. */
export function documentId(key: string): string {
  return key.slice(0, 32).toUpperCase();
}

/** Sets the trailer's /ID to [<id> <id>] (pdf-lib writes it on save). */
export function setDocumentId(document: PDFDocument, id: string): void {
  document.context.trailerInfo.ID = document.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

/**
 * Replaces the /ID a PDF writer (Ghostscript) derived from the clock with a
 * fixed one of the same length, so the cross-reference table stays valid.
 */
export function replaceDocumentId(bytes: Uint8Array, id: string): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const pattern = /\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/g;
  let replaced = 0;
  const result = text.replace(pattern, (match: string, first: string, second: string) => {
    replaced += 1;
    const fit = (hex: string) => id.padEnd(hex.length, "0").slice(0, hex.length);
    return match.replace(first, fit(first)).replace(second, fit(second));
  });
  if (replaced === 0) return bytes;
  const output = Buffer.from(result, "latin1");
  if (output.length !== bytes.length) throw new Error("unreachable: the /ID rewrite must keep the file's length");
  return output;
}
