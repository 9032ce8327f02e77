import { execFileSync, spawn } from "node:child_process";
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticContent } from "../../scripts/bench/synthetic-content.js";
import { launchBrowser } from "../../scripts/render/launch-browser.js";
import { runOnPagePool } from "../../scripts/render/page-pool.js";
import { renderPdf } from "../../scripts/render/render-pdf.js";
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

describe("a write that fails", () => {
  it("names the path when the output folder cannot be made", async () => {
    const dir = await tempDir();
    const blocker = path.join(dir, "not-a-folder");
    await writeFile(blocker, "");
    const result = await runCli(["build", "--format", "html", "--out", path.join(blocker, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `factsheets: could not write ${path.join(blocker, "out")}: ENOTDIR: not a directory, mkdir '${path.join(blocker, "out")}'\nNothing was moved into place: the previous outputs are unchanged.\n`,
    );
  });

  it("moves nothing into place when one output's folder cannot be made, and keeps the previous outputs", async () => {
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    await rm(path.join(out, "html"), { recursive: true });
    await writeFile(path.join(out, "html"), "a file where a folder must be");
    const before = await snapshotTree(out);
    const result = await runCli(["build", "--format", "html", "--force", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `factsheets: could not write ${path.join(out, "html")}: EEXIST: file already exists, mkdir '${path.join(out, "html")}'\nNothing was moved into place: the previous outputs are unchanged.\n`,
    );
    expect(await snapshotTree(out)).toEqual(before);
  });
});

describe("a document that does not finish", () => {
  it("is stopped by the per-document timeout with a clear error", async () => {
    const launched = await launchBrowser();
    try {
      // A page far too large to load and lay out within 100 ms stands in for one that never finishes.
      const html = `<!doctype html><html lang="nl"><title>t</title><body>${"<table>" + "<tr><td>cel</td><td>cel</td></tr>".repeat(200_000) + "</table>"}</body></html>`;
      const [outcome] = await runOnPagePool(launched.browser, 1, [html], (page, document) =>
        renderPdf(page, document, { title: "t", author: "a", subject: "s", keywords: [], language: "nl", date: "2016-04-14", producer: "p", id: "0".repeat(32) }, {
          requiredFont: "Source Sans 3",
          timeout: 100,
          pages: 1,
          outline: [],
          size: { width: "210mm", height: "297mm" },
        }),
      );
      expect(outcome?.ok).toBe(false);
      expect(outcome && !outcome.ok ? String(outcome.error) : "").toBe(
        "DocumentRenderError: the document did not finish within 0.1 s (--timeout); it may be far too large, or the page hung",
      );
    } finally {
      await launched.close();
    }
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
