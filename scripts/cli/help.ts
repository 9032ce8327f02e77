import { translated, type Translations } from "../diagnostics/language.js";
import { COMMANDS, type CommandDeclaration, type OptionDeclaration } from "./command-declarations.js";
import helpNl from "./help.nl.json" with { type: "json" };

/** The help's texts (written in English beside the declarations) in each other language, keyed by the English. */
export const HELP_TRANSLATIONS: Translations = {
  // Not parsed with zod: the help loads nothing it does not need. A test holds the file to the declarations.
  nl: helpNl,
  en: undefined,
};

/** A help text in the language spoken: the declaration's English, or its translation. */
export const inSpokenLanguage = (english: string): string => translated(HELP_TRANSLATIONS, english);

/** Where an option's description starts, and the width its lines are wrapped to. */
const TEXT_COLUMN = 21;
const WIDTH = 100;

/** The main help: what the tool is, its commands and its own options. */
export function mainHelp(): string {
  const t = inSpokenLanguage;
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  const commandList = COMMANDS.map((command) => `  ${command.name.padEnd(width)}${t(command.summary)}`).join("\n");
  return `${t("factsheets: Markdown sources to HTML factsheets and PDF infographics")}

${t("Usage")}: factsheets <command> [options]

${t("Commands")}:
${commandList}

${t("Options")}:
  -h, --help     ${t("show help (also after a command: factsheets build --help)")}
  -v, --version  ${t("show the version")}

${t("Exit codes: 0 success, 1 content problems or a failed render, 2 wrong usage.")}`;
}

/** `  --name VALUE`, or `  -h, --name` for an option with a short form. */
function optionLabel(name: string, option: OptionDeclaration): string {
  const short = option.short === undefined ? "" : `-${option.short}, `;
  const value = option.value === undefined ? "" : ` ${option.value}`;
  return `  ${short}--${name}${value}`;
}

/** Words wrapped into lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** One option's lines in `--help`: label, description and its default, wrapped under the description column. */
export function optionHelp(name: string, option: OptionDeclaration): string {
  const t = inSpokenLanguage;
  const fallback = option.defaultText === undefined ? option.default : t(option.defaultText);
  const text = fallback === undefined ? t(option.help) : `${t(option.help)} (${t("default")}: ${fallback})`;
  const label = optionLabel(name, option);
  const lines = wrap(text, WIDTH - TEXT_COLUMN);
  const indent = " ".repeat(TEXT_COLUMN);
  const first = label.length < TEXT_COLUMN ? label.padEnd(TEXT_COLUMN) + lines.shift() : label;
  return [first, ...lines.map((line) => indent + line)].join("\n");
}

/** A command's `--help`, written from its declaration: usage, what it does, every option, notes. */
export function commandHelp(command: CommandDeclaration): string {
  const options = Object.entries(command.options).map(([name, option]) => optionHelp(name, option));
  const t = inSpokenLanguage;
  const notes = command.notes === undefined ? "" : `\n\n${t(command.notes)}`;
  const usage = `${t("Usage")}: factsheets ${command.name} ${command.usage}`;
  return `${usage}\n\n${t(command.about)}\n\n${t("Options")}:\n${options.join("\n")}${notes}`;
}

/** A help text to print, and the exit code that goes with it. */
export interface HelpAnswer {
  readonly text: string;
  readonly exitCode: number;
}

/**
 * The help a command line asks for, answered from the declarations alone (the entry prints it without
 * loading any command or error class): no command at all (usage, exit code 2), `-h`, `--help` or
 * `help` (exit code 0), or a command followed by nothing but `--help` or `-h`. Any other command line
 * gives undefined and goes to its command, whose own parser also answers `--help` among other options.
 */
export function helpFor(argv: readonly string[]): HelpAnswer | undefined {
  const [command, ...args] = argv;
  if (command === undefined) return { text: mainHelp(), exitCode: 2 };
  if (command === "-h" || command === "--help" || command === "help") return { text: mainHelp(), exitCode: 0 };
  const declaration = COMMANDS.find((candidate) => candidate.name === command);
  if (declaration && args.length === 1 && (args[0] === "--help" || args[0] === "-h"))
    return { text: commandHelp(declaration), exitCode: 0 };
  return undefined;
}
