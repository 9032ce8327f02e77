import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfFonts, pdfInfo, pdfText } from "../helpers/pdf.js";
import { pdfInternalLinks, pdfOutline, pdfTags } from "../helpers/pdf-structure.js";
import { pdfjsLine } from "../helpers/pdfjs-text.js";
import { CONTENT, copyToTemp, removeTempDirs, ROOT, snapshotTree, tempDir } from "../helpers/paths.js";
import { runCli, type CliRun } from "../helpers/run-cli.js";

/** An answer as the content gives it: the source's words, on a step or (null) on none. */
type Answer = { words: string; step: string | null } | null;

const GROUPS: readonly { slug: string; title: string; vulnerability: Answer; evidence: Answer }[] = [
  {
    slug: "isis",
    title: "Kinderen die zich willen voegen bij ISIS",
    vulnerability: { words: "lijken een matige kwetsbaarheid", step: "matig" },
    evidence: {
      words:
        "er signalen zijn dat de methodieken die ronselaars voor ISIS gebruiken … overeenkomen met de " +
        "loverboymethode … geen bewijs dat ronselaars voor ISIS als mensenhandelaar kunnen worden beschouwd",
      step: null,
    },
  },
  {
    slug: "anorexia-nervosa",
    title: "Kinderen met de eetstoornis anorexia nervosa",
    vulnerability: { words: "lijkt een licht kwetsbare groep", step: "licht" },
    evidence: {
      words: "maar hele lichte signalen … als er al signalen zijn, dan richten deze zich vaker op seksueel geweld",
      step: "lichte signalen",
    },
  },
  {
    slug: "uitbuiting-binnen-families",
    title: "Illegaal in Nederland verblijvende kinderen die binnen families worden uitgebuit",
    vulnerability: {
      words: "kwetsbaar vanwege de gesloten context … Deze kwetsbaarheid wordt nog eens vergroot",
      step: null,
    },
    evidence: {
      words: "enkele veroordelingen … van personen die illegale kinderen … voor hen hadden laten werken",
      step: "veroordelingen",
    },
  },
  {
    slug: "roma-kinderen",
    title: "Roma-kinderen",
    vulnerability: { words: "hoge kwetsbaarheid", step: "hoog" },
    evidence: {
      words:
        "diverse veroordelingen gevolgd voor familieleden die hun kinderen strafbare feiten lieten plegen … " +
        "niet altijd de relatie met mensenhandel gelegd",
      step: null,
    },
  },
  {
    slug: "productieketens",
    title: "Kinderen die moeten werken in productieketens",
    vulnerability: null,
    evidence: null,
  },
  {
    slug: "lhbt-kinderen",
    title: "LHBT-kinderen",
    vulnerability: { words: "verhoogde kwetsbaarheid", step: "verhoogd" },
    evidence: {
      words: "geen hard bewijs dat mensenhandelaren zich ook daadwerkelijk op grote schaal richten",
      step: "geen (hard) bewijs",
    },
  },
  {
    slug: "syrische-kindbruiden",
    title: "Syrische kindbruiden",
    vulnerability: { words: "redelijke kwetsbaarheid", step: "redelijk" },
    evidence: { words: "geen signalen die daadwerkelijk duiden op mensenhandel", step: "geen signalen" },
  },
];

const LADDER = ["licht", "matig", "redelijk", "verhoogd", "hoog"];
const KINDS = ["geen signalen", "geen (hard) bewijs", "lichte signalen", "veroordelingen"];
const UNANSWERED = { 1: "niet gegradeerd in de bron", 2: "niet beoordeeld in de bron" } as const;
const NO_STEP = "geen stap: de woorden van de bron passen op geen stap";

/** How a page prints an answer under its graphic: the source's words, then the step as the editors' reading. */
function printed(answer: Answer, question: 1 | 2): string {
  if (!answer) return UNANSWERED[question];
  const quote = `In de bron: “${answer.words}”`;
  if (!answer.step) return `${quote} Zonder stap. Toelichting van de redactie:`;
  return question === 1
    ? `${quote} op de schaal van de redactie: ${answer.step}, stap ${LADDER.indexOf(answer.step) + 1} van 5`
    : `${quote} soort antwoord volgens de redactie: ${answer.step} (de soorten hebben geen volgorde)`;
}

