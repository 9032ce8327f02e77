import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, type BuildOptions, type BuildResult } from "../../scripts/pipeline/build.js";
import { buildOptions } from "../helpers/build-options.js";
import { CONTENT, copyToTemp, removeTempDirs, snapshotTree, tempDir } from "../helpers/paths.js";

let content: string;
let out: string;

function options(overrides: Partial<BuildOptions> = {}): BuildOptions {
  return buildOptions(content, out, overrides);
}

async function built(result: BuildResult): Promise<Extract<BuildResult, { kind: "built" }>> {
  if (result.kind !== "built") throw new Error(`the build failed: ${JSON.stringify(result)}`);
  return result;
}

/** Every file's SHA-256 and modification time. */
async function state(dir: string): Promise<Record<string, string>> {
  const hashes = await snapshotTree(dir);
  const result: Record<string, string> = {};
  for (const [file, hash] of Object.entries(hashes))
    result[file] = `${hash} ${(await stat(path.join(dir, file))).mtimeMs}`;
  return result;
}

function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  const files = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...files].filter((file) => before[file] !== after[file]).sort();
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(file, text.replace(from, to));
}

beforeAll(async () => {
  content = await copyToTemp(CONTENT);
  out = await tempDir();
  await built(await build(options()));
});
afterAll(removeTempDirs);

