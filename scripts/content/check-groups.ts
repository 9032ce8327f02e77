import path from "node:path";
import type { VFile } from "vfile";
import type { Answer, Question, Report, ScaleStep } from "../config/schema.js";
import { alternatives, list, problem, quotedList } from "../diagnostics/messages.js";
import { addProblem, hasProblems } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import { DEVICE_NAME, RESERVED_SLUGS } from "../output/output-paths.js";
import type { GroupFacts } from "./group-facts.js";
import { nearestSentence, sentencesOf } from "./nearest-sentence.js";
import type { YamlSource } from "./yaml-source.js";
import { collapse } from "./plain-text.js";
import { containsPhrase, lostQualifiers, piecesInQuote } from "./quote-match.js";
import { quotedSentences, wordPieces } from "./scale-label.js";

/**
 * Checks that need more than one file: the report's questions, every
 * group's answers on their scales, unique slugs and orders, and quotes that
 * really are in the text.
 */
export function checkGroups(
  report: Report,
  reportFile: VFile,
  reportYaml: YamlSource,
  groups: readonly GroupFacts[],
  /** Every group was read without error: only then can a step be known to be unused. */
  complete: boolean,
): void {
  checkQuestions(reportFile, reportYaml, report);
  checkUnique(groups, "slug");
  checkReservedSlugs(groups, report.slug);
  checkUnique(groups, "order");
  const reportName = path.basename(reportFile.path);
  for (const group of groups) {
    checkAnswers(group, report, reportName);
    checkShortTitle(group);
  }
  const clean = !hasProblems(groups.map((group) => group.file));
  if (complete && clean) {
    for (const [index, question] of report.questions.entries()) {
      const used = groups.map((group) => group.answers?.[question.id]?.step);
      checkStepsUsed(reportFile, reportYaml, question, index, used);
    }
  }
}

/** A short title is made of the title's own words (any case, in any order): a shortening, never a new name. */
function checkShortTitle(group: GroupFacts): void {
  const { title, shortTitle } = group;
  if (title === undefined || shortTitle === undefined) return;
  const words = (text: string) =>
    text
      .toLocaleLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word !== "");
  const known = new Set(words(title));
  const foreign = words(shortTitle).filter((word) => !known.has(word));
  if (foreign.length === 0) return;
  addProblem(group.file, {
    ...problem("content/short-title-not-in-title", { shortTitle, title, words: foreign.join(", ") }),
    place: group.yaml.pointAt(["shortTitle"]),
  });
}

/** Question ids are unique, so are the steps of each scale, and the overview's axes name two different questions. */
function checkQuestions(file: VFile, yaml: YamlSource, report: Report): void {
  const ids = report.questions.map((question) => question.id);
  for (const [index, question] of report.questions.entries()) {
    if (ids.indexOf(question.id) !== index) {
      addProblem(file, {
        ...problem("report/duplicate-question", { id: question.id }),
        place: yaml.pointAt(["questions", index, "id"]),
      });
    }
    checkScale(file, yaml, question.steps, index);
    checkQuestionQualifiers(file, yaml, question, index, report);
  }
  if (report.overview) checkOverviewAxes(file, yaml, report.overview, ids);
}

/** A question's short title and its axis keep the qualifiers of its full text ("specifically"). */
function checkQuestionQualifiers(
  file: VFile,
  yaml: YamlSource,
  question: Question,
  index: number,
  report: Report,
): void {
  const carried = report.qualifiers.filter((qualifier) => containsPhrase(question.text, qualifier, report.language));
  for (const field of ["title", "axis"] as const) {
    const value = question[field];
    if (value === undefined) continue;
    const lost = carried.filter((qualifier) => !containsPhrase(value, qualifier, report.language));
    if (lost.length === 0) continue;
    const named = quotedList(lost);
    addProblem(file, {
      ...problem("report/qualifier-lost", { field, value, named, text: question.text }),
      place: yaml.pointAt(["questions", index, field]),
    });
  }
}

