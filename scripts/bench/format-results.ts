import type { BenchResult, CaseResult } from "./bench-result.js";
import { metLabel, seconds } from "./targets.js";

const HEADER = [
  "case",
  "runs",
  "median",
  "min … max",
  "peak memory",
  "docs/s",
  "floor",
  "× floor",
  "target",
  "measured",
  "met",
  "load",
] as const;

/** The cells of a case's first line: what was measured. */
function measuredCells(item: CaseResult): string[] {
  return [
    item.name,
    String(item.runs),
    seconds(item.wallMs.median),
    `${seconds(item.wallMs.min)} … ${seconds(item.wallMs.max)}`,
    item.peakRssMiB ? `${item.peakRssMiB.median.toFixed(0)} MiB` : "",
    item.documentsPerSecond === undefined ? "" : item.documentsPerSecond.toFixed(1),
    item.floor
      ? `${seconds(item.floor.wallMs)} ` +
        `(${item.floor.documentsPerSecond.toFixed(1)}/s, ${item.floor.peakRssMiB.toFixed(0)} MiB)`
      : "",
    item.ratioToFloor === undefined ? "" : item.ratioToFloor.toFixed(2),
  ];
}

/** Where the floor's time goes, from print-floor's own clock: what Chromium itself needs. */
function floorNote(item: CaseResult): string[] {
  const floor = item.floor;
  if (floor?.launchMs === undefined) return [];
  const documents = [
    floor.firstOnPageMs === undefined ? undefined : `${seconds(floor.firstOnPageMs)} first on a new page`,
    floor.reusedPageMs === undefined ? undefined : `${seconds(floor.reusedPageMs)} on a reused one`,
    floor.slowestMs === undefined ? undefined : `the slowest ${seconds(floor.slowestMs)}`,
  ].filter((part) => part !== undefined);
  const perDocument =
    documents.length > 0 ? `; a document (setContent to PDF bytes, median) ${documents.join(", ")}` : "";
  return [`${item.name}, floor: Chromium's launch ${seconds(floor.launchMs)}${perDocument}`];
}

/**
 * The results as a plain-text table: one line per case, and one more for
 * each further target of a case, with each target beside what was measured
 * and whether it is met; then the notes, the count of targets met and the
 * machine.
 */
export function formatResults(result: BenchResult): string {
  const rows: string[][] = [];
  for (const item of result.cases) {
    const measured = measuredCells(item);
    const [first, ...more] = item.targets;
    const load = item.loadAtStart === undefined ? "" : item.loadAtStart.toFixed(1);
    rows.push([...measured, first?.target ?? "", first?.measured ?? "", first ? metLabel(first) : "", load]);
    for (const check of more) rows.push([...measured.map(() => ""), check.target, check.measured, metLabel(check), ""]);
  }
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const lines = [line(HEADER), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];

  const notes = result.cases.flatMap((item) => [
    ...(item.note === undefined ? [] : [`${item.name}: ${item.note}`]),
    ...floorNote(item),
  ]);
  if (notes.length > 0) lines.push("", ...notes);
  const checks = result.cases.flatMap((item) => item.targets);
  const met = checks.filter((check) => check.met === true).length;
  const unknown = checks.filter((check) => check.met === undefined).length;
  lines.push("", `targets met: ${met} of ${checks.length}${unknown > 0 ? ` (${unknown} not measured)` : ""}`);
  const { machine } = result;
  const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(" ");
  lines.push(
    `machine: ${machine.cpus} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `load average ${load(machine.loadAverage.start)} at the start, ${load(machine.loadAverage.end)} at the end`,
    "wall time of the whole process, median of the runs; " +
      "peak memory (PSS) of the whole process tree, Chromium included; " +
      "load: the 1-minute load average when the case started",
  );
  return lines.join("\n");
}
