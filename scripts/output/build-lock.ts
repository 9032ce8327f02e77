import path from "node:path";
import { acquireLock, LockHeldError, type HeldLock } from "./file-lock.js";

export const LOCK_FILE = ".factsheets-build.lock";

/** Another build holds the output folder. */
export class OutputLockedError extends Error {
  override readonly name = "OutputLockedError";
}

/**
 * Takes the output folder for one build (see file-lock.ts). A second build on the same folder
 * is refused with a message naming the first; a lock left by a build that was killed is taken
 * over. Outputs are never a mix of two builds.
 */
export async function lockOutput(outDir: string): Promise<HeldLock> {
  try {
    return await acquireLock(path.join(outDir, LOCK_FILE));
  } catch (error) {
    if (error instanceof LockHeldError) {
      throw new OutputLockedError(
        `another build (process ${error.holder}) is writing to ${outDir}; ` +
          "wait for it to finish, or use another --out folder",
      );
    }
    throw error;
  }
}
