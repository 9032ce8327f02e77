import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { UsageError } from "../diagnostics/errors.js";
import { restoreWarnings } from "../output/stored-warnings.js";
import { BUILD } from "./command-declarations.js";
import { commandHelp } from "./help.js";
import { parseBuildOptions, type BuildCliOptions } from "./parse-options.js";
import { paint, relative, seconds, useColor } from "./terminal.js";

/** `factsheets build`: parse, run, report. */
export async function buildCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parseBuildOptions(args, cwd);
  if (options.help) {
    console.log(commandHelp(BUILD));
    return 0;
  }
  const color = useColor();
  const started = performance.now();
  if (!options.force && !options.print && (await reportUpToDate(options, cwd, color, started))) return 0;
  const { build, unknownGroupsText } = await import("../pipeline/build.js");
  const result = await build({
    ...options,
    onDocument: (event) =>
      console.log(`${paint(color, "32", "✓")} ${event.path} ${paint(color, "2", seconds(event.milliseconds))}`),
  });
  switch (result.kind) {
    case "unknown-groups":
      throw new UsageError(unknownGroupsText(result));
    case "problems":
      console.error(formatProblems(result.files, { cwd, color }));
      console.error("Nothing was written: the previous outputs are unchanged.");
      return 1;
    case "render-failed":
      console.error(formatFailures(result.failures, `${paint(color, "31", "✗")} `));
      console.error(
        `${result.failures.length} ${result.failures.length === 1 ? "document" : "documents"} failed to render. ` +
          "Nothing was written: the previous outputs are unchanged.",
      );
      return 1;
    case "built": {
      if (result.warnings.length > 0) console.error(formatProblems(result.warnings, { cwd, color }));
      if (result.notice) console.error(`notice: ${result.notice}`);
      for (const file of result.skipped)
        console.log(`${paint(color, "2", "=")} ${file} ${paint(color, "2", "unchanged")}`);
      for (const file of result.removed)
        console.log(`${paint(color, "33", "-")} ${file} ${paint(color, "2", "removed")}`);
      const time = seconds(performance.now() - started);
      const where = relative(cwd, options.outDir);
      console.log(
        result.written.length === 0 && result.removed.length === 0
          ? `Nothing to rebuild in ${where}: ${result.skipped.length} files unchanged (${time}).`
          : `Rebuilt ${result.written.length} ${result.written.length === 1 ? "file" : "files"} in ${where}, ` +
              `${result.skipped.length} unchanged, ${result.removed.length} removed, in ${time}.`,
      );
      return 0;
    }
  }
}

/**
 * Nothing changed since the last build: said without loading the pipeline (output/up-to-date.ts).
 * Returns whether it was so.
 */
async function reportUpToDate(options: BuildCliOptions, cwd: string, color: boolean, started: number) {
  const { upToDate } = await import("../output/up-to-date.js");
  const { TOOL_VERSION } = await import("../config/tool-version.js");
  const current = await upToDate(options.outDir, { ...options, tool: TOOL_VERSION });
  if (!current) return false;
  if (current.warnings.length > 0) console.error(formatProblems(restoreWarnings(current.warnings), { cwd, color }));
  for (const file of current.outputs)
    console.log(`${paint(color, "2", "=")} ${file} ${paint(color, "2", "unchanged")}`);
  const time = seconds(performance.now() - started);
  console.log(
    `Nothing to rebuild in ${relative(cwd, options.outDir)}: ${current.outputs.length} files unchanged (${time}).`,
  );
  return true;
}
