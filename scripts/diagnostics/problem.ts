import type { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { say } from "./messages.js";

/** A point in a source file, 1-based like every editor shows it. */
export interface Point {
  line: number;
  column: number;
}

/** What went wrong, why it matters, and what the editor should do about it. */
export interface ProblemText {
  /** What is wrong, in one sentence, without an "Error:" prefix. */
  what: string;
  /** Why the tool cannot accept it. */
  why: string;
  /** What to change so that the build passes. */
  fix: string;
}

export interface ProblemDetails extends ProblemText {
  place?: Point | undefined;
  /** A stable identifier of the rule, e.g. `schema/unknown-grade`. */
  ruleId: string;
  /** An error stops the build; a warning is shown and never stops it. Errors by default. */
  severity?: "error" | "warning";
}

const SOURCE = "factsheets";

/**
 * Records a problem on a file as a vfile message: fatal for an error, not for a warning. Nothing is thrown:
 * every problem is collected, and the build stops only after all files have
 * been read, so an editor sees them all at once.
 */
export function addProblem(file: VFile, details: ProblemDetails): VFileMessage {
  const message = file.message(details.what, {
    place: details.place,
    ruleId: details.ruleId,
    source: SOURCE,
  });
  message.fatal = details.severity !== "warning";
  message.note = `${say("format.why")}: ${details.why}\n${say("format.fix")}: ${details.fix}`;
  return message;
}

/** True when any message on these files is an error. */
export function hasProblems(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true));
}
