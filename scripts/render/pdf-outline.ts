import { PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFDocument, type PDFRef } from "pdf-lib";

/** A bookmark: its title, the page it opens (1-based) and its children. */
export interface OutlineEntry {
  title: string;
  page: number;
  children?: readonly OutlineEntry[];
}

/**
 * Writes the document's bookmarks from the known structure of the document.
 * Chromium's own outline joins the lines of a wrapped heading without a
 * space ("anorexianervosa"), so it is replaced.
 */
export function setOutline(document: PDFDocument, entries: readonly OutlineEntry[]): void {
  const { context } = document;
  const pages = document.getPages();
  const rootRef = context.nextRef();

  const addLevel = (
    items: readonly OutlineEntry[],
    parent: PDFRef,
  ): { first: PDFRef; last: PDFRef; count: number } | undefined => {
    const refs = items.map(() => context.nextRef());
    let count = 0;
    items.forEach((item, index) => {
      const ref = refs[index];
      const page = pages[item.page - 1];
      if (!ref || !page)
        throw new Error(
          `the outline entry "${item.title}" points at page ${item.page}, which the document does not have`,
        );
      const dict = context.obj({});
      dict.set(PDFName.of("Title"), PDFHexString.fromText(item.title));
      dict.set(PDFName.of("Parent"), parent);
      dict.set(PDFName.of("Dest"), context.obj([page.ref, PDFName.of("XYZ"), PDFNull, PDFNull, PDFNull]));
      const previous = refs[index - 1];
      const next = refs[index + 1];
      if (previous) dict.set(PDFName.of("Prev"), previous);
      if (next) dict.set(PDFName.of("Next"), next);
      const children = item.children && item.children.length > 0 ? addLevel(item.children, ref) : undefined;
      if (children) {
        dict.set(PDFName.of("First"), children.first);
        dict.set(PDFName.of("Last"), children.last);
        dict.set(PDFName.of("Count"), PDFNumber.of(children.count));
      }
      context.assign(ref, dict);
      count += 1 + (children?.count ?? 0);
    });
    const first = refs[0];
    const last = refs.at(-1);
    return first && last ? { first, last, count } : undefined;
  };

  const top = addLevel(entries, rootRef);
  const root: PDFDict = context.obj({ Type: "Outlines" });
  if (top) {
    root.set(PDFName.of("First"), top.first);
    root.set(PDFName.of("Last"), top.last);
    root.set(PDFName.of("Count"), PDFNumber.of(top.count));
  }
  context.assign(rootRef, root);
  document.catalog.set(PDFName.of("Outlines"), rootRef);
  document.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}
