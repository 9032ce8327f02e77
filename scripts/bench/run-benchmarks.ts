import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadContent } from "../content/load-content.js";
import { planOutputs, withFonts } from "../pipeline/plan-outputs.js";
import { loadFontFaceCss } from "../templating/fonts.js";
import { loadTemplates } from "../templating/load-templates.js";
import { measureCommand, median, type Measurement } from "./measure-command.js";
import { writeSyntheticContent } from "./synthetic-content.js";

export interface BenchOptions {
  /** The project folder (content/, templates/, dist/bundle/). */
  root: string;
  runs: number;
  sizes: readonly number[];
  onProgress: (line: string) => void;
}

export interface CaseResult {
  name: string;
  runs: number;
  wallMs: { median: number; min: number; max: number };
  peakRssMiB: { median: number; max: number };
  documents?: number;
  documentsPerSecond?: number;
  floor?: { wallMs: number; peakRssMiB: number; documentsPerSecond: number };
  /** Pipeline time over the floor's (median over median). */
  ratioToFloor?: number;
  target?: string;
  met?: boolean;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; memoryGiB: number; node: string };
  cases: CaseResult[];
  memoryGrowth?: { from: number; to: number; ratio: number; target: string; met: boolean };
}

const MiB = 1024 * 1024;

function summarise(name: string, measurements: readonly Measurement[]): CaseResult {
  for (const measurement of measurements) {
    if (measurement.code !== 0) throw new Error(`${name}: the command failed (exit ${measurement.code}):\n${measurement.stderr}`);
  }
  const walls = measurements.map((measurement) => measurement.wall);
  const rss = measurements.map((measurement) => measurement.peakRss / MiB);
  return {
    name,
    runs: measurements.length,
    wallMs: { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) },
    peakRssMiB: { median: median(rss), max: Math.max(...rss) },
  };
}

