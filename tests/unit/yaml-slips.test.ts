import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { yamlSlips } from "../../scripts/content/yaml-slips.js";
import { YamlSource } from "../../scripts/content/yaml-source.js";
import { speak } from "../../scripts/diagnostics/language.js";
import { formatProblems } from "../../scripts/diagnostics/format-problems.js";
import { ROOT } from "../helpers/paths.js";

const GROUP = [
  "title: Roma-kinderen",
  "order: 4",
  "answers:",
  "  vulnerability:",
  "    step: hoog",
  "    words: hoge kwetsbaarheid",
  "    source: Roma-kinderen kennen een hoge kwetsbaarheid voor mensenhandel.",
  "recommendations:",
  "  - Zorg voor kennis.",
  "  - Zorg voor samenwerking.",
];

/** The group's front matter with line `index` (0-based) replaced. */
const withLine = (index: number, line: string) => GROUP.map((text, at) => (at === index ? line : text)).join("\n");

function problemsOf(text: string): string {
  const file = new VFile({ path: path.join(ROOT, "content/groups/roma-kinderen.md"), value: text });
  expect(YamlSource.parse(file, text, 2)).toBeUndefined();
  return formatProblems([file], { cwd: ROOT, color: false });
}

describe("slips of hand in YAML, named as what the editor did", () => {
  it("finds none in valid YAML: every YAML file of the project", async () => {
    const files = (await readdir(ROOT, { recursive: true })).filter(
      (name) =>
        !name.startsWith("node_modules") &&
        !name.startsWith("output") &&
        !name.startsWith("tests/fixtures/bad/") &&
        (/\.ya?ml$/.test(name) || /content\/groups\/[^/]+\.md$/.test(name)),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const name of files) {
      const text = await readFile(path.join(ROOT, name), "utf8");
      const yaml = name.endsWith(".md") ? (/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "") : text;
      expect([name, yamlSlips(yaml)]).toEqual([name, []]);
    }
    expect(yamlSlips(GROUP.join("\n"))).toEqual([]);
  });

  it("names a field indented by one space too few, with the field to line it up under", () => {
    expect(yamlSlips(withLine(5, "   words: hoge kwetsbaarheid"))).toEqual([
      {
        kind: "indentation",
        line: 6,
        column: 4,
        key: "words",
        text: "words: hoge kwetsbaarheid",
        spaces: 3,
        expected: 4,
        sibling: "step",
      },
    ]);
  });

  it("names a field indented too far, below a field with a value, once", () => {
    const slips = yamlSlips(withLine(5, "      words: hoge kwetsbaarheid"));
    expect(slips).toEqual([expect.objectContaining({ kind: "indentation", line: 6, spaces: 6, expected: 4 })]);
  });

  it("names a tab, a missing space after the colon and a text with a colon, each at its line", () => {
    expect(yamlSlips(withLine(4, "\tstep: hoog"))).toEqual([{ kind: "tab", line: 5, column: 1 }]);
    expect(yamlSlips(withLine(4, "    step:hoog"))).toEqual([
      { kind: "missing-space", line: 5, column: 9, key: "step", value: "hoog" },
    ]);
    expect(yamlSlips(withLine(0, "title: Roma-kinderen: een studie"))).toEqual([
      { kind: "colon-in-text", line: 1, column: 8, key: "title", value: "Roma-kinderen: een studie" },
    ]);
  });

  it("reads quoted, folded and continued texts and lists as they are", () => {
    const text = [
      'title: "Roma-kinderen: een studie',
      '  over kwetsbaarheid"',
      "intro: >",
      "  Een tekst: met een dubbele punt.",
      "    Dieper ingesprongen.",
      "source: Een lange zin die",
      "  doorloopt op de volgende regel.",
      "steps:",
      "- id: licht",
      "  label: licht",
      "- id: hoog",
      "  label: hoog",
      "tail: 'it''s: fine'",
    ].join("\n");
    expect(yamlSlips(text)).toEqual([]);
  });

  it("says the slip in Dutch, with the fix, and not the parser's consequences of it", () => {
    speak("nl");
    expect(problemsOf(withLine(5, "   words: hoge kwetsbaarheid"))).toBe(
      [
        "content/groups/roma-kinderen.md:7:4: fout: ‘words:’ springt 3 spaties in, de velden eromheen 4",
        "  waarom: in YAML bepaalt de inspringing bij welk blok een veld hoort; een veld dat verspringt, breekt zijn blok",
        "  oplossing: zet ‘words:’ recht onder ‘step:’, met evenveel spaties (4)",
        "  (regel yaml/indentation)",
        "1 fout, 0 waarschuwingen",
      ].join("\n"),
    );
    speak("en");
    expect(problemsOf(withLine(0, "title: Roma-kinderen: een studie"))).toBe(
      [
        "content/groups/roma-kinderen.md:2:8: error: the text of `title` holds a colon followed by a space " +
          "[yaml/colon-in-text]",
        '  why: YAML reads ": " as the start of a field, so the text breaks off there',
        '  fix: put the text between quotes: `title: "Roma-kinderen: een studie"`',
        "1 error, 0 warnings",
      ].join("\n"),
    );
  });
});

describe("the odd line out", () => {
  it("blames a block's first field when the fields after it agree on another indentation", () => {
    expect(yamlSlips(withLine(4, "   step: hoog"))).toEqual([
      {
        kind: "indentation",
        line: 5,
        column: 4,
        key: "step",
        text: "step: hoog",
        spaces: 3,
        expected: 4,
        sibling: "words",
      },
    ]);
  });
});
