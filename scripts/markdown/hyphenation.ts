import { createRequire } from "node:module";

/** Inserts soft hyphens (U+00AD) at a text's hyphenation points; words shorter than minWordLength stay whole. */
export type Hyphenate = (text: string, options: { minWordLength: number }) => string;

/**
 * The hyphenation patterns of a language (npm package `hyphen`, which has
 * them for some eighty languages): `en-GB` takes `hyphen/en-gb`, or else
 * `hyphen/en`; undefined where there are none.
 */
function patternsOf(language: string): string | undefined {
  const tag = language.toLowerCase();
  for (const candidate of [tag, tag.split("-")[0] ?? tag]) {
    if (!/^[a-z]{2,3}(?:-[a-z]{2})?$/.test(candidate)) continue;
    try {
      return load.resolve(`hyphen/${candidate}/index.js`);
    } catch {
      // no patterns for this tag; try the language without its region
    }
  }
  return undefined;
}

const load = createRequire(import.meta.url);
const loaded = new Map<string, Hyphenate>();

function isPatterns(value: unknown): value is { hyphenateSync: Hyphenate } {
  return (
    typeof value === "object" && value !== null && "hyphenateSync" in value && typeof value.hyphenateSync === "function"
  );
}

/**
 * The hyphenator of a language, or undefined where there are no patterns.
 * Patterns are loaded on first use (they take a while to load, and most
 * builds with nothing to do never need them).
 */
export function hyphenator(language: string): Hyphenate | undefined {
  const known = loaded.get(language);
  if (known) return known;
  const id = patternsOf(language);
  if (!id) return undefined;
  const patterns: unknown = load(id);
  if (!isPatterns(patterns)) throw new Error(`the hyphenation patterns ${id} do not have hyphenateSync`);
  const hyphenate: Hyphenate = (text, options) => patterns.hyphenateSync(text, options);
  loaded.set(language, hyphenate);
  return hyphenate;
}

/** A word's hyphenation points in the given language ("men\u00ADsen\u00ADhan\u00ADdel"), or the word as it is. */
export function hyphenateWord(word: string, language: string): string {
  return hyphenator(language)?.(word, { minWordLength: 5 }) ?? word;
}
