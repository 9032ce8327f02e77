import path from "node:path";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { UsageError } from "../diagnostics/errors.js";
import { say, sayCount } from "../diagnostics/messages.js";
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
      console.error(say("build.nothingWritten"));
      return 1;
    case "render-failed":
      console.error(formatFailures(result.failures, `${paint(color, "31", "✗")} `));
      console.error(`${sayCount("build.renderFailed", result.failures.length)} ${say("build.nothingWritten")}`);
      return 1;
    case "built": {
      if (result.warnings.length > 0) console.error(formatProblems(result.warnings, { cwd, color }));
      if (result.notice) console.error(say("build.notice", { notice: result.notice }));
      for (const file of result.skipped)
        console.log(`${paint(color, "2", "=")} ${file} ${paint(color, "2", say("build.unchanged"))}`);
      for (const file of result.removed)
        console.log(`${paint(color, "33", "-")} ${file} ${paint(color, "2", say("build.removed"))}`);
      const time = seconds(performance.now() - started);
      const where = relative(cwd, options.outDir);
      console.log(
        result.written.length === 0 && result.removed.length === 0
          ? say("build.nothingToRebuild", { where, count: result.skipped.length, time })
          : say("build.rebuilt", {
              written: sayCount("build.files", result.written.length),
              where,
              skipped: result.skipped.length,
              removed: result.removed.length,
              time,
            }),
      );
      sayWhereToLook(options.outDir, [...result.written, ...result.skipped], cwd);
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
    console.log(`${paint(color, "2", "=")} ${file} ${paint(color, "2", say("build.unchanged"))}`);
  const time = seconds(performance.now() - started);
  const where = relative(cwd, options.outDir);
  console.log(say("build.nothingToRebuild", { where, count: current.outputs.length, time }));
  sayWhereToLook(options.outDir, current.outputs, cwd);
  return true;
}

/** The build's last line: where to look, when it made the index (a build of only the PDFs has none to open). */
function sayWhereToLook(outDir: string, outputs: readonly string[], cwd: string): void {
  if (outputs.includes("index.html"))
    console.log(say("build.open", { file: relative(cwd, path.join(outDir, "index.html")) }));
}