/** The scale graphic's text alternative. */
function scaleAlt(answer: Answer, question: 1 | 2): string {
  const [heading, scale] =
    question === 1
      ? ["Kwetsbaarheid:", `schaal: ${LADDER.join(", ")}.`]
      : [
          "Richten mensenhandelaren zich specifiek op deze groep?",
          `soorten antwoord, zonder volgorde: ${KINDS.join(", ")}.`,
        ];
  if (!answer) return `${heading} ${UNANSWERED[question]}. ${scale}`;
  const quote = `In de bron: “${answer.words}”`;
  if (!answer.step) return `${heading} ${quote}; ${NO_STEP}. ${scale}`;
  const place =
    question === 1
      ? `op de schaal van de redactie: ${answer.step}, stap ${LADDER.indexOf(answer.step) + 1} van 5`
      : `soort antwoord volgens de redactie: ${answer.step} (de soorten hebben geen volgorde)`;
  return `${heading} ${quote}; ${place}. ${scale}`;
}

/** A group's place on one question in the overview's text alternative. */
function overviewPlace(answer: Answer, question: 1 | 2): string {
  if (!answer) return UNANSWERED[question];
  return answer.step ?? `“${answer.words}” (${NO_STEP})`;
}

let out: string;
let run: CliRun;

beforeAll(async () => {
  out = await tempDir();
  run = await runCli(["build", "--out", out]);
});
afterAll(removeTempDirs);

