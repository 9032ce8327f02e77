import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FloorTimings, type BenchResult, type CaseResult } from "./bench-result.js";
import { writeFinalDocuments } from "./final-documents.js";
import { prepareMdToPdf } from "./md-to-pdf-reference.js";
import { measureCommand, median, type Measurement } from "./measure-command.js";
import { measurePreviewRoundTrip } from "./preview-round-trip.js";
import { writeSyntheticContent } from "./synthetic-content.js";
import { atLeastRate, atMostRatio, atMostTime, seconds, type TargetCheck } from "./targets.js";

export interface BenchOptions {
  /** The project folder (content/, templates/, dist/bundle/, node_modules/). */
  root: string;
  runs: number;
  sizes: readonly number[];
  /** Documents rendered at once, as `build --concurrency` (the floor uses as many workers). */
  concurrency: number;
  onProgress: (line: string) => void;
}

const MiB = 1024 * 1024;

/** Issue 13's targets. */
const TARGET = {
  npmUnchangedMs: 500,
  coldMs: 1200,
  coldOverMdToPdf: 0.5,
  groupPdfsMs: 900,
  oneGroupMs: 800,
  documentsPerSecond: 35,
  syntheticSize: 1000,
  memoryGrowth: 1.2,
  previewMs: 300,
  helpMs: 75,
  unchangedCompiledMs: 340,
} as const;

function summarise(name: string, measurements: readonly Measurement[]): CaseResult {
  for (const measurement of measurements) {
    if (measurement.code !== 0)
      throw new Error(`${name}: the command failed (exit ${measurement.code}):\n${measurement.stderr}`);
  }
  const walls = measurements.map((measurement) => measurement.wall);
  const rss = measurements.map((measurement) => measurement.peakRss / MiB);
  return {
    name,
    runs: measurements.length,
    wallMs: { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) },
    peakRssMiB: { median: median(rss), max: Math.max(...rss) },
    targets: [],
  };
}

/** A case that could not be measured: the row stays in the table, with the reason. */
function failed(name: string, targets: readonly string[], error: unknown): CaseResult {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    name,
    runs: 0,
    wallMs: { median: Number.NaN, min: Number.NaN, max: Number.NaN },
    targets: targets.map((target) => ({ target, measured: "not measured", met: undefined })),
    note: `not measured: ${reason.split("\n").slice(0, 6).join(" | ")}`,
  };
}

/**
 * Issue 13's table, every row with its targets: the editors' `npm run build`
 * with nothing changed; the real report cold, its 7 group PDFs alone (with
 * md-to-pdf and the floor on the same files), one group edited; the preview's
 * round trip in a real tab; `--help` and the compiled no-op; synthetic
 * reports against the floor.
 */
