import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "./process-alive.js";

const STAGING_PREFIX = ".staging-";

/** An output could not be written; the message names the path and the cause. Nothing was moved into place. */
export class OutputWriteError extends Error {
  override readonly name = "OutputWriteError";
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`could not write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs a file operation, turning its failure into an OutputWriteError naming `file`. */
async function writing<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new OutputWriteError(file, error);
  }
}

/** Removes staging folders left by builds that were killed (their process no longer exists). */
async function removeAbandonedStaging(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch(() => []);
  for (const name of entries) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length).split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) {
      await rm(path.join(outDir, name), { recursive: true, force: true });
    }
  }
}


/**
 * Writes a build's files into a hidden staging folder inside the output
 * folder, and moves them into place only when every file of the build was
 * written: a failed build leaves the previous outputs exactly as they were.
 * Each move is a rename on the same file system, so no reader ever sees a
 * half-written file.
 */
export class StagedOutput {
  private readonly staged: string[] = [];
  private readonly removals: string[] = [];

  private constructor(
    readonly outDir: string,
    private readonly stagingDir: string,
  ) {}

  static async open(outDir: string): Promise<StagedOutput> {
    await removeAbandonedStaging(outDir);
    const stagingDir = path.join(outDir, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`);
    await writing(stagingDir, () => mkdir(stagingDir, { recursive: true }));
    return new StagedOutput(outDir, stagingDir);
  }

  /** Stages a file at `relative` (e.g. `pdf/roma-kinderen.pdf`). A failed write (full disk) names the path. */
  async write(relative: string, data: string | Uint8Array): Promise<void> {
    const target = path.join(this.stagingDir, relative);
    await writing(path.join(this.outDir, relative), async () => {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, data);
    });
    this.staged.push(relative);
  }

  /** Marks an output for removal when the build is committed (a group that no longer exists). */
  remove(relative: string): void {
    this.removals.push(relative);
  }

  /**
   * Moves every staged file into the output folder, removes what was marked,
   * then the staging folder. Every target folder is made first, so that a
   * folder that cannot be made (a file in its way) stops the commit before
   * any output is replaced.
   */
  async commit(): Promise<string[]> {
    for (const folder of new Set(this.staged.map((relative) => path.dirname(path.join(this.outDir, relative))))) {
      await writing(folder, () => mkdir(folder, { recursive: true }));
    }
    for (const relative of this.staged) {
      const target = path.join(this.outDir, relative);
      await writing(target, () => rename(path.join(this.stagingDir, relative), target));
    }
    for (const relative of this.removals) await rm(path.join(this.outDir, relative), { force: true });
    await this.discard();
    return this.staged.map((relative) => path.join(this.outDir, relative));
  }

  /** Removes the staging folder and everything in it; the output folder is untouched. */
  async discard(): Promise<void> {
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}
