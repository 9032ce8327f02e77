import { inflateSync } from "node:zlib";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
} from "pdf-lib";

/** The object itself, or the object a reference points to. */
export function resolve(document: PDFDocument, object: PDFObject | undefined): PDFObject | undefined {
  return object instanceof PDFRef ? document.context.lookup(object) : object;
}

/**
 * A stream's decoded bytes as latin1 text (one character per byte). A stream compressed with FlateDecode alone (as
 * Chromium and this tool write every one) is inflated by Node's zlib, many times faster than pdf-lib's decoder,
 * which takes every other filter.
 */
export function streamText(stream: PDFStream): string {
  if (stream instanceof PDFRawStream) {
    const filter = stream.dict.get(PDFName.of("Filter"));
    const flate = filter instanceof PDFName ? filter.decodeText() === "FlateDecode" : false;
    if (flate && !stream.dict.has(PDFName.of("DecodeParms"))) {
      return inflateSync(stream.getContents()).toString("latin1");
    }
    return Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
  }
  return Buffer.from(stream.getContents()).toString("latin1");
}

/** A page's content, its streams joined in order (a page may have one stream or an array of them). */
export function pageContentText(document: PDFDocument, page: PDFPage): string {
  const contents = resolve(document, page.node.get(PDFName.of("Contents")));
  const streams = contents instanceof PDFArray ? contents.asArray().map((item) => resolve(document, item)) : [contents];
  return streams
    .filter((stream): stream is PDFStream => stream instanceof PDFStream)
    .map(streamText)
    .join("\n");
}

/** The name's text without its slash, or undefined when the object is no name. */
export function nameOf(object: PDFObject | undefined): string | undefined {
  return object instanceof PDFName ? object.decodeText() : undefined;
}

/** The dictionary's entry, resolved. */
export function entry(document: PDFDocument, dict: PDFDict, key: string): PDFObject | undefined {
  return resolve(document, dict.get(PDFName.of(key)));
}

/** The kids of a structure element (/K) as a list, each resolved, with the reference it was reached by. */
export function structureKids(
  document: PDFDocument,
  element: PDFDict,
): { object: PDFObject | undefined; ref: PDFRef | undefined }[] {
  const kids = element.get(PDFName.of("K"));
  const list = resolve(document, kids);
  const items = list instanceof PDFArray ? list.asArray() : kids === undefined ? [] : [kids];
  return items.map((item) => ({ object: resolve(document, item), ref: item instanceof PDFRef ? item : undefined }));
}

/** Whether a structure tree kid is a structure element (not a marked-content or object reference, not an MCID). */
export function isStructureElement(document: PDFDocument, object: PDFObject | undefined): object is PDFDict {
  if (!(object instanceof PDFDict)) return false;
  const type = nameOf(entry(document, object, "Type"));
  return type !== "MCR" && type !== "OBJR";
}
