import { z } from "zod";
import { type MessageLanguage, spokenLanguage, translated, type Translations } from "./language.js";
import en from "./messages/en.json" with { type: "json" };
import fieldsNl from "./messages/fields.nl.json" with { type: "json" };
import nl from "./messages/nl.json" with { type: "json" };

/**
 * What a problem says, per rule. An id `rule+variant` shares the rule's texts and changes only those it
 * gives: `content/unknown-step+suggestion` has the fix "did you mean …?", the rule printed stays
 * `content/unknown-step`.
 */
const ProblemEntry = z.strictObject({
  what: z.string().min(1).optional(),
  why: z.string().min(1).optional(),
  fix: z.string().min(1).optional(),
});

/** Every word the tool says to its users, in one language: problems by rule, and the lines around them. */
export const Catalogue = z.strictObject({
  problems: z.record(z.string(), ProblemEntry),
  lines: z.record(z.string(), z.string()),
});
export type Catalogue = z.infer<typeof Catalogue>;

export const CATALOGUES: Readonly<Record<MessageLanguage, Catalogue>> = {
  nl: Catalogue.parse(nl),
  en: Catalogue.parse(en),
};

/** What went wrong, why it matters, and what to do about it: one problem's words. */
export interface ProblemText {
  what: string;
  why: string;
  fix: string;
}

/** A value put into a message's {placeholder}. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** A text with its {placeholders} filled; a placeholder without a value is a bug in the calling code. */
export function fill(text: string, values: MessageValues, id: string): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`message ${id} needs the value {${name}}`);
    return String(value);
  });
}

/** The rule a problem id is printed with: the id without its variant. */
export const ruleOf = (id: string): string => id.split("+")[0] ?? id;

/** A problem's what, why and fix in the language spoken now (or the one given). */
export function problemText(
  id: string,
  values: MessageValues = {},
  language: MessageLanguage = spokenLanguage(),
): ProblemText {
  const problems = CATALOGUES[language].problems;
  const entry = { ...problems[ruleOf(id)], ...problems[id] };
  const part = (name: "what" | "why" | "fix") => {
    const text = entry[name];
    if (text === undefined) throw new Error(`message ${id} has no ${name} in ${language}`);
    return fill(text, values, id);
  };
  return { what: part("what"), why: part("why"), fix: part("fix") };
}

/** Whether the catalogue has a problem of this id (for ids made from another tool's codes, e.g. the YAML parser's). */
export const hasProblem = (id: string): boolean => id in CATALOGUES.en.problems;

/** A problem's rule and texts, to spread into `addProblem`: `addProblem(file, { ...problem(id, values), place })`. */
export function problem(id: string, values: MessageValues = {}): ProblemText & { ruleId: string } {
  return { ruleId: ruleOf(id), ...problemText(id, values) };
}

/** A line the tool prints (progress, summaries, headings of a problem), in the language spoken now. */
export function say(id: string, values: MessageValues = {}, language: MessageLanguage = spokenLanguage()): string {
  const text = CATALOGUES[language].lines[id];
  if (text === undefined) throw new Error(`message ${id} is missing in ${language}`);
  return fill(text, values, id);
}

/** `id.one` for a count of 1, `id.other` for any other, with {count} filled. */
export function sayCount(id: string, count: number, values: MessageValues = {}): string {
  return say(`${id}.${count === 1 ? "one" : "other"}`, { ...values, count });
}

/** Items joined as the language joins a list: "a, b and c", "a, b en c". */
export function list(items: readonly string[], language: MessageLanguage = spokenLanguage()): string {
  return new Intl.ListFormat(language, { type: "conjunction" }).format(items);
}

/** Items joined as alternatives: "a or b", "a of b". */
export function alternatives(items: readonly string[], language: MessageLanguage = spokenLanguage()): string {
  return new Intl.ListFormat(language, { type: "disjunction" }).format(items);
}

/** Each item between the language's quotation marks, joined by commas: "a", "b". */
export function quotedList(items: readonly string[], language: MessageLanguage = spokenLanguage()): string {
  const [open, close] = language === "nl" ? ["“", "”"] : ['"', '"'];
  return items.map((item) => `${open}${item}${close}`).join(", ");
}

/** A name the editor types (a field, a key), marked as the language marks it: `step` or ‘step’. */
export function code(text: string, language: MessageLanguage = spokenLanguage()): string {
  return say("format.code", { text }, language);
}

/** The schema's descriptions of the fields (written in English beside the schema) in each other language. */
const FIELD_DESCRIPTIONS: Translations = {
  nl: z.record(z.string(), z.string().min(1)).parse(fieldsNl),
  en: undefined,
};

/** A field's description in the language spoken: the schema's own English, or its translation. */
export function fieldDescription(english: string, language: MessageLanguage = spokenLanguage()): string {
  return translated(FIELD_DESCRIPTIONS, english, language);
}
