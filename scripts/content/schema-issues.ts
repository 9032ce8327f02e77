import { z } from "zod";
import { CONTROL_CHARACTER, TEXT_ISSUE } from "../config/schema.js";
import { type AnySchema, unwrap } from "../config/schema-walk.js";
import { code, problem, say } from "../diagnostics/messages.js";
import type { ProblemDetails } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import type { YamlSource } from "./yaml-source.js";

type Issue = z.core.$ZodIssue;
type IssueOf<Code extends Issue["code"]> = Extract<Issue, { code: Code }>;

/** The field a schema issue is about. */
export interface IssueField {
  source: YamlSource;
  path: readonly PropertyKey[];
  /** The field's path as an editor writes it: `scales.evidence[1].id`. */
  name: string;
  /** The field's schema, where the path leads to one. */
  schema: AnySchema | undefined;
  /** The field's description, given as the reason. */
  why: string;
}

/** The problems one zod issue stands for, in an editor's words; an unknown field per key. */
export function problemsOf(issue: Issue, field: IssueField): ProblemDetails[] {
  switch (issue.code) {
    case "unrecognized_keys":
      return unknownFields(issue, field);
    case "invalid_type":
      return [issue.input === undefined ? missingField(field) : wrongType(issue, field)];
    case "too_small":
      return [tooSmall(issue, field)];
    case "invalid_format":
      return [invalidFormat(issue, field)];
    case "invalid_value":
      return [invalidValue(issue, field)];
    case "too_big":
      return [tooBig(issue, field)];
    case "custom":
      return [customIssue(issue, field)];
    default:
      return [
        {
          ...problem("schema/other", { ...fieldValues(field), message: issue.message }),
          ruleId: `schema/${issue.code.replaceAll("_", "-")}`,
          place: field.source.pointAt(field.path),
        },
      ];
  }
}

/** The fields an object schema allows (none when the schema is not an object). */
export function knownFields(schema: AnySchema | undefined): string[] {
  const parent = schema && unwrap(schema).inner;
  return parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
}

/** The values every schema message may use: the field as the editor writes it, and its description. */
function fieldValues(field: IssueField): { field: string; why: string; key: string } {
  return { field: code(field.name), why: field.why, key: String(field.path.at(-1)) };
}

function unknownFields(issue: IssueOf<"unrecognized_keys">, field: IssueField): ProblemDetails[] {
  const known = knownFields(field.schema);
  const owner = field.path.length === 0 ? say("schema.thisFile") : code(field.name);
  return issue.keys.map((key) => {
    const suggestion = closest(key, known);
    const values = {
      path: code([...field.path.map(String), key].join(".")),
      owner,
      known: known.map((name) => code(name)).join(", "),
      suggestion: suggestion === undefined ? "" : code(suggestion),
    };
    return {
      ...problem(suggestion ? "schema/unknown-field+suggestion" : "schema/unknown-field", values),
      place: field.source.keyPointAt(field.path, key),
    };
  });
}

/** ", or `key: null` if the source says nothing about it", for a field that may be null. */
function orNull(field: IssueField): string {
  return field.schema instanceof z.ZodNullable ? say("schema.orNull", { key: String(field.path.at(-1)) }) : "";
}

function missingField(field: IssueField): ProblemDetails {
  const values = { ...fieldValues(field), key: code(`${String(field.path.at(-1))}:`), orNull: orNull(field) };
  return { ...problem("schema/missing-field", values), place: field.source.pointAt(field.path) };
}

function wrongType(issue: IssueOf<"invalid_type">, field: IssueField): ProblemDetails {
  const place = field.source.pointAt(field.path);
  if (field.path.length === 0) {
    // The whole file (or front matter) is empty or not a set of fields: there is no key to name.
    const id = issue.input === null ? "schema/wrong-type+root-empty" : "schema/wrong-type+root";
    return { ...problem(id, { kind: kindOf(issue.input), why: field.why }), place };
  }
  const values = {
    ...fieldValues(field),
    expected: typeName(issue.expected),
    kind: kindOf(issue.input),
    fix: fixForType(issue.expected, String(field.path.at(-1)), orNull(field)),
  };
  return { ...problem("schema/wrong-type", values), place };
}

