import { randomBytes } from "node:crypto";
import { link, open, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { isRunning } from "./process-alive.js";

/** A live process holds the lock: `holder` is its process id. */
export class LockHeldError extends Error {
  override readonly name = "LockHeldError";
  constructor(
    readonly file: string,
    readonly holder: number,
  ) {
    super(`${file} is held by process ${holder}`);
  }
}

/** A lock this process holds; `stillHeld` says whether the lock file in place is still this one. */
export interface HeldLock {
  readonly file: string;
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

const ATTEMPTS = 10;

function errorCode(error: unknown): unknown {
  return error instanceof Error && "code" in error ? error.code : undefined;
}

/**
 * Takes a lock file for this process: the lock (this process's id) is written whole under a
 * name of its own and linked into place, so a link either succeeds whole or fails with EEXIST,
 * and nobody ever reads a lock being written.
 *
 * A lock whose process is gone (killed), or that holds no process id at all (made by hand),
 * is stale and is taken over. The takeover is race-free: the stale lock is renamed away, which
 * only one process can do to one file, and that process checks that what it moved is the very
 * file it judged stale (same inode, kept open so the number cannot be reused). If another run
 * took the lock over in between, the moved lock is put back. Then the lock is taken by the
 * same exclusive link as always, so two runs that both find a stale lock never both hold it.
 *
 * Throws LockHeldError when a live process holds the lock.
 */
export async function acquireLock(file: string): Promise<HeldLock> {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(draft, `${process.pid}\n`, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      try {
        await link(draft, file);
      } catch (error) {
        if (errorCode(error) !== "EEXIST") throw error;
        await removeIfStale(file);
        continue;
      }
      const handle = await open(draft, "r");
      const own = await handle.stat();
      return heldLock(file, handle, own.dev, own.ino);
    }
    throw new Error(`could not take the lock ${file}: other runs kept taking it (${ATTEMPTS} attempts)`);
  } finally {
    await rm(draft, { force: true });
  }
}

function heldLock(file: string, handle: FileHandle, dev: number, ino: number): HeldLock {
  const isOurs = async () => {
    const now = await stat(file).catch(() => undefined);
    return now !== undefined && now.dev === dev && now.ino === ino;
  };
  return {
    file,
    stillHeld: isOurs,
    async release() {
      try {
        await removeIfSame(file, dev, ino);
      } finally {
        await handle.close();
      }
    },
  };
}

/** Removes the lock at `file` if it is stale; returns when it is gone or was replaced. */
async function removeIfStale(file: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  try {
    const seen = await handle.stat();
    const holder = Number((await handle.readFile("utf8")).trim());
    // Our own id in a lock we do not hold comes from an earlier process with the same id
    // (in a container every run may be process 1): that process is gone.
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new LockHeldError(file, holder);
    }
    await removeIfSame(file, seen.dev, seen.ino);
  } finally {
    await handle.close();
  }
}

/**
 * Removes `file` only if it is the file (dev, ino) the caller holds open: it is renamed away
 * first (atomic: one process wins), then checked; a different file is put back in place.
 */
async function removeIfSame(file: string, dev: number, ino: number): Promise<void> {
  const moved = `${file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, moved);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  try {
    const info = await stat(moved);
    if (info.dev === dev && info.ino === ino) return;
    // Another run took the lock between our look and our rename: give it back. Should a third run
    // have taken the free name meanwhile, the run whose lock this was finds out from stillHeld().
    await link(moved, file).catch((error: unknown) => {
      if (errorCode(error) !== "EEXIST") throw error;
    });
  } finally {
    await rm(moved, { force: true });
  }
}
