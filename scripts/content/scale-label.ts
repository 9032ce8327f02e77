import { WORDS_GAP, type Answer, type Question, type ScaleStep } from "../config/schema.js";

/** The printed label of a scale step, given its id; the id itself if the scale lacks it. */
export function stepLabel(steps: readonly ScaleStep[], id: string): string {
  return steps.find((step) => step.id === id)?.label ?? id;
}

/** What a page says where a group has no answer: the question's own words, or the strings file's default. */
export function unansweredText(question: Question, unanswered: string): string {
  return question.unanswered ?? unanswered;
}

/**
 * Where a group's answer stands on its question: on a step, in the source's own words with no step (they fit
 * none), or nowhere (the source gives no answer).
 */
export type AnswerPlace =
  | { kind: "step"; answer: Answer; step: ScaleStep; index: number }
  | { kind: "words"; answer: Answer }
  | { kind: "none" };

export function answerPlace(question: Question, answer: Answer | null | undefined): AnswerPlace {
  if (!answer) return { kind: "none" };
  const index = answer.step === undefined ? -1 : question.steps.findIndex((step) => step.id === answer.step);
  const step = question.steps[index];
  return step ? { kind: "step", answer, step, index } : { kind: "words", answer };
}

/** The sentences an answer quotes, as a list. */
export function quotedSentences(answer: Answer): string[] {
  return typeof answer.source === "string" ? [answer.source] : answer.source;
}

/** The pieces of a label: the parts of the quote it joins with ` … `. */
export function wordPieces(words: string): string[] {
  return words
    .split(WORDS_GAP)
    .map((piece) => piece.trim())
    .filter(Boolean);
}

/**
 * A group's answer in one line of text (a cover e-mail, a package's list): the source's words in quotes, with
 * the step's label where they stand on one; the question's words for no answer.
 */
export function answerLabel(question: Question, answer: Answer | null | undefined, unanswered: string): string {
  const place = answerPlace(question, answer);
  if (place.kind === "none") return unansweredText(question, unanswered);
  const quoted = `“${place.answer.words}”`;
  return place.kind === "step" ? `${quoted} (${place.step.label})` : quoted;
}

/** The question a group is summed up by where there is room for one (a package's list of groups): the first. */
export function headlineQuestion(questions: readonly Question[]): Question {
  const [first] = questions;
  if (!first) throw new Error("a report has at least one question (the schema says so)");
  return first;
}
