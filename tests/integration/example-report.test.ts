import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Report } from "../../scripts/config/schema.js";
import { launchBrowser, type LaunchedBrowser } from "../../scripts/render/launch-browser.js";
import { pdfInfo, pdfText } from "../helpers/pdf.js";
import { pdfOutline, pdfTags } from "../helpers/pdf-structure.js";
import { pdfjsText } from "../helpers/pdfjs-text.js";
import { axeViolations } from "../helpers/axe.js";
import { FIXTURES, removeTempDirs, ROOT, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * A second report, unlike the real one: English, three questions of four, three and six steps, ten groups, one
 * group the source does not answer at all. It is built with --content and --out, with no change to the tool, and
 * checked as the real report is.
 */
const EXAMPLE = path.join(FIXTURES, "reports", "example-en");
const SLUGS = [
  "old-harbour",
  "lantern-hill",
  "millbrook-fields",
  "north-quarry-estate",
  "saltmarsh-gardens",
  "bellfounders-quarter",
  "riverside-terraces",
  "kestrel-heights",
  "station-district",
  "fernbrook-commons",
];
const REPORT_PDF = "example-neighbourhoods";

/** Words of the Dutch strings file that are not English: none of them may reach an English output. */
async function dutchWords(): Promise<string[]> {
  const words = (file: string) =>
    readFile(path.join(ROOT, "templates", "strings", file), "utf8").then(
      (text) => new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? []),
    );
  const [nl, en] = await Promise.all([words("nl.json"), words("en.json")]);
  return [...nl].filter((word) => !en.has(word));
}

let out: string;
let launched: LaunchedBrowser;
let browser: Browser;

beforeAll(async () => {
  out = await tempDir();
  const run = await runCli(["build", "--content", EXAMPLE, "--out", out, "--print"]);
  if (run.code !== 0) throw new Error(run.stderr);
  launched = await launchBrowser();
  browser = launched.browser;
});
afterAll(async () => {
  await launched?.close();
  await removeTempDirs();
});

