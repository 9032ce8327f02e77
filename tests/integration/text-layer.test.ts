import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfjsText } from "../helpers/pdfjs-text.js";
import { CONTENT, removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The PDFs' text layer is the text: a reader who searches, copies or listens gets every sentence of a group's
 * text back as it was written. No word is broken at a line's end (the PDFs are printed without soft hyphens),
 * so a line break is a space, or nothing after a real hyphen ("LHBT-" / "kinderen"). Read back with poppler
 * (`pdftotext -raw`: Evince, Okular, copy and paste) and pdf.js (Firefox).
 */

interface GroupSource {
  slug: string;
  sentences: string[];
}

let out: string;
const groups: GroupSource[] = [];

beforeAll(async () => {
  out = await tempDir();
  const run = await runCli(["build", "--format", "pdf", "--out", out]);
  expect(run.code, run.stderr).toBe(0);
  for (const name of (await readdir(path.join(CONTENT, "groups"))).sort()) {
    const source = await readFile(path.join(CONTENT, "groups", name), "utf8");
    const [, , body = ""] = source.split(/^---$/m);
    const text = body.replace(/\s+/g, " ").trim();
    groups.push({ slug: name.replace(/\.md$/, ""), sentences: text.split(/(?<=[.!?]) (?=[A-Z“"])/u) });
  }
});
afterAll(removeTempDirs);

const EXTRACTORS = [
  { name: "pdftotext -raw", text: async (file: string) => rawText(file) },
  { name: "pdf.js", text: pdfjsText },
];

function rawText(file: string): string {
  return execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

/**
 * The sentence as a pattern over extracted text: a space may be any line break or run of white space; a line
 * break may stand after a hyphen that joins two words. Every letter must be there, in one piece.
 */
function sentencePattern(sentence: string): RegExp {
  const escaped = sentence
    .split(" ")
    .map((word) =>
      word
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .split("-")
        .join("-\\n?"),
    )
    .join("\\s+");
  return new RegExp(escaped, "u");
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

  it.each(EXTRACTORS)(
    "gives back every sentence of each group's text verbatim, in its PDF and in the whole report ($name)",
    async ({ text }) => {
      const report = await text(path.join(out, "pdf", "zicht-op-kwetsbaarheid.pdf"));
      const sentences = groups.flatMap((group) => group.sentences);
      expect(groups).toHaveLength(7);
      expect(sentences.length).toBe(28);
      const missing: string[] = [];
      for (const group of groups) {
        const own = await text(path.join(out, "pdf", `${group.slug}.pdf`));
        for (const sentence of group.sentences) {
          if (!sentencePattern(sentence).test(own)) missing.push(`${group.slug}.pdf: ${sentence}`);
          if (!sentencePattern(sentence).test(report)) missing.push(`zicht-op-kwetsbaarheid.pdf: ${sentence}`);
        }
      }
      expect(missing).toEqual([]);
    },
  );

  it("keeps a real hyphen: “homo- en biseksuele” reads back with its hyphen, at a line's end or not", async () => {
    const lines = rawText(path.join(out, "pdf", "lhbt-kinderen.pdf"));
    expect(lines).toMatch(/homo-\s+en biseksuele/);
  });

  it("breaks no word of the overview's labels over two lines", async () => {
    for (const { text } of EXTRACTORS) {
      const extracted = await text(path.join(out, "pdf", "overzicht.pdf"));
      // A label breaks only after a hyphen of its own ("Roma-" / "kinderen"): joined there, every word is whole.
      const joined = extracted.replace(/-\n/g, "-");
      for (const word of ["Roma-kinderen", "LHBT-kinderen"]) expect(joined).toContain(word);
      expect(joined).toMatch(/(^|\s)productieketens(\s|$)/);
    }
  });
});
