import { deflateSync } from "node:zlib";
import { PDFArray, PDFName, PDFRef, type PDFDocument, type PDFPage, type PDFRawStream } from "pdf-lib";
import { PAINTING, parseContentStream, writeContentStream, type Operation } from "../pdf/content-stream.js";
import { pageContentText } from "../pdf/pdf-objects.js";

/** Where a run of untagged operations must end: marked content may not straddle a text object or a saved state. */
const BOUNDARIES = new Set(["q", "Q", "BT", "ET"]);

/**
 * Marks everything Chromium paints outside a tagged sequence as an artifact (PDF/UA-1 7.1, Matterhorn 01-005):
 * the page's backgrounds, rules, borders, the scale's blocks and any text the accessibility tree left out
 * (content hidden from assistive technology: a decorative separator). Each run of such operations between two
 * tagged sequences becomes `/Artifact BMC … EMC`, split where a text object or a saved graphics state begins or
 * ends so that every sequence nests properly. Returns how many runs were marked.
 */
export function markUntaggedAsArtifacts(document: PDFDocument): number {
  let marked = 0;
  for (const page of document.getPages()) {
    const { operations, runs } = artifactRuns(parseContentStream(pageContentText(document, page)));
    if (runs === 0) continue;
    marked += runs;
    // One stream for the page (Chromium writes one), compressed as zlib does it everywhere: the same bytes each time.
    const bytes = deflateSync(Buffer.from(writeContentStream(operations), "latin1"), { level: 6 });
    const stream = document.context.stream(new Uint8Array(bytes), { Filter: "FlateDecode" });
    setPageContents(document, page, stream);
  }
  return marked;
}

/** Puts the stream in the place of the page's old content streams, which are removed (none stays in the file). */
function setPageContents(document: PDFDocument, page: PDFPage, stream: PDFRawStream): void {
  const old = page.node.get(PDFName.of("Contents"));
  const resolved = old instanceof PDFRef ? document.context.lookup(old) : old;
  const refs =
    resolved instanceof PDFArray
      ? resolved.asArray().filter((item): item is PDFRef => item instanceof PDFRef)
      : old instanceof PDFRef
        ? [old]
        : [];
  if (resolved instanceof PDFArray && old instanceof PDFRef) document.context.delete(old);
  const [first, ...rest] = refs;
  for (const ref of rest) document.context.delete(ref);
  if (first) document.context.assign(first, stream);
  page.node.set(PDFName.of("Contents"), first ?? document.context.register(stream));
}

/** The operations with every untagged painting run wrapped as an artifact, and how many runs were wrapped. */
export function artifactRuns(input: readonly Operation[]): { operations: Operation[]; runs: number } {
  const operations: Operation[] = [];
  let pending: Operation[] = [];
  let depth = 0;
  let runs = 0;
  const flush = () => {
    if (pending.some(({ operator }) => PAINTING.has(operator))) {
      operations.push({ operator: "BMC", operands: ["/Artifact"] }, ...pending, { operator: "EMC", operands: [] });
      runs += 1;
    } else {
      operations.push(...pending);
    }
    pending = [];
  };
  for (const operation of input) {
    const opens = operation.operator === "BMC" || operation.operator === "BDC";
    if (depth > 0) {
      operations.push(operation);
      if (opens) depth += 1;
      else if (operation.operator === "EMC") depth -= 1;
    } else if (opens) {
      flush();
      operations.push(operation);
      depth = 1;
    } else if (BOUNDARIES.has(operation.operator)) {
      flush();
      operations.push(operation);
    } else {
      pending.push(operation);
    }
  }
  flush();
  return { operations, runs };
}
