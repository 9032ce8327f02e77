import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { isRunning } from "./process-alive.js";
import { errorCode } from "./output-write-error.js";

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

const ATTEMPTS = 200;

const unique = (file: string) => `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;

/** The process id a lock (or takeover guard) holds, or undefined when it holds none (made by hand). */
function holderOf(text: string): number | undefined {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether the process that wrote a lock still runs. Our own id in a lock we do not hold is an
 * earlier process's (in a container every run may be process 1): that process is gone. */
const alive = (pid: number | undefined): pid is number => pid !== undefined && pid !== process.pid && isRunning(pid);

/**
 * Takes a lock file for this process. The lock (this process's id) is written whole under a
 * name of its own and linked into place: a link either succeeds whole or fails with EEXIST, so
 * nobody ever reads a lock being written, and of two runs only one can link.
 *
 * A lock whose process is gone (killed), or that holds no process id (made by hand), is stale and
 * is taken over, race-free:
 * - takers of one stale lock first take a guard named for that lock file's inode (again by an
 *   exclusive link), so only one of them acts on it at a time;
 * - the guard's holder checks that the lock in place is still that very file (the inode is held
 *   open, so its number cannot be reused) and replaces it with its own lock in one rename, so the
 *   lock is never absent and no ordinary taker can slip in;
 * - a taker that looked at the stale lock before and gets the guard after finds a different file
 *   in place and does nothing.
 * Only a guard left by a taker killed inside those few system calls is removed by process id,
 * the one step that is not atomic.
 *
 * Throws LockHeldError when a live process holds the lock.
 */
export async function acquireLock(file: string): Promise<HeldLock> {
  const draft = unique(file);
  await writeFile(draft, `${process.pid}\n`, { flag: "wx" });
  const handle = await open(draft, "r");
  let held = false;
  try {
    const own = await handle.stat();
    for (let attempt = 0; attempt < ATTEMPTS && !held; attempt += 1) {
      try {
        await link(draft, file);
        held = true;
      } catch (error) {
        if (errorCode(error) !== "EEXIST") throw error;
        held = await takeOverIfStale(file, draft);
        if (!held) await sleep(5);
      }
    }
    if (!held) throw new Error(`could not take the lock ${file}: other runs kept taking it (${ATTEMPTS} attempts)`);
    return heldLock(file, handle, own.dev, own.ino);
  } finally {
    await rm(draft, { force: true });
    if (!held) await handle.close();
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
        // Nobody replaces a live process's lock, so a lock that is ours now stays ours until removed.
        if (await isOurs()) await rm(file, { force: true });
      } finally {
        await handle.close();
      }
    },
  };
}

/** Replaces a stale lock at `file` by `draft` (see acquireLock); true when this process now holds the lock. */
async function takeOverIfStale(file: string, draft: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
  try {
    const seen = await handle.stat();
    const holder = holderOf(await handle.readFile("utf8"));
    if (alive(holder)) throw new LockHeldError(file, holder);
    const guard = `${file}.takeover-${seen.dev}-${seen.ino}`;
    if (!(await takeGuard(guard))) return false;
    try {
      const now = await stat(file).catch(() => undefined);
      if (!now || now.dev !== seen.dev || now.ino !== seen.ino) return false;
      await rename(draft, file);
      return true;
    } finally {
      await rm(guard, { force: true });
    }
  } finally {
    await handle.close();
  }
}

/** Takes the takeover guard of one stale lock; false when another live taker holds it. */
async function takeGuard(guard: string): Promise<boolean> {
  const draft = unique(guard);
  await writeFile(draft, `${process.pid}\n`, { flag: "wx" });
  try {
    await link(draft, guard);
    return true;
  } catch (error) {
    if (errorCode(error) !== "EEXIST") throw error;
    const text = await readFile(guard, "utf8").catch(() => undefined);
    // Gone already: its taker finished. Left by a taker killed inside its takeover: remove it.
    // Either way the next attempt looks at the lock afresh.
    if (text !== undefined && !alive(holderOf(text))) await rm(guard, { force: true });
    return false;
  } finally {
    await rm(draft, { force: true });
  }
}
