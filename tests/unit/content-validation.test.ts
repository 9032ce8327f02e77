import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadContent } from "../../scripts/content/load-content.js";
import { formatProblems } from "../../scripts/diagnostics/format-problems.js";
import { CONTENT, copyToTemp, FIXTURES, removeTempDirs, ROOT } from "../helpers/paths.js";

afterAll(removeTempDirs);

async function problemsOf(contentDir: string, cwd = ROOT): Promise<string> {
  const result = await loadContent(contentDir);
  return formatProblems(result.files, { cwd, color: false });
}

describe("the real content", () => {
  it("validates, with seven groups in the report's order", async () => {
    const result = await loadContent(CONTENT);
    expect(formatProblems(result.files, { cwd: ROOT, color: false })).toBe("");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.content.groups.map((group) => [
        group.order,
        group.slug,
        group.answers.vulnerability?.step ?? (group.answers.vulnerability ? "no step" : null),
        group.answers.evidence?.step ?? (group.answers.evidence ? "no step" : null),
      ]),
    ).toEqual([
      // No step: the source's words fit none (ISIS and Roma on question 2, the families on question 1).
      [1, "isis", "matig", "no step"],
      [2, "anorexia-nervosa", "licht", "lichte-signalen"],
      [3, "uitbuiting-binnen-families", "no step", "veroordelingen"],
      [4, "roma-kinderen", "hoog", "no step"],
      [5, "productieketens", null, null],
      [6, "lhbt-kinderen", "verhoogd", "geen-bewijs"],
      [7, "syrische-kindbruiden", "redelijk", "geen-signalen"],
    ]);
    expect(result.content.report.questions.map((question) => question.id)).toEqual(["vulnerability", "evidence"]);
    expect(result.content.report.questions[0]?.steps.map((step) => step.id)).toEqual([
      "licht",
      "matig",
      "redelijk",
      "verhoogd",
      "hoog",
    ]);
  });
});

