import { z } from "zod";
import { CONTROL_CHARACTER, TEXT_ISSUE } from "../config/schema.js";
import { type AnySchema, unwrap } from "../config/schema-walk.js";
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
          ...fieldIssue(field),
          ruleId: `schema/${issue.code.replaceAll("_", "-")}`,
          what: `\`${field.name}\`: ${issue.message}`,
          fix: "compare this field with the same field in another group's file",
        },
      ];
  }
}

/** The fields an object schema allows (none when the schema is not an object). */
export function knownFields(schema: AnySchema | undefined): string[] {
  const parent = schema && unwrap(schema).inner;
  return parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
}

/** Place and reason of an issue about the field's value. */
function fieldIssue(field: IssueField): Pick<ProblemDetails, "place" | "why"> {
  return { place: field.source.pointAt(field.path), why: `\`${field.name}\` is ${field.why}` };
}

function unknownFields(issue: IssueOf<"unrecognized_keys">, field: IssueField): ProblemDetails[] {
  const known = knownFields(field.schema);
  const owner = field.path.length === 0 ? "this file" : `\`${field.name}\``;
  return issue.keys.map((key) => {
    const suggestion = closest(key, known);
    return {
      ruleId: "schema/unknown-field",
      place: field.source.keyPointAt(field.path, key),
      what: `unknown field \`${[...field.path.map(String), key].join(".")}\``,
      why: `${owner} may only have the fields ${known.map((k) => `\`${k}\``).join(", ")}`,
      fix: suggestion
        ? `did you mean \`${suggestion}\`? Rename the field`
        : "delete the field, or check its spelling and indentation",
    };
  });
}

function missingField(field: IssueField): ProblemDetails {
  const key = String(field.path.at(-1));
  const orNull =
    field.schema instanceof z.ZodNullable ? `, or \`${key}: null\` if the source says nothing about it` : "";
  return {
    ruleId: "schema/missing-field",
    place: field.source.pointAt(field.path),
    what: `missing field \`${field.name}\``,
    why: `\`${field.name}\` is required: ${field.why}`,
    fix: `add \`${key}:\` here${orNull}`,
  };
}

function wrongType(issue: IssueOf<"invalid_type">, field: IssueField): ProblemDetails {
  if (field.path.length === 0) {
    // The whole file (or front matter) is empty or not a set of fields: there is no key to name.
    const found = kindOf(issue.input);
    return {
      ruleId: "schema/wrong-type",
      place: field.source.pointAt(field.path),
      what: `the fields are missing: ${found === "empty (null)" ? "there are none" : `found ${found}`}`,
      why: `this is ${field.why}, a set of \`name: value\` lines`,
      fix: "write the fields, one `name: value` a line; copy them from another file of the same kind and change them",
    };
  }
  return {
    ...fieldIssue(field),
    ruleId: "schema/wrong-type",
    what: `\`${field.name}\` must be ${typeName(issue.expected)}, but it is ${kindOf(issue.input)}`,
    fix: fixForType(issue.expected, String(field.path.at(-1)), field.schema instanceof z.ZodNullable),
  };
}

function tooSmall(issue: IssueOf<"too_small">, field: IssueField): ProblemDetails {
  const minimum = String(issue.minimum);
  const what =
    issue.origin === "string"
      ? `\`${field.name}\` is empty`
      : issue.origin === "array"
        ? `\`${field.name}\` needs at least ${minimum} entries`
        : `\`${field.name}\` must be at least ${issue.inclusive ? minimum : `more than ${minimum}`}`;
  return {
    ...fieldIssue(field),
    ruleId: "schema/too-small",
    what,
    fix:
      issue.origin === "string"
        ? `write the ${String(field.path.at(-1))}, or delete the field if it is optional`
        : `give \`${field.name}\` a value of at least ${minimum}`,
  };
}

