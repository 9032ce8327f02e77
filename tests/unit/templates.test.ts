import { cp, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblems } from "../../scripts/diagnostics/format-problems.js";
import { loadTemplates, TemplateRenderError } from "../../scripts/templating/load-templates.js";
import { removeTempDirs, TEMPLATES, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

async function templatesCopy(): Promise<string> {
  const dir = await tempDir();
  await cp(TEMPLATES, dir, { recursive: true });
  return dir;
}

describe("templates", () => {
  it("load, with the labels from the language's strings file", async () => {
    const result = await loadTemplates(TEMPLATES, "nl");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.templates.strings.unanswered).toBe("niet beantwoord in de bron");
    expect(result.templates.strings.recommendations).toBe("Aanbevelingen");
  });

  it("are strict: a field missing from the view throws and names the template", async () => {
    const result = await loadTemplates(TEMPLATES, "nl");
    if (!result.ok) throw new Error("templates must load");
    expect(() => result.templates.render("index", { report: {} })).toThrow(TemplateRenderError);
    expect(() => result.templates.render("index", { report: {} })).toThrow(/index\.hbs: "(\w+)" not defined in/);
  });

  it("report a syntax error with the template's own line and column", async () => {
    const dir = await templatesCopy();
    await writeFile(path.join(dir, "factsheet.hbs"), "<p>\n  {{#if title}}\n  {{title}\n{{/if}}\n");
    const result = await loadTemplates(dir, "nl");
    expect(result.ok).toBe(false);
    const text = formatProblems(result.ok ? [] : result.files, { cwd: dir, color: false });
    expect(text.split("\n")[0]).toMatch(
      /^factsheet\.hbs:3:\d+: error: Handlebars syntax error: Parse error on line 3: \[template\/syntax\]$/,
    );
  });

  it("report a strings file that lacks a label", async () => {
    const dir = await templatesCopy();
    await writeFile(path.join(dir, "strings", "nl.json"), '{\n  "question": "Vraag"\n}\n');
    const result = await loadTemplates(dir, "nl");
    const text = formatProblems(result.ok ? [] : result.files, { cwd: dir, color: false });
    expect(text.split("\n")[0]).toBe(
      "strings/nl.json:1:1: error: missing field `recommendations` [schema/missing-field]",
    );
  });
});
