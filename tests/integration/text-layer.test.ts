import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLines } from "../helpers/pdf.js";
import { pdfjsText } from "../helpers/pdfjs-text.js";
import { CONTENT, removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The PDFs' text layer is the text: the soft hyphens that break long Dutch
 * words on the page never reach a reader who searches, copies or listens.
 * Read back with poppler (Evince, Okular, pdftotext) and pdf.js (Firefox).
 */

interface GroupSource {
  slug: string;
  body: string;
  /** The line that ends the findings: the quote of question 2, or the words for no answer. */
  findingsEnd: string;
}

let out: string;
const groups: GroupSource[] = [];

beforeAll(async () => {
  out = await tempDir();
  const run = await runCli(["build", "--format", "pdf", "--out", out]);
  expect(run.code, run.stderr).toBe(0);
  for (const name of (await readdir(path.join(CONTENT, "groups"))).sort()) {
    const source = await readFile(path.join(CONTENT, "groups", name), "utf8");
    const [, frontMatter = "", body = ""] = source.split(/^---$/m);
    const words = /^ {2}evidence:\n(?: {4}.*\n)*? {4}words: (.+)$/m.exec(frontMatter)?.[1];
    groups.push({
      slug: name.replace(/\.md$/, ""),
      body,
      findingsEnd: words ? `In de bron: “${words}”` : "niet beoordeeld in de bron",
    });
  }
});
afterAll(removeTempDirs);

const EXTRACTORS = [
  { name: "poppler", text: async (file: string) => pdfLines(file) },
  { name: "pdf.js", text: pdfjsText },
];

/** A word broken at a line's end ("men-" / "senhandel") read as one, as a reader's search does. */
function joinBrokenWords(text: string): string {
  return text.replace(/(\p{L})-\n(\p{Ll})/gu, "$1$2");
}

function count(text: string, word: string): number {
  return text.toLowerCase().split(word).length - 1;
}

/**
 * Occurrences of `word` broken at a line's end whose second half poppler puts
 * further down (it reads two columns line by line): "men-" ending a line.
 */
function brokenAtLineEnd(text: string, word: string): number {
  return text
    .toLowerCase()
    .split("\n")
    .filter((line) => {
      const fragment = /(?:^|[^\p{L}])(\p{L}{2,})-$/u.exec(line)?.[1];
      return fragment !== undefined && word.startsWith(fragment) && fragment !== word;
    }).length;
}

describe("the PDFs' text layer", () => {
  it.each(EXTRACTORS)("holds no soft hyphen in any PDF ($name)", async ({ text }) => {
    const files = (await readdir(path.join(out, "pdf"))).filter((name) => name.endsWith(".pdf"));
    expect(files).toHaveLength(9);
    for (const file of files) {
      const extracted = await text(path.join(out, "pdf", file));
      expect(extracted.length, file).toBeGreaterThan(500);
      expect(extracted.includes("\u00AD"), `a soft hyphen in ${file}`).toBe(false);
    }
  });

  it.each(EXTRACTORS)("finds every “mensenhandel” of each group's text in its PDF ($name)", async ({ text }) => {
    expect(groups).toHaveLength(7);
    expect(groups.reduce((sum, group) => sum + count(group.body, "mensenhandel"), 0)).toBeGreaterThan(10);
    for (const group of groups) {
      const expected = count(group.body, "mensenhandel");
      const extracted = joinBrokenWords(await text(path.join(out, "pdf", `${group.slug}.pdf`)));
      const start = extracted.indexOf(group.findingsEnd);
      const end = extracted.indexOf("Aanbevelingen", start);
      expect(start, `${group.slug}: the findings end with “${group.findingsEnd}”`).toBeGreaterThan(0);
      expect(end, `${group.slug}: the recommendations follow the text`).toBeGreaterThan(start);
      const region = extracted.slice(start, end);
      // Every occurrence is found whole, except one broken at a line's end (counted as such).
      expect(count(region, "mensenhandel") + brokenAtLineEnd(region, "mensenhandel"), group.slug).toBe(expected);
    }
  });

  it("keeps the page's hyphenation: a word broken at a line's end extracts as “men-” and the rest", async () => {
    const broken: string[] = [];
    for (const group of groups) {
      const lines = await pdfjsText(path.join(out, "pdf", `${group.slug}.pdf`));
      broken.push(...[...lines.matchAll(/(\p{L}+)-\n(\p{Ll}+)/gu)].map((match) => `${match[1]}-|${match[2]}`));
    }
    // Soft hyphens did their work on the page: long compounds break at line ends, with a visible hyphen.
    expect(broken.length).toBeGreaterThan(3);
    expect(broken).toContain("kwetsbaar-|heid");
  });
});
