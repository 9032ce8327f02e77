import type { Question, Report, Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { answerPlace, unansweredText } from "../content/scale-label.js";
import type { GroupSnapshot, ManifestRead } from "../output/build-manifest.js";
import { fill } from "../templating/view-model.js";

/** What changed in one group between two builds. */
export interface GroupChange {
  slug: string;
  title: string;
  change: "added" | "removed" | "edited";
  renamed?: { from: string; to: string };
  /** Changed answers, by question id: the step's label and the words, or null where there is no answer. */
  answers?: Record<string, { from: string | null; to: string | null }>;
  text?: { wordsAdded: number; wordsRemoved: number };
  recommendations?: { from: number; to: number };
}

export interface ChangeReport {
  report: string;
  published: string;
  firstBuild: boolean;
  groups: GroupChange[];
}

/** A group's facts as the change report compares them. */
export function snapshotGroups(content: Content): GroupSnapshot[] {
  return content.groups.map((group) => ({
    slug: group.slug,
    title: group.title,
    answers: Object.fromEntries(
      content.report.questions.map((question) => {
        const place = answerPlace(question, group.answers[question.id]);
        // An answer in the source's words with no step has no label: the words alone stand for it.
        if (place.kind === "none") return [question.id, null];
        return [question.id, { label: place.kind === "step" ? place.step.label : "", words: place.answer.words }];
      }),
    ),
    recommendations: group.recommendations,
    text: group.bodyText,
  }));
}

/** Compares the groups of the previous build (undefined: there was none) with the current ones. */
export function compareSnapshots(
  report: Report,
  previous: readonly GroupSnapshot[] | undefined,
  current: readonly GroupSnapshot[],
): ChangeReport {
  const before = new Map((previous ?? []).map((group) => [group.slug, group]));
  const after = new Map(current.map((group) => [group.slug, group]));
  const groups: GroupChange[] = [];
  for (const group of current) {
    const old = before.get(group.slug);
    if (!old) {
      if (previous) groups.push({ slug: group.slug, title: group.title, change: "added" });
      continue;
    }
    const change: GroupChange = { slug: group.slug, title: group.title, change: "edited" };
    if (old.title !== group.title) change.renamed = { from: old.title, to: group.title };
    const answers = answerChanges(old, group);
    if (answers) change.answers = answers;
    if (old.text !== group.text) change.text = wordChanges(old.text, group.text);
    if (JSON.stringify(old.recommendations) !== JSON.stringify(group.recommendations)) {
      change.recommendations = { from: old.recommendations.length, to: group.recommendations.length };
    }
    if (Object.keys(change).length > 3) groups.push(change);
  }
  for (const group of previous ?? []) {
    if (!after.has(group.slug)) groups.push({ slug: group.slug, title: group.title, change: "removed" });
  }
  return { report: report.title, published: report.published, firstBuild: previous === undefined, groups };
}

/** Each answer that changed, as “words” (step), by question id; undefined when none did. */
function answerChanges(
  before: GroupSnapshot,
  after: GroupSnapshot,
): Record<string, { from: string | null; to: string | null }> | undefined {
  const text = (answer: GroupSnapshot["answers"][string] | undefined) =>
    answer ? (answer.label ? `“${answer.words}” (${answer.label})` : `“${answer.words}”`) : null;
  const changes = Object.entries(after.answers).flatMap(([id, answer]) =>
    text(before.answers[id]) === text(answer) ? [] : [[id, { from: text(before.answers[id]), to: text(answer) }]],
  );
  return changes.length > 0 ? Object.fromEntries(changes) : undefined;
}

/** Words added and removed, counted as multisets: enough to say how much a text changed. */
function wordChanges(before: string, after: string): { wordsAdded: number; wordsRemoved: number } {
  const count = (text: string) => {
    const counts = new Map<string, number>();
    for (const word of text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean))
      counts.set(word, (counts.get(word) ?? 0) + 1);
    return counts;
  };
  const a = count(before);
  const b = count(after);
  let wordsAdded = 0;
  let wordsRemoved = 0;
  for (const [word, n] of b) wordsAdded += Math.max(0, n - (a.get(word) ?? 0));
  for (const [word, n] of a) wordsRemoved += Math.max(0, n - (b.get(word) ?? 0));
  return { wordsAdded, wordsRemoved };
}

/** The change report as Markdown, in the report's language. */
export function changesMarkdown(changes: ChangeReport, questions: readonly Question[], strings: Strings): string {
  const words = strings.changes;
  const lines = [`# ${words.heading}: ${changes.report}`, ""];
  if (changes.firstBuild) lines.push(words.firstBuild);
  else if (changes.groups.length === 0) lines.push(words.none);
  for (const group of changes.groups) {
    if (group.change === "added") lines.push(`- ${group.title}: ${words.added}`);
    else if (group.change === "removed") lines.push(`- ${group.title}: ${words.removed}`);
    else {
      const parts: string[] = [];
      if (group.renamed) parts.push(`${words.title} “${group.renamed.from}” → “${group.renamed.to}”`);
      for (const [number, question] of questions.entries()) {
        const answer = group.answers?.[question.id];
        if (!answer) continue;
        const none = unansweredText(question, strings.unanswered);
        parts.push(fill(words.answer, { number: number + 1, from: answer.from ?? none, to: answer.to ?? none }));
      }
      if (group.recommendations) parts.push(fill(words.recommendations, group.recommendations));
      if (group.text) parts.push(fill(words.text, { added: group.text.wordsAdded, removed: group.text.wordsRemoved }));
      lines.push(`- ${group.title}: ${parts.join("; ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The groups now and at the last build (undefined: there was none or its manifest is unusable). */
export interface ContentChange {
  current: GroupSnapshot[];
  previous: GroupSnapshot[] | undefined;
  changed: boolean;
}

export function contentChange(content: Content, previous: ManifestRead): ContentChange {
  const current = snapshotGroups(content);
  const before = previous.kind === "ok" ? previous.manifest.groups : undefined;
  return { current, previous: before, changed: JSON.stringify(before) !== JSON.stringify(current) };
}
