import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { build } from "../pipeline/build.js";
import { BUILD_HELP } from "./help.js";
import { parseBuildOptions } from "./parse-options.js";
import { paint, relative, seconds, useColor } from "./terminal.js";

/** `factsheets build`: parse, run, report. */
export async function buildCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parseBuildOptions(args, cwd);
  if (options.help) {
    console.log(BUILD_HELP);
    return 0;
  }
  const color = useColor();
  const started = performance.now();
  const result = await build({
    ...options,
    onDocument: (event) => console.log(`${paint(color, "32", "✓")} ${event.path} ${paint(color, "2", seconds(event.milliseconds))}`),
  });
  switch (result.kind) {
    case "problems":
      console.error(formatProblems(result.files, { cwd, color }));
      console.error("Nothing was written: the previous outputs are unchanged.");
      return 1;
    case "render-failed":
      console.error(formatFailures(result.failures, `${paint(color, "31", "✗")} `));
      console.error(`${result.failures.length} ${result.failures.length === 1 ? "document" : "documents"} failed to render. Nothing was written: the previous outputs are unchanged.`);
      return 1;
    case "built": {
      if (result.warnings.length > 0) console.error(formatProblems(result.warnings, { cwd, color }));
      if (result.notice) console.error(`notice: ${result.notice}`);
      for (const file of result.skipped) console.log(`${paint(color, "2", "=")} ${file} ${paint(color, "2", "unchanged")}`);
      for (const file of result.removed) console.log(`${paint(color, "33", "-")} ${file} ${paint(color, "2", "removed")}`);
      const time = seconds(performance.now() - started);
      const where = relative(cwd, options.outDir);
      console.log(
        result.written.length === 0 && result.removed.length === 0
          ? `Nothing to rebuild in ${where}: ${result.skipped.length} files unchanged (${time}).`
          : `Rebuilt ${result.written.length} ${result.written.length === 1 ? "file" : "files"} in ${where}, ${result.skipped.length} unchanged, ${result.removed.length} removed, in ${time}.`,
      );
      return 0;
    }
  }
}