function checkOverviewAxes(file: VFile, yaml: YamlSource, overview: { x: string; y: string }, ids: string[]): void {
  if (ids.length !== 2) {
    addProblem(file, {
      ...problem("report/overview-axes+count", { count: ids.length }),
      place: yaml.keyPointAt([], "overview"),
    });
    return;
  }
  for (const axis of ["x", "y"] as const) {
    const id = overview[axis];
    if (ids.includes(id) && overview.x !== overview.y) continue;
    const other = ids.find((candidate) => candidate !== overview[axis === "x" ? "y" : "x"]) ?? ids[0];
    const values = { axis, id, ids: list(ids), other: other ?? "" };
    addProblem(file, {
      ...problem(ids.includes(id) ? "report/overview-axes+same" : "report/overview-axes", values),
      place: yaml.pointAt(["overview", axis]),
    });
  }
}

function checkScale(file: VFile, yaml: YamlSource, steps: readonly ScaleStep[], question: number): void {
  const seen = new Set<string>();
  for (const [index, step] of steps.entries()) {
    if (seen.has(step.id)) {
      addProblem(file, {
        ...problem("report/duplicate-step", { number: question + 1, step: step.id }),
        place: yaml.pointAt(["questions", question, "steps", index, "id"]),
      });
    }
    seen.add(step.id);
  }
}

/** Every question answered (or null), no answer to a question the report does not ask, every answer on its scale. */
function checkAnswers(group: GroupFacts, report: Report, reportName: string): void {
  const { questions, language } = report;
  const answers = group.answers;
  // A missing or malformed `answers:` is reported by the schema.
  if (!answers) return;
  const ids = questions.map((question) => question.id);
  for (const key of Object.keys(answers)) {
    if (ids.includes(key)) continue;
    const suggestion = closest(
      key,
      ids.filter((id) => !(id in answers)),
    );
    const values = { key, report: reportName, ids: list(ids), suggestion: suggestion ?? "" };
    addProblem(group.file, {
      ...problem(suggestion ? "content/unknown-question+suggestion" : "content/unknown-question", values),
      place: group.yaml.keyPointAt(["answers"], key),
    });
  }
  for (const question of questions) {
    if (!(question.id in answers)) {
      addProblem(group.file, {
        ...problem("content/missing-answer", { id: question.id, title: question.title }),
        place: group.yaml.keyPointAt([], "answers"),
      });
      continue;
    }
    const answer = answers[question.id];
    if (!answer) continue;
    checkStepOrWhy(group, question.id, answer);
    if (answer.step !== undefined) checkOnScale(group, question, answer.step, reportName);
    // Words that are not the source's own are reported as such; whether they fit the step is asked only of real quotes.
    if (!checkQuote(group, question.id, answer, language)) continue;
    checkQualifiers(group, question.id, answer, report.qualifiers, reportName, language);
    if (answer.step === undefined) continue;
    checkPhrasing(group, question, answer, reportName, language);
    checkAnswersQuestion(group, question, answer, reportName, language);
  }
}

/** An answer stands on a step, or says in `why` why the source's words fit none: never both, never neither. */
function checkStepOrWhy(group: GroupFacts, question: string, answer: Answer): void {
  const key = `answers.${question}`;
  if (answer.step === undefined && answer.why === undefined) {
    addProblem(group.file, {
      ...problem("content/no-step-no-why", { key }),
      place: group.yaml.keyPointAt(["answers"], question),
    });
  }
  if (answer.step !== undefined && answer.why !== undefined) {
    addProblem(group.file, {
      ...problem("content/why-with-step", { key }),
      place: group.yaml.pointAt(["answers", question, "why"]),
    });
  }
}

/**
 * Every qualifier (`seems`, `on a large scale`) of the part of the quote the words come from reaches the label:
 * "seem to be moderately vulnerable" may not be printed as "moderate vulnerability".
 */
