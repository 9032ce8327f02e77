import type { Question, Report, Strings } from "../config/schema.js";
import type { Group } from "../content/load-content.js";
import { answerPlace, unansweredText } from "../content/scale-label.js";
import { fill } from "./fill.js";

/**
 * The overview chart's geometry, in SVG user units of a CHART_WIDTH-wide
 * drawing, for a report of two questions: every group placed on both at
 * once. Rows are the steps of one question (highest on top), columns the
 * steps of the other (report.yml's `overview` says which is which). A group
 * with no step across sits in a lane column beside the steps; a group with no
 * step up sits in a panel beside the rows, never below the lowest step (it
 * would read as the least). Everything is derived
 * from the content's questions and groups, so an eighth group or a changed
 * answer needs no change to code or templates.
 */
export const CHART_WIDTH = 1000;
const AXIS_WIDTH = 120;
/** The panel beside the rows for the groups with no step up, and the gaps that set it and the lane apart. */
const PANEL_WIDTH = 200;
const PANEL_GAP = 24;
const LANE_GAP = 12;
const HEADER_HEIGHT = 84;
const LINE_HEIGHT = 22;
/** The labels' font size in chart units (chart.css: .chart__label, .chart__row-label, .chart__column-label). */
const LABEL_FONT_SIZE = 18;
const POINT_RADIUS = 16;
const POINT_GAP = 14;
const CELL_PADDING = 16;
const MIN_ROW_HEIGHT = 80;
/** The widest character of a label at the chart's font size (18 units), a little more than the average. */
const CHAR_WIDTH = 8.2;
/** A point's label starts this far into its column (the point and a gap) and keeps this much room at the end. */
const LABEL_INSET = 20 + 2 * POINT_RADIUS;
const LABEL_END = 4;
/** Characters a row's label holds in the axis column. */
const ROW_LABEL_CHARS = 11;

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
  /** In the panel: the answer across, in words, under the label. */
  notes: { text: string; fontSize: number | undefined; y: number }[];
}

/** The panel beside the rows: the groups with no step up, each with its answer across in words. */
export interface ChartPanel {
  x: number;
  width: number;
  height: number;
  /** The heading, wrapped, above the panel. */
  lines: { text: string; fontSize: number | undefined; y: number }[];
  center: number;
}

export interface ChartView {
  width: number;
  height: number;
  axisWidth: number;
  headerHeight: number;
  columns: ChartBand[];
  rows: ChartBand[];
  points: ChartPoint[];
  panel: ChartPanel;
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
  /** Where the rows end (the panel beside them may reach lower). */
  plotBottom: number;
}

export function overviewChart(report: Report, groups: readonly Group[], strings: Strings): ChartView {
  const axes = chartAxes(report, strings);
  const stepsWidth = CHART_WIDTH - AXIS_WIDTH - PANEL_GAP - PANEL_WIDTH - LANE_GAP;
  const columnWidth = stepsWidth / axes.columnLabels.length;
  const columns = chartColumns(axes.columnLabels, columnWidth);
  const plotRight = CHART_WIDTH - PANEL_GAP - PANEL_WIDTH;
  // Characters per label line: what fits beside a point in a column, so that no label runs out of its cell.
  const labelChars = Math.max(6, Math.floor((columnWidth - LABEL_INSET - LABEL_END) / CHAR_WIDTH));
  const panelChars = Math.floor((PANEL_WIDTH - LABEL_INSET - LABEL_END) / CHAR_WIDTH);
  const blockOf = (group: Group, width: number, notes: string[]): Block => {
    const lines = wrap(group.shortTitle ?? group.title, width);
    const height = Math.max(2 * POINT_RADIUS, (lines.length + notes.length) * LINE_HEIGHT);
    return { group, lines, notes, width, height };
  };
  const inPanel = groups.filter((group) => axes.rowOf(group) < 0);
  const panelBlocks = inPanel.map((group) =>
    blockOf(group, panelChars, wrap(`${strings.question} ${axes.x.number}: ${axes.xText(group)}`, panelChars)),
  );
  const plotted = groups.filter((group) => axes.rowOf(group) >= 0).map((group) => blockOf(group, labelChars, []));
  const { rows, points, bottom } = chartRows(axes, columns, plotted);
  const panelBand = {
    start: plotRight + PANEL_GAP,
    size: PANEL_WIDTH,
    center: plotRight + PANEL_GAP + PANEL_WIDTH / 2,
  };
  const panelBottom = Math.max(bottom, HEADER_HEIGHT + cellHeight(panelBlocks) + 2 * CELL_PADDING);
  points.push(...cellPoints(panelBlocks, panelBand, HEADER_HEIGHT, panelBottom - HEADER_HEIGHT));
  const panelHeading = wrap(fill(strings.lane, { number: axes.y.number }), Math.floor(PANEL_WIDTH / CHAR_WIDTH));
  return {
    width: CHART_WIDTH,
    height: round(panelBottom),
    axisWidth: AXIS_WIDTH,
    headerHeight: HEADER_HEIGHT,
    columns,
    rows,
    points: points.sort((a, b) => a.number - b.number),
    panel: {
      x: round(panelBand.start),
      width: PANEL_WIDTH,
      height: round(panelBottom - HEADER_HEIGHT),
      center: round(panelBand.center),
      lines: panelHeading.map((text, line) => ({
        ...fit(text, Math.floor(PANEL_WIDTH / CHAR_WIDTH)),
        y: round(HEADER_HEIGHT - 12 - (panelHeading.length - 1 - line) * LINE_HEIGHT),
      })),
    },
    alt: chartAlt(axes, groups, strings),
    xAxisLabel: `${strings.question} ${axes.x.number}`,
    yAxisLabel: `${strings.question} ${axes.y.number}`,
    axisLabelX: AXIS_WIDTH - 12,
    xAxisLabelY: HEADER_HEIGHT - 12 - LINE_HEIGHT,
    yAxisLabelY: HEADER_HEIGHT - 12,
    pointRadius: POINT_RADIUS,
    plotWidth: round(plotRight - AXIS_WIDTH),
    plotHeight: round(bottom - HEADER_HEIGHT),
    plotBottom: round(bottom),
  };
}

