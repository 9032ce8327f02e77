import type { BenchResult } from "./run-benchmarks.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/** The results as a plain-text table, one row per case. */
export function formatResults(result: BenchResult): string {
  const header = ["case", "runs", "median", "min … max", "peak memory", "docs/s", "floor", "× floor", "target", "met"];
  const rows = result.cases.map((item) => [
    item.name,
    String(item.runs),
    seconds(item.wallMs.median),
    `${seconds(item.wallMs.min)} … ${seconds(item.wallMs.max)}`,
    `${item.peakRssMiB.median.toFixed(0)} MiB`,
    item.documentsPerSecond === undefined ? "" : item.documentsPerSecond.toFixed(1),
    item.floor ? `${seconds(item.floor.wallMs)} (${item.floor.documentsPerSecond.toFixed(1)}/s, ${item.floor.peakRssMiB.toFixed(0)} MiB)` : "",
    item.ratioToFloor === undefined ? "" : item.ratioToFloor.toFixed(2),
    item.target ?? "",
    item.met === undefined ? "" : item.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd();
  const lines = [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
  if (result.memoryGrowth) {
    const growth = result.memoryGrowth;
    lines.push(
      "",
      `peak memory, largest vs smallest synthetic run: ${growth.to.toFixed(0)} MiB / ${growth.from.toFixed(0)} MiB = ${growth.ratio.toFixed(2)} × (target ${growth.target}: ${growth.met ? "met" : "NOT met"})`,
    );
  }
  lines.push(`machine: ${result.machine.cpus} cores, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}; wall time, and peak memory (PSS) of the whole process tree, Chromium included`);
  return lines.join("\n");
}
