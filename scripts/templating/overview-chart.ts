import type { Question, Report, Strings } from "../config/schema.js";
import type { Group } from "../content/load-content.js";
import { unansweredText } from "../content/scale-label.js";

/**
 * The overview chart's geometry, in SVG user units of a CHART_WIDTH-wide
 * drawing, for a report of two questions: every group placed on both at
 * once. Rows are the steps of one question (highest on top), columns the
 * steps of the other (report.yml's `overview` says which is which); a group
 * without an answer sits in a separate, labelled lane. Everything is derived
 * from the content's questions and groups, so an eighth group or a changed
 * answer needs no change to code or templates.
 */
export const CHART_WIDTH = 1000;
const AXIS_WIDTH = 150;
const HEADER_HEIGHT = 84;
const LINE_HEIGHT = 22;
/** The labels' font size in chart units (chart.css: .chart__label, .chart__row-label, .chart__column-label). */
const LABEL_FONT_SIZE = 18;
const POINT_RADIUS = 16;
const POINT_GAP = 14;
const CELL_PADDING = 16;
const MIN_ROW_HEIGHT = 96;
/** The widest character of a label at the chart's font size (18 units), a little more than the average. */
const CHAR_WIDTH = 8.2;
/** A point's label starts this far into its column (the point and a gap) and keeps this much room at the end. */
const LABEL_INSET = 20 + 2 * POINT_RADIUS;
const LABEL_END = 4;
/** Characters a row's label holds in the axis column. */
const ROW_LABEL_CHARS = 14;

export interface ChartBand {
  label: string;
  /** The label wrapped to fit, each line with its position across the band. */
  lines: { text: string; fontSize: number | undefined; y: number }[];
  lane: boolean;
  /** Position and size along the band's axis. */
  start: number;
  size: number;
  center: number;
}

export interface ChartPoint {
  number: number;
  title: string;
  cx: number;
  cy: number;
  labelX: number;
  /** The label, wrapped, each line with its baseline. */
  lines: { text: string; fontSize: number | undefined; y: number }[];
}

export interface ChartView {
  width: number;
  height: number;
  axisWidth: number;
  headerHeight: number;
  columns: ChartBand[];
  rows: ChartBand[];
  points: ChartPoint[];
  /** The text alternative: every group with its place on both questions. */
  alt: string;
  xAxisLabel: string;
  yAxisLabel: string;
  /** Where the axis labels stand in the top-left corner. */
  axisLabelX: number;
  xAxisLabelY: number;
  yAxisLabelY: number;
  pointRadius: number;
  plotWidth: number;
  plotHeight: number;
}

export function overviewChart(report: Report, groups: readonly Group[], strings: Strings): ChartView {
  const axes = chartAxes(report, strings);
  const columnWidth = (CHART_WIDTH - AXIS_WIDTH) / axes.columnLabels.length;
  const columns = chartColumns(axes.columnLabels, columnWidth);
  // Characters per label line: what fits beside a point in a column, so that no label runs out of its cell.
  const labelChars = Math.max(6, Math.floor((columnWidth - LABEL_INSET - LABEL_END) / CHAR_WIDTH));
  const blockOf = (group: Group): Block => {
    const lines = wrap(group.shortTitle ?? group.title, labelChars);
    return { group, lines, width: labelChars, height: Math.max(2 * POINT_RADIUS, lines.length * LINE_HEIGHT) };
  };
  const { rows, points, bottom } = chartRows(axes, columns, groups.map(blockOf));
  return {
    width: CHART_WIDTH,
    height: round(bottom),
    axisWidth: AXIS_WIDTH,
    headerHeight: HEADER_HEIGHT,
    columns,
    rows,
    points,
    alt: chartAlt(axes, groups, strings),
    xAxisLabel: `${strings.question} ${axes.x.number}`,
    yAxisLabel: `${strings.question} ${axes.y.number}`,
    axisLabelX: AXIS_WIDTH - 12,
    xAxisLabelY: HEADER_HEIGHT - 12 - LINE_HEIGHT,
    yAxisLabelY: HEADER_HEIGHT - 12,
    pointRadius: POINT_RADIUS,
    plotWidth: CHART_WIDTH - AXIS_WIDTH,
    plotHeight: round(bottom - HEADER_HEIGHT),
  };
}

