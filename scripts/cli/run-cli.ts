import { SetupError, UsageError } from "../diagnostics/errors.js";
import { DistributionError, errorText } from "../distribution/distribution-error.js";
import { OutputLockedError } from "../output/build-lock.js";
import { OutputWriteError } from "../output/output-write-error.js";
import { MAIN_HELP } from "./help.js";

/**
 * Dispatches a command and turns its outcome into an exit code. Commands are
 * imported only when used, so `--help` does not load the browser or the
 * Markdown stack.
 */
export async function runCli(argv: readonly string[], cwd: string): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case "-h":
      case "--help":
      case "help":
        console.log(MAIN_HELP);
        return command === undefined ? 2 : 0;
      case "-v":
      case "--version":
        console.log((await import("../config/tool-version.js")).TOOL_VERSION);
        return 0;
      case "build":
        // The Markdown parser's thread starts first, on the other core, while the build's modules load.
        (await import("../markdown/text-parser.js")).prestartParser();
        return await (await import("./build-command.js")).buildCommand(args, cwd);
      case "check":
        (await import("../markdown/text-parser.js")).prestartParser();
        return await (await import("./check-command.js")).checkCommand(args, cwd);
      case "preview":
        return await (await import("./preview-command.js")).previewCommand(args, cwd);
      case "distribute":
        return await (await import("./distribute-command.js")).distributeCommand(args, cwd);
      case "verify":
        return await (await import("./verify-command.js")).verifyCommand(args, cwd);
      default:
        throw new UsageError(
          `unknown command "${command}"; the commands are build, check, preview, distribute and verify`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`factsheets: ${error.message}\nRun "factsheets --help" for usage.`);
      return 2;
    }
    if (error instanceof SetupError || error instanceof OutputLockedError) {
      console.error(`factsheets: ${error.message}`);
      return 1;
    }
    if (error instanceof OutputWriteError) {
      console.error(`factsheets: ${error.message}\nNothing was moved into place: the previous outputs are unchanged.`);
      return 1;
    }
    if (error instanceof DistributionError) {
      console.error(error.format());
      return 1;
    }
    if (command === "distribute" || command === "verify") {
      // Never a stack trace from the commands that send and check packages: one message, with what to do.
      const fix = "correct the cause named above and run the same command again";
      console.error(`factsheets: ${command} stopped: ${errorText(error)}\n  fix: ${fix}`);
      return 1;
    }
    throw error;
  }
}
