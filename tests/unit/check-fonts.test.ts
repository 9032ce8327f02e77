import { readFile } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { speak } from "../../scripts/diagnostics/language.js";
import { formatProblems } from "../../scripts/diagnostics/format-problems.js";
import { checkFonts } from "../../scripts/templating/check-fonts.js";
import { FONT_FAMILY } from "../../scripts/templating/fonts.js";
import { ROOT, TEMPLATES } from "../helpers/paths.js";

const placesOf = (files: VFile[]) =>
  files.flatMap((file) => file.messages.map((message) => `${message.line}:${message.column} ${message.reason}`));

describe("the typefaces the templates name, checked before anything renders", () => {
  it("finds none missing in the real templates", async () => {
    const files = await Promise.all(
      ["styles/base.css", "styles/chart.css", "factsheet.hbs", "infographic.hbs"].map(
        async (name) =>
          new VFile({ path: path.join(TEMPLATES, name), value: await readFile(path.join(TEMPLATES, name)) }),
      ),
    );
    checkFonts(files, [FONT_FAMILY]);
    expect(placesOf(files)).toEqual([]);
  });

  it("names each family that is neither bundled nor declared, at its place; generic names, var() and quotes are fine", () => {
    speak("en");
    const css = new VFile({
      path: "styles/base.css",
      value: [
        ':root { --font: "Merriweather", sans-serif; }',
        "h1 { font-family: 'Source Sans 3', Georgia, serif; }",
        "p { font-family: var(--font); }",
        '@font-face { font-family: "Eigen Letter"; src: url(data:font/woff2;base64,AA==); }',
        'small { font-family: "Eigen Letter", system-ui; }',
      ].join("\n"),
    });
    const template = new VFile({ path: "factsheet.hbs", value: "<p style=\"font-family: 'Comic Neue'\">x</p>" });
    checkFonts([css, template], [FONT_FAMILY]);
    expect(placesOf([css, template])).toEqual([
      '1:17 the font "Merriweather" is not available to the renderer',
      '2:36 the font "Georgia" is not available to the renderer',
      '1:24 the font "Comic Neue" is not available to the renderer',
    ]);
  });

  it("says in Dutch which font, why and what to use instead", () => {
    speak("nl");
    const css = new VFile({
      path: path.join(ROOT, "templates/styles/base.css"),
      value: ":root { --font: Merriweather; }",
    });
    checkFonts([css], [FONT_FAMILY]);
    expect(formatProblems([css], { cwd: ROOT, color: false })).toBe(
      [
        'templates/styles/base.css:1:17: fout: het lettertype "Merriweather" is niet beschikbaar bij het opmaken',
        "  waarom: het opmaken gebeurt offline en gebruikt alleen de lettertypen die bij het programma horen " +
          '("Source Sans 3") of die een @font-face in de sjablonen declareert; de browser zou de tekst ongemerkt in ' +
          "een ander lettertype zetten, en dan past die niet meer op de pagina",
        '  oplossing: gebruik een van "Source Sans 3", of voeg de bestanden van het lettertype toe als npm-pakket en ' +
          "declareer ze in scripts/templating/fonts.ts (vraag een ontwikkelaar)",
        "  (regel template/missing-font)",
        "1 fout, 0 waarschuwingen",
      ].join("\n"),
    );
    speak("en");
  });
});
