import { VFile } from "vfile";
import type { StoredWarning } from "./build-manifest.js";

/** A build's warnings as the manifest keeps them, for a build found up to date to show them again. */
export function storeWarnings(files: readonly VFile[]): StoredWarning[] {
  return files.flatMap((file) =>
    file.messages.map((message) => ({
      file: file.path,
      ...(message.line === undefined ? {} : { line: message.line }),
      ...(message.column === undefined ? {} : { column: message.column }),
      reason: message.reason,
      ...(message.ruleId === undefined ? {} : { ruleId: message.ruleId }),
      ...(message.note === undefined ? {} : { note: message.note }),
    })),
  );
}

/** Kept warnings as files with their messages again, to be formatted like any others. */
export function restoreWarnings(warnings: readonly StoredWarning[]): VFile[] {
  const files = new Map<string, VFile>();
  for (const warning of warnings) {
    const file = files.get(warning.file) ?? new VFile({ path: warning.file });
    files.set(warning.file, file);
    const message = file.message(warning.reason, {
      place: warning.line === undefined ? undefined : { line: warning.line, column: warning.column ?? 1 },
      ruleId: warning.ruleId,
      source: "factsheets",
    });
    message.note = warning.note;
  }
  return [...files.values()];
}
