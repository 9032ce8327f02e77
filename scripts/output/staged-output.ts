import { randomBytes } from "node:crypto";
import { lstat, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE } from "./build-manifest.js";
import { applyJournal, writeJournal } from "./commit-journal.js";
import { STAGING_PREFIX } from "./folder-entries.js";
import { OutputWriteError, writing } from "./output-write-error.js";
import { removeLeftoversOfDead } from "./process-alive.js";

export { OutputWriteError } from "./output-write-error.js";

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
  private readonly failure = new AbortController();
  /**
   * Aborts, with the write's error, when a file cannot be staged (a full disk): whatever is still being made for
   * this transaction would fail the same way, so the render stops at it.
   */
  readonly failed: AbortSignal = this.failure.signal;

  private constructor(
    readonly outDir: string,
    private readonly stagingDir: string,
  ) {}

  /** Opens `.staging-<pid>-<random>`, after removing the staging folders of builds that are gone. */
  static async open(outDir: string): Promise<StagedOutput> {
    await removeLeftoversOfDead(outDir, STAGING_PREFIX);
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
    }).catch((error: unknown) => {
      this.failure.abort(error);
      throw error;
    });
    this.staged.push(relative);
  }

  /** Marks an output for removal when the build is committed (a group that no longer exists). */
  remove(relative: string): void {
    this.removals.push(relative);
  }

  /**
   * Moves every staged file into the output folder, removes what was marked,
   * then the staging folder. Every target is checked first (a file where a
   * folder must be, a folder where a file must be), and every folder made,
   * so that a commit that cannot finish stops before anything is replaced.
   * Then a journal is written, and only then are the files moved: a build
   * killed during the moves leaves the journal, and the next build completes
   * the commit before it reads the folder (scripts/output/commit-journal.ts).
   */
  async commit(): Promise<string[]> {
    await checkTargets(this.outDir, this.staged);
    for (const folder of new Set(this.staged.map((relative) => path.dirname(path.join(this.outDir, relative))))) {
      await writing(folder, () => mkdir(folder, { recursive: true }));
    }
    // The manifest goes last: until it is in place, the previous manifest does not vouch for the new files.
    const moves = [
      ...this.staged.filter((file) => file !== MANIFEST_FILE),
      ...this.staged.filter((file) => file === MANIFEST_FILE),
    ];
    const staging = path.basename(this.stagingDir);
    const journal = { format: 1 as const, staging, moves, removals: [...this.removals] };
    await writeJournal(this.outDir, journal);
    await applyJournal(this.outDir, journal);
    return this.staged.map((relative) => path.join(this.outDir, relative));
  }

  /** Removes the staging folder and everything in it; the output folder is untouched. */
  async discard(): Promise<void> {
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}

/** Fails, naming the path, if anything is in the way of a staged file: checked before anything is moved. */
async function checkTargets(outDir: string, staged: readonly string[]): Promise<void> {
  const kind = (file: string) => lstat(file).catch(() => undefined);
  for (const relative of staged) {
    const parts = relative.split("/");
    for (let depth = 1; depth < parts.length; depth += 1) {
      const folder = path.join(outDir, ...parts.slice(0, depth));
      const info = await kind(folder);
      if (info && !info.isDirectory()) {
        const why = `this is a file, and the folder for ${relative} must be here; move the file away`;
        throw new OutputWriteError(folder, new Error(why));
      }
    }
    const target = path.join(outDir, relative);
    const info = await kind(target);
    if (info && !info.isFile() && !info.isSymbolicLink()) {
      const why = "something other than a file (a folder?) is where this output must go; move it away";
      throw new OutputWriteError(target, new Error(why));
    }
  }
}
