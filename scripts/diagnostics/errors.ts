/** Wrong use of the command line: exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The machine lacks a tool (a browser); the message says how to get it: exit code 1. */
export class SetupError extends Error {
  override readonly name = "SetupError";
}
