import { checkOverviewName } from "../content/check-groups.js";
import { loadContent } from "../content/load-content.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { say } from "../diagnostics/messages.js";
import { loadTemplates } from "../templating/load-templates.js";
import { CHECK } from "./command-declarations.js";
import { commandHelp } from "./help.js";
import { parseCheckOptions } from "./parse-options.js";
import { useColor } from "./terminal.js";

/** `factsheets check`: validate content and templates, fill every template and check its document; write nothing. */
export async function checkCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parseCheckOptions(args, cwd);
  if (options.help) {
    console.log(commandHelp(CHECK));
    return 0;
  }
  const content = await loadContent(options.contentDir);
  const templates = await loadTemplates(options.templatesDir, content.ok ? content.content.report.language : "nl");
  // The overview's file name is in the strings: only with both read can a slug be found to take it.
  const free =
    !content.ok || !templates.ok || checkOverviewName(content.content.groups, templates.templates.strings.overviewFile);
  const files = [...content.files, ...(templates.ok ? templates.templates.files : templates.files)];
  if (!content.ok || !templates.ok || !free) {
    console.error(formatProblems(files, { cwd, color: useColor() }));
    return 1;
  }
  // Every document filled and checked as a build would: a misspelt field or an outside reference fails here too.
  const { checkDocuments } = await import("../pipeline/check-documents.js");
  const documents = await checkDocuments(content.content, templates.templates);
  if (!documents.ok) {
    console.error(formatProblems(documents.files, { cwd, color: useColor() }));
    return 1;
  }
  const warnings = files.filter((file) => file.messages.length > 0);
  if (warnings.length > 0) console.error(formatProblems(warnings, { cwd, color: useColor() }));
  console.log(say("check.valid", { count: content.content.groups.length }));
  return 0;
}
