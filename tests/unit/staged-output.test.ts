import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StagedOutput } from "../../scripts/output/staged-output.js";
import { removeTempDirs, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

describe("staged output", () => {
  it("moves files into place only on commit, and leaves no staging folder", async () => {
    const out = await tempDir();
    await writeFile(path.join(out, "index.html"), "old");
    const staging = await StagedOutput.open(out);
    await staging.write("index.html", "new");
    await staging.write("pdf/a.pdf", new Uint8Array([1, 2, 3]));
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe("old");
    expect(await staging.commit()).toEqual([path.join(out, "index.html"), path.join(out, "pdf/a.pdf")]);
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe("new");
    expect((await readdir(out)).sort()).toEqual(["index.html", "pdf"]);
  });

  it("discards everything on failure, leaving the previous outputs as they were", async () => {
    const out = await tempDir();
    await writeFile(path.join(out, "index.html"), "old");
    const staging = await StagedOutput.open(out);
    await staging.write("index.html", "new");
    await staging.discard();
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe("old");
    expect(await readdir(out)).toEqual(["index.html"]);
  });

  it("removes a staging folder left behind by a killed build, but not one of a running build", async () => {
    const out = await tempDir();
    await mkdir(path.join(out, ".staging-999999999-deadbeef"));
    await mkdir(path.join(out, `.staging-${process.ppid}-cafebabe`));
    const staging = await StagedOutput.open(out);
    await staging.discard();
    expect(await readdir(out)).toEqual([`.staging-${process.ppid}-cafebabe`]);
  });
});
