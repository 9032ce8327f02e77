/**
 * For a quote that is not in the group's text: the sentence of the text it comes nearest to, and where the two
 * part, so that an editor sees at once the word that was changed in one place and not in the other.
 */
export interface NearestSentence {
  sentence: string;
  /** The quote's words where the two differ, with a word of context on either side ("" where it has none). */
  quoted: string;
  /** The text's words at the same place. */
  text: string;
}

/** The text's sentences, as a reader sees them: split after . ! ? followed by a space. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .split(/(?<=[.!?…])\s+(?=\S)/)
    .filter((sentence) => sentence !== "");
}

/** The nearest sentence, where one is near enough to be the one meant (at most a third of it differs). */
export function nearestSentence(quote: string, text: string): NearestSentence | undefined {
  const wanted = quote.replace(/\s+/g, " ").trim();
  let best: { sentence: string; distance: number } | undefined;
  for (const sentence of sentencesOf(text)) {
    const distance = editDistance(wanted, sentence);
    if (!best || distance < best.distance) best = { sentence, distance };
  }
  if (!best || best.distance > Math.max(wanted.length, best.sentence.length) / 3) return undefined;
  return { sentence: best.sentence, ...difference(wanted, best.sentence) };
}

/** Where two texts part: the words from the first difference to the last, a word of context either side. */
function difference(quote: string, sentence: string): { quoted: string; text: string } {
  let start = 0;
  while (start < quote.length && quote[start] === sentence[start]) start += 1;
  let end = 0;
  while (
    end < quote.length - start &&
    end < sentence.length - start &&
    quote[quote.length - 1 - end] === sentence[sentence.length - 1 - end]
  ) {
    end += 1;
  }
  const piece = (text: string) => {
    // Out to the word boundaries, and one more word either side.
    let from = start;
    for (let words = 0; from > 0 && words < 2; from -= 1) if (text[from - 1] === " ") words += 1;
    let to = text.length - end;
    for (let words = 0; to < text.length && words < 2; to += 1) if (text[to] === " ") words += 1;
    return text.slice(from, to).trim();
  };
  return { quoted: piece(quote), text: piece(sentence) };
}

/** Levenshtein distance by characters, in two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