function invalidFormat(issue: IssueOf<"invalid_format">, field: IssueField): ProblemDetails {
  const value = typeof issue.input === "string" ? issue.input : "";
  const isSlug = issue.format === "regex";
  return {
    ...fieldIssue(field),
    ruleId: isSlug ? "schema/invalid-slug" : "schema/invalid-format",
    what: `\`${field.name}\` "${value}" is not a valid ${isSlug ? "slug" : issue.format}`,
    fix: isSlug
      ? `write it as \`${slugify(value)}\``
      : issue.format === "date"
        ? "write the date as YYYY-MM-DD, e.g. 2016-04-14"
        : `write a valid ${issue.format}`,
  };
}

function invalidValue(issue: IssueOf<"invalid_value">, field: IssueField): ProblemDetails {
  const allowed = issue.values.map(String);
  const suggestion = typeof issue.input === "string" ? closest(issue.input, allowed) : undefined;
  return {
    ...fieldIssue(field),
    ruleId: "schema/invalid-value",
    what: `\`${field.name}\` has the value ${JSON.stringify(issue.input)}, which is not allowed`,
    why: `\`${field.name}\` is ${field.why}; allowed: ${allowed.join(", ")}`,
    fix: suggestion ? `did you mean \`${suggestion}\`?` : `write one of: ${allowed.join(", ")}`,
  };
}

function tooBig(issue: IssueOf<"too_big">, field: IssueField): ProblemDetails {
  const maximum = String(issue.maximum);
  const list = issue.origin === "array";
  return {
    ...fieldIssue(field),
    ruleId: "schema/too-big",
    what: list
      ? `\`${field.name}\` has more than ${maximum} entries`
      : `\`${field.name}\` is longer than ${maximum} characters`,
    why: `\`${field.name}\` is ${field.why}; every entry must fit on a printed page`,
    fix: list ? `keep at most ${maximum} entries` : "shorten it",
  };
}

/** A refinement of the schema's text fields (TEXT_ISSUE), or any other custom check. */
function customIssue(issue: IssueOf<"custom">, field: IssueField): ProblemDetails {
  const text = typeof issue.input === "string" ? issue.input : "";
  const control = [...text].find((character) => CONTROL_CHARACTER.test(character));
  const code = (control?.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  const problems: Record<string, { what: string; fix: string }> = {
    [TEXT_ISSUE.control]: {
      what: `\`${field.name}\` holds the control character U+${code}`,
      fix: "retype the text (a control character usually comes with a copy from another program): it cannot be printed",
    },
    [TEXT_ISSUE.invisible]: {
      what: `\`${field.name}\` has no visible character`,
      fix: "write the text with letters or digits; spaces and invisible characters alone show nothing",
    },
  };
  const problem = problems[issue.message] ?? { what: `\`${field.name}\`: ${issue.message}`, fix: "correct the field" };
  return { ...fieldIssue(field), ruleId: `schema/${issue.message}`, ...problem };
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: "text",
    number: "a whole number",
    int: "a whole number",
    object: "a set of fields (indented `name: value` lines)",
    array: "a list (lines starting with `- `)",
    boolean: "true or false",
    null: "null",
  };
  return names[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a set of fields";
  if (typeof value === "string")
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `the number ${value}` : `the number ${value}, not a whole number`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fixForType(expected: string, key: string, nullable: boolean): string {
  const orNull = nullable ? `, or \`${key}: null\` if the source says nothing about it` : "";
  switch (expected) {
    case "string":
      return `write the text after \`${key}: \`, between quotes if it starts with a special character${orNull}`;
    case "int":
    case "number":
      return `write a whole number, e.g. \`${key}: 3\``;
    case "array":
      return `write the entries on their own lines, each starting with \`- \`, or \`${key}: []\` for none`;
    case "object":
      return `write the fields indented under \`${key}:\`${orNull}`;
    default:
      return `write ${typeName(expected)}${orNull}`;
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
