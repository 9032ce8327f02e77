import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../../scripts/render/launch-browser.js";
import { pdfInfo, pdfText } from "../helpers/pdf.js";
import { pdfTags } from "../helpers/pdf-structure.js";
import { axeViolations } from "../helpers/axe.js";
import { copyToTemp, GROUP_SLUGS, removeTempDirs, tempDir, TEMPLATES } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { PDFDocument, PDFName, PDFBool, PDFDict } from "pdf-lib";

const SLUGS = GROUP_SLUGS;

let out: string;
let launched: LaunchedBrowser;
let browser: Browser;

beforeAll(async () => {
  out = await tempDir();
  const run = await runCli(["build", "--out", out]);
  if (run.code !== 0) throw new Error(run.stderr);
  launched = await launchBrowser();
  browser = launched.browser;
});
afterAll(async () => {
  await launched.close();
  await removeTempDirs();
});

describe("every HTML output passes axe-core's WCAG 2.1 A and AA rules in Chromium", () => {
  it.each(["index.html", ...SLUGS.map((slug) => `html/${slug}.html`)])("%s", async (file) => {
    const violations = await axeViolations(browser, await readFile(path.join(out, file), "utf8"));
    expect(violations).toEqual([]);
  });
});

describe("every screen PDF is accessible", () => {
  it.each([...SLUGS, "overzicht", "zicht-op-kwetsbaarheid"])(
    "%s.pdf: tagged, /Lang nl, title shown in the window, figures with alt text",
    async (name) => {
      const file = path.join(out, "pdf", `${name}.pdf`);
      expect(pdfInfo(file).Tagged).toBe("yes");
      const document = await PDFDocument.load(await readFile(file));
      expect(document.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(nl)");
      const preferences = document.catalog.lookupMaybe(PDFName.of("ViewerPreferences"), PDFDict);
      expect(preferences?.get(PDFName.of("DisplayDocTitle"))).toBe(PDFBool.True);
      const tags = await pdfTags(file);
      const figures = tags.filter((tag) => tag.type === "Figure");
      expect(figures.length).toBeGreaterThan(0);
      for (const figure of figures) expect(figure.alt?.length ?? 0).toBeGreaterThan(20);
      const headings = tags.filter((tag) => /^H[1-6]$/.test(tag.type)).map((tag) => Number(tag.type.slice(1)));
      expect(headings[0]).toBe(1);
      for (let index = 1; index < headings.length; index += 1)
        expect((headings[index] ?? 0) - (headings[index - 1] ?? 0)).toBeLessThanOrEqual(1);
    },
  );

  it.each(SLUGS)("%s.pdf reads in order: title, answers, the notes on the scales, text, recommendations", (slug) => {
    const text = pdfText(path.join(out, "pdf", `${slug}.pdf`));
    const order = [
      "Kwetsbaarheid",
      "Richten mensenhandelaren zich specifiek op deze groep?",
      "Zo leest u de schalen",
      "Aanbevelingen",
      "Over dit onderzoek",
      "pagina 1 van 1",
    ].map((marker) => text.indexOf(marker));
    for (const position of order) expect(position).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("the accessibility report (toegankelijkheid.md) that every build writes", () => {
  it("has a row for every screen PDF and HTML output: its title, language, figures with text and the result", async () => {
    const report = await readFile(path.join(out, "toegankelijkheid.md"), "utf8");
    const rows = report.split("\n").filter((line) => /^\| (?:html|pdf|index)/.test(line));
    expect(rows.map((row) => row.split(" | ")[0]?.slice(2))).toEqual(
      [
        ...SLUGS.map((slug) => `html/${slug}.html`),
        "index.html",
        ...[...SLUGS, "overzicht", "zicht-op-kwetsbaarheid"].map((slug) => `pdf/${slug}.pdf`),
      ].sort((a, b) => a.localeCompare(b, "en")),
    );
    expect(rows).toContain(
      "| pdf/isis.pdf | pdf (PDF/UA-1) | Kinderen die zich willen voegen bij ISIS · Zicht op kwetsbaarheid | nl | " +
        "2 van 2 | geen bevindingen |",
    );
    expect(rows).toContain(
      "| html/roma-kinderen.html | HTML (WCAG 2.1 AA) | Roma-kinderen · Zicht op kwetsbaarheid | nl | 2 van 2 | " +
        "geen bevindingen |",
    );
    expect(rows.every((row) => row.endsWith("| geen bevindingen |"))).toBe(true);
    expect(report).toContain("## Nog door een mens na te kijken");
    expect(report).toContain("Of de leesvolgorde in een schermlezer de logische is");
    expect(report).not.toContain("## Bevindingen");
  });

  it("lists what the checks found in a file: an image without alternative text in the HTML", async () => {
    const templates = await copyToTemp(TEMPLATES);
    const file = path.join(templates, "factsheet.hbs");
    const image =
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20" ' +
      'style="position: absolute; top: 0; left: 0">';
    await writeFile(file, (await readFile(file, "utf8")).replace("<main", `${image}<main`));
    const broken = await tempDir();
    const run = await runCli(["build", "--only", "isis", "--templates", templates, "--out", broken]);
    expect(run.code, run.stderr).toBe(0);
    const report = await readFile(path.join(broken, "toegankelijkheid.md"), "utf8");
    expect(report).toContain(
      "| html/isis.html | HTML (WCAG 2.1 AA) | Kinderen die zich willen voegen bij ISIS · Zicht op kwetsbaarheid | " +
        "nl | 2 van 3 | 1 bevinding |",
    );
    expect(report.slice(report.indexOf("## Bevindingen"))).toContain(
      "### html/isis.html\n\n- image-alt: Images must have alternative text (img)\n",
    );
  });
});
