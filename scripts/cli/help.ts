import { COMMANDS, type CommandDeclaration, type OptionDeclaration } from "./command-declarations.js";

/** Where an option's description starts, and the width its lines are wrapped to. */
const TEXT_COLUMN = 21;
const WIDTH = 100;

const commandList = (() => {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join("\n");
})();

export const MAIN_HELP = `factsheets: Markdown sources to HTML factsheets and PDF infographics

Usage: factsheets <command> [options]

Commands:
${commandList}

Options:
  -h, --help     show help (also after a command: factsheets build --help)
  -v, --version  show the version

Exit codes: 0 success, 1 content problems or a failed render, 2 wrong usage.`;

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
  const fallback = option.defaultText ?? option.default;
  const text = fallback === undefined ? option.help : `${option.help} (default: ${fallback})`;
  const label = optionLabel(name, option);
  const lines = wrap(text, WIDTH - TEXT_COLUMN);
  const indent = " ".repeat(TEXT_COLUMN);
  const first = label.length < TEXT_COLUMN ? label.padEnd(TEXT_COLUMN) + lines.shift() : label;
  return [first, ...lines.map((line) => indent + line)].join("\n");
}

/** A command's `--help`, written from its declaration: usage, what it does, every option, notes. */
export function commandHelp(command: CommandDeclaration): string {
  const options = Object.entries(command.options).map(([name, option]) => optionHelp(name, option));
  const notes = command.notes === undefined ? "" : `\n\n${command.notes}`;
  const usage = `Usage: factsheets ${command.name} ${command.usage}`;
  return `${usage}\n\n${command.about}\n\nOptions:\n${options.join("\n")}${notes}`;
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
  if (command === undefined) return { text: MAIN_HELP, exitCode: 2 };
  if (command === "-h" || command === "--help" || command === "help") return { text: MAIN_HELP, exitCode: 0 };
  const declaration = COMMANDS.find((candidate) => candidate.name === command);
  if (declaration && args.length === 1 && (args[0] === "--help" || args[0] === "-h"))
    return { text: commandHelp(declaration), exitCode: 0 };
  return undefined;
}
