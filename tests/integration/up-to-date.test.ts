import { appendFile, cp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, TEMPLATES, copyToTemp, removeTempDirs, ROOT, snapshotTree, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The editors' `npm run build` with nothing changed answers from the input
 * digest without loading the pipeline; it must never say "unchanged" when
 * anything a build reads, or any output, has changed.
 */
let content: string;
let out: string;
const build = (...extra: string[]) => runCli(["build", "--content", content, "--out", out, ...extra]);
const NOTHING = /^Niets opnieuw te maken in .+: 17 bestanden ongewijzigd \(\d+\.\d\d s\)\.$/m;

/** The build says "nothing to rebuild" from the input digest alone: the pipeline is never started. */
async function expectAnsweredFromDigest(extra: readonly string[]): Promise<void> {
  const run = await runCli(["build", "--content", content, "--out", out, ...extra], undefined, {
    FACTSHEETS_TRACE: "1",
  });
  expect(run.stdout).toMatch(NOTHING);
  expect(run.stderr).toContain("cli: started");
  expect(run.stderr).not.toContain("build: start");
}

beforeAll(async () => {
  content = await copyToTemp(CONTENT);
  out = await tempDir();
  const first = await build();
  expect(first.code, first.stderr).toBe(0);
});
afterAll(removeTempDirs);

describe("a build with nothing changed", () => {
  it("says so, lists every output as unchanged and touches nothing", async () => {
    const before = await snapshotTree(out);
    const manifest = await readFile(path.join(out, ".factsheets-manifest.json"), "utf8");
    expect(JSON.parse(manifest).lastBuild.outputs).toHaveLength(17);
    const run = await build();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(NOTHING);
    expect(run.stdout.split("\n").filter((line) => line.endsWith(" ongewijzigd"))).toHaveLength(17);
    expect(run.stdout.split("\n").at(-2)).toBe(
      `Open ${path.relative(ROOT, path.join(out, "index.html"))} in uw browser om het rapport te bekijken.`,
    );
    expect(await snapshotTree(out)).toEqual(before);
  });

  it("is still nothing when a file is only touched (its bytes are the same)", async () => {
    const file = path.join(content, "groups", "isis.md");
    await utimes(file, new Date(), new Date(Date.now() + 60_000));
    expect((await build()).stdout).toMatch(NOTHING);
  });

  it("rebuilds after a group's text changed, and is up to date again after that", async () => {
    const file = path.join(content, "groups", "isis.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("weinig bekend", "nog weinig bekend"));
    const run = await build();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^3 bestanden opnieuw gemaakt in .+, 14 ongewijzigd, 0 verwijderd/m);
    expect((await build()).stdout).toMatch(NOTHING);
  });

  it("remakes an output changed by hand", async () => {
    await appendFile(path.join(out, "html", "roma-kinderen.html"), "<!-- edited -->");
    const run = await build();
    expect(run.stdout).toMatch(/^1 bestand opnieuw gemaakt in .+, 16 ongewijzigd, 0 verwijderd/m);
  });

  it("looks again when the options choose other outputs", async () => {
    expect((await build("--format", "html")).stdout).toMatch(/^Niets opnieuw te maken in .+: 8 bestanden ongewijzigd/m);
    expect((await build()).stdout).toMatch(NOTHING);
  });

  it("looks again when a template changed", async () => {
    const templates = await copyToTemp(TEMPLATES);
    expect((await build("--templates", templates)).stdout).toMatch(NOTHING);
    await appendFile(
      path.join(templates, "styles", "factsheet.css"),
      "\n.masthead__title { letter-spacing: 0.01em; }\n",
    );
    expect((await build("--templates", templates)).stdout).toMatch(
      /^7 bestanden opnieuw gemaakt in .+, 10 ongewijzigd, 0 verwijderd/m,
    );
  });

  it("looks again when a group's file is replaced by a link to an identical copy", async () => {
    const file = path.join(content, "groups", "roma-kinderen.md");
    const copy = path.join(await tempDir(), "roma-kinderen.md");
    await writeFile(copy, await readFile(file));
    await rm(file);
    await symlink(copy, file);
    const run = await build();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "roma-kinderen.md:1:1: fout: het groepsbestand is een snelkoppeling (symbolische link)\n",
    );
    await rm(file);
    await writeFile(file, await readFile(copy));
    expect((await build()).code).toBe(0);
    expect((await build()).stdout).toMatch(NOTHING);
  });

  it("looks again when a file or folder behind a link changes: a style sheet, the partials", async () => {
    const templates = await copyToTemp(TEMPLATES);
    const elsewhere = await tempDir();
    // The designer keeps the house style sheet and the partials elsewhere, linked in.
    const sheet = path.join(templates, "styles", "base.css");
    await writeFile(path.join(elsewhere, "base.css"), await readFile(sheet));
    await rm(sheet);
    await symlink(path.join(elsewhere, "base.css"), sheet);
    await cp(path.join(templates, "partials"), path.join(elsewhere, "partials"), { recursive: true });
    await rm(path.join(templates, "partials"), { recursive: true });
    await symlink(path.join(elsewhere, "partials"), path.join(templates, "partials"));
    const linked = ["--templates", templates];
    expect((await build(...linked)).code).toBe(0);
    await expectAnsweredFromDigest(linked);

    await appendFile(path.join(elsewhere, "base.css"), "\n.band { letter-spacing: 0.01em; }\n");
    const afterSheet = await build(...linked);
    expect(afterSheet.code).toBe(0);
    expect(afterSheet.stdout).toMatch(/^17 bestanden opnieuw gemaakt in /m);
    await expectAnsweredFromDigest(linked);

    const colophon = path.join(elsewhere, "partials", "colophon.hbs");
    await writeFile(colophon, `<!-- linked -->\n${await readFile(colophon, "utf8")}`);
    const afterPartial = await build(...linked);
    expect(afterPartial.code).toBe(0);
    expect(afterPartial.stdout).toMatch(/^\d+ bestanden opnieuw gemaakt in /m);
    await expectAnsweredFromDigest(linked);
  });

  it("records an edit that changes no output, so the next build answers from the digest again", async () => {
    expect((await build()).code).toBe(0);
    await appendFile(path.join(content, "report.yml"), "# checked against the source, December\n");
    const run = await build();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(NOTHING);
    await expectAnsweredFromDigest([]);
  });

  it("shows the last build's warnings again", async () => {
    await writeFile(path.join(content, "groups", "notities.txt"), "aantekeningen\n");
    const first = await build();
    const again = await build();
    expect(again.stdout).toMatch(NOTHING);
    expect(first.stderr).toContain(
      "groups/notities.txt:1:1: waarschuwing: geen groepsbestand, dus het wordt niet gelezen\n",
    );
    expect(again.stderr).toBe(first.stderr);
  });
});
