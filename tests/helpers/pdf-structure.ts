import { readFile } from "node:fs/promises";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from "pdf-lib";

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** The PDF's bookmarks (outline), depth-first, indented two spaces per level. */
export async function pdfOutline(file: string): Promise<string[]> {
  const document = await PDFDocument.load(await readFile(file));
  const outlines = document.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  const result: string[] = [];
  const visit = (item: PDFDict | undefined, depth: number): void => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      result.push(`${"  ".repeat(depth)}${text(node.lookup(PDFName.of("Title"))) ?? ""}`);
      visit(node.lookupMaybe(PDFName.of("First"), PDFDict), depth + 1);
    }
  };
  visit(outlines?.lookupMaybe(PDFName.of("First"), PDFDict), 0);
  return result;
}

/** Every structure element of the tag tree with its type, and its /Alt where it has one. */
export async function pdfTags(file: string): Promise<{ type: string; alt: string | undefined }[]> {
  const document = await PDFDocument.load(await readFile(file));
  const root = document.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  const tags: { type: string; alt: string | undefined }[] = [];
  const visit = (node: PDFObject | undefined): void => {
    const resolved = node instanceof PDFRef ? document.context.lookup(node) : node;
    if (resolved instanceof PDFArray) {
      for (let index = 0; index < resolved.size(); index += 1) visit(resolved.get(index));
      return;
    }
    if (!(resolved instanceof PDFDict)) return;
    const type = resolved.get(PDFName.of("S"));
    if (type instanceof PDFName) tags.push({ type: type.decodeText(), alt: text(resolved.lookup(PDFName.of("Alt"))) });
    visit(resolved.get(PDFName.of("K")));
  };
  visit(root?.get(PDFName.of("K")));
  return tags;
}

/** Every internal link of the document: the page it is on and the page its named destination leads to (1-based). */
export async function pdfInternalLinks(file: string): Promise<{ from: number; to: number | undefined }[]> {
  const document = await PDFDocument.load(await readFile(file));
  const pages = document.getPages().map((page) => page.ref.toString());
  const dests = document.catalog.lookupMaybe(PDFName.of("Dests"), PDFDict);
  const links: { from: number; to: number | undefined }[] = [];
  document.getPages().forEach((page, index) => {
    const annotations = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    for (let at = 0; at < (annotations?.size() ?? 0); at += 1) {
      const dest = annotations?.lookupMaybe(at, PDFDict)?.get(PDFName.of("Dest"));
      if (!(dest instanceof PDFName)) continue;
      const target = dests?.lookupMaybe(dest, PDFArray)?.get(0);
      links.push({ from: index + 1, to: target ? pages.indexOf(target.toString()) + 1 || undefined : undefined });
    }
  });
  return links;
}
