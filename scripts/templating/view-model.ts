import { outputPath } from "../output/output-paths.js";
import type { Answer, Question, Report, ScaleStep, Strings } from "../config/schema.js";
import { answerPlace, unansweredText } from "../content/scale-label.js";
import type { Content, Group } from "../content/load-content.js";
import { hyphenator } from "../markdown/hyphenation.js";
import { textHtml } from "../markdown/text-html.js";
import { fill } from "./fill.js";
import { scaleNotes, type ScaleNotesView } from "./scale-notes.js";
import { stepTone } from "./step-tone.js";

export { fill } from "./fill.js";

/** The drawing width of every scale graphic, in SVG user units (the graphic scales to its box). */
export const SCALE_WIDTH = 300;
const STEP_GAP = 4;

/** One step of a scale as drawn: its label and where it sits, in SVG units of a SCALE_WIDTH-wide graphic. */
export interface StepView {
  label: string;
  number: number;
  active: boolean;
  /** Filled: on a ladder every step up to the group's, on a question of kinds side by side the group's alone. */
  reached: boolean;
  /** The tone it is filled with when reached (step-tone.ts): 1 … 5 up a ladder, 0 for the house colour. */
  tone: number;
  x: number;
  width: number;
  /** A downward pointer above the step, drawn for the group's step: the mark that needs no colour. */
  pointer: string;
}

/**
 * A group's answer to one question, ready to print: on a step (`graded`), in the source's words with no step
 * (`why` says why), or not given by the source (`words` null).
 */
export interface FindingView {
  /** The question: its place (1, 2, …), id, short title and full text. */
  number: number;
  id: string;
  title: string;
  text: string;
  graded: boolean;
  /** The steps are one order (filled up to the group's), not kinds side by side. */
  ladder: boolean;
  /** The scale step's label, the "no step" wording, or the "not graded in the source" wording. */
  label: string;
  /** The source's words: the answer's label. */
  words: string | null;
  /** Where the answer stands, as the editors' reading: "on the editors' scale: moderate, step 2 of 5". */
  position: string | null;
  /** The editors' reason why the source's words fit no step. */
  why: string | null;
  steps: StepView[];
  stepCount: number;
  /** The text alternative of the scale graphic. */
  alt: string;
  /** The graphic's width in SVG units, for its viewBox. */
  width: number;
}

export interface ReportView {
  title: string;
  subtitle: string | null;
  publisher: string;
  published: string;
  publishedLabel: string;
  website: string | null;
  websiteUrl: string | null;
  social: string | null;
  language: string;
  questions: (Question & { number: number })[];
}

export interface GroupView {
  report: ReportView;
  strings: Strings;
  title: string;
  slug: string;
  order: number;
  /** The group's answer to every question, in the report's order. */
  answers: FindingView[];
  /** More than two questions: the page draws each answer more compactly. */
  manyAnswers: boolean;
  bodyHtml: string;
  /** The report's introduction, for context on a single group's sheet. */
  introductionHtml: string;
  recommendations: string[];
  hasRecommendations: boolean;
  links: { pdf: string; html: string; index: string };
  /** A page on its own (the single infographic) shows the report's introduction for context. */
  standalone: boolean;
  /** "page 5 of 11" (the strings' pageOf), or null where a page number means nothing (the HTML factsheet). */
  pageLabel: string | null;
  /** How to read the scales: every file that travels alone says it. */
  scaleNotes: ScaleNotesView;
}

/** Links are relative so the output folder works from a USB stick or a web server alike. */
export function groupLinks(slug: string, from: "root" | "html"): GroupView["links"] {
  const up = from === "html" ? "../" : "";
  return {
    pdf: `${up}${outputPath.infographic(slug)}`,
    html: `${up}${outputPath.factsheet(slug)}`,
    index: `${up}${outputPath.index}`,
  };
}

const dateLabels = new Map<string, string>();

/**
 * "14 april 2016": the date in the report's language (memoised: a date format is slow to build, and every view
 * needs it).
 */
export function dateLabel(date: string, language: string): string {
  const key = `${language}|${date}`;
  let label = dateLabels.get(key);
  if (label === undefined) {
    label = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(
      new Date(`${date}T00:00:00Z`),
    );
    dateLabels.set(key, label);
  }
  return label;
}

export function reportView(report: Report): ReportView {
  const publishedLabel = dateLabel(report.published, report.language);
  return {
    title: report.title,
    subtitle: report.subtitle ?? null,
    publisher: report.publisher,
    published: report.published,
    publishedLabel,
    website: report.website ?? null,
    websiteUrl: report.website === undefined ? null : websiteUrl(report.website),
    social: report.social ?? null,
    language: report.language,
    questions: report.questions.map((question, index) => ({ ...question, number: index + 1 })),
  };
}