/** The chart's two questions: each scale's labels (the lane's last) and the column and row each group falls in. */
interface Axes {
  x: Question & { number: number };
  y: Question & { number: number };
  columnLabels: string[];
  rowLabels: string[];
  columnOf: (group: Group) => number;
  rowOf: (group: Group) => number;
}

/** A group as its cell stacks it: the point beside its wrapped label, as high as the taller of the two. */
interface Block {
  group: Group;
  lines: string[];
  /** Characters a line holds beside the point. */
  width: number;
  height: number;
}

/**
 * The question across (x) and the question up (y): as report.yml's `overview` says, or else the first up and the
 * second across.
 */
export function overviewAxes(report: Report): { x: Question & { number: number }; y: Question & { number: number } } {
  const numbered = report.questions.map((question, index) => ({ ...question, number: index + 1 }));
  const find = (id: string | undefined, fallback: number) =>
    numbered.find((question) => question.id === id) ?? numbered[fallback];
  const x = find(report.overview?.x, 1);
  const y = find(report.overview?.y, 0);
  if (!x || !y) throw new Error("the overview chart needs two questions (the overview table shows the others)");
  return { x, y };
}

function chartAxes(report: Report, strings: Strings): Axes {
  const { x, y } = overviewAxes(report);
  const columnSteps = x.steps.map((step) => step.id);
  const rowSteps = [...y.steps].reverse().map((step) => step.id);
  const place = (question: Question, steps: string[], group: Group) => {
    const answer = group.answers[question.id];
    return answer ? steps.indexOf(answer.step) : steps.length;
  };
  return {
    x,
    y,
    columnLabels: [...x.steps.map((step) => step.label), unansweredText(x, strings.unanswered)],
    rowLabels: [...[...y.steps].reverse().map((step) => step.label), unansweredText(y, strings.unanswered)],
    columnOf: (group) => place(x, columnSteps, group),
    rowOf: (group) => place(y, rowSteps, group),
  };
}

function chartColumns(labels: readonly string[], columnWidth: number): ChartBand[] {
  const headerChars = Math.max(6, Math.floor((columnWidth - 2 * LABEL_END) / CHAR_WIDTH));
  return labels.map((label, index) => {
    const lines = wrap(label, headerChars);
    return band(label, index === labels.length - 1, AXIS_WIDTH + index * columnWidth, columnWidth, () =>
      lines.map((text, line) => ({
        ...fit(text, headerChars),
        y: round(HEADER_HEIGHT - 12 - (lines.length - 1 - line) * LINE_HEIGHT),
      })),
    );
  });
}

/** The rows from the top down, each as high as its fullest cell, and every group's point in its cell. */
function chartRows(
  axes: Axes,
  columns: readonly ChartBand[],
  blocks: readonly Block[],
): { rows: ChartBand[]; points: ChartPoint[]; bottom: number } {
  const cells = new Map<string, Block[]>();
  for (const block of blocks) {
    const key = `${axes.rowOf(block.group)}:${axes.columnOf(block.group)}`;
    cells.set(key, [...(cells.get(key) ?? []), block]);
  }
  const rows: ChartBand[] = [];
  const points: ChartPoint[] = [];
  let y = HEADER_HEIGHT;
  axes.rowLabels.forEach((label, rowIndex) => {
    const inRow = columns.map((_, columnIndex) => cells.get(`${rowIndex}:${columnIndex}`) ?? []);
    const height = Math.max(MIN_ROW_HEIGHT, Math.max(0, ...inRow.map(cellHeight)) + 2 * CELL_PADDING);
    const lines = wrap(label, ROW_LABEL_CHARS);
    rows.push(
      band(label, rowIndex === axes.rowLabels.length - 1, y, height, (center) =>
        lines.map((text, line) => ({
          ...fit(text, ROW_LABEL_CHARS),
          y: round(center - ((lines.length - 1) * LINE_HEIGHT) / 2 + 6 + line * LINE_HEIGHT),
        })),
      ),
    );
    inRow.forEach((cell, columnIndex) => {
      const column = columns[columnIndex];
      if (column) points.push(...cellPoints(cell, column, y, height));
    });
    y += height;
  });
  return { rows, points, bottom: y };
}

