import { WORDS_GAP } from "../config/schema.js";
import { collapse } from "./plain-text.js";

/**
 * How the source's words are matched: a label against its quote, a qualifier against a part of a sentence, a
 * question's phrasing against a quoted sentence. All compare without case, by the content language's rules,
 * with white space collapsed.
 */

export function normalText(text: string, language: string): string {
  return collapse(text).toLocaleLowerCase(language);
}

const LETTER = "[\\p{L}\\p{N}]";

/**
 * Whether `text` contains `phrase` as whole words; a `…` in the phrase stands for any words between
 * ("traffickers … target" is in "traffickers really target").
 */
export function containsPhrase(text: string, phrase: string, language: string): boolean {
  const parts = normalText(phrase, language)
    .split(WORDS_GAP)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (parts.length === 0) return false;
  const pattern = new RegExp(`(?<!${LETTER})${parts.join(`(?!${LETTER}).*?(?<!${LETTER})`)}(?!${LETTER})`, "u");
  return pattern.test(normalText(text, language));
}

/** A piece of a label found in the quote: where it starts and ends in the quote's normal text. */
interface Found {
  start: number;
  end: number;
}

/**
 * Finds the pieces of a label in the quoted sentences, each after the one before; null when one is not there.
 * `quote` is the sentences joined with a space, in normal text.
 */
function findPieces(pieces: readonly string[], quote: string, language: string): Found[] | null {
  const found: Found[] = [];
  let from = 0;
  for (const piece of pieces) {
    const needle = normalText(piece, language);
    const start = quote.indexOf(needle, from);
    if (start < 0) return null;
    found.push({ start, end: start + needle.length });
    from = start + needle.length;
  }
  return found;
}

/** Whether every piece of the label occurs in the quote, in the label's order. */
export function piecesInQuote(pieces: readonly string[], sentences: readonly string[], language: string): boolean {
  return findPieces(pieces, normalText(sentences.join(" "), language), language) !== null;
}

/** Where a sentence's parts end: at a comma, semicolon, colon, dash or bracket, and at the end of a sentence. */
const PART_END = /[,;:()–—]|[.!?](?=\s|$)/gu;

/**
 * The qualifiers (`seems`, `on a large scale`) of the parts of the quote a label's pieces come from that the
 * label itself does not carry. A part runs from one comma (or other break) to the next, so that "although there
 * are signals …, there also seem to be" asks "seem" only of a label that takes words after the comma.
 */
export function lostQualifiers(
  words: string,
  pieces: readonly string[],
  sentences: readonly string[],
  qualifiers: readonly string[],
  language: string,
): string[] {
  const quote = normalText(sentences.join(" "), language);
  const found = findPieces(pieces, quote, language);
  if (!found) return [];
  const ends = [...quote.matchAll(PART_END)].map((match) => match.index);
  const parts: string[] = [];
  let start = 0;
  for (const end of [...ends, quote.length]) {
    if (found.some((piece) => piece.start < end + 1 && piece.end > start)) parts.push(quote.slice(start, end));
    start = end + 1;
  }
  const source = parts.join(" ");
  return qualifiers.filter(
    (qualifier) => containsPhrase(source, qualifier, language) && !containsPhrase(words, qualifier, language),
  );
}
