import path from "node:path";
import type { VFile } from "vfile";
import type { Answer, Question, Report, ScaleStep } from "../config/schema.js";
import { addProblem, hasProblems } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import { DEVICE_NAME, RESERVED_SLUGS } from "../output/output-paths.js";
import type { GroupFacts } from "./group-facts.js";
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
  for (const group of groups) checkAnswers(group, report, reportName);
  const clean = !hasProblems(groups.map((group) => group.file));
  if (complete && clean) {
    for (const [index, question] of report.questions.entries()) {
      const used = groups.map((group) => group.answers?.[question.id]?.step);
      checkStepsUsed(reportFile, reportYaml, question, index, used);
    }
  }
}

/** Question ids are unique, so are the steps of each scale, and the overview's axes name two different questions. */
function checkQuestions(file: VFile, yaml: YamlSource, report: Report): void {
  const ids = report.questions.map((question) => question.id);
  for (const [index, question] of report.questions.entries()) {
    if (ids.indexOf(question.id) !== index) {
      addProblem(file, {
        ruleId: "report/duplicate-question",
        place: yaml.pointAt(["questions", index, "id"]),
        what: `the question id \`${question.id}\` is used twice`,
        why: "groups answer each question under its id, so two questions cannot share one",
        fix: "give this question its own id",
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
    const named = lost.map((qualifier) => `"${qualifier}"`).join(", ");
    addProblem(file, {
      ruleId: "report/qualifier-lost",
      place: yaml.pointAt(["questions", index, field]),
      what: `the question's \`${field}\` "${value}" leaves out ${named}, which its \`text\` says`,
      why: `the ${field} stands for the question on every page, so it must not ask more broadly than the question`,
      fix: `put ${named} into the ${field}, as in the text: "${question.text}"`,
    });
  }
}

function checkOverviewAxes(file: VFile, yaml: YamlSource, overview: { x: string; y: string }, ids: string[]): void {
  if (ids.length !== 2) {
    addProblem(file, {
      ruleId: "report/overview-axes",
      place: yaml.keyPointAt([], "overview"),
      what: `\`overview\` sets the chart's axes, but the report has ${ids.length} questions, not two`,
      why: "only a report of two questions is drawn as a chart with axes; others get a table of small scales",
      fix: "remove `overview:`",
    });
    return;
  }
  for (const axis of ["x", "y"] as const) {
    const id = overview[axis];
    if (ids.includes(id) && overview.x !== overview.y) continue;
    const other = ids.find((candidate) => candidate !== overview[axis === "x" ? "y" : "x"]) ?? ids[0];
    addProblem(file, {
      ruleId: "report/overview-axes",
      place: yaml.pointAt(["overview", axis]),
      what: ids.includes(id)
        ? `both axes of the overview are the question \`${id}\``
        : `\`overview.${axis}\` names no question: "${id}"`,
      why: `the overview shows the two questions (${ids.join(", ")}), one across (x) and one up (y)`,
      fix: `write \`${axis}: ${other}\``,
    });
  }
}

function checkScale(file: VFile, yaml: YamlSource, steps: readonly ScaleStep[], question: number): void {
  const seen = new Set<string>();
  for (const [index, step] of steps.entries()) {
    if (seen.has(step.id)) {
      addProblem(file, {
        ruleId: "report/duplicate-step",
        place: yaml.pointAt(["questions", question, "steps", index, "id"]),
        what: `the scale of \`questions[${question}]\` has the step \`${step.id}\` twice`,
        why: "each step of a scale is a distinct place on it",
        fix: `delete one of the two steps \`${step.id}\``,
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
    addProblem(group.file, {
      ruleId: "content/unknown-question",
      place: group.yaml.keyPointAt(["answers"], key),
      what: `\`answers\` has an answer to \`${key}\`, which is not a question of ${reportName}`,
      why: `the report asks ${ids.map((id) => `\`${id}\``).join(", ")}, and a group answers only those`,
      fix: suggestion ? `did you mean \`${suggestion}\`? Rename it` : "delete it, or add the question to the report",
    });
  }
  for (const question of questions) {
    if (!(question.id in answers)) {
      addProblem(group.file, {
        ruleId: "content/missing-answer",
        place: group.yaml.keyPointAt([], "answers"),
        what: `\`answers\` has no answer to the question \`${question.id}\` ("${question.title}")`,
        why: "every group is shown on every question, so it must say what the source answers, or that it does not",
        fix:
          `add \`${question.id}:\` with its step, words and source, ` +
          `or \`${question.id}: null\` if the source gives none`,
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
      ruleId: "content/no-step-no-why",
      place: group.yaml.keyPointAt(["answers"], question),
      what: `\`${key}\` has no \`step\` and no \`why\``,
      why:
        "an answer without a step is shown in the source's words alone, and a reader must be told why it has no " +
        "place on the scale",
      fix: "add `step:` with the step the words stand for, or `why:` with the reason they fit no step",
    });
  }
  if (answer.step !== undefined && answer.why !== undefined) {
    addProblem(group.file, {
      ruleId: "content/why-with-step",
      place: group.yaml.pointAt(["answers", question, "why"]),
      what: `\`${key}\` has both a \`step\` and a \`why\``,
      why: "`why` says why the source's words fit no step, so an answer on a step has none",
      fix: "remove `why:`, or remove `step:` if the words really fit no step",
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
  const named = lost.map((qualifier) => `"${qualifier}"`).join(", ");
  addProblem(group.file, {
    ruleId: "content/qualifier-lost",
    place: group.yaml.pointAt(["answers", question, "words"]),
    what: `\`${key}.words\` "${answer.words}" leave out ${named}, which the quoted sentence says`,
    why:
      `${named} ${lost.length === 1 ? "limits" : "limit"} what the sentence claims (the \`qualifiers\` of ` +
      `${reportName}); a label without ${lost.length === 1 ? "it" : "them"} says more than the source`,
    fix:
      `take the words with ${named} from \`${key}.source\`, e.g. a longer piece of the sentence, or a second ` +
      `piece joined by " … "`,
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
  addProblem(group.file, {
    ruleId: "content/quote-off-question",
    place: group.yaml.pointAt(["answers", question.id, "source"]),
    what: `no quoted sentence speaks of what the question \`${question.id}\` asks ("${question.text}")`,
    why:
      `a quote under a question must answer it: it contains none of the question's phrasings in ${reportName} ` +
      `(${phrasings.map((phrasing) => `"${phrasing}"`).join(", ")}), so it may answer another question`,
    fix:
      "quote the sentence that answers this question; or, if none does, remove `step:` and say in `why:` " +
      `what the source says instead; or, if the sentence does answer it, add its phrasing to the question's ` +
      `\`phrasings\` in ${reportName}`,
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
      ruleId: "report/unused-step",
      severity: "warning",
      place: yaml.pointAt(["questions", questionIndex, "steps", index, "id"]),
      what: `no group uses the step \`${step.id}\` of the question \`${question.id}\``,
      why:
        "every step is drawn on every scale, so an unused step is fine, " +
        "but it is often a step that was renamed in report.yml and not in the groups",
      fix: "nothing, if the step is meant to be there; otherwise rename it back or remove it",
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
      ruleId: `content/duplicate-${key}`,
      place: group.yaml.pointAt([key]),
      what: `the ${key} ${JSON.stringify(value)} is also used by ${path.basename(earlier.file.path)}`,
      why:
        key === "slug"
          ? "the slug names the group's output files, so two groups with one slug would overwrite each other"
          : "the order places the group in the report, so two groups cannot share a place",
      fix: key === "slug" ? "give this group its own slug" : "give this group a number no other group has",
    });
  }
}

function checkReservedSlugs(groups: readonly GroupFacts[], reportSlug: string): void {
  const reserved: readonly string[] = [...RESERVED_SLUGS, reportSlug];
  for (const group of groups) {
    const slug = group.slug;
    if (slug === undefined) continue;
    const why =
      slug === reportSlug
        ? `output/pdf/${slug}.pdf is the whole report (the report's slug in report.yml), ` +
          "so this group's PDF would overwrite it"
        : slug === "index"
          ? "index is the name of the report's start page (index.html): a group named so is confused with it"
          : DEVICE_NAME.test(slug)
            ? `Windows reserves the name "${slug}" for a device: ` +
              `the files ${slug}.pdf and ${slug}.html cannot be opened there`
            : undefined;
    if (why === undefined || !(reserved.includes(slug) || DEVICE_NAME.test(slug))) continue;
    addProblem(group.file, {
      ruleId: "content/reserved-slug",
      place: group.yaml.pointAt(["slug"]),
      what: reserved.includes(slug)
        ? `the slug "${slug}" is taken by another output`
        : `the slug "${slug}" is a name Windows reserves`,
      why,
      fix: "give this group another slug",
    });
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
      ruleId: "content/reserved-slug",
      place: group.yaml.pointAt(["slug"]),
      what: `the slug "${overviewName}" is taken by another output`,
      why: `output/pdf/${overviewName}.pdf is the overview chart, so this group's PDF would overwrite it`,
      fix: "give this group another slug",
    });
  }
  return taken.length === 0;
}

function checkOnScale(group: GroupFacts, question: Question, step: string, reportName: string): void {
  const ids = question.steps.map((candidate) => candidate.id);
  if (ids.includes(step)) return;
  const suggestion = closest(step, ids);
  addProblem(group.file, {
    ruleId: "content/unknown-step",
    place: group.yaml.pointAt(["answers", question.id, "step"]),
    what: `unknown step "${step}" in the answer to \`${question.id}\``,
    why: `a step must be one of the steps of the question \`${question.id}\` in ${reportName}: ${ids.join(", ")}`,
    fix: suggestion
      ? `did you mean "${suggestion}"? Write \`step: ${suggestion}\``
      : `write one of ${ids.join(", ")}, or \`${question.id}: null\` if the source gives no answer`,
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
    addProblem(group.file, {
      ruleId: "content/quote-not-in-text",
      place: group.yaml.pointAt(path),
      what: `\`${key}.source\` is not a sentence of the group's text`,
      why:
        "every answer must be traceable to the sentence of the source it comes from, " +
        "so the quote must match the text exactly",
      fix: "copy the sentence from the text below the front matter, or correct the text if the quote is right",
    });
  }
  if (piecesInQuote(wordPieces(answer.words), sentences, language)) return true;
  addProblem(group.file, {
    ruleId: "content/words-not-in-quote",
    place: group.yaml.pointAt(["answers", question, "words"]),
    what: `\`${key}.words\` "${answer.words}" do not occur in \`${key}.source\``,
    why: "the words are the source's own wording of the finding and are printed as such",
    fix: `copy the words exactly from \`${key}.source\`; join pieces from different places with " … ", in order`,
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
  const allowed = step.phrasings.map((phrasing) => `"${phrasing}"`).join(", ");
  const fitting = steps.filter(fits);
  addProblem(group.file, {
    ruleId: "content/words-not-a-phrasing",
    place: group.yaml.pointAt(["answers", question.id, "words"]),
    what: `the words "${words}" contain no phrasing of the step \`${step.id}\` ("${step.label}")`,
    why:
      `the label "${step.label}" may only stand for the source phrasings that the question \`${question.id}\` ` +
      `in ${reportName} lists for it, so that no output claims more than the source says`,
    fix:
      (fitting.length > 0
        ? `write \`step: ${fitting.map((candidate) => candidate.id).join(" or ")}\`, ` +
          `the step with a phrasing that "${words}" contain; or `
        : "") +
      `quote words that contain one of ${allowed}; or, if the source really says "${words}" and it means ` +
      `\`${step.id}\`, ` +
      `add it to that step's \`phrasings\` in ${reportName}`,
  });
}
