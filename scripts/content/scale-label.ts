import type { Answer, Question, ScaleStep } from "../config/schema.js";

/** The printed label of a scale step, given its id; the id itself if the scale lacks it. */
export function stepLabel(steps: readonly ScaleStep[], id: string): string {
  return steps.find((step) => step.id === id)?.label ?? id;
}

/** What a page says where a group has no answer: the question's own words, or the strings file's default. */
export function unansweredText(question: Question, unanswered: string): string {
  return question.unanswered ?? unanswered;
}

/** A group's answer as printed: its step's label, or the question's words for no answer. */
export function answerLabel(question: Question, answer: Answer | null | undefined, unanswered: string): string {
  return answer ? stepLabel(question.steps, answer.step) : unansweredText(question, unanswered);
}

/** The question a group is summed up by where there is room for one (a package's list of groups): the first. */
export function headlineQuestion(questions: readonly Question[]): Question {
  const [first] = questions;
  if (!first) throw new Error("a report has at least one question (the schema says so)");
  return first;
}
