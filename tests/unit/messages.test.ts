import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { formatProblems } from "../../scripts/diagnostics/format-problems.js";
import { environmentLanguage, messageLanguageOf, speak } from "../../scripts/diagnostics/language.js";
import { CATALOGUES, problem, problemText, ruleOf, say } from "../../scripts/diagnostics/messages.js";
import { addProblem } from "../../scripts/diagnostics/problem.js";
import { reportLanguage } from "../../scripts/content/content-language.js";
import { z } from "zod";
import * as schemas from "../../scripts/config/schema.js";
import { ROOT } from "../helpers/paths.js";

const placeholders = (text: string | undefined) =>
  [...(text ?? "").matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

async function sources(): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(path.join(ROOT, "scripts"), { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, "utf8") })));
}

describe("the message catalogue: every word the tool says, in Dutch and in English", () => {
  it("has the same problems and lines in both languages, with the same {placeholders}", () => {
    const { nl, en } = CATALOGUES;
    expect(Object.keys(nl.problems).sort()).toEqual(Object.keys(en.problems).sort());
    expect(Object.keys(nl.lines).sort()).toEqual(Object.keys(en.lines).sort());
    for (const [id, entry] of Object.entries(en.problems)) {
      for (const part of ["what", "why", "fix"] as const) {
        expect([id, part, placeholders(nl.problems[id]?.[part])]).toEqual([id, part, placeholders(entry[part])]);
      }
    }
    // A line may be empty in one language where the other puts its words elsewhere (the rule, in Dutch on a line
    // of its own).
    for (const [id, text] of Object.entries(en.lines)) {
      const other = nl.lines[id] ?? "";
      if (text === "" || other === "") continue;
      expect([id, placeholders(other)]).toEqual([id, placeholders(text)]);
    }
  });

  it("gives every rule its what, why and fix, and every variant a rule", () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      for (const id of Object.keys(catalogue.problems)) {
        expect(catalogue.problems[ruleOf(id)], id).toBeDefined();
        const whole = { ...catalogue.problems[ruleOf(id)], ...catalogue.problems[id] };
        expect([id, Object.keys(whole).sort()]).toEqual([id, ["fix", "what", "why"]]);
      }
    }
  });

  it("holds every message the code asks for by name", async () => {
    const missing: string[] = [];
    for (const { file, text } of await sources()) {
      for (const match of text.matchAll(/\b(problem|problemText|say|sayCount)\(\s*"([^"]+)"/g)) {
        const [, kind, id = ""] = match;
        const catalogue = CATALOGUES.en;
        const known =
          kind === "sayCount"
            ? `${id}.one` in catalogue.lines && `${id}.other` in catalogue.lines
            : kind === "say"
              ? id in catalogue.lines
              : id in catalogue.problems;
        if (!known) missing.push(`${path.relative(ROOT, file)}: ${kind}("${id}")`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("says a problem in Dutch, exactly, with the rule out of the way", () => {
    const file = new VFile({ path: path.join(ROOT, "content/groups/isis.md") });
    speak("nl");
    addProblem(file, {
      ...problem("content/unknown-step+suggestion", {
        step: "matg",
        id: "vulnerability",
        report: "report.yml",
        ids: "licht, matig, redelijk, verhoogd, hoog",
        suggestion: "matig",
      }),
      place: { line: 7, column: 11 },
    });
    expect(formatProblems([file], { cwd: ROOT, color: false })).toBe(
      [
        "content/groups/isis.md:7:11: fout: onbekende stap “matg” in het antwoord op ‘vulnerability’",
        "  waarom: een stap moet een van de stappen van de vraag ‘vulnerability’ in report.yml zijn: " +
          "licht, matig, redelijk, verhoogd, hoog",
        "  oplossing: bedoelt u “matig”? Schrijf dan ‘step: matig’",
        "  (regel content/unknown-step)",
        "1 fout, 0 waarschuwingen",
      ].join("\n"),
    );
  });

  it("says the same problem in English for an English report, as before", () => {
    const file = new VFile({ path: path.join(ROOT, "content/groups/isis.md") });
    speak("en");
    addProblem(file, {
      ...problem("content/why-with-step", { key: "answers.evidence" }),
      place: { line: 9, column: 5 },
    });
    expect(formatProblems([file], { cwd: ROOT, color: false })).toBe(
      [
        "content/groups/isis.md:9:5: error: `answers.evidence` has both a `step` and a `why` [content/why-with-step]",
        "  why: `why` says why the source's words fit no step, so an answer on a step has none",
        "  fix: remove `why:`, or remove `step:` if the words really fit no step",
        "1 error, 0 warnings",
      ].join("\n"),
    );
  });

  it("knows a missing value as a bug in the code, not as a blank in the message", () => {
    expect(() => problemText("content/why-with-step", {}, "nl")).toThrow("needs the value {key}");
    expect(say("format.errors.other", { count: 2 }, "nl")).toBe("2 fouten");
  });
});

describe("which language the tool speaks", () => {
  it("takes the report's language from report.yml's text, even when the rest of it is broken", () => {
    expect(reportLanguage("title: x\nlanguage: nl\nquestions: [")).toBe("nl");
    expect(reportLanguage('language: "en-GB" # British')).toBe("en");
    expect(reportLanguage("language: de")).toBeUndefined();
    expect(reportLanguage("title: language: nl")).toBeUndefined();
  });

  it("before any content is read, the environment's (LC_ALL, LC_MESSAGES, LANG), else English", () => {
    expect(environmentLanguage({ LANG: "nl_NL.UTF-8" })).toBe("nl");
    expect(environmentLanguage({ LC_ALL: "en_US.UTF-8", LANG: "nl_NL.UTF-8" })).toBe("en");
    expect(environmentLanguage({ LANG: "C.UTF-8" })).toBe("en");
    expect(environmentLanguage({})).toBe("en");
    expect(messageLanguageOf("nl-BE")).toBe("nl");
  });
});

/** Every description in a zod schema, found by walking its definition (objects, arrays, unions, wrappers). */
function descriptions(root: unknown): Set<string> {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (value instanceof z.ZodType && value.description !== undefined) found.add(value.description);
    for (const child of Object.values(value)) walk(child);
  };
  walk(root);
  return found;
}

describe("the schema's field descriptions in Dutch", () => {
  it("translates only descriptions the schema has: a changed description must be translated again", async () => {
    const known = descriptions(Object.values(schemas));
    expect(known.size).toBeGreaterThan(100);
    const fields = JSON.parse(await readFile(path.join(ROOT, "scripts/diagnostics/messages/fields.nl.json"), "utf8"));
    expect(Object.keys(fields).filter((english) => !known.has(english))).toEqual([]);
    // And every description has its translation.
    expect([...known].filter((english) => !(english in fields))).toEqual([]);
  });
});