function checkQualifiers(
  group: GroupFacts,
  question: string,
  answer: Answer,
  qualifiers: readonly string[],
  reportName: string,
  language: string,
): void {
  const lost = lostQualifiers(answer.words, wordPieces(answer.words), quotedSentences(answer), qualifiers, language);
  if (lost.length === 0) return;
  const key = `answers.${question}`;
  const values = { key, words: answer.words, named: quotedList(lost), report: reportName };
  addProblem(group.file, {
    ...problem(lost.length === 1 ? "content/qualifier-lost" : "content/qualifier-lost+several", values),
    place: group.yaml.pointAt(["answers", question, "words"]),
  });
}

/**
 * A graded answer answers its own question: a sentence it quotes speaks of what the question asks, in one of the
 * phrasings the editors list for it in report.yml (a second sentence may add a caveat). A question without
 * phrasings asks nothing here.
 */
function checkAnswersQuestion(
  group: GroupFacts,
  question: Question,
  answer: Answer,
  reportName: string,
  language: string,
): void {
  const phrasings = question.phrasings;
  if (!phrasings) return;
  const answers = (sentence: string) => phrasings.some((phrasing) => containsPhrase(sentence, phrasing, language));
  if (quotedSentences(answer).some(answers)) return;
  const values = { id: question.id, text: question.text, report: reportName, phrasings: quotedList(phrasings) };
  addProblem(group.file, {
    ...problem("content/quote-off-question", values),
    place: group.yaml.pointAt(["answers", question.id, "source"]),
  });
}

/**
 * A step that no group uses is allowed (a scale may be wider than this
 * report's findings), but an editor should know: it is often a renamed
 * step. A warning; the build goes on.
 */
function checkStepsUsed(
  file: VFile,
  yaml: YamlSource,
  question: Question,
  questionIndex: number,
  used: readonly (string | undefined)[],
): void {
  for (const [index, step] of question.steps.entries()) {
    if (used.includes(step.id)) continue;
    addProblem(file, {
      ...problem("report/unused-step", { step: step.id, id: question.id }),
      severity: "warning",
      place: yaml.pointAt(["questions", questionIndex, "steps", index, "id"]),
    });
  }
}

function checkUnique(groups: readonly GroupFacts[], key: "slug" | "order"): void {
  const first = new Map<string | number, GroupFacts>();
  for (const group of groups) {
    const value = group[key];
    if (value === undefined) continue;
    const earlier = first.get(value);
    if (!earlier) {
      first.set(value, group);
      continue;
    }
    addProblem(group.file, {
      ...problem(`content/duplicate-${key}`, { value: JSON.stringify(value), other: path.basename(earlier.file.path) }),
      place: group.yaml.pointAt([key]),
    });
  }
}

function checkReservedSlugs(groups: readonly GroupFacts[], reportSlug: string): void {
  const reserved: readonly string[] = [...RESERVED_SLUGS, reportSlug];
  for (const group of groups) {
    const slug = group.slug;
    if (slug === undefined) continue;
    const id =
      slug === reportSlug
        ? "content/reserved-slug"
        : slug === "index"
          ? "content/reserved-slug+index"
          : DEVICE_NAME.test(slug)
            ? "content/reserved-slug+device"
            : undefined;
    if (id === undefined || !(reserved.includes(slug) || DEVICE_NAME.test(slug))) continue;
    addProblem(group.file, { ...problem(id, { slug }), place: group.yaml.pointAt(["slug"]) });
  }
}

/**
 * The overview's file name comes from the strings file of the report's language, so it is known only once the
 * templates are read: a group whose slug is that name would overwrite the overview. Returns whether none is.
 */
