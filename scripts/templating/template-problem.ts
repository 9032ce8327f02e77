import type { VFile } from "vfile";
import { problem } from "../diagnostics/messages.js";
import { addProblem, type Point } from "../diagnostics/problem.js";
import { TemplateRenderError } from "./load-templates.js";

/**
 * Runs `fill`, and turns a strict-mode failure of a template into a problem
 * at its place in the template or partial; any other error is thrown on.
 */
export function fillOrReport<T>(files: readonly VFile[], fill: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: fill() };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    const located = locateTemplateError(error, files);
    addProblem(located.file, { ...problem("template/render", { message: located.message }), place: located.place });
    return { ok: false };
  }
}

/**
 * Where a strict-mode failure happened: Handlebars ends a missing field's
 * message with "- line:column" (of the template being filled, or of the
 * partial); a missing partial is found by its `{{> name` in the templates.
 */
function locateTemplateError(
  error: TemplateRenderError,
  files: readonly VFile[],
): { file: VFile; place: Point | undefined; message: string } {
  const raw = error.cause instanceof Error ? error.cause.message : String(error.cause);
  const position = / - (\d+):(\d+)$/.exec(raw);
  const message = raw.replace(/ in \[object Object\]/, "").replace(/ - \d+:\d+$/, "");
  const partial = /^The partial (\S+) could not be found$/.exec(raw)?.[1];
  const usage = partial === undefined ? undefined : partialUsage(partial, files);
  if (usage) return { ...usage, message };
  const place = position ? { line: Number(position[1]), column: Number(position[2]) + 1 } : undefined;
  return { file: error.file, place, message };
}

/** The first `{{> name` (or `{{#> name`) in the templates. */
function partialUsage(partial: string, files: readonly VFile[]): { file: VFile; place: Point } | undefined {
  const usage = new RegExp(`\\{\\{#?>\\s*${partial.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);
  for (const file of files) {
    const lines = String(file.value).split("\n");
    const line = lines.findIndex((text) => usage.test(text));
    if (line >= 0) return { file, place: { line: line + 1, column: (lines[line]?.indexOf("{{") ?? 0) + 1 } };
  }
  return undefined;
}
