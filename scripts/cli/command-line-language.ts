import path from "node:path";
import { speakReportLanguage } from "../content/content-language.js";

/**
 * Before anything is said: the language of the report a command line works on (its `--content` folder, else
 * `content`), else LANG's, else English. `verify` is run by the agencies that receive a package, on their own
 * machines: it speaks LANG's language.
 */
export async function speakCommandLineLanguage(argv: readonly string[], cwd: string): Promise<void> {
  if (argv[0] === "verify") return;
  await speakReportLanguage(contentFolderOf(argv, cwd));
}

/** The content folder a command line names (`--content DIR` or `--content=DIR`), else the default `content`. */
function contentFolderOf(argv: readonly string[], cwd: string): string {
  const index = argv.indexOf("--content");
  const given = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith("--content="))?.slice(10);
  return path.resolve(cwd, given ?? "content");
}
