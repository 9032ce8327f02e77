import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchResult, CaseResult } from "./bench-result.js";
import { ROWS, syntheticRow, TARGET, type Earlier, type RowId } from "./bench-rows.js";
import { BenchRun, type BenchOptions } from "./bench-run.js";
import type { TargetCheck } from "./targets.js";

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
  const bench = new BenchRun(options, work);
  try {
    await cp(path.join(options.root, "content"), bench.content, { recursive: true });
    const rows: Partial<Record<RowId, CaseResult>> = {};
    for (const row of ROWS.filter((candidate) => options.cases?.includes(candidate.id) ?? true)) {
      const earlier: Earlier = rows;
      rows[row.id] = await bench.attempt(row.name, row.targets, () => row.measure(bench, earlier));
    }
    const synthetic: CaseResult[] = [];
    for (const size of options.sizes) {
      const row = syntheticRow(size);
      synthetic.push(await bench.attempt(row.name, row.targets, () => row.measure(bench, rows)));
    }
    const memoryGrowth = growth(synthetic);
    if (memoryGrowth) synthetic.at(-1)?.targets.push(memoryGrowth.check);
    const { npmRun, cold, groupPdfs, mdToPdf, oneGroup, preview, help, unchanged } = rows;
    return {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
      },
      // In the order of issue 13's table.
      cases: [npmRun, cold, groupPdfs, mdToPdf, oneGroup, ...synthetic, preview, help, unchanged].filter(
        (row): row is CaseResult => row !== undefined,
      ),
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
