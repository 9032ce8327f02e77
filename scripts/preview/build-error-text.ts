import { say } from "../diagnostics/messages.js";
import { SetupError, UsageError } from "../diagnostics/errors.js";
import { OutputLockedError } from "../output/output-locked-error.js";
import { NOTHING_MOVED, OutputWriteError } from "../output/output-write-error.js";

/**
 * What the preview says of a build that stopped on an error instead of giving a result: a known error (wrong
 * options, a missing tool, the output folder locked or not writable) by its own message; anything else as an
 * unexpected error, with its stack and a request to report it. Never a document's failure.
 */
export function buildErrorText(error: unknown): string {
  if (error instanceof OutputWriteError) return `${error.message}\n${NOTHING_MOVED}`;
  if (error instanceof UsageError || error instanceof SetupError || error instanceof OutputLockedError)
    return error.message;
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return say("preview.unexpected", { detail });
}
