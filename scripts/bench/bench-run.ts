import os from "node:os";
import path from "node:path";
import { FloorTimings, type CaseResult } from "./bench-result.js";
import { measureCommand, median, type Measurement } from "./measure-command.js";

export interface BenchOptions {
  /** The project folder (content/, templates/, dist/bundle/, node_modules/). */
  root: string;
  runs: number;
  sizes: readonly number[];
  /** Documents rendered at once, as `build --concurrency` (the floor uses as many workers). */
  concurrency: number;
  /** The rows of the table to measure (bench-rows.ts ids); all when undefined. */
  cases?: readonly string[] | undefined;
  onProgress: (line: string) => void;
}

const MiB = 1024 * 1024;

/** The median, min and max of a command's runs; a run that failed fails the case. */
export function summarise(name: string, measurements: readonly Measurement[]): CaseResult {
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

/** The medians of the floor's own timings, where its runs reported them. */
function floorTimings(timings: readonly FloorTimings[]): Partial<NonNullable<CaseResult["floor"]>> {
  const medianOf = (pick: (timing: FloorTimings) => number | null) => {
    const values = timings.map(pick).filter((value): value is number => value !== null);
    return values.length > 0 ? { value: median(values) } : undefined;
  };
  const launch = medianOf((timing) => timing.launchMs);
  const first = medianOf((timing) => timing.firstOnPageMs);
  const reused = medianOf((timing) => timing.reusedPageMs);
  const slowest = medianOf((timing) => timing.slowestMs);
  return {
    ...(launch ? { launchMs: launch.value } : {}),
    ...(first ? { firstOnPageMs: first.value } : {}),
    ...(reused ? { reusedPageMs: reused.value } : {}),
    ...(slowest ? { slowestMs: slowest.value } : {}),
  };
}

/** One run of the benchmark: its folders, the commands it measures, and how it measures them. */
export class BenchRun {
  readonly cli: string;
  readonly floorCli: string;
  readonly node = process.execPath;
  /** A copy of the real content, and the output folder of the builds of it. */
  readonly content: string;
  readonly out: string;
  readonly concurrency: string[];
  /** `--content … --out … --concurrency …`, and the build command with them. */
  readonly buildOptions: string[];
  readonly buildArgs: string[];

  constructor(
    readonly options: BenchOptions,
    readonly work: string,
  ) {
    this.cli = path.join(options.root, "dist", "bundle", "factsheets.js");
    this.floorCli = path.join(options.root, "dist", "bundle", "print-floor.js");
    this.content = path.join(work, "content");
    this.out = path.join(work, "out");
    this.concurrency = ["--concurrency", String(options.concurrency)];
    this.buildOptions = ["--content", this.content, "--out", this.out, ...this.concurrency];
    this.buildArgs = ["build", ...this.buildOptions];
  }

  progress(name: string, run: number, measurement: Measurement | undefined): void {
    const time = ((measurement?.wall ?? 0) / 1000).toFixed(2);
    this.options.onProgress(`${name}: run ${run}/${this.options.runs} ${time} s`);
  }

  /** The command `--runs` times, each after `prepare`. */
  async repeat(
    name: string,
    prepare: () => Promise<void>,
    command: string,
    args: readonly string[],
  ): Promise<CaseResult> {
    const results: Measurement[] = [];
    for (let run = 1; run <= this.options.runs; run += 1) {
      await prepare();
      results.push(await measureCommand(command, args, this.options.root));
      this.progress(name, run, results.at(-1));
    }
    return summarise(name, results);
  }

  /** A case measured, or its row with the reason it could not be; with the load when it started. */
  async attempt(name: string, targets: readonly string[], measure: () => Promise<CaseResult>): Promise<CaseResult> {
    const loadAtStart = os.loadavg()[0] ?? 0;
    try {
      return { ...(await measure()), loadAtStart };
    } catch (error) {
      this.options.onProgress(`${name}: not measured: ${error instanceof Error ? error.message : String(error)}`);
      return { ...failed(name, targets, error), loadAtStart };
    }
  }

  /** The floor on these documents, `--runs` times: whole-process medians, and where Chromium's time goes. */
  async floorOf(name: string, documents: { list: string; count: number }): Promise<NonNullable<CaseResult["floor"]>> {
    const runs: Measurement[] = [];
    const timings: FloorTimings[] = [];
    for (let run = 1; run <= this.options.runs; run += 1) {
      const args = [this.floorCli, documents.list, ...this.concurrency];
      const measurement = await measureCommand(this.node, args, this.options.root, { stdout: true });
      runs.push(measurement);
      if (measurement.code === 0) {
        const parsed = FloorTimings.safeParse(JSON.parse(measurement.stdout));
        if (!parsed.success)
          throw new Error(
            `print-floor printed ${JSON.stringify(measurement.stdout)}, not its timings: ${parsed.error.message}`,
          );
        timings.push(parsed.data);
      }
      this.progress(`${name}, floor`, run, measurement);
    }
    const floor = summarise(`${name}, floor`, runs);
    return {
      wallMs: floor.wallMs.median,
      peakRssMiB: floor.peakRssMiB?.median ?? 0,
      documentsPerSecond: documents.count / (floor.wallMs.median / 1000),
      ...floorTimings(timings),
    };
  }
}