describe("a second report, in English with three questions, builds with no change to the tool", () => {
  it("writes a factsheet, an infographic and a print file per group, the index, overview and whole report", async () => {
    const listed = async (folder: string) => (await readdir(path.join(out, folder))).sort();
    const pdfs = [...SLUGS, REPORT_PDF, "overview"].map((name) => `${name}.pdf`).sort();
    expect(await listed("html")).toEqual(SLUGS.map((slug) => `${slug}.html`).sort());
    expect(await listed("pdf")).toEqual(pdfs);
    expect(await listed("print")).toEqual(pdfs);
    expect((await readdir(out)).filter((name) => !name.startsWith("."))).toEqual(
      expect.arrayContaining(["index.html", "CHANGES.md", "changes.json"]),
    );
  });

  it.each([...SLUGS, "overview", REPORT_PDF])("%s.pdf is tagged, in English, with its title", async (name) => {
    const file = path.join(out, "pdf", `${name}.pdf`);
    const document = await PDFDocument.load(await readFile(file));
    expect(document.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(en)");
    expect(document.catalog.get(PDFName.of("StructTreeRoot"))).toBeDefined();
    expect(pdfInfo(file).Title).toContain("Walking the Neighbourhoods");
    expect(pdfInfo(file).Pages).toBe(name === REPORT_PDF ? "14" : "1");
  });

  it("every HTML output is in English: lang, date, words", async () => {
    for (const file of ["index.html", ...SLUGS.map((slug) => `html/${slug}.html`)]) {
      const html = await readFile(path.join(out, file), "utf8");
      expect(html).toMatch(/^<!doctype html>\s*<html lang="en"/);
      expect(html).toContain("March 1, 2026");
    }
  });

  it("no Dutch word of the strings file reaches any output", async () => {
    const dutch = await dutchWords();
    expect(dutch).toEqual(expect.arrayContaining(["vraag", "aanbevelingen", "gearceerde"]));
    const texts = [
      ...(await Promise.all(
        ["index.html", "CHANGES.md", ...SLUGS.map((slug) => `html/${slug}.html`)].map((file) =>
          readFile(path.join(out, file), "utf8"),
        ),
      )),
      ...[...SLUGS, "overview", REPORT_PDF].map((name) => pdfText(path.join(out, "pdf", `${name}.pdf`))),
    ];
    for (const text of texts) {
      const words = new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
      expect(dutch.filter((word) => words.has(word))).toEqual([]);
    }
  });

  it("each group's page shows its three answers, with the question's own words where there is none", async () => {
    const text = (slug: string) => pdfText(path.join(out, "pdf", `${slug}.pdf`)).replace(/\s+/g, " ");
    // Three answers side by side: the text layer reads across them, so each is looked for on its own.
    for (const part of ["QUESTION 1", "QUESTION 2", "QUESTION 3", "Accessibility", "Local services"]) {
      expect(text("old-harbour")).toContain(part);
    }
    for (const [words, place] of [
      ["limited accessibility", "limited, step 2 of 4"],
      ["uneven upkeep", "uneven, step 2 of 3"],
      ["many services", "many, step 5 of 6"],
    ]) {
      expect(text("old-harbour")).toContain(`In the source: “${words}”`);
      expect(text("old-harbour")).toContain(`on the editors' scale: ${place}`);
    }
    // Every page says how to read its scales, and names the groups without a step.
    expect(text("old-harbour")).toContain("Question 1, no step: Fernbrook Commons (not answered in the source).");
    expect(text("old-harbour")).toContain("Recommendations");
    // Question 2 says its own words for no answer; the others fall back on the strings file's.
    expect(text("fernbrook-commons")).toContain("not inspected in the survey");
    // Its two answers, and the notes on questions 1 and 3 (Station District and Fernbrook Commons on 3).
    expect(text("fernbrook-commons").match(/not answered in the source/g)).toHaveLength(2 + 3);
    expect(text("fernbrook-commons")).toContain("The source makes no recommendation for this group.");
  });

  it("bookmarks every group's three questions, in the whole report too", async () => {
    expect(await pdfOutline(path.join(out, "pdf", "old-harbour.pdf"))).toEqual([
      "The Old Harbour",
      "  Question 1: Accessibility",
      "  Question 2: Upkeep of infrastructure",
      "  Question 3: Local services",
      "  Recommendations",
    ]);
    const outline = await pdfOutline(path.join(out, "pdf", `${REPORT_PDF}.pdf`));
    expect(outline.slice(0, 5)).toEqual([
      "Walking the Neighbourhoods",
      "Contents",
      "Introduction",
      "  The scales",
      "Overview",
    ]);
    expect(outline.filter((entry) => !entry.startsWith(" "))).toHaveLength(4 + SLUGS.length);
  });

  it("draws the overview of three questions as a table: a row per group, a meter per answer, hatched where none", async () => {
    const html = await readFile(path.join(out, "index.html"), "utf8");
    const start = html.indexOf('<table class="overview-table">');
    const table = html.slice(start, html.indexOf("</table>", start));
    expect(table.match(/<tr>/g)?.slice(1)).toHaveLength(SLUGS.length);
    expect(table.match(/<td class="overview-table__cell/g)).toHaveLength(3 * SLUGS.length);
    // Fernbrook Commons is unanswered on every question; Kestrel Heights and Station District on one each.
    expect(table.match(/overview-table__cell--lane/g)).toHaveLength(5);
    expect(table.match(/class="overview-table__meter"/g)).toHaveLength(3 * SLUGS.length - 5);
    expect(html).toContain("All groups on the 3 questions: a row per group, a column per question.");
    expect(html).toContain(
      "Hatched lane: groups without a step on a question. The source gives them no grade, or its words fit no step.",
    );
    const overview = pdfText(path.join(out, "pdf", "overview.pdf")).replace(/\s+/g, " ");
    expect(overview).toContain("Question 3: Local services");
    expect(overview).toContain("10 Fernbrook Commons");
    // Cells without an answer say so in the question's words: question 1 once, question 3 twice, question 2
    // (its own words) twice; the notes on the scales name each such group once more.
    expect(overview.match(/not answered in the source/g)).toHaveLength(3 + 3);
    expect(overview.match(/not inspected in the survey/g)).toHaveLength(2 + 2);
    // A table needs no alt text: its cells are text. The meters are decoration beside that text.
    const tags = (await pdfTags(path.join(out, "pdf", "overview.pdf"))).map((tag) => tag.type);
    expect(tags).toEqual(expect.arrayContaining(["Table", "TR", "TH", "TD"]));
    expect(tags).not.toContain("Figure");
  });

  it("gives every scale graphic an English text alternative", async () => {
    const figures = (await pdfTags(path.join(out, "pdf", "kestrel-heights.pdf"))).filter(
      (tag) => tag.type === "Figure",
    );
    expect(figures.map((figure) => figure.alt)).toEqual([
      expect.stringMatching(
        /^Accessibility: In the source: “[^”]+”; on the editors' scale: good, step 4 of 4\. scale: poor, limited, adequate, good\.$/,
      ),
      "Upkeep of infrastructure: not inspected in the survey. scale: neglected, uneven, well kept.",
      expect.stringMatching(
        /^Local services: In the source: “[^”]+”; on the editors' scale: none, step 1 of 6\. scale: none, /,
      ),
    ]);
  });

  it("hyphenates English words in the factsheets, and no soft hyphen reaches a PDF's text", async () => {
    const html = await readFile(path.join(out, "html", "old-harbour.html"), "utf8");
    expect(html).toContain("in\u00ADfra\u00ADstruc\u00ADture");
    for (const name of [...SLUGS, REPORT_PDF]) {
      const file = path.join(out, "pdf", `${name}.pdf`);
      expect(pdfText(file)).not.toContain("\u00AD");
      expect(await pdfjsText(file)).not.toContain("\u00AD");
    }
  });

  it("passes axe-core's WCAG 2.1 A and AA rules on the index and a factsheet", async () => {
    for (const file of ["index.html", "html/fernbrook-commons.html"]) {
      const violations = await axeViolations(browser, await readFile(path.join(out, file), "utf8"));
      expect(violations).toEqual([]);
    }
  });

  it("is shaped unlike the real report: three questions of four, three and six steps, in English", async () => {
    const report = Report.parse(parse(await readFile(path.join(EXAMPLE, "report.yml"), "utf8")));
    expect(report.language).toBe("en");
    expect(report.questions.map((question) => question.steps.length)).toEqual([4, 3, 6]);
  });
});
