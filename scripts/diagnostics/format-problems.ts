import path from "node:path";
import type { VFile } from "vfile";
import { say, sayCount } from "./messages.js";
import { paint } from "./paint.js";

export interface FormatOptions {
  /** Paths are printed relative to this folder (usually the working directory). */
  cwd: string;
  color: boolean;
}

/**
 * Formats every message of every file as `file:line:column: severity: what`, followed by indented why and
 * fix lines and the rule, sorted by file and position, in the language spoken (diagnostics/language.ts).
 */
export function formatProblems(files: readonly VFile[], options: FormatOptions): string {
  const rows = files.flatMap((file) =>
    file.messages.map((message) => ({
      file: path.relative(options.cwd, file.path) || file.path,
      line: message.line ?? 1,
      column: message.column ?? 1,
      fatal: message.fatal === true,
      reason: message.reason,
      ruleId: message.ruleId,
      note: message.note,
    })),
  );
  rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const lines: string[] = [];
  for (const row of rows) {
    const severity = row.fatal
      ? paint(options.color, "31", say("format.error"))
      : paint(options.color, "33", say("format.warning"));
    const rule = row.ruleId ? say("format.ruleInline", { rule: row.ruleId }) : "";
    lines.push(`${row.file}:${row.line}:${row.column}: ${severity}: ${row.reason}${rule}`);
    for (const noteLine of (row.note ?? "").split("\n").filter(Boolean)) {
      lines.push(`  ${noteLine}`);
    }
    const ruleLine = row.ruleId ? say("format.ruleLine", { rule: row.ruleId }) : "";
    if (ruleLine !== "") lines.push(`  ${paint(options.color, "2", ruleLine)}`);
  }
  const errors = rows.filter((row) => row.fatal).length;
  const warnings = rows.length - errors;
  if (rows.length > 0) {
    lines.push(
      say("format.summary", {
        errors: sayCount("format.errors", errors),
        warnings: sayCount("format.warnings", warnings),
      }),
    );
  }
  return lines.join("\n");
}
