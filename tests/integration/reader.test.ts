import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "../helpers/pdf.js";
import { pdfjsText } from "../helpers/pdfjs-text.js";
import { pdfTags } from "../helpers/pdf-structure.js";
import { CONTENT, TEMPLATES, copyToTemp, removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli, type CliRun } from "../helpers/run-cli.js";

/** The reader gets all of the text: headings nested, footnotes that work, no word clipped. */

const LONG = "Mensenhandelslachtofferidentificatieprocedurekinderen";

/** ISIS's text, shortened to make room, with headings that skip levels and two footnotes. */
const ISIS_BODY = `
#### Kwetsbaarheid

Kinderen die zich willen voegen bij ISIS lijken een matige kwetsbaarheid te kennen voor mensenhandel.[^profiel]

# Bewijs

## Ronselaars

Hoewel er signalen zijn dat de methodieken die ronselaars voor ISIS gebruiken om kwetsbare minderjarigen te rekruteren overeenkomen met de loverboymethode, lijken er ook jongeren te zijn die zich willens en wetens bij ISIS voegen. Op dit moment is er dan ook geen bewijs dat ronselaars voor ISIS als mensenhandelaar kunnen worden beschouwd.[^2]

[^profiel]: Een noot bij de kwetsbaarheid.
[^2]: Een noot bij het bewijs.
`;

let content: string;
let out: string;
let run: CliRun;

beforeAll(async () => {
  content = await copyToTemp(CONTENT);
  const isis = path.join(content, "groups", "isis.md");
  const source = await readFile(isis, "utf8");
  await writeFile(isis, `${source.slice(0, source.indexOf("\n---\n") + 5)}${ISIS_BODY}`);
  const roma = path.join(content, "groups", "roma-kinderen.md");
  await writeFile(roma, (await readFile(roma, "utf8")).replace("title: Roma-kinderen", `title: ${LONG}`));
  out = await tempDir();
  run = await runCli(["build", "--content", content, "--out", out]);
});
afterAll(removeTempDirs);

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
}

describe("headings in a group's text", () => {
  it("are placed below the page's title and never skip a level, in the HTML", async () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const html = (await readFile(path.join(out, "html", "isis.html"), "utf8")).replaceAll("\u00AD", "");
    expect(html).toContain("<h2>Kwetsbaarheid</h2>");
    expect(html).toContain("<h2>Bewijs</h2>");
    expect(html).toContain("<h3>Ronselaars</h3>");
    const levels = headingLevels(html);
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    for (let index = 1; index < levels.length; index += 1)
      expect(levels[index]! - levels[index - 1]!).toBeLessThanOrEqual(1);
  });

  it("nest the same way in the tagged PDF", async () => {
    const levels = (await pdfTags(path.join(out, "pdf", "isis.pdf")))
      .filter((tag) => /^H[1-6]$/.test(tag.type))
      .map((tag) => Number(tag.type.slice(1)));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    expect(levels).toContain(3);
    for (let index = 1; index < levels.length; index += 1)
      expect(levels[index]! - levels[index - 1]!).toBeLessThanOrEqual(1);
  });
});

describe("footnotes", () => {
  it("link to their notes and back, with ids unique to the group, in the factsheet", async () => {
    const html = await readFile(path.join(out, "html", "isis.html"), "utf8");
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(targets).toEqual(["isis-fn-profiel", "isis-fn-2", "isis-fnref-profiel", "isis-fnref-2"]);
    for (const target of targets) expect(ids).toContain(target);
    expect(html).toContain('<h2 class="sr-only" id="isis-footnote-label">Noten</h2>');
    expect(html).toContain('aria-label="Terug naar verwijzing 1"');
    expect(html).toContain('aria-label="Terug naar verwijzing 2"');
    expect(html).not.toMatch(/Footnotes|Back to reference|user-content-/);
  });

  it("are printed with the report's words in the PDF, in the report's own font", async () => {
    const text = pdfText(path.join(out, "pdf", "isis.pdf"));
    expect(text).toContain("Een noot bij de kwetsbaarheid. terug");
    expect(text).not.toMatch(/Footnotes|Back to reference/);
  });
});

describe("a title too long for its line", () => {
  it("wraps and is never clipped: every letter is in the infographic and the overview", async () => {
    const joined = (text: string) => text.replace(/-\n/g, "").replace(/\s+/g, "");
    expect(joined(await pdfjsText(path.join(out, "pdf", "roma-kinderen.pdf")))).toContain(LONG);
    expect(joined(await pdfjsText(path.join(out, "pdf", "overzicht.pdf")))).toContain(LONG);
  });

  it("fails the build, naming the element and by how much, when a template stops it from wrapping", async () => {
    const templates = await copyToTemp(TEMPLATES);
    const sheet = path.join(templates, "styles", "infographic.css");
    await writeFile(
      sheet,
      `${await readFile(sheet, "utf8")}\n.sheet .masthead__title { white-space: nowrap; overflow-wrap: normal; font-size: 28pt; }\n`,
    );
    const own = await tempDir();
    const failed = await runCli([
      "build",
      "--content",
      content,
      "--templates",
      templates,
      "--out",
      own,
      "--format",
      "pdf",
      "--only",
      "roma-kinderen",
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /de inhoud past niet op de pagina: de pagina "roma-kinderen": h1\.masthead__title loopt \d+\.\d mm door buiten de zijmarge en zou worden afgesneden/,
    );
  });
});
