import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Element } from "hast";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classes, findAll, htmlText, htmlTree, textOf } from "../helpers/html-text.js";
import { pdfjsLine as pdfText } from "../helpers/pdfjs-text.js";
import { removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * Read as a careful reader at an agency reads, one file at a time (agencies receive them one by one): every
 * file that travels alone says how to read its scales, no label claims more or less than the source's quoted
 * words, and no text the source does not carry is presented as the source's. The built outputs are read back
 * as a reader gets them: the HTML's text and pdf.js's text of the PDFs (../shared/seed is the source).
 */

const SLUGS = [
  "isis",
  "anorexia-nervosa",
  "uitbuiting-binnen-families",
  "roma-kinderen",
  "productieketens",
  "lhbt-kinderen",
  "syrische-kindbruiden",
];

/** Every output that can travel alone, with the text a reader gets from it. */
const texts = new Map<string, string>();
let out: string;

beforeAll(async () => {
  out = await tempDir();
  const run = await runCli(["build", "--out", out]);
  expect(run.code, run.stderr).toBe(0);
  for (const slug of SLUGS) {
    texts.set(`html/${slug}.html`, await htmlText(path.join(out, "html", `${slug}.html`)));
    texts.set(`pdf/${slug}.pdf`, await pdfText(path.join(out, "pdf", `${slug}.pdf`)));
  }
  texts.set("index.html", await htmlText(path.join(out, "index.html")));
  texts.set("pdf/overzicht.pdf", await pdfText(path.join(out, "pdf", "overzicht.pdf")));
  texts.set("pdf/zicht-op-kwetsbaarheid.pdf", await pdfText(path.join(out, "pdf", "zicht-op-kwetsbaarheid.pdf")));
});
afterAll(removeTempDirs);

const ALL = () => [...texts.keys()];
const groupFiles = (slug: string) => [`html/${slug}.html`, `pdf/${slug}.pdf`];
const text = (file: string) => texts.get(file) ?? "";

/** A group's answer to question `number` as its own file prints it: from its heading to the next one. */
function answerText(file: string, number: 1 | 2): string {
  const all = text(file);
  // The heading's "Vraag" is set in capitals on the printed page, so pdf.js reads "VRAAG".
  const heading = (n: number, from: number) => {
    const at = all.slice(from).search(new RegExp(`Vraag ${n} `, "i"));
    return at < 0 ? -1 : at + from;
  };
  const start = heading(number, 0);
  expect(start, `${file}: question ${number}`).toBeGreaterThanOrEqual(0);
  const end = number === 1 ? heading(2, start + 1) : all.indexOf("Zo leest u de schalen", start);
  return all.slice(start, end < start ? undefined : end);
}

describe("1. every file that travels alone says how to read its scales", () => {
  const NOTES = [
    "Vraag 1: de bron gebruikt deze woorden, maar rangschikt ze niet: de volgorde is de lezing van de redactie.",
    "Vraag 1, zonder stap: Illegaal in Nederland verblijvende kinderen die binnen families worden uitgebuit " +
      "(in de eigen woorden van de bron) en Kinderen die moeten werken in productieketens (niet gegradeerd in de bron).",
    "Vraag 2: de bron rangschikt deze woorden niet, en de redactie ook niet: het zijn soorten antwoord naast elkaar, " +
      "zonder volgorde.",
    "Vraag 2, zonder stap: Kinderen die zich willen voegen bij ISIS (in de eigen woorden van de bron), " +
      "Roma-kinderen (in de eigen woorden van de bron) en Kinderen die moeten werken in productieketens " +
      "(niet beoordeeld in de bron).",
  ];

  it("each factsheet, group PDF, the overview, the whole report and the index: the order and the groups without a step", () => {
    expect(texts.size).toBe(17);
    for (const file of ALL()) for (const note of NOTES) expect(text(file), file).toContain(note);
  });

  it("every group page of the whole report carries the notes too (a page may be printed alone)", () => {
    const report = text("pdf/zicht-op-kwetsbaarheid.pdf");
    expect(report.split("Zo leest u de schalen").length - 1).toBeGreaterThanOrEqual(SLUGS.length + 2);
  });
});

describe("2. Roma-kinderen, question 2: the convictions of family members are not shown as a step", () => {
  it("no step, the source's words with its caveat, and the editors' reason", () => {
    for (const file of [...groupFiles("roma-kinderen"), "pdf/zicht-op-kwetsbaarheid.pdf"]) {
      const answer = file.includes("zicht-op") ? romaInReport() : answerText(file, 2);
      expect(answer, file).toContain(
        "“diverse veroordelingen gevolgd voor familieleden die hun kinderen strafbare feiten lieten plegen … " +
          "niet altijd de relatie met mensenhandel gelegd”",
      );
      expect(answer, file).toContain("Zonder stap. Toelichting van de redactie:");
      expect(answer, file).not.toMatch(/stap \d van 4|veroordelingen \(stap|soort antwoord volgens de redactie/);
    }
  });

  it("the index's table gives the words, with no step", () => {
    expect(text("index.html")).not.toContain("“diverse veroordelingen” (veroordelingen)");
    expect(text("index.html")).toContain("niet altijd de relatie met mensenhandel gelegd”");
  });
});

function romaInReport(): string {
  const report = text("pdf/zicht-op-kwetsbaarheid.pdf");
  const start = report.lastIndexOf("Roma-kinderen VRAAG 1");
  expect(start).toBeGreaterThanOrEqual(0);
  return report.slice(report.indexOf("VRAAG 2 ", start), report.indexOf("Zo leest u de schalen", start));
}

describe("3. ISIS, question 2: signals about the recruiters' methods, no step", () => {
  it("not drawn as 'geen (hard) bewijs', and the signals the source names are printed", () => {
    for (const file of groupFiles("isis")) {
      const answer = answerText(file, 2);
      expect(answer, file).toContain("er signalen zijn dat de methodieken die ronselaars voor ISIS gebruiken");
      expect(answer, file).toContain("overeenkomen met de loverboymethode");
      expect(answer, file).toContain("Zonder stap. Toelichting van de redactie:");
      expect(answer, file).not.toMatch(/geen \(hard\) bewijs \(stap|soort antwoord volgens de redactie/);
    }
  });
});

describe("4. labels keep the source's hedges and limits", () => {
  const LABELS: Record<string, { number: 1 | 2; label: string }[]> = {
    isis: [{ number: 1, label: "“lijken een matige kwetsbaarheid”" }],
    "anorexia-nervosa": [
      { number: 1, label: "“lijkt een licht kwetsbare groep”" },
      {
        number: 2,
        label: "“maar hele lichte signalen … als er al signalen zijn, dan richten deze zich vaker op seksueel geweld”",
      },
    ],
    "lhbt-kinderen": [
      { number: 2, label: "“geen hard bewijs dat mensenhandelaren zich ook daadwerkelijk op grote schaal richten”" },
    ],
  };

  it.each(Object.keys(LABELS))("%s: the label is the quoted words, hedge included", (slug) => {
    for (const file of groupFiles(slug)) {
      for (const { number, label } of LABELS[slug] ?? []) expect(answerText(file, number), file).toContain(label);
    }
    // A bare step word is never the label: "matig" stands only as the editors' step, said to be theirs.
    expect(answerText(`html/${slug}.html`, 1)).toMatch(/op de schaal van de redactie: \p{L}+, stap \d van 5/u);
  });
});

describe("5. question 2 is kinds of answer side by side, not a progress bar", () => {
  it.each(SLUGS)(
    "%s: on question 2 at most the group's own step is filled, on question 1 every step up to it",
    async (slug) => {
      const tree = await htmlTree(path.join(out, "html", `${slug}.html`));
      const findings = findAll(tree, (element) => classes(element).includes("finding"));
      expect(findings).toHaveLength(2);
      const reached = (finding: Element) =>
        findAll(finding, (element) => classes(element).includes("scale__step--reached")).length;
      const active = (finding: Element) =>
        findAll(finding, (element) => classes(element).includes("scale__step--active")).length;
      const [first, second] = findings;
      if (!first || !second) throw new Error(`${slug}: two findings`);
      expect(reached(second)).toBe(active(second));
      expect(reached(second)).toBeLessThanOrEqual(1);
      const step = /stap (\d) van 5/.exec(textOf(first))?.[1];
      expect(reached(first)).toBe(step === undefined ? 0 : Number(step));
    },
  );

  it("no output gives a step number on question 2", () => {
    for (const file of ALL()) expect(text(file), file).not.toMatch(/stap \d van 4/);
  });
});

describe("6. the overview sets the groups without a step up beside the scale, not below its lowest step", () => {
  it("in the index's chart, the families and the production chains stand in the panel right of the rows", async () => {
    const tree = await htmlTree(path.join(out, "index.html"));
    const panel = findAll(tree, (element) => classes(element).includes("chart__panel"))[0];
    expect(panel).toBeDefined();
    const panelX = Number(panel?.properties.x);
    const rows = findAll(tree, (element) => classes(element).includes("chart__row"));
    expect(rows).toHaveLength(5);
    const lowest = rows.at(-1)!;
    const lowestBottom = Number(lowest.properties.y) + Number(lowest.properties.height);
    const rowsRight = Number(lowest.properties.x) + Number(lowest.properties.width);
    expect(panelX).toBeGreaterThan(rowsRight);
    const points = findAll(tree, (element) => classes(element).includes("chart__point"));
    const place = (number: string) => {
      const point = points.find((candidate) => textOf(candidate).startsWith(`${number} `));
      const circle = point && findAll(point, (element) => element.tagName === "circle")[0];
      return { cx: Number(circle?.properties.cx), cy: Number(circle?.properties.cy) };
    };
    for (const number of ["3", "5"]) {
      expect(place(number).cx).toBeGreaterThan(panelX);
      expect(place(number).cy).toBeLessThan(lowestBottom);
    }
    for (const number of ["1", "2", "4", "6", "7"]) expect(place(number).cx).toBeLessThan(rowsRight);
    expect(textOf(tree)).toContain("zonder stap (vraag 1)");
  });

  it("the overview PDF names the panel and the families' answer across in words", () => {
    const overview = text("pdf/overzicht.pdf");
    expect(overview).toContain("zonder stap (vraag 1)");
    expect(overview).toContain("zonder stap (vraag 2)");
    expect(overview).not.toContain("niet gegradeerd in de bron hoog");
  });
});

describe("7. question 2 keeps 'specifiek' in its short title and on the overview's axis", () => {
  it("every output", () => {
    for (const file of ALL()) {
      expect(text(file), file).not.toContain("Richten mensenhandelaren zich op deze groep?");
      if (file.includes("overzicht")) continue;
      expect(text(file), file).toContain("Richten mensenhandelaren zich specifiek op deze groep?");
    }
    for (const file of ["pdf/overzicht.pdf", "index.html"]) {
      expect(text(file), file).toContain("aanwijzingen dat mensenhandelaren zich specifiek op de groep richten");
    }
  });
});

describe("8. no text the source does not carry; the source's handle where the source prints it", () => {
  it("the editors' subtitle is nowhere: not in the text, not in the PDFs' metadata", async () => {
    for (const file of ALL()) expect(text(file), file).not.toMatch(/verkennend onderzoek naar de kwetsbaarheid/i);
    for (const name of [...SLUGS, "overzicht", "zicht-op-kwetsbaarheid"]) {
      const file = path.join(out, "pdf", `${name}.pdf`);
      expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).not.toMatch(/^Subject:/m);
      expect((await readFile(file)).toString("latin1")).not.toContain("verkennend onderzoek naar");
    }
  });

  it("@nlrapporteur beside the website in every output's colophon", () => {
    for (const file of ALL()) expect(text(file), file).toMatch(/www\.nationaalrapporteur\.nl @nlrapporteur/);
  });
});
