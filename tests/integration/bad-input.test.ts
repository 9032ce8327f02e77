import { execFileSync } from "node:child_process";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseNames, checkCase, runCase } from "../helpers/bad-case.js";
import { CONTENT, FIXTURES, removeTempDirs, snapshotTree, tempDir, TEMPLATES } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { say } from "../../scripts/diagnostics/messages.js";

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
const asGroup = (slug: string, order: number) =>
  roma.replace("slug: roma-kinderen", `slug: ${slug}`).replace("order: 4", `order: ${order}`);
let out: string;
let before: Record<string, string>;

beforeAll(async () => {
  out = await tempDir();
  const build = await runCli(["build", "--out", out]);
  if (build.code !== 0) throw new Error(build.stderr);
  before = await snapshotTree(out);
});
afterAll(removeTempDirs);

/** A case folder with these files, laid over the real content by runCase. */
async function generated(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tempDir("factsheets-bad-");
  for (const [relative, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), data);
  }
  return dir;
}

async function expectUntouched(): Promise<void> {
  expect(await snapshotTree(out)).toEqual(before);
  expect((await readdir(out)).filter((name) => name.startsWith(".staging") || name.endsWith(".lock"))).toEqual([]);
}

const MANIFEST = ".factsheets-manifest.json";
const outputsOf = (tree: Record<string, string>) => Object.entries(tree).filter(([name]) => name !== MANIFEST);
const manifestOutputs = async (): Promise<unknown> => {
  const manifest: unknown = JSON.parse(await readFile(path.join(out, MANIFEST), "utf8"));
  return typeof manifest === "object" && manifest !== null && "outputs" in manifest ? manifest.outputs : undefined;
};

/**
 * A build that succeeded with nothing to make, from inputs that differ (a warning's file, other line endings):
 * every output as it was, and the manifest's records of them too; the manifest records only what this build
 * read, for the next build to answer from the digest. The new tree is what later cases must leave untouched.
 */
async function expectOutputsUntouched(recordsBefore: unknown): Promise<void> {
  const now = await snapshotTree(out);
  expect(outputsOf(now)).toEqual(outputsOf(before));
  expect(await manifestOutputs()).toEqual(recordsBefore);
  expect((await readdir(out)).filter((name) => name.startsWith(".staging") || name.endsWith(".lock"))).toEqual([]);
  before = now;
}

/** A build's stderr as check prints it: without the build's last line, that nothing was written. */
const withoutNothingWritten = (stderr: string) => {
  // In the report's language; in English where report.yml cannot be read to tell it (LANG is not set here).
  for (const language of ["nl", "en"] as const) {
    const line = `${say("build.nothingWritten", {}, language)}\n`;
    if (stderr.endsWith(line)) return stderr.slice(0, -line.length);
  }
  return stderr;
};

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

describe("broken input through check: exactly what build reports, exit 1, nothing written", () => {
  it.each(cases)("%s", async (name) => {
    const expected = await readFile(path.join(BAD, name, "expected.txt"), "utf8");
    const run = await checkCase(path.join(BAD, name));
    expect(run.stderr).toBe(withoutNothingWritten(expected));
    expect(run.stdout).toBe("");
    expect(String(run.code)).toBe((await readFile(path.join(BAD, name, "exit"), "utf8")).trim());
  });
});

describe("a template that reaches outside, through check", () => {
  it("is refused by check as by build, at the template", async () => {
    const template = await readFile(path.join(TEMPLATES, "factsheet.hbs"), "utf8");
    const dir = await generated({
      "templates/factsheet.hbs": template.replace("</body>", '<img src="https://example.org/pixel.png" alt=""></body>'),
    });
    const built = await runCase(dir, await tempDir());
    expect(built.code).toBe(1);
    expect(built.stderr).toContain("\n  (regel template/external-resource)\n");
    const checked = await checkCase(dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toBe(withoutNothingWritten(built.stderr));
  });
});

/** Cases too large to commit: made here, in a temporary case folder. */
describe("broken input made by the test", () => {
  it("a 20 MB file is refused before it is read", async () => {
    const dir = await generated({ "content/groups/groot.md": Buffer.alloc(20 * 1024 * 1024, "a") });
    const run = await runCase(dir, out);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "content/groups/groot.md:1:1: fout: het bestand is 20.0 MB, meer dan de 2 MB die een bron mag hebben",
    );
    expect(run.seconds).toBeLessThan(20);
    await expectUntouched();
  });

  it("texts under the size limit that would take the parser minutes or gigabytes are stopped within their budget", async () => {
    const dir = await generated({
      "content/groups/sterren.md": `${asGroup("sterren", 20)}\n${"*".repeat(50_000)}x${"*".repeat(50_000)}\n`,
      "content/groups/haken.md": `${asGroup("haken", 21)}\n${"[".repeat(20_000)}x${"](y)".repeat(20_000)}\n`,
      "content/groups/tabel.md": `${asGroup("tabel", 22)}\n${"|a".repeat(200_000)}|\n${"|-".repeat(200_000)}|\n`,
    });
    const run = await runCase(dir, out);
    expect(run.code).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.includes(": fout: "));
    // Which limit a text reaches first (5 s or 512 MB) depends on the machine; either refuses it at its line.
    // The long line follows the group's text and one empty line.
    const line = roma.split("\n").length + 1;
    const refused = new RegExp(
      `^content/groups/(haken|sterren|tabel)\\.md:${line}:1: fout: het lezen van de tekst van een groep als Markdown ` +
        "(?:duurt langer dan 5 s|vraagt meer dan 512 MB geheugen) en is daarom gestopt$",
    );
    expect(errors.map((line) => refused.exec(line)?.[1])).toEqual(["haken", "sterren", "tabel"]);
    expect(run.stderr).toContain(
      "  oplossing: zoek naar lange reeksen * of _, veel [ zonder bijbehorende ], of een tabel met heel veel kolommen, en verwijder die",
    );
    await expectUntouched();
  });

  it.each([
    ["10,000 nested list levels", "- ".repeat(10_000)],
    ["10,000 nested quotes", "> ".repeat(10_000)],
    [
      "lists nested by indentation",
      Array.from({ length: 200 }, (_, level) => `${"  ".repeat(level)}- niveau ${level}`).join("\n"),
    ],
  ])("%s are refused without running the parser into the ground", async (_label, text) => {
    const dir = await generated({ "content/groups/diep.md": `${asGroup("diep", 20)}\n${text}diep\n` });
    const run = await runCase(dir, out);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toMatch(
      /^content\/groups\/diep\.md:\d+:1: fout: de tekst van een groep heeft hier lijsten of citaten die meer dan 20 niveaus diep in elkaar zitten$/,
    );
    expect(run.seconds).toBeLessThan(20);
    await expectUntouched();
  });
});

