import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { startPreview } from "../preview/preview-server.js";
import { PREVIEW } from "./command-declarations.js";
import { commandHelp } from "./help.js";
import { parsePreviewOptions } from "./parse-options.js";
import { paint, seconds, useColor } from "./terminal.js";

/** `factsheets preview`: serve, watch, rebuild, reload; until Ctrl+C. */
export async function previewCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parsePreviewOptions(args, cwd);
  if (options.help) {
    console.log(commandHelp(PREVIEW));
    return 0;
  }
  const color = useColor();
  const preview = await startPreview({
    ...options,
    onBuild(result, milliseconds) {
      const time = seconds(milliseconds);
      if (result.kind === "built") {
        const changed = [...result.written, ...result.removed];
        console.log(
          changed.length > 0
            ? `${paint(color, "32", "✓")} rebuilt ${changed.join(", ")} (${time})`
            : `${paint(color, "2", "=")} nothing changed (${time})`,
        );
      } else if (result.kind === "problems") {
        console.error(formatProblems(result.files, { cwd, color }));
        console.error("The last good outputs are still served.");
      } else {
        console.error(formatFailures(result.failures, `${paint(color, "31", "✗")} `));
      }
    },
  });
  console.log(
    `Preview on ${preview.url} (watching ${options.contentDir} and ${options.templatesDir}); Ctrl+C to stop.`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await preview.close();
  return 0;
}
