import { list as listOf, say } from "../diagnostics/messages.js";
import { SetupError, UsageError } from "../diagnostics/errors.js";
import { DistributionError } from "../distribution/distribution-error.js";
import { OutputLockedError } from "../output/output-locked-error.js";
import { NOTHING_MOVED, OutputWriteError } from "../output/output-write-error.js";
import { helpFor } from "./help.js";

/** A command: parses its arguments, runs, reports; returns the exit code. */
export type Command = (args: readonly string[], cwd: string) => Promise<number>;

/**
 * Every command, loaded only when used, so that `--help` does not load the browser or the Markdown
 * stack. Build and check start the Markdown parser's thread first, on the other core, while their
 * modules load.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  build: async () => {
    (await import("../markdown/text-parser.js")).prestartParser();
    return (await import("./build-command.js")).buildCommand;
  },
  check: async () => {
    (await import("../markdown/text-parser.js")).prestartParser();
    return (await import("./check-command.js")).checkCommand;
  },
  preview: async () => (await import("./preview-command.js")).previewCommand,
  distribute: async () => (await import("./distribute-command.js")).distributeCommand,
  verify: async () => (await import("./verify-command.js")).verifyCommand,
};

/**
 * Dispatches a command and turns its outcome into an exit code; the one place where errors are
 * printed. `commands` is there for tests.
 */
export async function runCli(
  argv: readonly string[],
  cwd: string,
  commands: Readonly<Record<string, () => Promise<Command>>> = COMMANDS,
): Promise<number> {
  const help = helpFor(argv);
  if (help) {
    console.log(help.text);
    return help.exitCode;
  }
  const [command = "", ...args] = argv;
  try {
    if (command === "-v" || command === "--version") {
      console.log((await import("../config/tool-version.js")).TOOL_VERSION);
      return 0;
    }
    const load = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!load) {
      const names = Object.keys(commands);
      const list = listOf(names);
      throw new UsageError(say("cli.unknownCommand", { command, list }));
    }
    const run = await load();
    return await run(args, cwd);
  } catch (error) {
    return reportError(error, argv);
  }
}

/** Prints an error that stopped a command and returns the exit code: 2 for wrong usage, 1 otherwise. */
export function reportError(error: unknown, argv: readonly string[]): number {
  if (error instanceof UsageError) {
    console.error(`factsheets: ${error.message}\n${say("cli.usageHint")}`);
    return 2;
  }
  if (error instanceof SetupError || error instanceof OutputLockedError) {
    console.error(`factsheets: ${error.message}`);
    return 1;
  }
  if (error instanceof OutputWriteError) {
    console.error(`factsheets: ${error.message}\n${NOTHING_MOVED}`);
    return 1;
  }
  if (error instanceof DistributionError) {
    console.error(error.format());
    return 1;
  }
  console.error(unexpectedErrorText(error, argv));
  return 1;
}

/** An error none of the tool's own kinds: a bug, said as one, with its stack and what to report. */
export function unexpectedErrorText(error: unknown, argv: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : "";
  const commandLine = ["factsheets", ...argv].map(quoted).join(" ");
  return say("cli.unexpected", { message, stack, command: commandLine });
}

/** A command-line word as a shell would need it: quoted when it holds spaces or quotes. */
const quoted = (word: string): string => (/^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
