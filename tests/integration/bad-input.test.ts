import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseNames, runCase } from "../helpers/bad-case.js";
import { CONTENT, FIXTURES, removeTempDirs, snapshotTree, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The corpus of broken input: tests/fixtures/bad/<case>/ holds the files a
 * case lays over a copy of the real content and templates (content/…,
 * templates/…), the exact stderr it must print (expected.txt) and its exit
 * code (exit). Every case runs against an output folder of a good build,
 * which must stay byte for byte as it was, with no temporary file left.
 */
const BAD = path.join(FIXTURES, "bad");
const cases = await caseNames(BAD);
const roma = await readFile(path.join(CONTENT, "groups", "roma-kinderen.md"), "utf8");
const asGroup = (slug: string, order: number) => roma.replace("slug: roma-kinderen", `slug: ${slug}`).replace("order: 4", `order: ${order}`);
let out: string;
let before: Record<string, string>;

beforeAll(async () => {
  out = await tempDir();
  const build = await runCli(["build", "--out", out]);
  if (build.code !== 0) throw new Error(build.stderr);
  before = await snapshotTree(out);
});
afterAll(removeTempDirs);

async function expectUntouched(): Promise<void> {
  expect(await snapshotTree(out)).toEqual(before);
  expect((await readdir(out)).filter((name) => name.startsWith(".staging") || name.endsWith(".lock"))).toEqual([]);
}

describe("broken input: exact messages, exit 1, the last good outputs untouched", () => {
  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("%s", async (name) => {
    const run = await runCase(path.join(BAD, name), out);
    expect(run.stderr).toBe(await readFile(path.join(BAD, name, "expected.txt"), "utf8"));
    expect(String(run.code)).toBe((await readFile(path.join(BAD, name, "exit"), "utf8")).trim());
    expect(run.seconds).toBeLessThan(20);
    await expectUntouched();
  });
});

/** Cases too large to commit: made here, in a temporary case folder. */
describe("broken input made by the test", () => {
  async function generated(files: Record<string, string | Buffer>): Promise<string> {
    const dir = await tempDir("factsheets-bad-");
    for (const [relative, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
      await writeFile(path.join(dir, relative), data);
    }
    return dir;
  }

  it("a 20 MB file is refused before it is read", async () => {
    const dir = await generated({ "content/groups/groot.md": Buffer.alloc(20 * 1024 * 1024, "a") });
    const run = await runCase(dir, out);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "content/groups/groot.md:1:1: error: the file is 20.0 MB, more than the 2 MB a source may have [source/too-large]",
    );
    expect(run.seconds).toBeLessThan(20);
    await expectUntouched();
  });

  it.each([
    ["10,000 nested list levels", "- ".repeat(10_000)],
    ["10,000 nested quotes", "> ".repeat(10_000)],
    ["lists nested by indentation", Array.from({ length: 200 }, (_, level) => `${"  ".repeat(level)}- niveau ${level}`).join("\n")],
  ])("%s are refused without running the parser into the ground", async (_label, text) => {
    const dir = await generated({ "content/groups/diep.md": `${asGroup("diep", 20)}\n${text}diep\n` });
    const run = await runCase(dir, out);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toMatch(/^content\/groups\/diep\.md:\d+:1: error: the text nests lists or quotes more than 20 levels deep here \[markdown\/too-deep\]$/);
    expect(run.seconds).toBeLessThan(20);
    await expectUntouched();
  });
});

describe("input that must simply work", () => {
  it("a byte-order mark and CRLF line endings change nothing", async () => {
    const bom = `\uFEFF${roma.replaceAll("\n", "\r\n")}`;
    const dir = await tempDir("factsheets-ok-");
    await mkdir(path.join(dir, "content", "groups"), { recursive: true });
    await writeFile(path.join(dir, "content", "groups", "roma-kinderen.md"), bom);
    const run = await runCase(dir, out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Nothing to rebuild in .+: 17 files unchanged/m);
    await expectUntouched();
  });

  it("Handlebars in the content is printed literally, never evaluated", async () => {
    const dir = await tempDir("factsheets-ok-");
    const own = await tempDir();
    await mkdir(path.join(dir, "content", "groups"), { recursive: true });
    await writeFile(
      path.join(dir, "content", "groups", "roma-kinderen.md"),
      `${roma}\nZie {{report.title}}, {{{styles}}} en {{> colophon}} {{#each groups}}x{{/each}}.\n`,
    );
    const run = await runCase(dir, own);
    expect(run.code).toBe(0);
    const html = await readFile(path.join(own, "html", "roma-kinderen.html"), "utf8");
    expect(html).toContain("<p>Zie {{report.title}}, {{{styles}}} en {{> colophon}} {{#each groups}}x{{/each}}.</p>");
  });

  it("a scale step that no group uses is a warning, and the build goes on", async () => {
    const report = await readFile(path.join(CONTENT, "report.yml"), "utf8");
    const dir = await tempDir("factsheets-ok-");
    const own = await tempDir();
    await mkdir(path.join(dir, "content"), { recursive: true });
    await writeFile(path.join(dir, "content", "report.yml"), report.replace("      phrasings: [hoge kwetsbaarheid]\n", "      phrasings: [hoge kwetsbaarheid]\n    - id: zeer-hoog\n      label: zeer hoog\n      phrasings: [zeer hoge kwetsbaarheid]\n"));
    const run = await runCase(dir, own);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        "content/report.yml:45:11: warning: no group uses the step `zeer-hoog` of `scales.vulnerability` [report/unused-step]",
        "  why: every step is drawn on every scale, so an unused step is fine, but it is often a grade that was renamed in report.yml and not in the groups",
        "  fix: nothing, if the step is meant to be there; otherwise rename it back or remove it",
        "0 errors, 1 warning",
        "",
      ].join("\n"),
    );
  });
});
