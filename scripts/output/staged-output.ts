import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const STAGING_PREFIX = ".staging-";

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

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && "code" in error && error.code === "EPERM";
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
    await mkdir(stagingDir, { recursive: true });
    return new StagedOutput(outDir, stagingDir);
  }

  /** Stages a file at `relative` (e.g. `pdf/roma-kinderen.pdf`). */
  async write(relative: string, data: string | Uint8Array): Promise<void> {
    const target = path.join(this.stagingDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, data);
    this.staged.push(relative);
  }

  /** Marks an output for removal when the build is committed (a group that no longer exists). */
  remove(relative: string): void {
    this.removals.push(relative);
  }

  /** Moves every staged file into the output folder, removes what was marked, then the staging folder. */
  async commit(): Promise<string[]> {
    for (const relative of this.staged) {
      const target = path.join(this.outDir, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(this.stagingDir, relative), target);
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
