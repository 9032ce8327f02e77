import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../../scripts/render/launch-browser.js";
import { pdfInfo, pdfText } from "../helpers/pdf.js";
import { pdfTags } from "../helpers/pdf-structure.js";
import { axeViolations, WCAG_21_AA } from "../helpers/axe.js";
import { GROUP_SLUGS, removeTempDirs, tempDir } from "../helpers/paths.js";
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
    const violations = await axeViolations(browser, await readFile(path.join(out, file), "utf8"), WCAG_21_AA);
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

  it.each(SLUGS)("%s.pdf reads in order: title, grade, text, recommendations", (slug) => {
    const text = pdfText(path.join(out, "pdf", `${slug}.pdf`));
    const order = [
      "Kwetsbaarheid",
      "Richten mensenhandelaren zich op deze groep?",
      "Aanbevelingen",
      "Over dit onderzoek",
      "pagina 1 van 1",
    ].map((marker) => text.indexOf(marker));
    for (const position of order) expect(position).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
