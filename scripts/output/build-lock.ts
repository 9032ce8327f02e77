import { link, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "./process-alive.js";

export const LOCK_FILE = ".factsheets-build.lock";

/** Another build holds the output folder. */
export class OutputLockedError extends Error {
  override readonly name = "OutputLockedError";
}


/**
 * Takes the output folder for one build: a lock file created exclusively,
 * holding this process's id. A second build on the same folder is refused
 * with a message naming the first; a lock left by a build that was killed
 * (its process is gone) is taken over. Outputs are never a mix of two builds.
 */
export async function lockOutput(outDir: string): Promise<{ release(): Promise<void> }> {
  const file = path.join(outDir, LOCK_FILE);
  // The lock is made complete (holding the pid) under another name and linked into place: a
  // link either succeeds whole or fails with EEXIST, so no build ever reads a lock being written.
  const draft = `${file}.${process.pid}`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await link(draft, file);
        return { release: () => rm(file, { force: true }) };
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
        const holder = Number((await readFile(file, "utf8").catch(() => "")).trim());
        if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
          throw new OutputLockedError(
            `another build (process ${holder}) is writing to ${outDir}; wait for it to finish, or use another --out folder`,
          );
        }
        await rm(file, { force: true });
      }
    }
    throw new OutputLockedError(`could not take the lock ${file}; remove it if no build is running`);
  } finally {
    await rm(draft, { force: true });
  }
}