/** The height of a cell's blocks stacked with a gap between them. */
function cellHeight(cell: readonly Block[]): number {
  return cell.reduce((sum, block) => sum + block.height, 0) + Math.max(0, cell.length - 1) * POINT_GAP;
}

/** The points of one cell, stacked and centred in the row that starts at `rowTop`. */
function cellPoints(cell: readonly Block[], column: ChartBand, rowTop: number, rowHeight: number): ChartPoint[] {
  const points: ChartPoint[] = [];
  let top = rowTop + (rowHeight - cellHeight(cell)) / 2;
  for (const { group, lines, width, height } of cell) {
    const blockMiddle = top + height / 2;
    const firstBaseline = blockMiddle - ((lines.length - 1) * LINE_HEIGHT) / 2 + 6;
    points.push({
      number: group.order,
      title: group.title,
      cx: round(column.start + 12 + POINT_RADIUS),
      cy: round(blockMiddle),
      labelX: round(column.start + LABEL_INSET),
      lines: lines.map((text, index) => ({ ...fit(text, width), y: round(firstBaseline + index * LINE_HEIGHT) })),
    });
    top += height + POINT_GAP;
  }
  return points;
}

/** The text alternative: the two questions' steps, then every group with its place on both. */
function chartAlt(axes: Axes, groups: readonly Group[], strings: Strings): string {
  const { x, y, columnLabels, rowLabels, columnOf, rowOf } = axes;
  const questions =
    `${strings.overview}. ${strings.question} ${y.number} (${y.title}): ${rowLabels.slice(0, -1).join(", ")}; ` +
    `${strings.question} ${x.number} (${x.title}): ${columnLabels.slice(0, -1).join(", ")}.`;
  const placed = [...groups]
    .sort((a, b) => a.order - b.order)
    .map(
      (group) =>
        `${group.order}. ${group.title}: ${strings.question} ${y.number}: ${rowLabels[rowOf(group)] ?? ""}; ` +
        `${strings.question} ${x.number}: ${columnLabels[columnOf(group)] ?? ""}.`,
    );
  return [questions, ...placed].join(" ");
}

function band(
  label: string,
  lane: boolean,
  start: number,
  size: number,
  place: (center: number) => { text: string; fontSize: number | undefined; y: number }[],
): ChartBand {
  const center = round(start + size / 2);
  return { label, lane, start: round(start), size: round(size), center, lines: place(center) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Greedy word wrap at spaces and after a compound's own hyphens ("LHBT-" / "kinderen"). A word is never cut:
 * a PDF's text must give every word back whole (search, copy, a screen reader). A word longer than the width
 * stands on a line of its own, which `fit` sets smaller so that it stays inside its cell.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const whole of text.split(/\s+/).filter(Boolean)) {
    const parts = whole.length > width ? whole.split(/(?<=-)/) : [whole];
    parts.forEach((word, index) => {
      const joined = index > 0 ? `${line}${word}` : line ? `${line} ${word}` : word;
      if (line && joined.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = joined;
      }
    });
  }
  if (line) lines.push(line);
  return lines;
}

/** A line of a label with its font size: the chart's own (undefined) when it fits, else smaller, to fit. */
export function fit(text: string, width: number): { text: string; fontSize: number | undefined } {
  if (text.length <= width) return { text, fontSize: undefined };
  return { text, fontSize: Math.floor((LABEL_FONT_SIZE * width * 10) / text.length) / 10 };
}
