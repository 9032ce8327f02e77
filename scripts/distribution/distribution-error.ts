/**
 * A failure of `distribute` or `verify` that stops the command: where (a path, or `path:line`),
 * what happened, why it matters and what to do. Printed as one message, never as a stack trace.
 */
export class DistributionError extends Error {
  override readonly name = "DistributionError";
  constructor(
    readonly place: string,
    readonly what: string,
    readonly why: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${place}: ${what}`, options);
  }

  format(): string {
    return `factsheets: ${this.place}: ${this.what}\n  why: ${this.why}\n  fix: ${this.fix}`;
  }
}

/** The system error code of a failed file operation (ENOENT, EISDIR, EACCES, ...), if any. */
export { errorCode } from "../output/output-write-error.js";

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