describe("entries of content/groups/ that are not group files", () => {
  it("a named pipe (FIFO) with a group's name is refused before it is opened, and the outputs stay", async () => {
    const dir = await tempDir("factsheets-case-");
    await mkdir(path.join(dir, "content", "groups"), { recursive: true });
    execFileSync("mkfifo", [path.join(dir, "content", "groups", "zz-pipe.md")]);
    const run = await runCase(dir, out);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        "content/groups/zz-pipe.md:1:1: fout: dit is geen gewoon bestand",
        "  waarom: een groep is één Markdown-bestand",
        "  oplossing: haal het uit content/groups/, of zet hier het bestand van de groep neer",
        "  (regel content/not-a-file)",
        "1 fout, 0 waarschuwingen",
        "Er is niets geschreven: de bestanden van de vorige keer zijn ongewijzigd.",
        "",
      ].join("\n"),
    );
    await expectUntouched();
  });

  it("any other file is named in a warning, and the build goes on without removing anything", async () => {
    const dir = await generated({ "content/groups/notities.txt": "aantekeningen\n" });
    const records = await manifestOutputs();
    const run = await runCase(dir, out);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        "content/groups/notities.txt:1:1: waarschuwing: geen groepsbestand, dus het wordt niet gelezen",
        "  waarom: alleen bestanden in content/groups/ die op .md eindigen zijn groepen",
        "  oplossing: niets, als het er hoort; verplaats het anders, of geef het een naam die op .md eindigt",
        "  (regel content/not-a-group)",
        "0 fouten, 1 waarschuwing",
        "",
      ].join("\n"),
    );
    expect(run.stdout).toMatch(/^Niets opnieuw te maken in .+: 17 bestanden ongewijzigd/m);
    await expectOutputsUntouched(records);
  });
});

describe("input that must simply work", () => {
  it("a byte-order mark and CRLF line endings change nothing", async () => {
    const bom = `\uFEFF${roma.replaceAll("\n", "\r\n")}`;
    const dir = await tempDir("factsheets-ok-");
    await mkdir(path.join(dir, "content", "groups"), { recursive: true });
    await writeFile(path.join(dir, "content", "groups", "roma-kinderen.md"), bom);
    const records = await manifestOutputs();
    const run = await runCase(dir, out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Niets opnieuw te maken in .+: 17 bestanden ongewijzigd/m);
    await expectOutputsUntouched(records);
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
    await writeFile(
      path.join(dir, "content", "report.yml"),
      report.replace(
        "        phrasings: [hoge kwetsbaarheid]\n",
        "        phrasings: [hoge kwetsbaarheid]\n      - id: zeer-hoog\n        label: zeer hoog\n        phrasings: [zeer hoge kwetsbaarheid]\n",
      ),
    );
    const run = await runCase(dir, own);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        "content/report.yml:53:13: waarschuwing: geen groep gebruikt de stap ‘zeer-hoog’ van de vraag ‘vulnerability’",
        "  waarom: elke stap wordt op elke schaal getekend, dus een ongebruikte stap mag; maar vaak is het een stap die in report.yml een andere naam kreeg en in de groepen niet",
        "  oplossing: niets, als de stap er hoort; anders de oude naam terugzetten of de stap verwijderen",
        "  (regel report/unused-step)",
        "0 fouten, 1 waarschuwing",
        "",
      ].join("\n"),
    );
  });
});
