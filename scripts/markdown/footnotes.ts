import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";

export interface FootnoteWords {
  /** The heading of the notes, e.g. "Notes". */
  label: string;
  /** The accessible name of a link back to the text; `{number}` is the note's number. */
  back: string;
  /** The visible text of that link. */
  backText: string;
}

/** remark-rehype names footnote ids with this prefix, and rehype-sanitize adds it once more. */
const CLOBBER = /^(?:user-content-)+/;

/**
 * Gives a text's footnotes ids of their own and the report's words. Every
 * id (and every `#` link and ARIA reference to one) gets `prefix`, so that
 * several texts can share one document (the whole report) and every link
 * lands on its note; the notes' heading and back links get `words`.
 * Works on a copy: the content's tree is left as it is.
 */
export function finishFootnotes(tree: Root, prefix: string, words: FootnoteWords): Root {
  const copy = structuredClone(tree);
  const own = (value: string) => `${prefix}${value.replace(CLOBBER, "")}`;
  let note = 0;
  visit(copy, "element", (node: Element) => {
    const { properties } = node;
    // Notes are numbered in order, as their references show them (a note's label may be a word: [^source]).
    if (node.tagName === "li" && typeof properties.id === "string" && /(?:^|-)fn-/.test(properties.id)) note += 1;
    if (typeof properties.id === "string") properties.id = own(properties.id);
    for (const key of ["ariaDescribedBy", "ariaLabelledBy"] as const) {
      const value = properties[key];
      if (Array.isArray(value)) properties[key] = value.map((part) => own(String(part)));
      else if (typeof value === "string") properties[key] = [own(value)];
    }
    if (node.tagName === "a" && typeof properties.href === "string" && properties.href.startsWith("#")) {
      properties.href = `#${own(properties.href.slice(1))}`;
    }
    if (typeof properties.id === "string" && properties.id.endsWith("footnote-label")) {
      node.children = [{ type: "text", value: words.label }];
    }
    if (properties.dataFootnoteBackref !== undefined) {
      properties.ariaLabel = words.back.replace("{number}", String(note));
      node.children = [{ type: "text", value: words.backText }];
    }
  });
  return copy;
}
