import { randomBytes } from "node:crypto";
import { link, open, readdir, readFile, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { errorCode } from "./output-write-error.js";
import { isRunning, removeLeftoversOfDead } from "./process-alive.js";

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

/**
 * Other runs kept taking over a stale lock for as long as this one was willing to wait; `taker` is the live
 * process that held the right to replace it when this run gave up, if one did.
 */
export class LockBusyError extends Error {
  override readonly name = "LockBusyError";
  constructor(
    readonly file: string,
    readonly waitedMs: number,
    readonly taker: number | undefined,
  ) {
    const who = taker === undefined ? "other runs" : `process ${taker}`;
    super(`could not take the lock ${file}: ${who} kept taking it over for ${Math.round(waitedMs / 1000)} s`);
  }

  /** How long it waited, in whole seconds, as messages say it. */
  get waitedSeconds(): number {
    return Math.round(this.waitedMs / 1000);
  }
}

/** A lock this process holds; `stillHeld` says whether the lock file in place is still this one. */
export interface HeldLock {
  readonly file: string;
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * How long to keep trying while other runs are taking over the same stale lock, and the pause between
 * tries. A taker holds the right to replace the lock only for a few file operations, but those may be
 * slow (a loaded machine, a network disk): a run waits for it by the clock, not for a number of tries.
 */
export interface LockPolicy {
  readonly waitMs: number;
  readonly pauseMs: number;
}

const DEFAULT_POLICY: LockPolicy = { waitMs: 10_000, pauseMs: 10 };

/** How deep a takeover of a takeover may go (a run killed while taking over a lock, then another). */
const MAX_DEPTH = 3;

/** A file this process wrote, kept open: while it is open, no other file can get its inode number. */
interface Own {
  readonly path: string;
  readonly handle: FileHandle;
  readonly dev: bigint;
  readonly ino: bigint;
}

/** Won; held by a live process; or busy: another run is replacing it (`taker`, when a live process is known to). */
type Claim = { kind: "won"; own: Own } | { kind: "held"; pid: number } | { kind: "busy"; taker?: number };

const BUSY: Claim = { kind: "busy" };

/**
 * Takes a lock file for this process. The lock (this process's id) is written whole under a name
 * of its own (`<lock>.<pid>.<random>`) and linked into place: a link either succeeds whole or fails
 * with EEXIST, so nobody ever reads a lock being written, and of two runs only one can link.
 *
 * A lock whose process is gone (killed), or that holds no process id (made by hand), is stale and
 * is taken over atomically:
 * - the taker opens the stale lock and keeps it open, so that its inode number cannot be reused;
 * - the right to replace it is itself a lock file (`<lock>.takeover-<stale holder>`), claimed by
 *   the same rule, so exactly one taker at a time holds it;
 * - the right's holder checks that the lock in place is still that very file (same inode) and
 *   renames its own lock over it in one step: the lock is never absent and never deleted by a taker,
 *   so no taker can remove a fresh lock, and a taker that looked before another's takeover finds a
 *   different file in place and does nothing;
 * - a right left by a taker killed in the middle is stale itself, and is taken over by the same
 *   rule (nothing is ever removed on the evidence of a process id alone).
 * A live holder's process id reused after it died would make its lock look held: refused, never
 * taken over.
 *
 * Throws LockHeldError when a live process holds the lock, LockBusyError when other runs kept
 * taking it over for all of `policy.waitMs`, and the file system's error when it cannot write.
 */
export async function acquireLock(file: string, policy: LockPolicy = DEFAULT_POLICY): Promise<HeldLock> {
  const started = performance.now();
  for (;;) {
    const claimed = await claim(file, file, 0);
    if (claimed.kind === "won") return heldLock(file, claimed.own);
    if (claimed.kind === "held") throw new LockHeldError(file, claimed.pid);
    const waited = performance.now() - started;
    if (waited >= policy.waitMs) throw new LockBusyError(file, waited, claimed.taker);
    await sleep(policy.pauseMs);
  }
}

function heldLock(file: string, own: Own): HeldLock {
  return { file, stillHeld: () => isFile(file, own), release: () => releaseFile(file, own) };
}

/**
 * Removes what killed runs left of the lock `file`: their drafts, their takeover rights and the lock
 * itself, each right or lock taken over (as in acquireLock) and released, never simply deleted.
 * Whatever a live process holds stays; a folder that cannot be written is left for acquireLock to report.
 */
export async function removeStaleLock(file: string): Promise<void> {
  const folder = path.dirname(file);
  const name = path.basename(file);
  await removeLeftoversOfDead(folder, `${name}.`);
  const rights = (await readdir(folder).catch(() => [])).filter((entry) => entry.startsWith(`${name}.takeover-`));
  for (const right of rights) await releaseIfStale(path.join(folder, right), file);
  await releaseIfStale(file, file);
}

async function releaseIfStale(file: string, lock: string): Promise<void> {
  try {
    if (alive(holderOf(await readFile(file, "utf8")))) return;
    const claimed = await claim(file, lock, 0);
    if (claimed.kind === "won") await releaseFile(file, claimed.own);
  } catch (error) {
    if (errorCode(error) === undefined) throw error; // absent, or cannot be written: nothing to clear
  }
}

/**
 * Makes `file` (the lock, or a right) ours if it is absent, or its holder is gone
 * and we win the right to replace it.
 */
async function claim(file: string, lock: string, depth: number): Promise<Claim> {
  const draft = await writeDraft(lock);
  let claimed: Claim = BUSY;
  try {
    claimed = (await linked(draft.path, file)) ? { kind: "won", own: draft } : await takeOver(file, lock, depth, draft);
    return claimed;
  } finally {
    await rm(draft.path, { force: true }).catch(() => undefined);
    if (claimed.kind !== "won") await draft.handle.close();
  }
}

/** Replaces the stale lock (or right) at `file` by `draft`; see acquireLock. */
async function takeOver(file: string, lock: string, depth: number, draft: Own): Promise<Claim> {
  const seen = await open(file, "r").catch((error: unknown) => {
    if (errorCode(error) === "ENOENT") return undefined; // released a moment ago: try again
    throw error;
  });
  if (!seen) return BUSY;
  try {
    const text = await seen.readFile("utf8");
    const holder = holderOf(text);
    if (alive(holder)) return { kind: "held", pid: holder };
    if (depth >= MAX_DEPTH) return BUSY;
    const right = `${file}.takeover-${holder ?? `unreadable-${text.length}`}`;
    const won = await claim(right, lock, depth + 1);
    // A live process holding the right is the one taking the lock over.
    if (won.kind === "held") return { kind: "busy", taker: won.pid };
    if (won.kind !== "won") return won;
    try {
      if (!(await isFile(file, await seen.stat({ bigint: true })))) return BUSY;
      await rename(draft.path, file);
      return { kind: "won", own: draft };
    } finally {
      await releaseFile(right, won.own);
    }
  } finally {
    await seen.close();
  }
}

/** Our process id, complete, in a file of its own beside the lock, kept open. */
async function writeDraft(lock: string): Promise<Own> {
  const draft = `${lock}.${process.pid}.${randomBytes(4).toString("hex")}`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(draft, "wx");
    await handle.writeFile(`${process.pid}\n`);
    const { dev, ino } = await handle.stat({ bigint: true });
    return { path: draft, handle, dev, ino };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(draft, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
}

/** Whether `file` is the very file `id` (same device and inode). */
async function isFile(file: string, id: { dev: bigint; ino: bigint }): Promise<boolean> {
  const now = await stat(file, { bigint: true }).catch(() => undefined);
  return now !== undefined && now.dev === id.dev && now.ino === id.ino;
}

/** Removes a lock or right if it is ours. Nobody replaces a live process's lock, so ours stays ours until removed. */
async function releaseFile(file: string, own: Own): Promise<void> {
  try {
    if (await isFile(file, own)) await rm(file, { force: true });
  } finally {
    await own.handle.close();
  }
}

/** The process id a lock (or right) holds, or undefined when it holds none (made by hand). */
function holderOf(text: string): number | undefined {
  const pid = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether the process that wrote a lock still runs. Our own id in a lock we do not hold is an
 * earlier process's (in a container every run may be process 1): that process is gone. */
const alive = (pid: number | undefined): pid is number => pid !== undefined && pid !== process.pid && isRunning(pid);