export async function runBenchmarks(options: BenchOptions): Promise<BenchResult> {
  const loadAtStart = os.loadavg();
  const work = await mkdtemp(path.join(os.tmpdir(), "factsheets-bench-"));
  const cli = path.join(options.root, "dist", "bundle", "factsheets.js");
  const floorCli = path.join(options.root, "dist", "bundle", "print-floor.js");
  const node = process.execPath;
  const progress = (name: string, run: number, measurement: Measurement | undefined) =>
    options.onProgress(`${name}: run ${run}/${options.runs} ${((measurement?.wall ?? 0) / 1000).toFixed(2)} s`);
  const repeat = async (
    name: string,
    prepare: () => Promise<void>,
    command: string,
    args: readonly string[],
  ): Promise<CaseResult> => {
    const results: Measurement[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      await prepare();
      results.push(await measureCommand(command, args, options.root));
      progress(name, run, results.at(-1));
    }
    return summarise(name, results);
  };
  const attempt = async (
    name: string,
    targets: readonly string[],
    measure: () => Promise<CaseResult>,
  ): Promise<CaseResult> => {
    const loadAtStart = os.loadavg()[0] ?? 0;
    try {
      return { ...(await measure()), loadAtStart };
    } catch (error) {
      options.onProgress(`${name}: not measured: ${error instanceof Error ? error.message : String(error)}`);
      return { ...failed(name, targets, error), loadAtStart };
    }
  };
  const nothing = async () => undefined;
  const concurrency = ["--concurrency", String(options.concurrency)];
  /** The floor on these documents, `--runs` times: whole-process medians, and where Chromium's time goes. */
  const floorOf = async (
    name: string,
    documents: { list: string; count: number },
  ): Promise<NonNullable<CaseResult["floor"]>> => {
    const runs: Measurement[] = [];
    const timings: FloorTimings[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      const measurement = await measureCommand(node, [floorCli, documents.list, ...concurrency], options.root, {
        stdout: true,
      });
      runs.push(measurement);
      if (measurement.code === 0) {
        const parsed = FloorTimings.safeParse(JSON.parse(measurement.stdout));
        if (!parsed.success)
          throw new Error(
            `print-floor printed ${JSON.stringify(measurement.stdout)}, not its timings: ${parsed.error.message}`,
          );
        timings.push(parsed.data);
      }
      progress(`${name}, floor`, run, measurement);
    }
    const floor = summarise(`${name}, floor`, runs);
    const medianOf = (pick: (timing: FloorTimings) => number | null) => {
      const values = timings.map(pick).filter((value): value is number => value !== null);
      return values.length > 0 ? { value: median(values) } : undefined;
    };
    const launch = medianOf((timing) => timing.launchMs);
    const first = medianOf((timing) => timing.firstOnPageMs);
    const reused = medianOf((timing) => timing.reusedPageMs);
    return {
      wallMs: floor.wallMs.median,
      peakRssMiB: floor.peakRssMiB?.median ?? 0,
      documentsPerSecond: documents.count / (floor.wallMs.median / 1000),
      ...(launch ? { launchMs: launch.value } : {}),
      ...(first ? { firstOnPageMs: first.value } : {}),
      ...(reused ? { reusedPageMs: reused.value } : {}),
    };
  };
  try {
    const content = path.join(work, "content");
    const out = path.join(work, "out");
    await cp(path.join(options.root, "content"), content, { recursive: true });
    const buildOptions = ["--content", content, "--out", out, ...concurrency];
    const buildArgs = ["build", ...buildOptions];

    // The 7 group PDFs: md-to-pdf first, as the reference of two targets.
    const mdToPdfName = "md-to-pdf, the 7 group PDFs (reference)";
    const mdToPdf = await attempt(mdToPdfName, [], async () => {
      const reference = await prepareMdToPdf(options.root, content, path.join(work, "md-to-pdf"));
      if (!reference.ok) throw new Error(reference.reason);
      return {
        ...(await repeat("md-to-pdf", nothing, reference.command, reference.args)),
        name: mdToPdfName,
        note: "md-to-pdf 5 on the same Chromium, the 7 group Markdown files (front matter stripped) in one process",
      };
    });
    const mdToPdfMs = mdToPdf.runs > 0 ? mdToPdf.wallMs.median : undefined;

    const coldTargets = [`≤ ${TARGET.coldMs / 1000} s`, `≤ ${TARGET.coldOverMdToPdf} × md-to-pdf`];
    const cold = await attempt("cold full build, 17 outputs (compiled CLI)", coldTargets, async () => {
      const measured = await repeat("cold", () => rm(out, { recursive: true, force: true }), node, [cli, ...buildArgs]);
      return {
        ...measured,
        name: "cold full build, 17 outputs (compiled CLI)",
        targets: [
          atMostTime(TARGET.coldMs, measured.wallMs.median),
          atMostRatio(TARGET.coldOverMdToPdf, "md-to-pdf", measured.wallMs.median, mdToPdfMs),
        ],
      };
    });

    const npmName = "npm run build, nothing changed (editors' command)";
    const npmRun = await attempt(npmName, [`≤ ${TARGET.npmUnchangedMs / 1000} s`], async () => {
      const measured = await repeat("npm run build", nothing, "npm", ["run", "build", "--", ...buildOptions]);
      return {
        ...measured,
        name: npmName,
        targets: [atMostTime(TARGET.npmUnchangedMs, measured.wallMs.median)],
        note: "npm run build -- --content … --out …, through scripts/launch/run.mjs, npm's own start included",
      };
    });

    const groupsName = "the 7 group PDFs only (--groups-only --format pdf)";
    const groupsOut = path.join(work, "groups-out");
    const groupPdfs = await attempt(groupsName, [`≤ ${TARGET.groupPdfsMs / 1000} s`], async () => {
      const args = [
        cli,
        "build",
        "--content",
        content,
        "--out",
        groupsOut,
        "--groups-only",
        "--format",
        "pdf",
        ...concurrency,
      ];
      const measured = await repeat("7 group PDFs", () => rm(groupsOut, { recursive: true, force: true }), node, args);
      const documents = await writeFinalDocuments(
        content,
        path.join(options.root, "templates"),
        path.join(work, "documents-7"),
      );
      const floor = await floorOf("7 group PDFs", documents);
      return {
        ...measured,
        name: groupsName,
        documents: documents.count,
        documentsPerSecond: documents.count / (measured.wallMs.median / 1000),
        floor,
        ratioToFloor: measured.wallMs.median / floor.wallMs,
        targets: [atMostTime(TARGET.groupPdfsMs, measured.wallMs.median)],
        note: `${mdToPdfMs === undefined ? "md-to-pdf not measured" : `${(measured.wallMs.median / mdToPdfMs).toFixed(2)} × md-to-pdf`}; floor: bare Puppeteer on the same 7 final HTML documents, ${options.concurrency} pages at once`,
      };
    });

    const oneName = "one group's text edited, then rebuilt";
    const oneGroup = await attempt(oneName, [`≤ ${TARGET.oneGroupMs / 1000} s`], async () => {
      const isis = path.join(content, "groups", "isis.md");
      const original = await readFile(isis, "utf8");
      let toggle = false;
      const editOne = async () => {
        toggle = !toggle;
        await writeFile(isis, toggle ? original.replace("weinig bekend", "nog weinig bekend") : original);
      };
      // Start from a complete build of the current text.
      await measureCommand(node, [cli, ...buildArgs], options.root);
      const measured = await repeat("one group", editOne, node, [cli, ...buildArgs]);
      await writeFile(isis, original);
      return { ...measured, name: oneName, targets: [atMostTime(TARGET.oneGroupMs, measured.wallMs.median)] };
    });

    const previewName = "preview: save a group file → the open tab shows it";
    const preview = await attempt(previewName, [`≤ ${TARGET.previewMs / 1000} s`], async () => {
      const previewContent = path.join(work, "preview-content");
      await cp(path.join(options.root, "content"), previewContent, { recursive: true });
      const { times, rebuildMs } = await measurePreviewRoundTrip({
        root: options.root,
        cli,
        contentDir: previewContent,
        outDir: path.join(work, "preview-out"),
        runs: options.runs,
        onProgress: options.onProgress,
      });
      const wall = median(times);
      return {
        name: previewName,
        runs: times.length,
        wallMs: { median: wall, min: Math.min(...times), max: Math.max(...times) },
        targets: [atMostTime(TARGET.previewMs, wall)],
        note:
          "factsheets preview on 127.0.0.1, html/isis.html open in a Chromium tab (Puppeteer); from the save of groups/isis.md to the reloaded tab's load event with the new sentence in it" +
          (rebuildMs.length > 0
            ? `; of which the preview's rebuild (as it prints it) ${seconds(median(rebuildMs))}, median`
            : ""),
      };
    });

    const helpName = "factsheets --help (compiled)";
    const help = await attempt(helpName, [`keep ≤ ${TARGET.helpMs / 1000} s`], async () => {
      const measured = await repeat("help", nothing, node, [cli, "--help"]);
      return {
        ...measured,
        name: helpName,
        targets: [atMostTime(TARGET.helpMs, measured.wallMs.median, { keep: true })],
      };
    });
    const unchangedName = "rebuild, nothing changed (compiled CLI)";
    const unchanged = await attempt(unchangedName, [`keep ≤ ${TARGET.unchangedCompiledMs / 1000} s`], async () => {
      await measureCommand(node, [cli, ...buildArgs], options.root);
      const measured = await repeat("unchanged", nothing, node, [cli, ...buildArgs]);
      return {
        ...measured,
        name: unchangedName,
        targets: [atMostTime(TARGET.unchangedCompiledMs, measured.wallMs.median, { keep: true })],
      };
    });

    const synthetic: CaseResult[] = [];
    for (const size of options.sizes) {
      const name = `synthetic report, ${size} groups, PDFs`;
      const targets = size === TARGET.syntheticSize ? [`≥ ${TARGET.documentsPerSecond} docs/s`] : [];
      const result = await attempt(name, targets, async () => {
        const dir = path.join(work, `synthetic-${size}`);
        try {
          await writeSyntheticContent(content, path.join(dir, "content"), size);
          const documents = await writeFinalDocuments(
            path.join(dir, "content"),
            path.join(options.root, "templates"),
            path.join(dir, "documents"),
          );
          const args = [
            cli,
            "build",
            "--content",
            path.join(dir, "content"),
            "--out",
            path.join(dir, "out"),
            "--format",
            "pdf",
            "--groups-only",
            ...concurrency,
          ];
          const measured = await repeat(
            `${size} groups`,
            () => rm(path.join(dir, "out"), { recursive: true, force: true }),
            node,
            args,
          );
          const floor = await floorOf(`${size} groups`, documents);
          const documentsPerSecond = documents.count / (measured.wallMs.median / 1000);
          return {
            ...measured,
            name,
            documents: documents.count,
            documentsPerSecond,
            floor,
            ratioToFloor: measured.wallMs.median / floor.wallMs,
            targets:
              size === TARGET.syntheticSize
                ? [atLeastRate(TARGET.documentsPerSecond, "docs/s", documentsPerSecond)]
                : [],
          };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
      synthetic.push(result);
    }
    const memoryGrowth = growth(synthetic);
    if (memoryGrowth) synthetic.at(-1)?.targets.push(memoryGrowth.check);
    return {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
      },
      // In the order of issue 13's table.
      cases: [npmRun, cold, groupPdfs, mdToPdf, oneGroup, ...synthetic, preview, help, unchanged],
      ...(memoryGrowth ? { memoryGrowth: memoryGrowth.figures } : {}),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Peak memory of the largest synthetic run over that of the smallest (issue 13: at most 1.2 ×). */
function growth(
  synthetic: readonly CaseResult[],
): { check: TargetCheck; figures: NonNullable<BenchResult["memoryGrowth"]> } | undefined {
  const smallest = synthetic[0];
  const largest = synthetic.at(-1);
  if (!smallest?.peakRssMiB || !largest?.peakRssMiB || smallest === largest) return undefined;
  const from = smallest.peakRssMiB.median;
  const to = largest.peakRssMiB.median;
  const target = `peak memory ≤ ${TARGET.memoryGrowth} × ${smallest.documents ?? "?"} groups'`;
  const ratio = to / from;
  return {
    check: {
      target,
      measured: `${to.toFixed(0)} / ${from.toFixed(0)} MiB = ${ratio.toFixed(2)} ×`,
      met: ratio <= TARGET.memoryGrowth,
    },
    figures: { from, to, ratio, target: `≤ ${TARGET.memoryGrowth} ×`, met: ratio <= TARGET.memoryGrowth },
  };
}
