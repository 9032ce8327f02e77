import { execFileSync, spawn } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticContent } from "../../scripts/bench/synthetic-content.js";
import { pdfInfo } from "../helpers/pdf.js";
import { CLI, CONTENT, removeTempDirs, ROOT, snapshotTree, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

afterAll(removeTempDirs);

describe("two builds on one output folder", () => {
  it("refuses the second while the first writes; the outputs are the first build's, whole", async () => {
    const out = await tempDir();
    const [first, second] = await Promise.all([runCli(["build", "--out", out]), runCli(["build", "--out", out])]);
    const results = [first, second].sort((a, b) => a.code - b.code);
    expect(results.map((result) => result.code)).toEqual([0, 1]);
    expect(results[1]?.stderr).toMatch(new RegExp(`^factsheets: another build \\(process \\d+\\) is writing to ${out.replaceAll("/", "\\/")}; wait for it to finish, or use another --out folder\\n$`));
    const reference = await tempDir();
    expect((await runCli(["build", "--out", reference])).code).toBe(0);
    const strip = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([file]) => !file.startsWith(".factsheets") && !file.startsWith("CHANGES") && file !== "changes.json"));
    expect(strip(await snapshotTree(out))).toEqual(strip(await snapshotTree(reference)));
    expect((await readdir(out)).filter((name) => name.startsWith(".factsheets-build") || name.startsWith(".staging"))).toEqual([]);
  });

  it("takes over a lock left by a build that was killed", async () => {
    const out = await tempDir();
    await writeFile(path.join(out, ".factsheets-build.lock"), "999999999\n");
    const result = await runCli(["build", "--format", "html", "--out", out]);
    expect(result.code).toBe(0);
    expect(await readdir(out)).not.toContain(".factsheets-build.lock");
  });
});

describe("Chromium dies mid-build", () => {
  it("starts it again once and completes, leaving only whole PDFs", async () => {
    const content = await tempDir();
    await writeSyntheticContent(CONTENT, content, 24);
    const out = await tempDir();
    const child = spawn(process.execPath, [CLI, "build", "--content", content, "--out", out, "--format", "pdf", "--groups-only"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killed && (stdout.match(/✓ pdf\//g) ?? []).length >= 3) {
        killed = true;
        // Every Chromium of this build (its profile folder is factsheets-chromium-*), not any other.
        try {
          execFileSync("pkill", ["-KILL", "-f", `factsheets-chromium-.*`]);
        } catch {
          // pkill exits 1 when nothing matched
        }
      }
    });
    const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? 1)));
    expect(killed).toBe(true);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const files = Object.keys(await snapshotTree(out)).filter((file) => file.endsWith(".pdf"));
    expect(files).toHaveLength(24);
    for (const file of files) expect(pdfInfo(path.join(out, file)).Pages).toBe("1");
    expect((await readdir(out)).filter((name) => name.startsWith(".staging"))).toEqual([]);
  });
});
