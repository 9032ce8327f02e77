import type { z } from "zod";
import type { VFile } from "vfile";
import { type AnySchema, describe, schemaAt } from "../config/schema-walk.js";
import { fieldDescription, say } from "../diagnostics/messages.js";
import { addProblem } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import { knownFields, problemsOf } from "./schema-issues.js";
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
    const target = schemaAt(schema, issue.path);
    const description = describe(target) ?? describe(schema);
    const why = description === undefined ? say("schema.noDescription") : fieldDescription(description);
    const field = { source, path: issue.path, name: fieldName(issue.path), schema: target, why };
    for (const problem of problemsOf(issue, field)) addProblem(file, problem);
  }
  return undefined;
}

/** The paths of known fields that an unknown field is probably a misspelling of. */
function misspeltFields(root: AnySchema, issues: readonly z.core.$ZodIssue[]): Set<string> {
  const paths = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const known = knownFields(schemaAt(root, issue.path));
    for (const key of issue.keys) {
      const suggestion = closest(key, known);
      if (suggestion) paths.add([...issue.path.map(String), suggestion].join("."));
    }
  }
  return paths;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? say("schema.wholeFile")
    : path
        .map((key) => (typeof key === "number" ? `[${key}]` : String(key)))
        .join(".")
        .replaceAll(".[", "[");
}