/** The benchmark cases: the real report cold, unchanged and after one edit; synthetic sizes against the floor. */
export async function runBenchmarks(options: BenchOptions): Promise<BenchResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), "factsheets-bench-"));
  const cli = path.join(options.root, "dist", "bundle", "factsheets.js");
  const floorCli = path.join(options.root, "dist", "bundle", "print-floor.js");
  const node = process.execPath;
  const cases: CaseResult[] = [];
  const repeat = async (name: string, prepare: () => Promise<void>, args: readonly string[]): Promise<Measurement[]> => {
    const results: Measurement[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      await prepare();
      results.push(await measureCommand(node, [cli, ...args], options.root));
      options.onProgress(`${name}: run ${run + 1}/${options.runs} ${((results.at(-1)?.wall ?? 0) / 1000).toFixed(2)} s`);
    }
    return results;
  };
  try {
    const content = path.join(work, "content");
    const out = path.join(work, "out");
    await cp(path.join(options.root, "content"), content, { recursive: true });
    const buildArgs = ["build", "--content", content, "--out", out];

    const cold = summarise("cold full build (real report)", await repeat("cold", () => rm(out, { recursive: true, force: true }), buildArgs));
    cases.push({ ...cold, target: "≤ 1.5 s", met: cold.wallMs.median <= 1500 });

    const unchanged = summarise("rebuild, nothing changed", await repeat("unchanged", async () => undefined, buildArgs));
    cases.push({ ...unchanged, target: "≤ 0.4 s", met: unchanged.wallMs.median <= 400 });

    const isis = path.join(content, "groups", "isis.md");
    const original = await readFile(isis, "utf8");
    let toggle = false;
    const editOne = async () => {
      toggle = !toggle;
      await writeFile(isis, toggle ? original.replace("weinig bekend", "nog weinig bekend") : original);
    };
    const oneGroup = summarise("rebuild after one group's text changed", await repeat("one group", editOne, buildArgs));
    cases.push({ ...oneGroup, target: "≤ 1.0 s", met: oneGroup.wallMs.median <= 1000 });

    const help = summarise("factsheets --help", await Promise.all([0].map(() => measureCommand(node, [cli, "--help"], options.root))).then(async (first) => {
      const rest: Measurement[] = [];
      for (let run = 1; run < options.runs; run += 1) rest.push(await measureCommand(node, [cli, "--help"], options.root));
      return [...first, ...rest];
    }));
    cases.push({ ...help, target: "≤ 0.15 s", met: help.wallMs.median <= 150 });

    const synthetic: CaseResult[] = [];
    for (const size of options.sizes) {
      const dir = path.join(work, `synthetic-${size}`);
      await writeSyntheticContent(content, path.join(dir, "content"), size);
      const documents = await writeFinalDocuments(path.join(dir, "content"), path.join(options.root, "templates"), path.join(dir, "documents"));
      const args = ["build", "--content", path.join(dir, "content"), "--out", path.join(dir, "out"), "--format", "pdf", "--groups-only"];
      const pipeline = summarise(`synthetic report, ${size} groups`, await repeat(`${size} groups`, () => rm(path.join(dir, "out"), { recursive: true, force: true }), args));
      const floorRuns: Measurement[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        floorRuns.push(await measureCommand(node, [floorCli, documents.list], options.root));
        options.onProgress(`${size} groups, floor: run ${run + 1}/${options.runs} ${((floorRuns.at(-1)?.wall ?? 0) / 1000).toFixed(2)} s`);
      }
      const floor = summarise(`floor, ${size} groups`, floorRuns);
      const ratio = pipeline.wallMs.median / floor.wallMs.median;
      const result: CaseResult = {
        ...pipeline,
        documents: documents.count,
        documentsPerSecond: documents.count / (pipeline.wallMs.median / 1000),
        floor: { wallMs: floor.wallMs.median, peakRssMiB: floor.peakRssMiB.median, documentsPerSecond: documents.count / (floor.wallMs.median / 1000) },
        ratioToFloor: ratio,
        ...(size >= 1000 ? { target: "≤ 1.25 × floor", met: ratio <= 1.25 } : {}),
      };
      synthetic.push(result);
      cases.push(result);
      await rm(dir, { recursive: true, force: true });
    }
    const smallest = synthetic[0];
    const largest = synthetic.at(-1);
    const memoryGrowth =
      smallest && largest && smallest !== largest
        ? {
            from: smallest.peakRssMiB.median,
            to: largest.peakRssMiB.median,
            ratio: largest.peakRssMiB.median / smallest.peakRssMiB.median,
            target: "≤ 1.2 ×",
            met: largest.peakRssMiB.median / smallest.peakRssMiB.median <= 1.2,
          }
        : undefined;
    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 1024 ** 3), node: process.version },
      cases,
      ...(memoryGrowth ? { memoryGrowth } : {}),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The final HTML documents the pipeline prints for these groups, written for the floor to print. */
async function writeFinalDocuments(contentDir: string, templatesDir: string, target: string): Promise<{ list: string; count: number }> {
  const loaded = await loadContent(contentDir);
  if (!loaded.ok) throw new Error("the synthetic content does not validate");
  const templates = await loadTemplates(templatesDir, loaded.content.report.language);
  if (!templates.ok) throw new Error("the templates do not load");
  const fontCss = await loadFontFaceCss();
  const jobs = planOutputs(loaded.content, loaded.content.groups, templates.templates, fontCss, {
    only: [],
    formats: ["pdf"],
    print: undefined,
    groupsOnly: true,
  });
  await mkdir(target, { recursive: true });
  const files: string[] = [];
  for (const [index, job] of jobs.entries()) {
    const file = path.join(target, `${index}.html`);
    await writeFile(file, withFonts(job.html, fontCss));
    files.push(file);
  }
  const list = path.join(target, "documents.json");
  await writeFile(list, JSON.stringify(files));
  return { list, count: files.length };
}