describe("problems in the content", () => {
  it("reports every problem of every file at once, at the YAML node, with why and fix", async () => {
    expect(await problemsOf(path.join(FIXTURES, "bad-content"))).toBe(
      [
        'tests/fixtures/bad-content/groups/isis.md:8:12: fout: het aanhalingsteken " dat hier opent, wordt nergens gesloten',
        "  waarom: de front matter en report.yml moeten geldige YAML zijn voordat hun velden kunnen worden gelezen",
        '  oplossing: sluit de tekst aan het eind af met hetzelfde aanhalingsteken ", op deze regel',
        "  (regel yaml/missing-char)",
        "tests/fixtures/bad-content/groups/leeg.md:10:1: fout: de tekst van de groep is leeg",
        "  waarom: elke factsheet toont de tekst van de groep uit de bron; een lege tekst zou blanco worden gepubliceerd",
        "  oplossing: schrijf de tekst van de groep uit de bron na de afsluitende regel ‘---’",
        "  (regel content/empty-body)",
        'tests/fixtures/bad-content/groups/lhbt-kinderen.md:4:8: fout: ‘order’ moet een heel getal zijn, maar het is de tekst "two"',
        "  waarom: ‘order’ is de plaats van de groep in het rapport (1, 2, 3, …); elke groep heeft een ander nummer",
        "  oplossing: schrijf een heel getal, bijvoorbeeld ‘order: 3’",
        "  (regel schema/wrong-type)",
        "tests/fixtures/bad-content/groups/lhbt-kinderen.md:7:5: fout: onbekend veld ‘answers.vulnerability.stpe’",
        "  waarom: ‘answers.vulnerability’ mag alleen deze velden hebben: ‘step’, ‘words’, ‘source’, ‘why’",
        "  oplossing: bedoelt u ‘step’? Verander de naam van het veld dan daarin",
        "  (regel schema/unknown-field)",
        'tests/fixtures/bad-content/groups/roma-kinderen.md:3:7: fout: de slug "roma-kinderen" wordt ook gebruikt door lhbt-kinderen.md',
        "  waarom: de slug is de naam van de bestanden van de groep; twee groepen met dezelfde slug zouden elkaars bestanden overschrijven",
        "  oplossing: geef deze groep een eigen slug",
        "  (regel content/duplicate-slug)",
        "tests/fixtures/bad-content/groups/roma-kinderen.md:7:11: fout: onbekende stap “hoogg” in het antwoord op ‘vulnerability’",
        "  waarom: een stap moet een van de stappen van de vraag ‘vulnerability’ in report.yml zijn: licht, matig, redelijk, verhoogd, hoog",
        "  oplossing: bedoelt u “hoog”? Schrijf dan ‘step: hoog’",
        "  (regel content/unknown-step)",
        "tests/fixtures/bad-content/groups/roma-kinderen.md:11:5: fout: het veld ‘answers.evidence.words’ ontbreekt",
        "  waarom: ‘answers.evidence.words’ is verplicht: het label dat bij het antwoord wordt gedrukt, gemaakt van de eigen woorden van de bron: één stuk uit ‘source’, letterlijk overgenomen, of meerdere stukken op volgorde met ‘ … ’ ertussen. Het moet een formulering van zijn stap bevatten, en elk beperkend woord (zie ‘qualifiers’) uit het deel van de zin waar het uit komt",
        "  oplossing: voeg hier ‘words:’ toe",
        "  (regel schema/missing-field)",
        "tests/fixtures/bad-content/groups/syrische-kindbruiden.md:3:7: fout: ‘slug’ “Syrische/kindbruiden” is geen geldige slug",
        "  waarom: ‘slug’ is de bestandsnaam van de groep: ‘output/html/<slug>.html’ en ‘output/pdf/<slug>.pdf’ (a-z, 0-9, -)",
        "  oplossing: schrijf het als ‘syrische-kindbruiden’",
        "  (regel schema/invalid-slug)",
        "tests/fixtures/bad-content/groups/syrische-kindbruiden.md:9:13: fout: ‘answers.vulnerability.source’ is geen zin uit de tekst van de groep",
        "  waarom: elk antwoord moet terug te vinden zijn in de zin van de bron waar het vandaan komt, dus het citaat moet letterlijk gelijk zijn aan de tekst",
        "  oplossing: de zin uit de tekst die er het meest op lijkt, is “De groep Syrische kindbruiden kent een redelijke " +
          "kwetsbaarheid voor mensenhandel.”: het citaat heeft “redelijke kwetsbaarheid.” waar de tekst “redelijke " +
          "kwetsbaarheid voor mensenhandel.” heeft; maak die twee gelijk (kopieer de zin, of verbeter de tekst als " +
          "het citaat klopt)",
        "  (regel content/quote-not-in-text)",
        "9 fouten, 0 waarschuwingen",
      ].join("\n"),
    );
  });

  it("points a misspelt step in the real content at its line and column", async () => {
    const dir = await copyToTemp(CONTENT);
    const file = path.join(dir, "groups", "roma-kinderen.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("step: hoog", "step: hoogg"));
    expect(await problemsOf(dir, dir)).toBe(
      [
        "groups/roma-kinderen.md:7:11: fout: onbekende stap “hoogg” in het antwoord op ‘vulnerability’",
        "  waarom: een stap moet een van de stappen van de vraag ‘vulnerability’ in report.yml zijn: licht, matig, redelijk, verhoogd, hoog",
        "  oplossing: bedoelt u “hoog”? Schrijf dan ‘step: hoog’",
        "  (regel content/unknown-step)",
        "1 fout, 0 waarschuwingen",
      ].join("\n"),
    );
  });

  it("reads files with a byte-order mark and CRLF line endings as if they were plain", async () => {
    const dir = await copyToTemp(CONTENT);
    const file = path.join(dir, "groups", "isis.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, `\uFEFF${text.replaceAll("\n", "\r\n")}`);
    const result = await loadContent(dir);
    expect(formatProblems(result.files, { cwd: dir, color: false })).toBe("");
    expect(result.ok).toBe(true);
  });

  it("reports a file that is not UTF-8 at the first bad byte", async () => {
    const dir = await copyToTemp(CONTENT);
    await writeFile(path.join(dir, "groups", "latin1.md"), Buffer.from("---\ntitle: Caf\xe9\n---\n", "latin1"));
    expect(await problemsOf(dir, dir)).toBe(
      [
        "groups/latin1.md:2:11: fout: het bestand is geen geldige UTF-8 (byte 0xe9 op positie 14)",
        "  waarom: bronnen moeten UTF-8 zijn, zodat letters als ë en ï goed uitkomen",
        "  oplossing: sla het bestand in uw editor op als UTF-8 (vaak ‘Opslaan met codering’ → UTF-8)",
        "  (regel source/encoding)",
        "1 fout, 0 waarschuwingen",
      ].join("\n"),
    );
  });

  it("refuses images and raw HTML in a group's text, at their position", async () => {
    const dir = await copyToTemp(CONTENT);
    const file = path.join(dir, "groups", "isis.md");
    await appendFile(file, "\n![kaart](https://example.org/kaart.png)\n\n<script>alert(1)</script>\n");
    expect(await problemsOf(dir, dir)).toBe(
      [
        'groups/isis.md:26:1: fout: de afbeelding "https://example.org/kaart.png" kan niet worden gebruikt in de tekst van een groep',
        "  waarom: factsheets hebben nog geen eigen afbeeldingen, en een afbeelding van een webadres zou tijdens het opmaken worden opgehaald, en dat mag nooit",
        "  oplossing: verwijder de afbeelding; vraag de ontwerper om afbeeldingen in de sjablonen op te nemen",
        "  (regel markdown/image)",
        'groups/isis.md:28:1: fout: HTML-code "<script>alert(1)</script>" in de tekst van een groep',
        "  waarom: HTML in de inhoud wordt uit elk bestand verwijderd, en zou dus ongemerkt verdwijnen",
        "  oplossing: schrijf de tekst in Markdown (bijvoorbeeld *nadruk*, **vet**, lijsten) en verwijder de HTML-codes",
        "  (regel markdown/raw-html)",
        "2 fouten, 0 waarschuwingen",
      ].join("\n"),
    );
  });

  it("says where the groups should be when there are none", async () => {
    const dir = await copyToTemp(CONTENT);
    await rm(path.join(dir, "groups"), { recursive: true });
    await mkdir(path.join(dir, "groups"));
    const text = await problemsOf(dir, dir);
    expect(text.split("\n")[0]).toBe(
      `report.yml:1:1: fout: geen groepsbestanden gevonden in ${path.join(dir, "groups")}`,
    );
  });
});