export function checkOverviewName(groups: readonly GroupFacts[], overviewName: string): boolean {
  const taken = groups.filter((group) => group.slug === overviewName);
  for (const group of taken) {
    addProblem(group.file, {
      ...problem("content/reserved-slug+overview", { slug: overviewName }),
      place: group.yaml.pointAt(["slug"]),
    });
  }
  return taken.length === 0;
}

function checkOnScale(group: GroupFacts, question: Question, step: string, reportName: string): void {
  const ids = question.steps.map((candidate) => candidate.id);
  if (ids.includes(step)) return;
  const suggestion = closest(step, ids);
  const values = { step, id: question.id, report: reportName, ids: ids.join(", "), suggestion: suggestion ?? "" };
  addProblem(group.file, {
    ...problem(suggestion ? "content/unknown-step+suggestion" : "content/unknown-step", values),
    place: group.yaml.pointAt(["answers", question.id, "step"]),
  });
}

/** Returns whether the words occur in the quote (a missing quote in the text is reported but does not matter here). */
function checkQuote(group: GroupFacts, question: string, answer: Answer, language: string): boolean {
  const key = `answers.${question}`;
  const sentences = quotedSentences(answer);
  const body = collapse(group.bodyText);
  for (const [index, sentence] of sentences.entries()) {
    // An empty text is reported once, as such; every quote would fail against it.
    if (group.bodyText === "" || body.includes(collapse(sentence))) continue;
    const path =
      typeof answer.source === "string" ? ["answers", question, "source"] : ["answers", question, "source", index];
    const nearest = nearestSentence(sentence, group.bodyText);
    addProblem(group.file, {
      ...(nearest
        ? problem("content/quote-not-in-text+nearest", { key, ...nearest })
        : problem("content/quote-not-in-text", { key })),
      place: group.yaml.pointAt(path),
    });
  }
  if (piecesInQuote(wordPieces(answer.words), sentences, language)) return true;
  addProblem(group.file, {
    ...problem("content/words-not-in-quote", { key, words: answer.words }),
    place: group.yaml.pointAt(["answers", question, "words"]),
  });
  return false;
}

/**
 * A step's label may claim only what the group's quoted words say: the
 * words must contain one of the source phrasings the step lists in report.yml.
 * (An unknown step is reported by checkOnScale.)
 */
function checkPhrasing(
  group: GroupFacts,
  question: Question,
  answer: Answer,
  reportName: string,
  language: string,
): void {
  const { steps } = question;
  const { words } = answer;
  const step = steps.find((candidate) => candidate.id === answer.step);
  if (!step) return;
  const fits = (candidate: ScaleStep) =>
    candidate.phrasings.some((phrasing) => containsPhrase(words, phrasing, language));
  if (fits(step)) return;
  const fitting = steps.filter(fits).map((candidate) => candidate.id);
  const values = {
    words,
    step: step.id,
    label: step.label,
    id: question.id,
    report: reportName,
    allowed: quotedList(step.phrasings),
    fitting: alternatives(fitting),
  };
  // A step changed on purpose, with the text to carry it: the sentence that does, and the words to quote from it.
  const carried = carryingSentence(group.bodyText, step, language);
  const id = carried
    ? "content/words-not-a-phrasing+sentence"
    : fitting.length > 0
      ? "content/words-not-a-phrasing+fitting"
      : "content/words-not-a-phrasing";
  addProblem(group.file, {
    ...problem(id, { ...values, phrasing: carried?.phrasing ?? "", sentence: carried?.sentence ?? "" }),
    place: group.yaml.pointAt(["answers", question.id, "words"]),
  });
}

/** The first sentence of the group's text with one of the step's phrasings in it, and that phrasing. */
function carryingSentence(
  text: string,
  step: ScaleStep,
  language: string,
): { sentence: string; phrasing: string } | undefined {
  for (const sentence of sentencesOf(text)) {
    const phrasing = step.phrasings.find((candidate) => containsPhrase(sentence, candidate, language));
    if (phrasing !== undefined) return { sentence, phrasing };
  }
  return undefined;
}
