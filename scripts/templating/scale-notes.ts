import type { Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { answerPlace, unansweredText } from "../content/scale-label.js";
import { fill } from "./fill.js";

/**
 * The notes on reading the scales that every output carries, because every output may travel alone: for each
 * question, whether its order is the editors' reading or it has none, and which groups have no step on it (the
 * source gives them no grade, or its words fit none).
 */
export interface ScaleNotesView {
  heading: string;
  notes: string[];
  /** Rows of a two-column layout that reads down the first column, then the second. */
  rows: number;
}

/** The most groups a note names: more would not fit a page, and the overview names them all. */
const MAX_NAMED = 4;

export function scaleNotes(content: Content, strings: Strings): ScaleNotesView {
  const words = strings.scaleNotes;
  const groups = [...content.groups].sort((a, b) => a.order - b.order);
  const list = new Intl.ListFormat(content.report.language, { type: "conjunction" });
  const notes = content.report.questions.flatMap((question, index) => {
    const number = index + 1;
    const order = fill(question.ladder ? words.ladder : words.categories, { number });
    const without = groups.flatMap((group) => {
      const place = answerPlace(question, group.answers[question.id]);
      if (place.kind === "step") return [];
      return place.kind === "words"
        ? [fill(words.ownWords, { group: group.title })]
        : [fill(words.unanswered, { group: group.title, unanswered: unansweredText(question, strings.unanswered) })];
    });
    const steps =
      without.length === 0
        ? null
        : without.length > MAX_NAMED
          ? fill(words.noStepCount, { number, count: without.length })
          : fill(words.noStep, { number, groups: list.format(without) });
    return [order, steps ?? fill(words.allSteps, { number })];
  });
  return { heading: words.heading, notes, rows: Math.ceil(notes.length / 2) };
}
