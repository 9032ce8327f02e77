import path from "node:path";
import { acquireLock, LockBusyError, LockHeldError, removeStaleLock, type HeldLock } from "./file-lock.js";
import { LOCK_FILE } from "./folder-entries.js";
import { OutputLockedError } from "./output-locked-error.js";
import { errorCode, OutputWriteError } from "./output-write-error.js";

/**
 * Takes the output folder for one build: the lock file `.factsheets-build.lock` (see file-lock.ts,
 * which also takes over the lock of a killed build). A second build is refused with a message
 * naming the first.
 */
export async function lockOutput(outDir: string): Promise<HeldLock> {
  const file = path.join(outDir, LOCK_FILE);
  try {
    return await acquireLock(file);
  } catch (error) {
    if (error instanceof LockHeldError) {
      throw new OutputLockedError(
        `another build (process ${error.holder}) is writing to ${outDir}; ` +
          "wait for it to finish, or use another --out folder",
      );
    }
    if (error instanceof LockBusyError) {
      const waited = `${error.waitedSeconds} s`;
      throw new OutputLockedError(
        error.taker === undefined
          ? `could not take the lock ${file}: other builds kept taking it over for ${waited}; ` +
              "try again, or remove it if no build runs"
          : `another build (process ${error.taker}) has been taking over the lock ${file} for ${waited} ` +
              "without finishing; wait for it, or stop that process if it hangs",
      );
    }
    if (errorCode(error) !== undefined) throw new OutputWriteError(file, error);
    throw error;
  }
}

/**
 * Removes the lock of a build that is gone, and what it left while taking a lock, by taking each
 * over and releasing it (file-lock.ts removeStaleLock): a lock is never simply deleted. A lock held
 * by a running build, or a folder that cannot be written, is left as it is.
 */
export async function clearStaleLock(outDir: string): Promise<void> {
  await removeStaleLock(path.join(outDir, LOCK_FILE));
}
