import type { Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { finishFootnotes, type FootnoteWords } from "./footnotes.js";

/**
 * A content text (a group's body, the introduction) as HTML for one place in
 * a document: its footnotes' ids start with `prefix` (unique in the
 * document) and their heading and back links use the report's words.
 */
export function textHtml(tree: Root, prefix: string, words: FootnoteWords): string {
  return toHtml(finishFootnotes(tree, prefix, words));
}