describe("a full build of the real content", () => {
  it("succeeds and writes 7 PDFs, 7 factsheets, the index, the overview, the report and the accessibility report", async () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^17 bestanden opnieuw gemaakt in .+, 0 ongewijzigd, 0 verwijderd, in \d+\.\d\d s\.$/m);
    // The last line says where to look.
    expect(run.stdout.split("\n").at(-2)).toBe(
      `Open ${path.relative(ROOT, path.join(out, "index.html"))} in uw browser om het rapport te bekijken.`,
    );
    const files = Object.keys(await snapshotTree(out)).sort();
    expect(files).toEqual(
      [
        ...GROUPS.flatMap((group) => [`html/${group.slug}.html`, `pdf/${group.slug}.pdf`]),
        "index.html",
        "pdf/overzicht.pdf",
        "pdf/zicht-op-kwetsbaarheid.pdf",
        ".factsheets-manifest.json",
        "CHANGES.md",
        "changes.json",
        "toegankelijkheid.md",
      ].sort(),
    );
  });

  it.each(["overzicht", "zicht-op-kwetsbaarheid", ...GROUPS.map((group) => group.slug)])(
    "embeds only the report's own font in %s.pdf",
    (name) => {
      const fonts = pdfFonts(path.join(out, "pdf", `${name}.pdf`));
      expect(fonts.map((font) => [font.name.replace(/^[A-Z]{6}\+/, ""), font.type, font.embedded])).toEqual(
        expect.arrayContaining([["SourceSans3ExtraLight-Regular", "CID TrueType", true]]),
      );
      for (const font of fonts)
        expect([font.name.replace(/^[A-Z]{6}\+/, "").split("-")[0], font.type, font.embedded]).toEqual([
          "SourceSans3ExtraLight",
          "CID TrueType",
          true,
        ]);
    },
  );

  it.each(GROUPS)("renders $slug as one tagged A4 page with every font embedded", (group) => {
    const file = path.join(out, "pdf", `${group.slug}.pdf`);
    const info = pdfInfo(file);
    expect(info.Pages).toBe("1");
    expect(info.Tagged).toBe("yes");
    expect(info["Page size"]).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)$/);
    expect(info.Title).toBe(`${group.title} · Zicht op kwetsbaarheid`);
    expect(info.Author).toBe("Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen");
    expect(info.CreationDate).toMatch(/Apr 14 00:00:00 2016/);
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font, `${font.name} in ${group.slug}.pdf`).toMatchObject({ embedded: true });
      expect(font.name).toMatch(/SourceSans3/);
      expect(font.type).not.toBe("Type 3");
    }
  });

  it.each(GROUPS)("prints $slug's title and both answers in the source's words in the PDF's text", async (group) => {
    const text = await pdfjsLine(path.join(out, "pdf", `${group.slug}.pdf`));
    expect(text).toContain(group.title);
    expect(text).toContain(printed(group.vulnerability, 1));
    expect(text).toContain(printed(group.evidence, 2));
    expect(text).toContain("14 april 2016");
    expect(text).toContain("www.nationaalrapporteur.nl");
    expect(text).toContain("Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen");
    expect(text).toContain("pagina 1 van 1");
  });

  it.each(GROUPS)("writes $slug's factsheet self-contained, loading nothing from outside", async (group) => {
    const html = await readFile(path.join(out, "html", `${group.slug}.html`), "utf8");
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`<h1 class="masthead__title">${group.title}</h1>`);
    expect(html).not.toMatch(/\ssrc\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b[^>]*href\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("src:url(data:font/woff2;base64,");
    expect(html.replaceAll("\u00AD", "")).toContain(
      group.vulnerability
        ? `<span class="scale__words">“${group.vulnerability.words}”</span>`
        : '<span class="scale__word">niet gegradeerd in de bron</span>',
    );
    expect(html).toContain(`<a href="../pdf/${group.slug}.pdf">`);
  });

  it.each(GROUPS)(
    "gives $slug's scale graphics a text alternative that is the Figure's /Alt in the tagged PDF",
    async (group) => {
      const figures = (await pdfTags(path.join(out, "pdf", `${group.slug}.pdf`))).filter(
        (tag) => tag.type === "Figure",
      );
      expect(figures).toHaveLength(2);
      const [vulnerability, evidence] = figures.map((figure) => figure.alt);
      expect(vulnerability).toBe(scaleAlt(group.vulnerability, 1));
      expect(evidence).toBe(scaleAlt(group.evidence, 2));
    },
  );

  it("writes the overview as one tagged page placing every group, those without a step in the lane and the panel", async () => {
    const file = path.join(out, "pdf", "overzicht.pdf");
    expect(pdfInfo(file)).toMatchObject({ Pages: "1", Tagged: "yes" });
    expect(pdfInfo(file)["Page size"]).toMatch(/\(A4\)$/);
    const text = await pdfjsLine(file);
    for (const label of [
      "hoog",
      "verhoogd",
      "redelijk",
      "matig",
      "licht",
      "niet gegradeerd in de bron",
      "geen signalen",
      "geen (hard) bewijs",
      "lichte signalen",
      "veroordelingen",
      "niet beoordeeld in de bron",
      "zonder stap (vraag 1)",
      "zonder stap (vraag 2)",
    ]) {
      expect(text).toContain(label);
    }
    for (const label of [
      "Roma-kinderen",
      "LHBT-kinderen",
      "Syrische kindbruiden",
      "Kinderen die zich willen voegen bij ISIS",
      "Kinderen met de eetstoornis anorexia nervosa",
      "Kinderen die moeten werken in productieketens",
    ]) {
      expect(text).toContain(label);
    }
    const [chart] = (await pdfTags(file)).filter((tag) => tag.type === "Figure");
    for (const [index, group] of GROUPS.entries()) {
      expect(chart?.alt).toContain(
        `${index + 1}. ${group.title}: Vraag 1: ${overviewPlace(group.vulnerability, 1)}; ` +
          `Vraag 2: ${overviewPlace(group.evidence, 2)}.`,
      );
    }
  });

  it("writes the whole report as one tagged document whose contents and page numbers are right", async () => {
    const file = path.join(out, "pdf", "zicht-op-kwetsbaarheid.pdf");
    const info = pdfInfo(file);
    expect(info).toMatchObject({
      Pages: "11",
      Tagged: "yes",
      Title: "Zicht op kwetsbaarheid",
      Author: "Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen",
    });
    const pages = Array.from({ length: 11 }, (_, index) => pdfText(file, index + 1));
    // No subtitle: the source carries none.
    expect(pages[0]).toMatch(
      /^ ?Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen Zicht op kwetsbaarheid 14 april 2016 /,
    );
    // The contents page lists each section with the page it is on, and that page starts with its heading.
    const contents = pages[1] ?? "";
    const entries = [
      ["Inleiding", 3],
      ["Overzicht", 4],
      ...GROUPS.map((group, index) => [group.title, 5 + index] as const),
    ] as const;
    for (const [title, page] of entries) {
      expect(contents).toContain(`${title} ${page}`);
      expect(pages[page - 1]).toMatch(new RegExp(`^ ?Zicht op kwetsbaarheid ${title.replace(/[?()]/g, "\\$&")} `));
    }
    for (const [index, page] of pages.entries()) {
      if (index === 0) expect(page).not.toContain("pagina");
      else expect(page).toContain(`pagina ${index + 1} van 11`);
    }
    expect(await pdfOutline(file)).toEqual([
      "Zicht op kwetsbaarheid",
      "Inhoud",
      "Inleiding",
      "  De schalen",
      "Overzicht",
      ...GROUPS.flatMap((group) => [
        group.title,
        "  Vraag 1: Kwetsbaarheid",
        "  Vraag 2: Richten mensenhandelaren zich specifiek op deze groep?",
        "  Aanbevelingen",
      ]),
    ]);
  });

  it("links every entry of the contents page to the page it names", async () => {
    const file = path.join(out, "pdf", "zicht-op-kwetsbaarheid.pdf");
    // Inleiding 3, Overzicht 4, then the groups from page 5, as the contents page prints them.
    expect(await pdfInternalLinks(file)).toEqual(
      [3, 4, ...GROUPS.map((_, index) => 5 + index)].map((to) => ({ from: 2, to })),
    );
  });

  it.each(GROUPS)("shows $slug's answers in the source's words in every output", async (group) => {
    const page = GROUPS.indexOf(group) + 5;
    const report = pdfText(path.join(out, "pdf", "zicht-op-kwetsbaarheid.pdf"), page);
    const factsheet = (await readFile(path.join(out, "html", `${group.slug}.html`), "utf8")).replaceAll("\u00AD", "");
    for (const [answer, number] of [
      [group.vulnerability, 1],
      [group.evidence, 2],
    ] as const) {
      if (answer) expect(report).toContain(`“${answer.words}”`);
      else expect(report).toContain(UNANSWERED[number]);
      expect(factsheet).toContain(answer ? `“${answer.words}”` : UNANSWERED[number]);
    }
    const active = [...factsheet.matchAll(/<li class="scale__label scale__label--active">([^<]+)<\/li>/g)].map(
      (match) => match[1],
    );
    expect(active).toEqual([group.vulnerability?.step, group.evidence?.step].filter(Boolean));
    const index = (await readFile(path.join(out, "index.html"), "utf8")).replaceAll("\u00AD", "");
    const row = index.slice(
      index.indexOf(`<a href="html/${group.slug}.html">`),
      index.indexOf("</tr>", index.indexOf(`<a href="html/${group.slug}.html">`)),
    );
    for (const [answer, number] of [
      [group.vulnerability, 1],
      [group.evidence, 2],
    ] as const) {
      const cell = !answer ? UNANSWERED[number] : `“${answer.words}” (${answer.step ?? NO_STEP})`;
      expect(row).toContain(cell);
    }
  });

  it("explains the scales as the editors' reading of the source's words, on the index and the report's introduction", async () => {
    const sentence =
      "Vraag 1: de bron gebruikt deze woorden, maar rangschikt ze niet: de volgorde is de lezing van de redactie.";
    expect(await readFile(path.join(out, "index.html"), "utf8")).toContain(sentence);
    const introduction = pdfText(path.join(out, "pdf", "zicht-op-kwetsbaarheid.pdf"), 3);
    expect(introduction).toContain(sentence);
    expect(introduction).toContain("geen (hard) bewijs (In de bron: “geen bewijs”, “geen hard bewijs”)");
    expect(introduction).not.toContain("<");
    for (const file of ["index.html", ...GROUPS.map((group) => `html/${group.slug}.html`)]) {
      expect(await readFile(path.join(out, file), "utf8"), file).not.toMatch(/geen oordeel|geen signalen of bewijs/);
    }
    expect(pdfText(path.join(out, "pdf", "overzicht.pdf"))).toContain(
      "Gearceerde strook: groepen zonder stap op een vraag. De bron geeft hun geen graad, of haar woorden passen op geen stap.",
    );
  });

  it("writes an index listing every group with its grade and links", async () => {
    const page = await readFile(path.join(out, "index.html"), "utf8");
    // Each answer's cell starts with a small preview of its scale, hidden from screen readers: the words follow it.
    expect(page.match(/<td class="(?:un)?graded"><svg class="mini-scale[^"]*" [^>]*aria-hidden="true"/g)).toHaveLength(
      GROUPS.length * 2,
    );
    const html = page.replace(/<svg class="mini-scale[\s\S]*?<\/svg>/g, "");
    for (const group of GROUPS) {
      expect(html).toContain(`<a href="html/${group.slug}.html">${group.title}</a>`);
      expect(html).toContain(`<a href="pdf/${group.slug}.pdf">`);
    }
    // Without an answer: the production chains on both questions; the families, ISIS and Roma have their words.
    expect(html.match(/<td class="ungraded">niet gegradeerd in de bron<\/td>/g)).toHaveLength(1);
    expect(html.match(/<td class="ungraded">niet beoordeeld in de bron<\/td>/g)).toHaveLength(1);
    expect(html.match(/<td class="ungraded">“/g)).toHaveLength(3);
    expect(html).toContain('<svg class="chart__graphic" role="img"');
    expect(html).toContain('<a href="pdf/overzicht.pdf">');
    expect(html).toContain('<a href="pdf/zicht-op-kwetsbaarheid.pdf">');
  });
});

