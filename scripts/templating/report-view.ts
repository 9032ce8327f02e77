import type { Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { outputPath } from "../output/output-paths.js";
import { overviewAxes, overviewChart, type ChartView } from "./overview-chart.js";
import { overviewTable, type TableView } from "./overview-table.js";
import { scaleNotes, type ScaleNotesView } from "./scale-notes.js";
import { fill, groupView, introductionHtml, reportView, type GroupView, type ReportView } from "./view-model.js";

/** The views of the documents that show the whole report: the index, the overview and the combined PDF. */

export interface OverviewView {
  report: ReportView;
  strings: Strings;
  /** The chart of a report of two questions; null for the others, which get the table. */
  chart: ChartView | null;
  table: TableView | null;
  /** The sentence under the heading, saying what the chart or table shows. */
  lead: string;
  /** The legend of the hatched lanes: the groups without a step. */
  lanes: string;
  /** Under the chart, for each group the chart names by its short title: its number and whole title. */
  groupNames: { number: number; title: string }[];
  pageLabel: string | null;
  pdf: string;
  scaleNotes: ScaleNotesView;
}

/** One scale as the reader sees it explained: its steps in the editors' order, each with the source's phrasings. */
export interface ScaleKeyView {
  heading: string;
  /** The steps are one order (a numbered list), not kinds side by side (a list without numbers). */
  ladder: boolean;
  steps: { label: string; phrasings: string[] }[];
}

export interface IndexView {
  report: ReportView;
  strings: Strings;
  introductionHtml: string;
  scaleKeys: ScaleKeyView[];
  scaleNotes: ScaleNotesView;
  groups: GroupView[];
  overview: OverviewView;
  /** The overview as a table that reflows, shown instead of the chart on a phone. */
  phoneTable: TableView;
  reportPdf: string;
}

export interface ContentsEntry {
  title: string;
  anchor: string;
  page: number;
  kind: "section" | "group";
}

export interface ReportDocumentView {
  report: ReportView;
  strings: Strings;
  cover: { report: ReportView; strings: Strings };
  contents: { report: ReportView; strings: Strings; entries: ContentsEntry[]; pageLabel: string };
  introduction: {
    report: ReportView;
    strings: Strings;
    introductionHtml: string;
    scaleKeys: ScaleKeyView[];
    scaleNotes: ScaleNotesView;
    pageLabel: string;
  };
  overview: OverviewView;
  groups: GroupView[];
  /** The number of pages the document must have: one per section and group. */
  pages: number;
}

export function overviewView(content: Content, strings: Strings, pageLabel: string | null): OverviewView {
  const { report, groups } = content;
  const twoQuestions = report.questions.length === 2;
  const axes = twoQuestions ? overviewAxes(report) : undefined;
  return {
    report: reportView(report),
    strings,
    chart: twoQuestions ? overviewChart(report, groups, strings) : null,
    table: twoQuestions ? null : overviewTable(report, groups, strings),
    lead: axes
      ? fill(strings.overviewLead, { x: axes.x.axis ?? axes.x.title, y: axes.y.axis ?? axes.y.title })
      : fill(strings.overviewLeadTable, { count: report.questions.length }),
    lanes: strings.legendLane,
    groupNames: twoQuestions
      ? groups.flatMap((group) =>
          group.shortTitle === undefined || group.shortTitle === group.title
            ? []
            : [{ number: group.order, title: group.title }],
        )
      : [],
    pageLabel,
    pdf: outputPath.overview(strings.overviewFile),
    scaleNotes: scaleNotes(content, strings),
  };
}

/** The explanation of the scales: each step's label with the source phrasings it stands for. */
export function scaleKeys(content: Content, strings: Strings): ScaleKeyView[] {
  return content.report.questions.map((question, index) => ({
    heading: `${strings.question} ${index + 1}: ${question.title}`,
    ladder: question.ladder,
    steps: question.steps.map((step) => ({ label: step.label, phrasings: step.phrasings })),
  }));
}

export function indexView(content: Content, strings: Strings): IndexView {
  return {
    report: reportView(content.report),
    strings,
    introductionHtml: introductionHtml(content, strings),
    scaleKeys: scaleKeys(content, strings),
    scaleNotes: scaleNotes(content, strings),
    groups: content.groups.map((group) =>
      groupView(content, group, strings, { from: "root", standalone: false, page: null }),
    ),
    overview: overviewView(content, strings, null),
    phoneTable: overviewTable(content.report, content.groups, strings),
    reportPdf: outputPath.report(content.report.slug),
  };
}

/** The whole report's fixed pages, before the groups' (the cover is page 1). */
export const REPORT_PAGES = { cover: 1, contents: 2, introduction: 3, overview: 4 } as const;

/** The page of the report's group at this index: the groups follow the fixed pages. */
export function groupPage(index: number): number {
  return REPORT_PAGES.overview + 1 + index;
}

/**
 * The combined report. Every section is exactly one page (the renderer
 * enforces it), so page numbers are known before rendering and the table
 * of contents is right by construction; the build checks the page count.
 */
export function reportDocumentView(content: Content, strings: Strings): ReportDocumentView {
  const report = reportView(content.report);
  const pages = groupPage(content.groups.length - 1);
  const label = (page: number) => fill(strings.pageOf, { page, pages });
  // The contents page does not list itself.
  const entries: ContentsEntry[] = [
    { title: strings.introduction, anchor: "introduction", page: REPORT_PAGES.introduction, kind: "section" },
    { title: strings.overview, anchor: "overview", page: REPORT_PAGES.overview, kind: "section" },
    ...content.groups.map((group, index) => ({
      title: group.title,
      anchor: group.slug,
      page: groupPage(index),
      kind: "group" as const,
    })),
  ];
  return {
    report,
    strings,
    cover: { report, strings },
    contents: { report, strings, entries, pageLabel: label(REPORT_PAGES.contents) },
    introduction: {
      report,
      strings,
      introductionHtml: introductionHtml(content, strings),
      scaleKeys: scaleKeys(content, strings),
      scaleNotes: scaleNotes(content, strings),
      pageLabel: label(REPORT_PAGES.introduction),
    },
    overview: overviewView(content, strings, label(REPORT_PAGES.overview)),
    groups: content.groups.map((group, index) =>
      groupView(content, group, strings, { from: "root", standalone: false, page: { page: groupPage(index), pages } }),
    ),
    pages,
  };
}
