import type { Report, Strings } from "../config/schema.js";
import type { Group } from "../content/load-content.js";
import { answerPlace, unansweredText } from "../content/scale-label.js";
import { stepTone } from "./step-tone.js";

/** The drawing width of a small meter, in SVG user units. */
const METER_WIDTH = 60;
const METER_GAP = 2;

/** One step of a small meter: filled up to the group's step (the group's alone on kinds of answer), outlined. */
export interface MeterStep {
  x: number;
  width: number;
  reached: boolean;
  /** The tone it is filled with when reached (step-tone.ts). */
  tone: number;
  active: boolean;
}

export interface TableCell {
  answered: boolean;
  /**
   * The step's label, the source's words where they fit no step, or the question's words for no answer: the
   * cell's text, which carries the meaning.
   */
  label: string;
  steps: MeterStep[];
}

export interface TableView {
  meterWidth: number;
  questions: { number: number; title: string }[];
  rows: { number: number; title: string; cells: TableCell[] }[];
}

/**
 * The overview of a report of one question, or of three or more: a table
 * with a row per group and a column per question, each cell a small meter of
 * the question's scale with the step's label beside it. The label carries the
 * answer; the meter shows where on the scale it lies, in grey as in colour.
 */
export function overviewTable(report: Report, groups: readonly Group[], strings: Strings): TableView {
  const questions = report.questions;
  const rows = [...groups]
    .sort((a, b) => a.order - b.order)
    .map((group) => ({
      number: group.order,
      title: group.shortTitle ?? group.title,
      cells: questions.map((question): TableCell => {
        const place = answerPlace(question, group.answers[question.id]);
        const active = place.kind === "step" ? place.index : -1;
        const pitch = METER_WIDTH / question.steps.length;
        const steps = question.steps.map((_, index) => ({
          x: round(index * pitch + METER_GAP / 2),
          width: round(pitch - METER_GAP),
          reached: question.ladder ? active >= 0 && index <= active : index === active,
          tone: stepTone(index, question.steps.length, question.ladder),
          active: index === active,
        }));
        const label =
          place.kind === "step"
            ? place.step.label
            : place.kind === "words"
              ? `“${place.answer.words}”`
              : unansweredText(question, strings.unanswered);
        return { answered: active >= 0, label, steps };
      }),
    }));
  return {
    meterWidth: METER_WIDTH,
    questions: questions.map((question, index) => ({ number: index + 1, title: question.title })),
    rows,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
