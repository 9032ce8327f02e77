/**
 * Another build holds the output folder. A module of its own, with no imports, so that the command
 * line's error reporting can know it without loading the lock (build-lock.ts) that throws it.
 */
export class OutputLockedError extends Error {
  override readonly name = "OutputLockedError";
}
