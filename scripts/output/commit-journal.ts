import { existsSync } from "node:fs";
import { open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { clearStaleLock, lockOutput } from "./build-lock.js";
import { JOURNAL_FILE, STAGING_PREFIX } from "./folder-entries.js";
import { OutputWriteError, writing } from "./output-write-error.js";
import { removeLeftoversOfDead } from "./process-alive.js";

/** While JOURNAL_FILE exists in the output folder, a commit is under way or was cut short. */
export const CommitJournal = z.object({
  format: z.literal(1),
  /** The staging folder's name inside the output folder; it holds every new file, whole. */
  staging: z.string().regex(/^\.staging-[\w-]+$/),
  /** Paths relative to the output folder, moved from staging in this order (the manifest last). */
  moves: z.array(z.string()),
  /** Outputs of groups that no longer exist, removed after the moves. */
  removals: z.array(z.string()),
});
export type CommitJournal = z.infer<typeof CommitJournal>;

/** A path from the journal, refused if it would leave the output folder. */
function inside(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  if (!target.startsWith(`${path.resolve(outDir)}${path.sep}`)) {
    throw new OutputWriteError(
      path.join(outDir, JOURNAL_FILE),
      new Error(`it names ${relative}, outside the output folder`),
    );
  }
  return target;
}

/**
 * Writes the journal whole (a temporary file, synced, renamed into place):
 * from this moment the commit will be completed, by this build or the next.
 */
export async function writeJournal(outDir: string, journal: CommitJournal): Promise<void> {
  const file = path.join(outDir, JOURNAL_FILE);
  const draft = `${file}.${process.pid}`;
  try {
    const handle = await open(draft, "w");
    try {
      await handle.writeFile(`${JSON.stringify(journal, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(draft, file);
  } catch (error) {
    await rm(draft, { force: true }).catch(() => undefined);
    throw new OutputWriteError(file, error);
  }
}

/**
 * Carries out a journal: every file still in staging is moved into place
 * (a file already moved is skipped, so this can run again after any
 * interruption), the removals are done, then the journal and the staging
 * folder are removed. Returns how many files it moved.
 */
export async function applyJournal(outDir: string, journal: CommitJournal): Promise<number> {
  const staging = inside(outDir, journal.staging);
  let moved = 0;
  for (const relative of journal.moves) {
    const source = path.join(staging, relative);
    const target = inside(outDir, relative);
    if (!existsSync(source)) continue;
    await writing(target, () => rename(source, target));
    moved += 1;
  }
  for (const relative of journal.removals) await rm(inside(outDir, relative), { force: true });
  await rm(path.join(outDir, JOURNAL_FILE), { force: true });
  await rm(staging, { recursive: true, force: true });
  return moved;
}

/**
 * Run first by every build, where what killed builds left is cleared: journal drafts, their lock
 * (clearStaleLock), and then either a commit that was cut short (the build was
 * killed while moving files into place), completed under the lock before the output folder is
 * read, or, without a journal, nothing had been moved yet, and the staging folders of builds that
 * are gone are removed (rolled back; StagedOutput.open sweeps them again under the lock, for
 * distribution and for builds that ran meanwhile). Returns how many files were moved into place, or 0
 * when there was nothing to finish.
 */
export async function completeInterruptedCommit(outDir: string): Promise<number> {
  await removeLeftoversOfDead(outDir, `${JOURNAL_FILE}.`);
  await clearStaleLock(outDir);
  const file = path.join(outDir, JOURNAL_FILE);
  if (!existsSync(file)) {
    await removeLeftoversOfDead(outDir, STAGING_PREFIX);
    return 0;
  }
  const lock = await lockOutput(outDir);
  try {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) return 0; // another build completed it before we held the lock
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    const parsed = CommitJournal.safeParse(data);
    if (!parsed.success) {
      throw new OutputWriteError(
        file,
        new Error(
          "this commit journal is not one this version wrote; " +
            "remove it and the .staging-* folders, then build with --force",
        ),
      );
    }
    return await applyJournal(outDir, parsed.data);
  } finally {
    await lock.release();
  }
}