/**
 * The chart's two questions: each scale's labels (across, the lane's last) and the column and row each group
 * falls in (-1 up: the panel), and each group's answer in words, as the text alternative and the panel say it.
 */
interface Axes {
  x: Question & { number: number };
  y: Question & { number: number };
  columnLabels: string[];
  rowLabels: string[];
  columnOf: (group: Group) => number;
  rowOf: (group: Group) => number;
  xText: (group: Group) => string;
  yText: (group: Group) => string;
}

/** A group as its cell stacks it: the point beside its wrapped label, as high as the taller of the two. */
interface Block {
  group: Group;
  lines: string[];
  /** Lines under the label: in the panel, the answer across. */
  notes: string[];
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
  const rowSteps = [...y.steps].reverse().map((step) => step.id);
  const index = (question: Question, group: Group) => {
    const place = answerPlace(question, group.answers[question.id]);
    return place.kind === "step" ? place.index : -1;
  };
  const text = (question: Question, group: Group) => {
    const place = answerPlace(question, group.answers[question.id]);
    if (place.kind === "step") return place.step.label;
    return place.kind === "words"
      ? `“${place.answer.words}” (${strings.noStep})`
      : unansweredText(question, strings.unanswered);
  };
  return {
    x,
    y,
    columnLabels: [...x.steps.map((step) => step.label), fill(strings.lane, { number: x.number })],
    rowLabels: [...y.steps].reverse().map((step) => step.label),
    columnOf: (group) => {
      const column = index(x, group);
      return column < 0 ? x.steps.length : column;
    },
    rowOf: (group) => {
      const row = index(y, group);
      return row < 0 ? -1 : rowSteps.length - 1 - row;
    },
    xText: (group) => text(x, group),
    yText: (group) => text(y, group),
  };
}

function chartColumns(labels: readonly string[], columnWidth: number): ChartBand[] {
  const headerChars = Math.max(6, Math.floor((columnWidth - 2 * LABEL_END) / CHAR_WIDTH));
  return labels.map((label, index) => {
    const lines = wrap(label, headerChars);
    const lane = index === labels.length - 1;
    const start = AXIS_WIDTH + index * columnWidth + (lane ? LANE_GAP : 0);
    return band(label, lane, start, columnWidth, () =>
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
      band(label, false, y, height, (center) =>
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
function cellPoints(
  cell: readonly Block[],
  column: { start: number },
  rowTop: number,
  rowHeight: number,
): ChartPoint[] {
  const points: ChartPoint[] = [];
  let top = rowTop + (rowHeight - cellHeight(cell)) / 2;
  for (const { group, lines, notes, width, height } of cell) {
    const blockMiddle = top + height / 2;
    const firstBaseline = blockMiddle - ((lines.length + notes.length - 1) * LINE_HEIGHT) / 2 + 6;
    const line = (text: string, index: number) => ({
      ...fit(text, width),
      y: round(firstBaseline + index * LINE_HEIGHT),
    });
    points.push({
      number: group.order,
      title: group.title,
      cx: round(column.start + 12 + POINT_RADIUS),
      cy: round(notes.length > 0 ? firstBaseline - 6 : blockMiddle),
      labelX: round(column.start + LABEL_INSET),
      lines: lines.map(line),
      notes: notes.map((text, index) => line(text, lines.length + index)),
    });
    top += height + POINT_GAP;
  }
  return points;
}

/** The text alternative: the two questions' steps, then every group with its place on both. */
function chartAlt(axes: Axes, groups: readonly Group[], strings: Strings): string {
  const { x, y } = axes;
  const questions =
    `${strings.overview}. ${strings.question} ${y.number} (${y.title}): ${y.steps.map((s) => s.label).join(", ")}; ` +
    `${strings.question} ${x.number} (${x.title}): ${x.steps.map((s) => s.label).join(", ")}.`;
  const placed = [...groups]
    .sort((a, b) => a.order - b.order)
    .map(
      (group) =>
        `${group.order}. ${group.title}: ${strings.question} ${y.number}: ${axes.yText(group)}; ` +
        `${strings.question} ${x.number}: ${axes.xText(group)}.`,
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
