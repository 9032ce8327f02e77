import { readFile } from "node:fs/promises";
import path from "node:path";
import type { VFile } from "vfile";
import { type MessageLanguage, messageLanguageOf, speak } from "../diagnostics/language.js";

const LANGUAGE_LINE = /^language:[ \t]*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)["']?[ \t]*(?:#.*)?$/m;

/**
 * The language a report.yml names (`language: nl`), read from its text before the file is parsed or checked, so
 * that even the problems of a broken report.yml are said in the editors' language. Undefined when it names none
 * or one the tool does not speak.
 */
export function reportLanguage(reportText: string): MessageLanguage | undefined {
  return messageLanguageOf(LANGUAGE_LINE.exec(reportText)?.[1]);
}

/** From here on, speak the language of the report in this content folder, where it names one the tool speaks. */
export async function speakReportLanguage(contentDir: string): Promise<void> {
  const text = await readFile(path.join(contentDir, "report.yml"), "utf8").catch(() => "");
  const language = reportLanguage(text);
  if (language) speak(language);
}

/** The same, for a report file already read. */
export function speakLanguageOf(reportFile: VFile): void {
  const language = reportLanguage(String(reportFile.value));
  if (language) speak(language);
}