describe("a build that fails", () => {
  it("reports the misspelt step at its line and column, exits 1 and leaves the outputs byte for byte", async () => {
    const before = await snapshotTree(out);
    const content = await copyToTemp(CONTENT);
    const file = path.join(content, "groups", "roma-kinderen.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("step: hoog", "step: hoogg"));
    const failed = await runCli(["build", "--content", content, "--out", out]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toBe(
      [
        `${path.relative(path.resolve("."), file)}:7:11: fout: onbekende stap “hoogg” in het antwoord op ‘vulnerability’`,
        "  waarom: een stap moet een van de stappen van de vraag ‘vulnerability’ in report.yml zijn: licht, matig, redelijk, verhoogd, hoog",
        "  oplossing: bedoelt u “hoog”? Schrijf dan ‘step: hoog’",
        "  (regel content/unknown-step)",
        "1 fout, 0 waarschuwingen",
        "Er is niets geschreven: de bestanden van de vorige keer zijn ongewijzigd.",
        "",
      ].join("\n"),
    );
    expect(await snapshotTree(out)).toEqual(before);
  });

  it("says which group overflows its page and by how much, and writes nothing", async () => {
    const before = await snapshotTree(out);
    const content = await copyToTemp(CONTENT);
    const file = path.join(content, "groups", "lhbt-kinderen.md");
    const text = await readFile(file, "utf8");
    const paragraph = text.split("\n").at(-2) ?? "";
    await writeFile(file, `${text}\n${Array.from({ length: 10 }, () => paragraph).join("\n\n")}\n`);
    const failed = await runCli(["build", "--content", content, "--out", out, "--format", "pdf"]);
    expect(failed.code).toBe(1);
    const lines = failed.stderr.split("\n");
    const overflow =
      /^ {2}de inhoud past niet op de pagina: de pagina "lhbt-kinderen": section\.body-text loopt \d+\.\d mm door onder de ondermarge; maak de tekst korter of vraag de ontwerper om een kleinere opmaak$/;
    // The group's own infographic, and its page in the whole report.
    expect(lines[0]).toBe(`✗ pdf/lhbt-kinderen.pdf (${file})`);
    expect(lines[1]).toMatch(overflow);
    const report = lines.indexOf(`✗ pdf/zicht-op-kwetsbaarheid.pdf (${path.join(content, "report.yml")})`);
    expect(report).toBeGreaterThan(0);
    expect(lines[report + 1]).toMatch(overflow);
    expect(failed.stderr).toContain(
      "2 documenten konden niet worden opgemaakt. Er is niets geschreven: de bestanden van de vorige keer zijn ongewijzigd.",
    );
    expect(await snapshotTree(out)).toEqual(before);
    expect((await readdir(out)).filter((name) => name.startsWith(".staging"))).toEqual([]);
  });
});

describe("the command line", () => {
  it("rejects an unknown option with exit code 2", async () => {
    const result = await runCli(["build", "--colour"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'factsheets: build: onbekende optie --colour (opties: --help, --content, --templates, --out, --only, --format, --concurrency, --timeout, --print, --force, --groups-only, --icc-profile)\nZie "factsheets --help" voor het gebruik.\n',
    );
    const misspelt = await runCli(["build", "--fromat", "pdf"]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr.split("\n")[0]).toBe(
      "factsheets: build: onbekende optie --fromat; bedoelt u --format? (opties: --help, --content, --templates, --out, --only, --format, --concurrency, --timeout, --print, --force, --groups-only, --icc-profile)",
    );
  });

  it("rejects an unknown group with a suggestion and exit code 2", async () => {
    const result = await runCli(["build", "--only", "roma", "--out", await tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'factsheets: --only roma: geen groep heeft deze slug (groepen: isis, anorexia-nervosa, uitbuiting-binnen-families, roma-kinderen, productieketens, lhbt-kinderen, syrische-kindbruiden)\nZie "factsheets --help" voor het gebruik.\n',
    );
  });

  it("builds only the groups asked for", async () => {
    const dir = await tempDir();
    const result = await runCli(["build", "--only", "roma-kinderen", "--format", "pdf", "--out", dir]);
    expect(result.code).toBe(0);
    expect(Object.keys(await snapshotTree(dir)).sort()).toEqual([
      ".factsheets-manifest.json",
      "CHANGES.md",
      "changes.json",
      "pdf/roma-kinderen.pdf",
      "toegankelijkheid.md",
    ]);
  });

  it("prints help for every command", async () => {
    for (const args of [["--help"], ["build", "--help"], ["check", "--help"]]) {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      // In the language of the report in ./content.
      expect(result.stdout).toMatch(/^Gebruik: factsheets/m);
    }
  });

  it("checks the real content without writing anything", async () => {
    const result = await runCli(["check"]);
    expect(result).toEqual({ code: 0, stdout: "7 groepen en de sjablonen zijn in orde.\n", stderr: "" });
  });
});
