import { z } from "zod";
import { CONTROL_CHARACTER, TEXT_ISSUE } from "../config/schema.js";
import type { VFile } from "vfile";
import { addProblem } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import type { YamlSource } from "./yaml-source.js";

/**
 * Validates YAML data against a schema. Every issue becomes a problem on the
 * file, at the position of the YAML node it concerns, with the field's own
 * description as the reason. Returns the typed data only when it is valid.
 */
export function validateYaml<Schema extends z.ZodType>(
  file: VFile,
  source: YamlSource,
  schema: Schema,
): z.infer<Schema> | undefined {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  const misspelt = misspeltFields(schema, result.error.issues);
  for (const issue of result.error.issues) {
    // A missing field whose name is the suggestion for an unknown one is the same mistake: report it once.
    if (issue.code === "invalid_type" && issue.input === undefined && misspelt.has(issue.path.map(String).join(".")))
      continue;
    reportIssue(file, source, schema, issue);
  }
  return undefined;
}

/** The paths of known fields that an unknown field is probably a misspelling of. */
function misspeltFields(root: AnySchema, issues: readonly z.core.$ZodIssue[]): Set<string> {
  const paths = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const parent = unwrap(schemaAt(root, issue.path));
    const known = parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
    for (const key of issue.keys) {
      const suggestion = closest(key, known);
      if (suggestion) paths.add([...issue.path.map(String), suggestion].join("."));
    }
  }
  return paths;
}

