import type { Element, Root } from "hast";
import { SKIP, visit } from "unist-util-visit";
import { hyphenator } from "./hyphenation.js";

export interface Options {
  /** The language of the text; only languages with patterns below are hyphenated. */
  language: string;
  /** Words shorter than this are left whole. */
  minWordLength?: number;
}

const WHOLE = new Set(["code", "pre", "kbd", "samp", "script", "style", "a"]);

/**
 * Inserts soft hyphens (U+00AD) into the words of text nodes, so that long
 * Dutch compounds can break in narrow columns: Chromium on Linux ignores
 * `hyphens: auto`. Code, links and preformatted text are left whole.
 */
export default function rehypeHyphenate(options: Readonly<Options> | null | undefined) {
  const hyphenate = options ? hyphenator(options.language) : undefined;
  const minWordLength = options?.minWordLength ?? 10;
  return function transformer(tree: Root): undefined {
    if (!hyphenate) return;
    visit(tree, (node) => {
      if (node.type === "element" && WHOLE.has((node satisfies Element).tagName)) return SKIP;
      if (node.type === "text") node.value = hyphenate(node.value, { minWordLength });
      return undefined;
    });
  };
}
