import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Strings } from "../../scripts/config/schema.js";
import { ROOT, TEMPLATES } from "../helpers/paths.js";

const STRINGS_DIR = path.join(TEMPLATES, "strings");

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every key path of a strings file: `footnotes.label`, `distribution.fileNames.print`, … */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}

async function stringsFiles(): Promise<{ name: string; data: unknown }[]> {
  const names = (await readdir(STRINGS_DIR)).filter((name) => name.endsWith(".json")).sort();
  return Promise.all(
    names.map(async (name) => ({ name, data: JSON.parse(await readFile(path.join(STRINGS_DIR, name), "utf8")) })),
  );
}

/** The words of the code and the templates, strings files left out, lower-cased. */
async function codeAndTemplates(): Promise<{ file: string; text: string }[]> {
  // The tool's own messages and the Dutch --help are strings files too (scripts/diagnostics/messages/, one per
  // language, and scripts/cli/help.nl.json).
  const messages = path.join(ROOT, "scripts", "diagnostics", "messages");
  const help = path.join(ROOT, "scripts", "cli", "help.nl.json");
  const files = [...(await filesUnder(path.join(ROOT, "scripts"))), ...(await filesUnder(TEMPLATES))].filter(
    (file) => !file.startsWith(STRINGS_DIR) && !file.startsWith(messages) && file !== help,
  );
  return Promise.all(files.map(async (file) => ({ file, text: (await readFile(file, "utf8")).toLowerCase() })));
}

describe("the strings files: every fixed word of the outputs, in every language", () => {
  it("ships Dutch and English", async () => {
    expect((await stringsFiles()).map((file) => file.name)).toEqual(["en.json", "nl.json"]);
  });

  it("each is complete: the schema finds no key missing, none unknown, none empty", async () => {
    for (const { name, data } of await stringsFiles()) {
      const parsed = Strings.safeParse(data);
      expect(parsed.success ? [] : parsed.error.issues.map((issue) => `${name}: ${issue.path.join(".")}`)).toEqual([]);
    }
  });

  it("all have the same keys, and the same {placeholders} in each entry", async () => {
    const [first, ...others] = await stringsFiles();
    if (!first) throw new Error("no strings file");
    const placeholders = (data: unknown) =>
      keyPaths(data).map((key) => {
        const value = key.split(".").reduce<unknown>((node, part) => Reflect.get(Object(node), part), data);
        return `${key} ${[...String(value).matchAll(/\{(\w+)\}/g)]
          .map((match) => match[1])
          .sort()
          .join(",")}`;
      });
    for (const other of others) expect(placeholders(other.data)).toEqual(placeholders(first.data));
  });
});

describe("no fixed word in the code or the templates", () => {
  it("no word of this report remains in scripts/ or templates/", async () => {
    for (const { file, text } of await codeAndTemplates()) {
      for (const word of ["kwetsbaarheid", "mensenhandel", "zicht op", "rapporteur"]) {
        expect(text.includes(word) ? `${path.relative(ROOT, file)}: ${word}` : "").toBe("");
      }
    }
  });

  it("no Dutch word of the strings file appears in the code or the templates", async () => {
    const words = async (name: string) =>
      new Set((await readFile(path.join(STRINGS_DIR, name), "utf8")).toLowerCase().match(/\p{L}{5,}/gu) ?? []);
    const [nl, en] = await Promise.all([words("nl.json"), words("en.json")]);
    const dutch = [...nl].filter((word) => !en.has(word));
    expect(dutch.length).toBeGreaterThan(40);
    // The kinds of file in a package's manifest: identifiers that signed manifests and ledgers already hold.
    const identifiers = new Map([["scripts/distribution/package-files.ts", ["rapport", "drukwerk"]]]);
    const found = (await codeAndTemplates()).flatMap(({ file, text }) => {
      const allowed = identifiers.get(path.relative(ROOT, file)) ?? [];
      return dutch
        .filter((word) => !allowed.includes(word) && new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, "u").test(text))
        .map((word) => `${path.relative(ROOT, file)}: ${word}`);
    });
    expect(found).toEqual([]);
  });

  it("the templates hold no text of their own: every word comes from the content or the strings", async () => {
    const templates = (await filesUnder(TEMPLATES)).filter((file) => file.endsWith(".hbs"));
    expect(templates.length).toBeGreaterThan(10);
    for (const file of templates) {
      const text = (await readFile(file, "utf8"))
        .replace(/\{\{!--[\s\S]*?--\}\}/g, " ")
        .replace(/\{\{[\s\S]*?\}\}/g, " ")
        .replace(/<[^>]*>/g, " ");
      // "pdf" names a file type, the same in every language.
      const words = (text.match(/\p{L}{2,}/gu) ?? []).filter((word) => word !== "pdf");
      expect(words.length === 0 ? "" : `${path.relative(ROOT, file)}: ${words.join(" ")}`).toBe("");
    }
  });
});
