import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { accessibilityReport, accessibilityReportFile } from "../../scripts/accessibility/accessibility-report.js";
import { Strings } from "../../scripts/config/schema.js";
import type { OutputRecord } from "../../scripts/output/build-manifest.js";
import { ROOT, TEMPLATES } from "../helpers/paths.js";
import { CHECKED_CONDITIONS } from "../../scripts/accessibility/pdf-ua-check.js";

async function strings(language: string) {
  return Strings.parse(JSON.parse(await readFile(path.join(TEMPLATES, "strings", `${language}.json`), "utf8")));
}

const audit = { title: "ISIS | Zicht", language: "nl", figures: 2, figuresWithText: 2 };
const outputs: Record<string, OutputRecord> = {
  "pdf/isis.pdf": { key: "a", sha256: "b", kind: "pdf", audit: { ...audit, findings: [] } },
  "html/isis.html": {
    key: "c",
    sha256: "d",
    kind: "html",
    audit: { ...audit, figuresWithText: 1, findings: ["image-alt: Images must have alternative text (img)"] },
  },
  "print/isis.pdf": { key: "e", sha256: "f", kind: "print" },
  "pdf/overzicht.pdf": {
    key: "g",
    sha256: "h",
    kind: "pdf",
    audit: { ...audit, findings: ["13-004: a Figure has no /Alt", "28-012: a link has no /Contents"] },
  },
};

describe("the accessibility report", () => {
  it("is named by the strings file: toegankelijkheid.md, accessibility.md", async () => {
    expect(accessibilityReportFile(await strings("nl"))).toBe("toegankelijkheid.md");
    expect(accessibilityReportFile(await strings("en"))).toBe("accessibility.md");
  });

  it("has a row per screen file (never a print file), then each file's findings, then the human checks", async () => {
    const report = accessibilityReport(outputs, await strings("nl"));
    const table = report.split("\n").filter((line) => line.startsWith("| "));
    expect(table).toEqual([
      "| Bestand | Soort | Titel | Taal | Figuren met alternatieve tekst | Machinecontrole |",
      "| --- | --- | --- | --- | --- | --- |",
      "| html/isis.html | HTML (WCAG 2.1 AA) | ISIS \\| Zicht | nl | 1 van 2 | 1 bevinding |",
      "| pdf/isis.pdf | pdf (PDF/UA-1) | ISIS \\| Zicht | nl | 2 van 2 | geen bevindingen |",
      "| pdf/overzicht.pdf | pdf (PDF/UA-1) | ISIS \\| Zicht | nl | 2 van 2 | 2 bevindingen |",
    ]);
    expect(report).toContain(
      "## Bevindingen\n\n### html/isis.html\n\n- image-alt: Images must have alternative text (img)\n\n" +
        "### pdf/overzicht.pdf\n\n- 13-004: a Figure has no /Alt\n- 28-012: a link has no /Contents\n",
    );
    expect(report.indexOf("## Nog door een mens na te kijken")).toBeGreaterThan(report.indexOf("## Bevindingen"));
    expect(report).toContain("print/");
  });

  it("says a file it has no result for was not checked", async () => {
    const report = accessibilityReport({ "index.html": { key: "k", sha256: "s", kind: "html" } }, await strings("en"));
    expect(report).toContain(
      "| index.html | HTML (WCAG 2.1 AA) |  |  |  | not checked: a build of HTML alone (--format html) starts no browser; build with the PDFs to check it |",
    );
  });
});

describe("docs/engineering.md names what the PDF/UA-1 check checks", () => {
  it("every condition of CHECKED_CONDITIONS, and no other, in its list", async () => {
    const readme = await readFile(path.join(ROOT, "docs/engineering.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("**Our own machine check**"),
      readme.indexOf("**The accessibility report.**"),
    );
    const listed = [...section.matchAll(/\b(\d\d-\d\d\d)\b/g)].map((match) => match[1]);
    expect(listed).toEqual(Object.keys(CHECKED_CONDITIONS).filter((id) => id.includes("-")));
    expect(section).toContain("checkpoint 31");
  });
});
