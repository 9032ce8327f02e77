import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticContent } from "../../scripts/bench/synthetic-content.js";
import { launchBrowser } from "../../scripts/render/launch-browser.js";
import { runOnPagePool } from "../../scripts/render/page-pool.js";
import { renderPdf } from "../../scripts/render/render-pdf.js";
import { pdfInfo } from "../helpers/pdf.js";
import { alive, descendants, eventually } from "../helpers/processes.js";
import { CLI, CONTENT, removeTempDirs, ROOT, snapshotTree, tempDir } from "../helpers/paths.js";
import { TEST_PDF_METADATA, testPdfOptions } from "../helpers/render-fixtures.js";
import { runCli } from "../helpers/run-cli.js";

afterAll(removeTempDirs);

describe("two builds on one output folder", () => {
  it("refuses the second while the first writes; the outputs are the first build's, whole", async () => {
    const out = await tempDir();
    const [first, second] = await Promise.all([runCli(["build", "--out", out]), runCli(["build", "--out", out])]);
    const results = [first, second].sort((a, b) => a.code - b.code);
    expect(results.map((result) => result.code)).toEqual([0, 1]);
    expect(results[1]?.stderr).toMatch(
      new RegExp(
        `^factsheets: another build \\(process \\d+\\) is writing to ${out.replaceAll("/", "\\/")}; wait for it to finish, or use another --out folder\\n$`,
      ),
    );
    const reference = await tempDir();
    expect((await runCli(["build", "--out", reference])).code).toBe(0);
    const strip = (tree: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(tree).filter(
          ([file]) => !file.startsWith(".factsheets") && !file.startsWith("CHANGES") && file !== "changes.json",
        ),
      );
    expect(strip(await snapshotTree(out))).toEqual(strip(await snapshotTree(reference)));
    expect(
      (await readdir(out)).filter((name) => name.startsWith(".factsheets-build") || name.startsWith(".staging")),
    ).toEqual([]);
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
      `factsheets: could not write ${path.join(out, "html")}: ` +
        "this is a file, and the folder for html/isis.html must be here; move the file away\n" +
        "Nothing was moved into place: the previous outputs are unchanged.\n",
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
        renderPdf(page, document, TEST_PDF_METADATA, testPdfOptions(100)),
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

/** SIGKILLs a process listed a moment ago; one that has ended by itself since (ESRCH) needs no kill. */
function killIfAlive(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

describe("Chromium dies mid-build", () => {
  it("starts it again once and completes, leaving only whole PDFs", async () => {
    const content = await tempDir();
    await writeSyntheticContent(CONTENT, content, 24);
    const out = await tempDir();
    const child = spawn(
      process.execPath,
      [CLI, "build", "--content", content, "--out", out, "--format", "pdf", "--groups-only"],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
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
        // This build's Chromium only (found under its process tree), never another run's on the same machine.
        for (const chromium of descendants(child.pid ?? 0)) killIfAlive(chromium.pid);
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

/** Starts a PDF build of `groups` synthetic groups and calls `onProgress` with the count of PDFs done so far. */
async function startPdfBuild(
  groups: number,
  extra: string[],
  onProgress: (done: number, child: ChildProcessWithoutNullStreams) => void,
) {
  const content = await tempDir();
  await writeSyntheticContent(CONTENT, content, groups);
  const out = await tempDir();
  const child = spawn(
    process.execPath,
    [CLI, "build", "--content", content, "--out", out, "--format", "pdf", "--groups-only", ...extra],
    {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    onProgress((stdout.match(/✓ pdf\//g) ?? []).length, child);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { out, child, exit, output: () => ({ stdout, stderr }) };
}

describe("a renderer process dies (kill -9 of a renderer, not the browser)", () => {
  it("is seen at once: the page is replaced, its document rendered again, and the build succeeds", async () => {
    let killed: number[] = [];
    const build = await startPdfBuild(24, ["--timeout", "60"], (done, child) => {
      if (killed.length > 0 || done < 3) return;
      const renderers = descendants(child.pid ?? 0).filter((process) => process.cmdline.includes("--type=renderer"));
      for (const renderer of renderers) killIfAlive(renderer.pid);
      killed = renderers.map((renderer) => renderer.pid);
    });
    const { code } = await build.exit;
    expect(killed.length).toBeGreaterThan(0);
    expect(build.output().stderr).toBe("");
    expect(code).toBe(0);
    const files = Object.keys(await snapshotTree(build.out)).filter((file) => file.endsWith(".pdf"));
    expect(files).toHaveLength(24);
    for (const file of files) expect(pdfInfo(path.join(build.out, file)).Pages).toBe("1");
  });
});

describe("the build is killed (SIGKILL) while Chromium renders", () => {
  it("takes Chromium with it, and the next build removes the profile folder it left", async () => {
    let chromium: { pid: number; cmdline: string }[] = [];
    const build = await startPdfBuild(12, [], (done, child) => {
      if (chromium.length > 0 || done < 2) return;
      chromium = descendants(child.pid ?? 0);
      child.kill("SIGKILL");
    });
    const { signal } = await build.exit;
    expect(signal).toBe("SIGKILL");
    const profiles = [
      ...new Set(chromium.flatMap((process) => /--user-data-dir=(\S+)/.exec(process.cmdline)?.[1] ?? [])),
    ];
    expect(profiles).toHaveLength(1);
    try {
      // Chromium notices its pipe closed and exits; 20 s is a bound, not a measurement.
      expect(await eventually(() => chromium.every((process) => !alive(process.pid)), 20_000)).toBe(true);
    } finally {
      for (const process of chromium) if (alive(process.pid)) execFileSync("kill", ["-KILL", String(process.pid)]);
    }
    const profile = profiles[0] ?? "";
    expect(existsSync(profile)).toBe(true);
    const next = await runCli(["build", "--format", "pdf", "--only", "isis", "--out", await tempDir()]);
    expect(next.code).toBe(0);
    expect(existsSync(profile)).toBe(false);
  });
});
