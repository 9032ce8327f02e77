import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";

/** Resolution of the comparisons: enough to see a layout break, small enough to commit. */
export const VISUAL_DPI = 40;
/** Share of pixels that may differ before a page counts as changed. */
export const VISUAL_TOLERANCE = 0.002;

/** Page `page` of a PDF as a PNG (pdftoppm). */
export async function renderPage(pdf: string, page = 1): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "factsheets-visual-"));
  try {
    const stem = path.join(dir, "page");
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      String(VISUAL_DPI),
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      pdf,
      stem,
    ]);
    return await readFile(`${stem}.png`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Comparison {
  /** Share of pixels that differ (1 when the sizes differ). */
  ratio: number;
  differing: number;
}

/** Compares two PNGs pixel by pixel (pixelmatch, anti-aliasing ignored). */
export function comparePngs(actual: Buffer, expected: Buffer): Comparison {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(expected);
  if (a.width !== b.width || a.height !== b.height) return { ratio: 1, differing: a.width * a.height };
  const differing = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 });
  return { ratio: differing / (a.width * a.height), differing };
}

/**
 * Compares a PDF page with its committed baseline. With UPDATE_BASELINES=1
 * the baseline is (re)written instead: `npm run test:baselines`.
 */
export async function compareWithBaseline(pdf: string, baseline: string): Promise<Comparison & { updated: boolean }> {
  const actual = await renderPage(pdf);
  if (process.env.UPDATE_BASELINES === "1" || !existsSync(baseline)) {
    if (process.env.UPDATE_BASELINES !== "1")
      throw new Error(`no baseline at ${baseline}: run npm run test:baselines and commit it`);
    await mkdir(path.dirname(baseline), { recursive: true });
    await writeFile(baseline, actual);
    return { ratio: 0, differing: 0, updated: true };
  }
  return { ...comparePngs(actual, await readFile(baseline)), updated: false };
}
