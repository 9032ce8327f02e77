import type { TargetCheck } from "./targets.js";

/** One row of the benchmark: a command measured `runs` times, whole process. */
export interface CaseResult {
  name: string;
  runs: number;
  /** Wall time of the whole process (for the preview: save → the reloaded page shows the change). */
  wallMs: { median: number; min: number; max: number };
  /** Peak memory (PSS) of the whole process tree, Chromium included; absent where it is not the point. */
  peakRssMiB?: { median: number; max: number };
  documents?: number;
  documentsPerSecond?: number;
  /** Bare Puppeteer printing the same final HTML with the same page reuse, recycling and worker count. */
  floor?: { wallMs: number; peakRssMiB: number; documentsPerSecond: number };
  /** Pipeline time over the floor's (median over median). */
  ratioToFloor?: number;
  targets: TargetCheck[];
  /** What the figure includes, or why something was not measured. */
  note?: string;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; memoryGiB: number; node: string; loadAverage: { start: number[]; end: number[] } };
  cases: CaseResult[];
  memoryGrowth?: { from: number; to: number; ratio: number; target: string; met: boolean };
}