describe("incremental builds", () => {
  it("rebuild with nothing changed renders nothing, starts no browser and touches no file", async () => {
    const before = await state(out);
    const result = await built(await build(options()));
    expect(result.written).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(result.skipped).toHaveLength(17);
    expect(result.browserStarted).toBe(false);
    expect(await state(out)).toEqual(before);
  });

  it("after one group's text changes, rewrites only that group's files and the whole report", async () => {
    const before = await state(out);
    await edit(
      path.join(content, "groups", "isis.md"),
      "Daarnaast is er weinig bekend",
      "Daarnaast is er nog weinig bekend",
    );
    const result = await built(await build(options()));
    expect(result.written.sort()).toEqual(["html/isis.html", "pdf/isis.pdf", "pdf/zicht-op-kwetsbaarheid.pdf"]);
    expect(result.browserStarted).toBe(true);
    expect(changedFiles(before, await state(out))).toEqual([
      ".factsheets-manifest.json",
      "CHANGES.md",
      "changes.json",
      "html/isis.html",
      "pdf/isis.pdf",
      "pdf/zicht-op-kwetsbaarheid.pdf",
    ]);
    expect(await readFile(path.join(out, "CHANGES.md"), "utf8")).toBe(
      "# Wijzigingen: Zicht op kwetsbaarheid\n\n- Kinderen die zich willen voegen bij ISIS: tekst gewijzigd: +1 / −0 woorden\n",
    );
  });

  it("after an answer changes, rewrites the group, the index, the overview and the report, and names the change", async () => {
    // An answer is the source's words: the editor corrects the sentence, its quote and the step together.
    await edit(path.join(content, "groups", "roma-kinderen.md"), "step: hoog", "step: verhoogd");
    for (let times = 0; times < 2; times += 1)
      await edit(
        path.join(content, "groups", "roma-kinderen.md"),
        "een hoge kwetsbaarheid",
        "een verhoogde kwetsbaarheid",
      );
    await edit(
      path.join(content, "groups", "roma-kinderen.md"),
      "words: hoge kwetsbaarheid",
      "words: verhoogde kwetsbaarheid",
    );
    const result = await built(await build(options()));
    expect(result.written.sort()).toEqual([
      "html/roma-kinderen.html",
      "index.html",
      "pdf/overzicht.pdf",
      "pdf/roma-kinderen.pdf",
      "pdf/zicht-op-kwetsbaarheid.pdf",
    ]);
    expect(await readFile(path.join(out, "CHANGES.md"), "utf8")).toBe(
      "# Wijzigingen: Zicht op kwetsbaarheid\n\n- Roma-kinderen: vraag 1: “hoge kwetsbaarheid” (hoog) → “verhoogde kwetsbaarheid” (verhoogd); tekst gewijzigd: +1 / −1 woorden\n",
    );
    expect(JSON.parse(await readFile(path.join(out, "changes.json"), "utf8"))).toEqual({
      report: "Zicht op kwetsbaarheid",
      published: "2016-04-14",
      firstBuild: false,
      groups: [
        {
          slug: "roma-kinderen",
          title: "Roma-kinderen",
          change: "edited",
          answers: {
            vulnerability: { from: "“hoge kwetsbaarheid” (hoog)", to: "“verhoogde kwetsbaarheid” (verhoogd)" },
          },
          text: { wordsAdded: 1, wordsRemoved: 1 },
        },
      ],
    });
  });

  it("removes a removed group's outputs", async () => {
    await rm(path.join(content, "groups", "productieketens.md"));
    const result = await built(await build(options()));
    expect(result.removed).toEqual(["html/productieketens.html", "pdf/productieketens.pdf"]);
    const files = Object.keys(await snapshotTree(out));
    expect(files).not.toContain("html/productieketens.html");
    expect(files).not.toContain("pdf/productieketens.pdf");
    expect(await readFile(path.join(out, "CHANGES.md"), "utf8")).toBe(
      "# Wijzigingen: Zicht op kwetsbaarheid\n\n- Kinderen die moeten werken in productieketens: verwijderd\n",
    );
  });

  it("removes a removed group's print file too, when the build makes no print files", async () => {
    const own = await copyToTemp(CONTENT);
    const folder = await tempDir();
    await built(await build(options({ contentDir: own, outDir: folder, print: true })));
    expect(Object.keys(await snapshotTree(folder))).toContain("print/isis.pdf");
    await rm(path.join(own, "groups", "isis.md"));
    const result = await built(await build(options({ contentDir: own, outDir: folder })));
    expect(result.removed).toEqual(["html/isis.html", "pdf/isis.pdf", "print/isis.pdf"]);
    const files = Object.keys(await snapshotTree(folder));
    expect(files.filter((file) => file.includes("isis"))).toEqual([]);
    // The other groups' print files stay: this build did not make them, and their groups are still there.
    expect(files.filter((file) => file.startsWith("print/"))).toHaveLength(8);
    const manifest: unknown = JSON.parse(await readFile(path.join(folder, ".factsheets-manifest.json"), "utf8"));
    expect(JSON.stringify(manifest)).not.toContain("isis.pdf");
  });

  it("remakes an output that was changed by hand", async () => {
    await writeFile(path.join(out, "html", "isis.html"), "tampered");
    const result = await built(await build(options()));
    expect(result.written).toEqual(["html/isis.html"]);
    expect(await readFile(path.join(out, "html", "isis.html"), "utf8")).toContain("<!doctype html>");
  });

  it("treats a corrupt cache as no cache: a full rebuild with a one-line notice", async () => {
    await writeFile(path.join(out, ".factsheets-manifest.json"), "{ not json");
    const result = await built(await build(options({ formats: ["html"] })));
    expect(result.notice).toBe(
      `the build cache ${path.join(out, ".factsheets-manifest.json")} is unusable (it is not valid JSON): rebuilding everything`,
    );
    expect(result.written).toHaveLength(7);
  });

  it("says so when the outputs have no cache beside them, and rebuilds everything", async () => {
    await rm(path.join(out, ".factsheets-manifest.json"));
    const result = await built(await build(options({ formats: ["html"] })));
    expect(result.notice).toBe(
      `there is no build cache ${path.join(out, ".factsheets-manifest.json")} beside the outputs: rebuilding everything`,
    );
    expect(result.written).toHaveLength(7);
  });

  it("a build of HTML alone opens no browser, and the accessibility report says its HTML files are not checked", async () => {
    const html = await tempDir();
    const result = await built(await build(options({ outDir: html, formats: ["html"], force: true })));
    expect(result.browserStarted).toBe(false);
    const report = await readFile(path.join(html, "toegankelijkheid.md"), "utf8");
    expect(report).toContain(
      "| html/isis.html | HTML (WCAG 2.1 AA) |  |  |  | niet gecontroleerd: een build van alleen HTML (--format html) " +
        "opent geen browser; bouw met de pdf’s om het te controleren |",
    );
  });

  it("--force renders everything", async () => {
    const result = await built(await build(options({ force: true })));
    expect(result.written).toHaveLength(15); // six groups are left: 6 factsheets, 6 PDFs, index, overview, report
    expect(result.skipped).toEqual([]);
  });
});

describe("reproducible outputs", () => {
  it("two clean builds in two folders give byte-identical files, print files included", async () => {
    const first = await tempDir();
    const second = await tempDir();
    await built(await build(options({ contentDir: CONTENT, outDir: first, print: true })));
    await built(await build(options({ contentDir: CONTENT, outDir: second, print: true })));
    const a = await snapshotTree(first);
    const b = await snapshotTree(second);
    expect(Object.keys(a)).toHaveLength(30); // the accessibility report, a list of results, is the same bytes too
    expect(a).toEqual(b);
  });
});
