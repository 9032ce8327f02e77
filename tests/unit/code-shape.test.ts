import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";

/**
 * The shape README's "How it works" promises: each folder of scripts/ imports only the folders below it, no two
 * modules import each other (directly or round a loop), and no function is longer than 60 lines unless the comment
 * above it says why.
 */
const SCRIPTS = path.join(ROOT, "scripts");

/** What each folder may import: the table in README, "How it works". */
const MAY_IMPORT: Record<string, readonly string[]> = {
  config: [],
  diagnostics: [],
  setup: [],
  types: [],
  launch: [],
  pdf: [],
  accessibility: ["config", "output", "pdf"],
  markdown: ["config", "diagnostics"],
  output: ["diagnostics", "setup"],
  render: ["accessibility", "diagnostics", "output", "pdf", "setup"],
  content: ["config", "diagnostics", "markdown", "output"],
  docs: ["config"],
  templating: ["config", "content", "diagnostics", "markdown", "output", "render"],
  distribution: ["config", "content", "diagnostics", "output", "templating"],
  pipeline: [
    "accessibility",
    "config",
    "content",
    "diagnostics",
    "distribution",
    "markdown",
    "output",
    "render",
    "setup",
    "templating",
  ],
  preview: ["diagnostics", "output", "pipeline", "render"],
  cli: [
    "accessibility",
    "config",
    "content",
    "diagnostics",
    "distribution",
    "markdown",
    "output",
    "pipeline",
    "preview",
    "render",
    "setup",
    "templating",
  ],
  bench: [
    "accessibility",
    "config",
    "content",
    "diagnostics",
    "output",
    "pipeline",
    "preview",
    "render",
    "setup",
    "templating",
  ],
};

async function sources(): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(SCRIPTS, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, "utf8") })));
}

/** The modules a file imports (static, dynamic and type imports), as paths relative to scripts/ without extension. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) => match[1] ?? "");
  return specifiers.map((specifier) =>
    path.relative(SCRIPTS, path.resolve(path.dirname(file), specifier)).replace(/\.(js|ts|mjs)$/, ""),
  );
}

describe("the code's shape", () => {
  it("each folder imports only the folders README allows it", async () => {
    const files = await sources();
    expect(files.length).toBeGreaterThan(100);
    const wrong = files.flatMap(({ file, text }) => {
      const folder = path.relative(SCRIPTS, file).split(path.sep)[0] ?? "";
      const allowed = MAY_IMPORT[folder];
      if (!allowed) return [`${folder}: a folder README does not describe`];
      return importsOf(file, text)
        .map((target) => target.split(path.sep)[0] ?? "")
        .filter((target) => target !== folder && !allowed.includes(target))
        .map((target) => `${path.relative(SCRIPTS, file)} imports ${target}/`);
    });
    expect(wrong).toEqual([]);
  });

  it("no module imports itself round a loop", async () => {
    const files = await sources();
    const graph = new Map(
      files.map(({ file, text }) => [path.relative(SCRIPTS, file).replace(/\.(ts|mjs)$/, ""), importsOf(file, text)]),
    );
    const loops: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "open") {
        loops.push([...trail.slice(trail.indexOf(node)), node].join(" → "));
        return;
      }
      state.set(node, "open");
      for (const next of graph.get(node) ?? []) if (graph.has(next)) visit(next, [...trail, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) visit(node, []);
    expect(loops).toEqual([]);
  });

  it("no function is longer than 60 lines, unless the comment above it says why", async () => {
    const long: string[] = [];
    for (const { file, text } of await sources()) {
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
          const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
          const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          const comment = text.slice(Math.max(0, node.getFullStart() - 400), node.getStart(source));
          if (end - start + 1 > 60 && !/longer than 60 lines/i.test(comment)) {
            long.push(`${path.relative(SCRIPTS, file)}:${start + 1} (${end - start + 1} lines)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });
});
