import { loadContent } from "../content/load-content.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { loadTemplates } from "../templating/load-templates.js";
import { CHECK } from "./command-declarations.js";
import { commandHelp } from "./help.js";
import { parseCheckOptions } from "./parse-options.js";
import { useColor } from "./terminal.js";

/** `factsheets check`: validate content and templates, write nothing. */
export async function checkCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parseCheckOptions(args, cwd);
  if (options.help) {
    console.log(commandHelp(CHECK));
    return 0;
  }
  const content = await loadContent(options.contentDir);
  const templates = await loadTemplates(options.templatesDir, content.ok ? content.content.report.language : "nl");
  const files = [...content.files, ...(templates.ok ? templates.templates.files : templates.files)];
  if (!content.ok || !templates.ok) {
    console.error(formatProblems(files, { cwd, color: useColor() }));
    return 1;
  }
  const warnings = files.filter((file) => file.messages.length > 0);
  if (warnings.length > 0) console.error(formatProblems(warnings, { cwd, color: useColor() }));
  console.log(`${content.content.groups.length} groups and the templates are valid.`);
  return 0;
}
