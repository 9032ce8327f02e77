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
 * fixed one. Ghostscript writes it sometimes as hex strings and sometimes as
 * literal strings with escapes, of varying length, so the whole /ID array is
 * rewritten as two literal strings of 16 plain characters. In the trailer,
 * after the cross-reference table, its length may change (no offset points
 * past it); anywhere else it is padded with spaces to the old length, so
 * that the cross-reference table stays valid.
 */
export function replaceDocumentId(bytes: Uint8Array, id: string): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const pattern = /\/ID\s*\[(?:\s*(?:<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\)))+\s*\]/g;
  const part = id.slice(0, 16).padEnd(16, "0");
  const fixed = `/ID [(${part})(${part})]`;
  const lastXref = text.lastIndexOf("\nxref");
  let replaced = 0;
  const result = text.replace(pattern, (match: string, offset: number) => {
    replaced += 1;
    if (lastXref >= 0 && offset > lastXref) return fixed;
    if (fixed.length > match.length) throw new Error(`unreachable: an /ID shorter than two 16-byte strings (${match})`);
    return fixed.padEnd(match.length, " ");
  });
  if (replaced === 0)
    throw new Error("the PDF has no /ID to replace: Ghostscript's output was not what this tool expects");
  return Buffer.from(result, "latin1");
}
