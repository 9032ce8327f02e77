import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, copyToTemp, removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli, type CliRun } from "../helpers/run-cli.js";

const KEY = "test-signing-key";
let out: string;
let run: CliRun;

beforeAll(async () => {
  out = await tempDir();
  run = await runCli(["distribute", "--out", out], undefined, { FACTSHEETS_SIGNING_KEY: KEY });
});
afterAll(removeTempDirs);

describe("factsheets distribute with the example list", () => {
  it("writes a signed package and a zip per agency", async () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const folder = path.join(out, "distribution");
    expect((await readdir(folder)).sort()).toEqual(
      ["arbeidsinspectie", "gemeente-voorbeeldstad", "jeugdbescherming", "openbaar-ministerie", "politie"].flatMap((id) => [id, `${id}.zip`]).sort(),
    );
    expect((await readdir(path.join(folder, "arbeidsinspectie"))).sort()).toEqual([
      "manifest.json",
      "manifest.json.sha256",
      "manifest.json.sig",
      "zicht-op-kwetsbaarheid_productieketens_infographic_2016-04-14.pdf",
      "zicht-op-kwetsbaarheid_uitbuiting-binnen-families_infographic_2016-04-14.pdf",
    ]);
    const manifest = JSON.parse(await readFile(path.join(folder, "gemeente-voorbeeldstad", "manifest.json"), "utf8"));
    expect(manifest.report).toEqual({ title: "Zicht op kwetsbaarheid", slug: "zicht-op-kwetsbaarheid", published: "2016-04-14" });
    expect(manifest.files.map((file: { path: string; grade: string; kind: string }) => [file.path, file.grade, file.kind])).toEqual([
      ["zicht-op-kwetsbaarheid_anorexia-nervosa_infographic_2016-04-14.pdf", "licht", "infographic"],
      ["zicht-op-kwetsbaarheid_anorexia-nervosa_drukwerk_2016-04-14.pdf", "licht", "drukwerk"],
      ["zicht-op-kwetsbaarheid_roma-kinderen_infographic_2016-04-14.pdf", "hoog", "infographic"],
      ["zicht-op-kwetsbaarheid_roma-kinderen_drukwerk_2016-04-14.pdf", "hoog", "drukwerk"],
      ["zicht-op-kwetsbaarheid_syrische-kindbruiden_infographic_2016-04-14.pdf", "redelijk", "infographic"],
      ["zicht-op-kwetsbaarheid_syrische-kindbruiden_drukwerk_2016-04-14.pdf", "redelijk", "drukwerk"],
    ]);
  });

  it.each(["politie", "politie.zip", "jeugdbescherming", "gemeente-voorbeeldstad.zip"])("verify %s passes", async (target) => {
    const result = await runCli(["verify", path.join(out, "distribution", target)], undefined, { FACTSHEETS_SIGNING_KEY: KEY });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^manifest SHA-256: [0-9a-f]{64}\n.+: every file matches its manifest\.\n$/);
  });

  it("verify fails after one byte of a PDF changed, and names the file", async () => {
    const copy = await copyToTemp(path.join(out, "distribution", "politie"));
    const file = path.join(copy, "zicht-op-kwetsbaarheid_roma-kinderen_infographic_2016-04-14.pdf");
    const bytes = await readFile(file);
    bytes[600] = (bytes[600] ?? 0) ^ 1;
    await writeFile(file, bytes);
    const result = await runCli(["verify", copy], undefined, { FACTSHEETS_SIGNING_KEY: KEY });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^changed: zicht-op-kwetsbaarheid_roma-kinderen_infographic_2016-04-14\.pdf \(SHA-256 [0-9a-f]{64}, \d+ bytes; the manifest says [0-9a-f]{64}, \d+ bytes\)\n$/);
  });

  it("verify catches a manifest that was edited, even with its checksum updated, by its signature", async () => {
    const copy = await copyToTemp(path.join(out, "distribution", "politie"));
    const manifestFile = path.join(copy, "manifest.json");
    const edited = (await readFile(manifestFile, "utf8")).replace('"grade": "hoog"', '"grade": "licht"');
    await writeFile(manifestFile, edited);
    const { createHash } = await import("node:crypto");
    await writeFile(path.join(copy, "manifest.json.sha256"), `${createHash("sha256").update(edited).digest("hex")}  manifest.json\n`);
    const result = await runCli(["verify", copy], undefined, { FACTSHEETS_SIGNING_KEY: KEY });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("changed: manifest.json was edited or signed with another key: its signature does not match\n");
    const unsigned = await runCli(["verify", copy], undefined, { FACTSHEETS_SIGNING_KEY: "" });
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toBe("unchecked: manifest.json.sig: set FACTSHEETS_SIGNING_KEY to the office's key to check the signature\n");
  });

  it("a zip is the same bytes when made again from the same inputs", async () => {
    const again = await tempDir();
    expect((await runCli(["distribute", "--out", again], undefined, { FACTSHEETS_SIGNING_KEY: KEY })).code).toBe(0);
    expect(await readFile(path.join(again, "distribution", "politie.zip"))).toEqual(await readFile(path.join(out, "distribution", "politie.zip")));
  });
});

describe("the distribution list is validated like the content", () => {
  it("points an unknown group at its line and column and suggests the slug", async () => {
    const content = await copyToTemp(CONTENT);
    const list = path.join(content, "agencies.yml");
    await writeFile(list, (await readFile(list, "utf8")).replace("groups: [uitbuiting-binnen-families, productieketens]", "groups: [uitbuiting-binnen-families, productieketen]"));
    const result = await runCli(["distribute", "--content", content, "--out", await tempDir()], content);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'agencies.yml:22:42: error: no group has the slug "productieketen" [agencies/unknown-group]',
        "  why: an agency can only receive groups of the report: isis, anorexia-nervosa, uitbuiting-binnen-families, roma-kinderen, productieketens, lhbt-kinderen, syrische-kindbruiden",
        '  fix: did you mean "productieketens"?',
        "1 error, 0 warnings",
        "Nothing was written: the previous outputs and packages are unchanged.",
        "",
      ].join("\n"),
    );
  });
});