function tooSmall(issue: IssueOf<"too_small">, field: IssueField): ProblemDetails {
  const id =
    issue.origin === "string"
      ? "schema/too-small+string"
      : issue.origin === "array"
        ? "schema/too-small+array"
        : issue.inclusive
          ? "schema/too-small"
          : "schema/too-small+exclusive";
  const values = { ...fieldValues(field), minimum: String(issue.minimum) };
  return { ...problem(id, values), place: field.source.pointAt(field.path) };
}

function invalidFormat(issue: IssueOf<"invalid_format">, field: IssueField): ProblemDetails {
  const value = typeof issue.input === "string" ? issue.input : "";
  const id =
    issue.format === "regex"
      ? "schema/invalid-slug"
      : issue.format === "date"
        ? "schema/invalid-format+date"
        : "schema/invalid-format";
  const values = { ...fieldValues(field), value, slug: code(slugify(value)), format: issue.format };
  return { ...problem(id, values), place: field.source.pointAt(field.path) };
}

function invalidValue(issue: IssueOf<"invalid_value">, field: IssueField): ProblemDetails {
  const allowed = issue.values.map(String);
  const suggestion = typeof issue.input === "string" ? closest(issue.input, allowed) : undefined;
  const values = {
    ...fieldValues(field),
    value: JSON.stringify(issue.input),
    allowed: allowed.join(", "),
    suggestion: suggestion === undefined ? "" : code(suggestion),
  };
  const id = suggestion ? "schema/invalid-value+suggestion" : "schema/invalid-value";
  return { ...problem(id, values), place: field.source.pointAt(field.path) };
}

function tooBig(issue: IssueOf<"too_big">, field: IssueField): ProblemDetails {
  const id = issue.origin === "array" ? "schema/too-big+list" : "schema/too-big";
  return {
    ...problem(id, { ...fieldValues(field), maximum: String(issue.maximum) }),
    place: field.source.pointAt(field.path),
  };
}

/** A refinement of the schema's text fields (TEXT_ISSUE), or any other custom check. */
function customIssue(issue: IssueOf<"custom">, field: IssueField): ProblemDetails {
  const text = typeof issue.input === "string" ? issue.input : "";
  const control = [...text].find((character) => CONTROL_CHARACTER.test(character));
  const point = (control?.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  const place = field.source.pointAt(field.path);
  const known: readonly string[] = [TEXT_ISSUE.control, TEXT_ISSUE.invisible];
  if (known.includes(issue.message))
    return { ...problem(`schema/${issue.message}`, { ...fieldValues(field), code: point }), place };
  return {
    ...problem("schema/other", { ...fieldValues(field), message: issue.message }),
    ruleId: `schema/${issue.message}`,
    place,
  };
}

function typeName(expected: string): string {
  const known = ["string", "number", "object", "array", "boolean", "null"];
  const name = expected === "int" ? "number" : expected;
  return known.includes(name) ? say(`schema.type.${name}`) : expected;
}

function kindOf(value: unknown): string {
  if (value === null) return say("schema.kind.null");
  if (Array.isArray(value)) return say("schema.kind.list");
  if (typeof value === "object") return say("schema.kind.fields");
  if (typeof value === "string")
    return say("schema.kind.text", { text: JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) });
  if (typeof value === "number")
    return say(Number.isInteger(value) ? "schema.kind.number" : "schema.kind.fraction", { number: value });
  return say("schema.kind.other", { type: typeof value, value: JSON.stringify(value) ?? "" });
}

function fixForType(expected: string, key: string, orNullText: string): string {
  const values = { key, orNull: orNullText, type: typeName(expected) };
  switch (expected) {
    case "string":
      return say("schema.fix.string", values);
    case "int":
    case "number":
      return say("schema.fix.number", values);
    case "array":
      return say("schema.fix.array", values);
    case "object":
      return say("schema.fix.object", values);
    default:
      return say("schema.fix.other", values);
  }
}

function slugify(value: string): string {
  return (
    value
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "group"
  );
}