function websiteUrl(website: string): string {
  return /^https?:\/\//.test(website) ? website : `https://${website}`;
}

export interface GroupViewOptions {
  /** Where the document's relative links start from. */
  from: "root" | "html";
  standalone: boolean;
  page: { page: number; pages: number } | null;
}

export function groupView(content: Content, group: Group, strings: Strings, options: GroupViewOptions): GroupView {
  const { report } = content;
  return {
    report: reportView(report),
    strings,
    title: group.title,
    slug: group.slug,
    order: group.order,
    answers: report.questions.map((question, index) =>
      findingView(question, index + 1, group.answers[question.id] ?? null, strings, report.language),
    ),
    manyAnswers: report.questions.length > 2,
    bodyHtml: textHtml(group.body, `${group.slug}-`, strings.footnotes),
    introductionHtml: introductionHtml(content, strings),
    recommendations: group.recommendations,
    hasRecommendations: group.recommendations.length > 0,
    links: groupLinks(group.slug, options.from),
    standalone: options.standalone,
    pageLabel: options.page ? fill(strings.pageOf, options.page) : null,
    scaleNotes: scaleNotes(content, strings),
  };
}

/** The steps of a scale as drawn, the group's step (at `activeIndex`, or none: -1) marked. */
function stepViews(scale: readonly ScaleStep[], activeIndex: number, ladder: boolean, language: string): StepView[] {
  // Step labels stand in narrow columns: a long word ("veroordelingen") may break at a hyphenation point
  // rather than anywhere. The soft hyphens show only where a label breaks (and never reach a PDF's text).
  const hyphenate = hyphenator(language);
  const display = (label: string) => hyphenate?.(label, { minWordLength: 10 }) ?? label;
  const pitch = SCALE_WIDTH / scale.length;
  const round = (value: number) => Math.round(value * 100) / 100;
  return scale.map((step, index) => ({
    label: display(step.label),
    number: index + 1,
    active: index === activeIndex,
    reached: ladder ? activeIndex >= 0 && index <= activeIndex : index === activeIndex,
    tone: stepTone(index, scale.length, ladder),
    x: round(index * pitch + STEP_GAP / 2),
    width: round(pitch - STEP_GAP),
    pointer: pointerPath(
      round((index + 0.5) * pitch - 7),
      round((index + 0.5) * pitch + 7),
      round((index + 0.5) * pitch),
    ),
  }));
}

function findingView(
  question: Question,
  number: number,
  finding: Answer | null,
  strings: Strings,
  language: string,
): FindingView {
  const scale = question.steps;
  // A title that ends in its own mark (a question) takes no colon after it; any other takes one.
  const heading = /[?!.:]$/.test(question.title) ? question.title : `${question.title}:`;
  const ladder = question.ladder;
  const about = { number, id: question.id, title: question.title, text: question.text, ladder };
  const place = answerPlace(question, finding);
  const activeIndex = place.kind === "step" ? place.index : -1;
  const steps = stepViews(scale, activeIndex, ladder, language);
  const scaleName = ladder ? strings.scaleLabel : strings.categoriesLabel;
  const scaleWords = `${scaleName}: ${scale.map((step) => step.label).join(", ")}.`;
  const shape = { steps, stepCount: steps.length, width: SCALE_WIDTH };
  if (place.kind === "none") {
    const missing = unansweredText(question, strings.unanswered);
    const alt = `${heading} ${missing}. ${scaleWords}`;
    return { ...about, ...shape, graded: false, label: missing, words: null, position: null, why: null, alt };
  }
  const words = place.answer.words;
  const quoted = `${strings.sourceQuote}: “${words}”`;
  if (place.kind === "words") {
    const why = place.answer.why ?? null;
    const alt = `${heading} ${quoted}; ${strings.noStep}. ${scaleWords}`;
    return { ...about, ...shape, graded: false, label: strings.noStep, words, position: null, why, alt };
  }
  const position = ladder
    ? fill(strings.ladderPlace, { label: place.step.label, step: activeIndex + 1, steps: scale.length })
    : fill(strings.categoryPlace, { label: place.step.label });
  const alt = `${heading} ${quoted}; ${position}. ${scaleWords}`;
  return { ...about, ...shape, graded: true, label: place.step.label, words, position, why: null, alt };
}

/** The report's introduction as HTML; its footnotes' ids start with "introduction-". */
export function introductionHtml(content: Content, strings: Strings): string {
  return textHtml(content.introduction, "introduction-", strings.footnotes);
}

/** A downward triangle from `left` to `right` on top, its tip at `tip`, 10 units down. */
function pointerPath(left: number, right: number, tip: number): string {
  return `M ${left} 1 L ${right} 1 L ${tip} 10 Z`;
}
