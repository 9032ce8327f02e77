import { appendFile, cp } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROUP_SLUGS, removeTempDirs, ROOT, TEMPLATES, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { compareWithBaseline, comparePngs, renderPage, VISUAL_TOLERANCE } from "../helpers/visual.js";
import { readFile } from "node:fs/promises";

const PAGES = [...GROUP_SLUGS, "overzicht"] as const;
const BASELINES = path.join(ROOT, "tests", "visual", "baselines");

let out: string;

beforeAll(async () => {
  out = await tempDir();
  const run = await runCli(["build", "--format", "pdf", "--out", out]);
  if (run.code !== 0) throw new Error(`the build failed:\n${run.stderr}`);
});
afterAll(removeTempDirs);

describe("page 1 of every infographic and of the overview looks as approved", () => {
  it.each(PAGES)("%s", async (name) => {
    const result = await compareWithBaseline(path.join(out, "pdf", `${name}.pdf`), path.join(BASELINES, `${name}.png`));
    expect(
      result.ratio,
      `${result.differing} pixels differ from tests/visual/baselines/${name}.png`,
    ).toBeLessThanOrEqual(VISUAL_TOLERANCE);
  });
});

describe("the visual comparison", () => {
  it("fails when a template change breaks the layout", async () => {
    const templates = await tempDir();
    await cp(TEMPLATES, templates, { recursive: true });
    // A designer's slip that still fits the page (squeezing the findings side by side no longer does:
    // the scales would run past the margin, and the build fails): the title set small, so everything moves up.
    await appendFile(
      path.join(templates, "styles", "infographic.css"),
      "\n.sheet--group .masthead__title { font-size: 14pt; }\n",
    );
    const broken = await tempDir();
    const run = await runCli([
      "build",
      "--format",
      "pdf",
      "--only",
      "roma-kinderen",
      "--templates",
      templates,
      "--out",
      broken,
    ]);
    expect(run.code).toBe(0);
    const comparison = comparePngs(
      await renderPage(path.join(broken, "pdf", "roma-kinderen.pdf")),
      await readFile(path.join(BASELINES, "roma-kinderen.png")),
    );
    expect(comparison.ratio).toBeGreaterThan(VISUAL_TOLERANCE * 5);
  });
});
