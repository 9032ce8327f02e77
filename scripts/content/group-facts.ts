import type { VFile } from "vfile";
import { Answer, GroupFrontMatter } from "../config/schema.js";
import type { YamlSource } from "./yaml-source.js";

/** What is known of a group even when parts of its front matter are invalid: each valid field on its own. */
export interface GroupFacts extends Partial<GroupFrontMatter> {
  file: VFile;
  yaml: YamlSource;
  bodyText: string;
}

/** Each field of the front matter that is valid on its own, so cross-file checks still run on the rest. */
export function validFields(data: unknown): Partial<GroupFrontMatter> {
  if (typeof data !== "object" || data === null) return {};
  const record = new Map(Object.entries(data));
  const valid = Object.entries(GroupFrontMatter.shape).flatMap(([key, field]) => {
    const result = field.safeParse(record.get(key));
    return result.success ? [[key, result.data] as const] : [];
  });
  const fields: Record<string, unknown> = Object.fromEntries(valid);
  // One invalid answer must not hide the problems of the others.
  fields.answers ??= answersOneByOne(record.get("answers"));
  // Each field passed its own schema, so together they pass the partial one: this only gives them their type.
  return GroupFrontMatter.partial().parse(fields);
}

/**
 * The answers, each read on its own: an answer that is invalid counts as
 * none here (the schema reports it), so the other answers are still checked
 * and no answer is reported missing because another one is broken.
 */
function answersOneByOne(value: unknown): Record<string, Answer | null> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([id, answer]) => {
      const result = Answer.nullable().safeParse(answer);
      return [id, result.success ? result.data : null];
    }),
  );
}
