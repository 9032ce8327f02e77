import { randomBytes } from "node:crypto";
import { link, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "./process-alive.js";
import { errorCode, OutputWriteError, writing } from "./output-write-error.js";
import { LOCK_FILE } from "./folder-entries.js";

export { LOCK_FILE };

/** Another build holds the output folder. */
export class OutputLockedError extends Error {
  override readonly name = "OutputLockedError";
}

/** How long a build waits for another that is taking over the same stale lock this very moment. */
const TAKEOVER_WAIT_MS = 2000;

/** The lock's text: the holder's process id and a token that no other lock ever has. */
function holderOf(text: string): { pid: number; token: string } | undefined {
  const [pid, token] = text.trim().split(/\s+/);
  const number = Number(pid);
  return Number.isInteger(number) && number > 0 ? { pid: number, token: token ?? pid ?? "" } : undefined;
}

/**
 * Takes the output folder for one build: a lock file holding this process's
 * id and a unique token, made whole under another name and linked into place
 * (a link succeeds whole or fails with EEXIST). A second build is refused
 * with a message naming the first.
 *
 * A lock left by a killed build (its process is gone) is taken over
 * atomically: the right to replace that one lock is itself a file, named
 * after the stale lock's token and claimed the same way, so exactly one build
 * wins it. The winner checks that the lock still holds that token (only the
 * winner may change it) and renames its own lock over it. A lock is never
 * deleted during a takeover, so no build can delete another's fresh lock. A
 * right left by a build killed in the middle of a takeover is itself stale,
 * and is taken over by the same rule.
 */
export async function lockOutput(outDir: string): Promise<{ release(): Promise<void> }> {
  const file = path.join(outDir, LOCK_FILE);
  await removeLeftovers(outDir);
  const token = `${process.pid}-${randomBytes(8).toString("hex")}`;
  const release = () => releaseIfOurs(file, token);
  for (const end = Date.now() + TAKEOVER_WAIT_MS; ; await new Promise((resolve) => setTimeout(resolve, 25))) {
    const claimed = await claim(file, token, 0);
    if (claimed.kind === "won") return { release };
    if (claimed.kind === "held") {
      throw new OutputLockedError(
        `another build (process ${claimed.pid}) is writing to ${outDir}; ` +
          "wait for it to finish, or use another --out folder",
      );
    }
    if (Date.now() > end) {
      throw new OutputLockedError(
        `could not take the lock ${file}: other builds kept taking it over; try again, or remove it if no build runs`,
      );
    }
  }
}

type Claim = { kind: "won" } | { kind: "held"; pid: number } | { kind: "busy" };

/** How deep a takeover of a takeover may go (a build killed while taking over a lock, then another). */
const MAX_DEPTH = 3;

/** Makes `file` hold our token if it is absent, or its holder is gone and this build wins the right to replace it. */
async function claim(file: string, token: string, depth: number): Promise<Claim> {
  const draft = await writeDraft(file, token);
  try {
    try {
      await link(draft, file);
      return { kind: "won" };
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw new OutputWriteError(file, error);
    }
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) return { kind: "busy" }; // released a moment ago: try again
    const holder = holderOf(text);
    if (holder && holder.pid !== process.pid && isRunning(holder.pid)) return { kind: "held", pid: holder.pid };
    if (depth >= MAX_DEPTH) return { kind: "busy" };
    const stale = tokenOf(text);
    const right = `${file}.takeover-${fileSafe(stale)}`;
    if ((await claim(right, token, depth + 1)).kind !== "won") return { kind: "busy" };
    try {
      const now = await readFile(file, "utf8").catch(() => undefined);
      if (now === undefined || tokenOf(now) !== stale) return { kind: "busy" };
      await writing(file, () => rename(draft, file));
      return { kind: "won" };
    } finally {
      await releaseIfOurs(right, token);
    }
  } finally {
    await rm(draft, { force: true }).catch(() => undefined);
  }
}

/** The token a lock (or a right) holds; a file that does not parse is known by its length. */
function tokenOf(text: string): string {
  return holderOf(text)?.token ?? `unreadable-${text.length}`;
}

/** A token as it appears in the name of a right to take over its lock. */
function fileSafe(token: string): string {
  return token.replace(/[^\w-]/g, "_");
}

/** Our lock text, complete, under a name of its own beside the lock (`.factsheets-build.lock.<pid>.<random>`). */
async function writeDraft(file: string, token: string): Promise<string> {
  const draft = path.join(path.dirname(file), `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(draft, `${process.pid} ${token}\n`, { flag: "wx" });
    return draft;
  } catch (error) {
    await rm(draft, { force: true }).catch(() => undefined);
    throw new OutputWriteError(path.join(path.dirname(file), LOCK_FILE), error);
  }
}

/** Removes a lock or a right if it holds our token; nothing else may change a file a live build holds. */
async function releaseIfOurs(file: string, token: string): Promise<void> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text !== undefined && holderOf(text)?.token === token) await rm(file, { force: true });
}

/**
 * Removes lock drafts of builds that were killed (named after their process
 * id), and rights to take over a lock that no longer holds the token they
 * name (tokens are never reused, so no one can win anything with them).
 */
async function removeLeftovers(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => []);
  const current = await readFile(path.join(outDir, LOCK_FILE), "utf8").catch(() => undefined);
  const currentRight = current === undefined ? undefined : fileSafe(tokenOf(current));
  const prefix = LOCK_FILE.replaceAll(".", "\\.");
  const draftName = new RegExp(`^${prefix}\\.(\\d+)\\.[0-9a-f]+$`);
  const rightName = new RegExp(`^${prefix}\\.takeover-([\\w-]+)`);
  for (const name of names) {
    const draft = draftName.exec(name);
    const right = rightName.exec(name);
    const pid = Number(draft?.[1]);
    const useless = right && right[1] !== currentRight;
    if ((draft && pid !== process.pid && !isRunning(pid)) || useless) {
      await rm(path.join(outDir, name), { force: true }).catch(() => undefined);
    }
  }
}

/**
 * Removes the lock of a build that is gone, by taking it over (atomically,
 * as above) and releasing it: a lock is never simply deleted. A lock held by
 * a running build, or a folder that cannot be written, is left as it is.
 */
export async function clearStaleLock(outDir: string): Promise<void> {
  const holder = holderOf(await readFile(path.join(outDir, LOCK_FILE), "utf8").catch(() => ""));
  if (!holder || isRunning(holder.pid)) return;
  try {
    await (await lockOutput(outDir)).release();
  } catch (error) {
    if (!(error instanceof OutputLockedError || error instanceof OutputWriteError)) throw error;
  }
}
