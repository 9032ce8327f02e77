import { z } from "zod";
import type { TargetCheck } from "./targets.js";

/**
 * What print-floor reports of one run (ms): the median document first on a new page, and on a reused one, and
 * the slowest document (a long one, such as the whole report, is not the median).
 */
export const FloorTimings = z.object({
  wallMs: z.number(),
  launchMs: z.number(),
  firstOnPageMs: z.number().nullable(),
  reusedPageMs: z.number().nullable(),
  slowestMs: z.number().nullable(),
});
export type FloorTimings = z.infer<typeof FloorTimings>;

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
  floor?: {
    wallMs: number;
    peakRssMiB: number;
    documentsPerSecond: number;
    /** Where the floor's time goes, medians over its runs (ms). */
    launchMs?: number;
    firstOnPageMs?: number;
    reusedPageMs?: number;
    slowestMs?: number;
  };
  /** Pipeline time over the floor's (median over median). */
  ratioToFloor?: number;
  targets: TargetCheck[];
  /** The 1-minute load average when the case started: the machine may be shared. */
  loadAtStart?: number;
  /** What the figure includes, or why something was not measured. */
  note?: string;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; memoryGiB: number; node: string; loadAverage: { start: number[]; end: number[] } };
  cases: CaseResult[];
  memoryGrowth?: { from: number; to: number; ratio: number; target: string; met: boolean };
}
