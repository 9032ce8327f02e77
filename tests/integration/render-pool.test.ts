import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFinalDocuments } from "../../scripts/bench/final-documents.js";
import { FloorDocuments } from "../../scripts/bench/floor-documents.js";
import { build } from "../../scripts/pipeline/build.js";
import { launchBrowser, type LaunchedBrowser } from "../../scripts/render/launch-browser.js";
import { openPage, runOnPagePool } from "../../scripts/render/page-pool.js";
import { renderPdf } from "../../scripts/render/render-pdf.js";
import { warmPage } from "../../scripts/render/warm-page.js";
import { loadFontFaceCss } from "../../scripts/templating/fonts.js";
import { buildOptions } from "../helpers/build-options.js";
import { CONTENT, copyToTemp, removeTempDirs, snapshotTree, tempDir, TEMPLATES } from "../helpers/paths.js";
import { TEST_PDF_METADATA, testPdfOptions } from "../helpers/render-fixtures.js";

let launched: LaunchedBrowser;
let documents: string[];

beforeAll(async () => {
  launched = await launchBrowser();
  const { list } = await writeFinalDocuments(CONTENT, TEMPLATES, await tempDir());
  const listed = FloorDocuments.parse(JSON.parse(await readFile(list, "utf8")));
  documents = await Promise.all(listed.map(({ file }) => readFile(file, "utf8")));
});
afterAll(async () => {
  await launched.close();
  await removeTempDirs();
});

describe("a page whose fonts were loaded before its first document (render/warm-page.ts)", () => {
  it("prints every group's infographic byte for byte as a new page does", async () => {
    const warm = await warmPage(launched.browser, await loadFontFaceCss());
    const fresh = await openPage(launched.browser);
    try {
      for (const html of documents.slice(0, 3)) {
        const onWarm = await renderPdf(warm, html, TEST_PDF_METADATA, testPdfOptions(30_000));
        const fresher = await openPage(launched.browser);
        const onNew = await renderPdf(fresher, html, TEST_PDF_METADATA, testPdfOptions(30_000));
        await fresher.page.close();
        expect(Buffer.from(onWarm).equals(Buffer.from(onNew))).toBe(true);
        // And as a page that printed another document before it.
        const onReused = await renderPdf(fresh, html, TEST_PDF_METADATA, testPdfOptions(30_000));
        expect(Buffer.from(onReused).equals(Buffer.from(onNew))).toBe(true);
      }
    } finally {
      await warm.page.close();
      await fresh.page.close();
    }
  });
});

describe("a pool of pages stopped by its signal", () => {
  it("starts no document after the stop, fails those being printed at once and closes its pages", async () => {
    const pagesBefore = (await launched.browser.pages()).length;
    const controller = new AbortController();
    const started: number[] = [];
    const outcomes = await runOnPagePool(
      launched.browser,
      2,
      documents.map((html, index) => ({ html, index })),
      async (pooled, { html, index }) => {
        started.push(index);
        if (started.length === 2) controller.abort(new Error("a newer save"));
        return renderPdf(pooled, html, TEST_PDF_METADATA, testPdfOptions(30_000));
      },
      { signal: controller.signal },
    );
    expect(started).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome !== undefined)).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome?.ok)).toEqual([]);
    expect((await launched.browser.pages()).length).toBe(pagesBefore);
  });
});

describe("a build stopped by its signal while it renders", () => {
  it("throws the signal's reason and leaves the output folder as the last build left it", async () => {
    const content = await copyToTemp(CONTENT);
    const out = await tempDir();
    const first = await build(buildOptions(content, out));
    expect(first.kind).toBe("built");
    const before = await snapshotTree(out);
    const file = path.join(content, "groups", "isis.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("weinig bekend", "nog weinig bekend"));
    const controller = new AbortController();
    const stopped = build({
      ...buildOptions(content, out),
      // Stopped once the first PDF is in the staging folder, with the others still to come.
      onDocument: (event) => {
        if (event.path.startsWith("pdf/")) controller.abort(new Error("a newer save"));
      },
      signal: controller.signal,
    });
    await expect(stopped).rejects.toThrow("a newer save");
    expect(await snapshotTree(out)).toEqual(before);
    expect((await readdir(out)).filter((name) => name.startsWith(".") && !name.endsWith("manifest.json"))).toEqual([]);
    // Nothing held: the next build runs, and makes the edited text's outputs.
    const next = await build(buildOptions(content, out));
    expect(next.kind === "built" ? next.written : []).toContain("pdf/isis.pdf");
  });
});