function reportIssue(file: VFile, source: YamlSource, root: z.ZodType, issue: z.core.$ZodIssue): void {
  const path = issue.path;
  const name = fieldName(path);
  const target = schemaAt(root, path);
  const why = describe(target) ?? describe(root) ?? "the schema requires it";
  const nullable = target instanceof z.ZodNullable;

  switch (issue.code) {
    case "unrecognized_keys": {
      const parent = unwrap(target);
      const known = parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        addProblem(file, {
          ruleId: "schema/unknown-field",
          place: source.keyPointAt(path, key),
          what: `unknown field \`${[...path.map(String), key].join(".")}\``,
          why: `${path.length === 0 ? "this file" : `\`${name}\``} may only have the fields ${known.map((k) => `\`${k}\``).join(", ")}`,
          fix: suggestion
            ? `did you mean \`${suggestion}\`? Rename the field`
            : "delete the field, or check its spelling and indentation",
        });
      }
      return;
    }
    case "invalid_type": {
      if (issue.input === undefined) {
        addProblem(file, {
          ruleId: "schema/missing-field",
          place: source.pointAt(path),
          what: `missing field \`${name}\``,
          why: `\`${name}\` is required: ${why}`,
          fix: `add \`${String(path.at(-1))}:\` here${nullable ? `, or \`${String(path.at(-1))}: null\` if the source says nothing about it` : ""}`,
        });
        return;
      }
      if (path.length === 0) {
        // The whole file (or front matter) is empty or not a set of fields: there is no key to name.
        addProblem(file, {
          ruleId: "schema/wrong-type",
          place: source.pointAt(path),
          what: `the fields are missing: ${kindOf(issue.input) === "empty (null)" ? "there are none" : `found ${kindOf(issue.input)}`}`,
          why: `this is ${why}, a set of \`name: value\` lines`,
          fix: "write the fields, one `name: value` a line; copy them from another file of the same kind and change them",
        });
        return;
      }
      addProblem(file, {
        ruleId: "schema/wrong-type",
        place: source.pointAt(path),
        what: `\`${name}\` must be ${typeName(issue.expected)}, but it is ${kindOf(issue.input)}`,
        why: `\`${name}\` is ${why}`,
        fix: fixForType(issue.expected, String(path.at(-1)), nullable),
      });
      return;
    }
    case "too_small": {
      const what =
        issue.origin === "string"
          ? `\`${name}\` is empty`
          : issue.origin === "array"
            ? `\`${name}\` needs at least ${String(issue.minimum)} entries`
            : `\`${name}\` must be at least ${issue.inclusive ? String(issue.minimum) : `more than ${String(issue.minimum)}`}`;
      addProblem(file, {
        ruleId: "schema/too-small",
        place: source.pointAt(path),
        what,
        why: `\`${name}\` is ${why}`,
        fix:
          issue.origin === "string"
            ? `write the ${String(path.at(-1))}, or delete the field if it is optional`
            : `give \`${name}\` a value of at least ${String(issue.minimum)}`,
      });
      return;
    }
    case "invalid_format": {
      const value = typeof issue.input === "string" ? issue.input : "";
      const isSlug = issue.format === "regex";
      addProblem(file, {
        ruleId: isSlug ? "schema/invalid-slug" : "schema/invalid-format",
        place: source.pointAt(path),
        what: isSlug
          ? `\`${name}\` "${value}" is not a valid slug`
          : `\`${name}\` "${value}" is not a valid ${issue.format}`,
        why: `\`${name}\` is ${why}`,
        fix: isSlug
          ? `write it as \`${slugify(value)}\``
          : issue.format === "date"
            ? "write the date as YYYY-MM-DD, e.g. 2016-04-14"
            : `write a valid ${issue.format}`,
      });
      return;
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const suggestion = typeof issue.input === "string" ? closest(issue.input, allowed) : undefined;
      addProblem(file, {
        ruleId: "schema/invalid-value",
        place: source.pointAt(path),
        what: `\`${name}\` has the value ${JSON.stringify(issue.input)}, which is not allowed`,
        why: `\`${name}\` is ${why}; allowed: ${allowed.join(", ")}`,
        fix: suggestion ? `did you mean \`${suggestion}\`?` : `write one of: ${allowed.join(", ")}`,
      });
      return;
    }
    case "too_big": {
      addProblem(file, {
        ruleId: "schema/too-big",
        place: source.pointAt(path),
        what:
          issue.origin === "array"
            ? `\`${name}\` has more than ${String(issue.maximum)} entries`
            : `\`${name}\` is longer than ${String(issue.maximum)} characters`,
        why: `\`${name}\` is ${why}; every entry must fit on a printed page`,
        fix: issue.origin === "array" ? `keep at most ${String(issue.maximum)} entries` : "shorten it",
      });
      return;
    }
    case "custom": {
      const text = typeof issue.input === "string" ? issue.input : "";
      const control = [...text].find((character) => CONTROL_CHARACTER.test(character));
      const problems: Record<string, { what: string; fix: string }> = {
        [TEXT_ISSUE.control]: {
          what: `\`${name}\` holds the control character U+${(control?.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`,
          fix: "retype the text (a control character usually comes with a copy from another program): it cannot be printed",
        },
        [TEXT_ISSUE.invisible]: {
          what: `\`${name}\` has no visible character`,
          fix: "write the text with letters or digits; spaces and invisible characters alone show nothing",
        },
      };
      const problem = problems[issue.message] ?? { what: `\`${name}\`: ${issue.message}`, fix: "correct the field" };
      addProblem(file, {
        ruleId: `schema/${issue.message}`,
        place: source.pointAt(path),
        what: problem.what,
        why: `\`${name}\` is ${why}`,
        fix: problem.fix,
      });
      return;
    }
    default:
      addProblem(file, {
        ruleId: `schema/${issue.code.replaceAll("_", "-")}`,
        place: source.pointAt(path),
        what: `\`${name}\`: ${issue.message}`,
        why: `\`${name}\` is ${why}`,
        fix: "compare this field with the same field in another group's file",
      });
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? "(the whole file)"
    : path
        .map((key) => (typeof key === "number" ? `[${key}]` : String(key)))
        .join(".")
        .replaceAll(".[", "[");
}

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  while (current instanceof z.ZodNullable || current instanceof z.ZodOptional) current = current.unwrap();
  return current;
}

/** The schema of the value at `path`, walking objects, arrays and nullables. */
function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const key of path) {
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject && typeof key === "string") current = inner.shape[key];
    else if (inner instanceof z.ZodArray) current = inner.element;
    else return undefined;
  }
  return current;
}

function describe(schema: AnySchema | undefined): string | undefined {
  const description = (candidate: AnySchema | undefined) =>
    candidate ? z.globalRegistry.get(candidate)?.description : undefined;
  return description(schema) ?? description(unwrap(schema));
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
