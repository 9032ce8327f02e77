import { randomBytes } from "node:crypto";
import { link, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "./process-alive.js";
import { OutputWriteError } from "./output-write-error.js";

export const LOCK_FILE = ".factsheets-build.lock";

/** Another build holds the output folder. */
export class OutputLockedError extends Error {
  override readonly name = "OutputLockedError";
}

/** How long a build waits for another that is taking over the same stale lock this very moment. */
const TAKEOVER_WAIT_MS = 2000;

function code(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

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
 * after the stale lock's token and created with `link`, so exactly one build
 * wins it. The winner checks that the lock still holds that token (only the
 * winner may change it) and renames its own lock over it. The lock is never
 * deleted during a takeover, so no build can delete another's fresh lock.
 */
export async function lockOutput(outDir: string): Promise<{ release(): Promise<void> }> {
  const file = path.join(outDir, LOCK_FILE);
  await removeLeftovers(outDir);
  const token = `${process.pid}-${randomBytes(8).toString("hex")}`;
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(draft, `${process.pid} ${token}\n`, { flag: "wx" });
  } catch (error) {
    await rm(draft, { force: true }).catch(() => undefined);
    throw new OutputWriteError(file, error);
  }
  const release = async () => {
    const holder = holderOf(await readFile(file, "utf8").catch(() => ""));
    if (holder?.token === token) await rm(file, { force: true });
  };
  try {
    for (const end = Date.now() + TAKEOVER_WAIT_MS; ; await new Promise((resolve) => setTimeout(resolve, 25))) {
      try {
        await link(draft, file);
        return { release };
      } catch (error) {
        if (code(error) !== "EEXIST") throw new OutputWriteError(file, error);
      }
      const text = await readFile(file, "utf8").catch(() => undefined);
      if (text === undefined) continue; // released a moment ago: try again
      const holder = holderOf(text);
      if (holder && holder.pid !== process.pid && isRunning(holder.pid)) {
        throw new OutputLockedError(
          `another build (process ${holder.pid}) is writing to ${outDir}; ` +
            "wait for it to finish, or use another --out folder",
        );
      }
      const staleToken = holder?.token ?? `unreadable-${text.length}`;
      if (await takeOver(file, draft, staleToken)) return { release };
      if (Date.now() > end) {
        throw new OutputLockedError(
          `could not take the lock ${file}: another build was taking it over and did not finish; ` +
            "if no build is running, remove the lock and its .takeover- file",
        );
      }
    }
  } finally {
    await rm(draft, { force: true }).catch(() => undefined);
  }
}

/** Replaces the stale lock holding `staleToken` with ours, if this build wins the right to; false if another did. */
async function takeOver(file: string, draft: string, staleToken: string): Promise<boolean> {
  const marker = `${file}.takeover-${staleToken.replace(/[^\w-]/g, "_")}`;
  try {
    await link(draft, marker);
  } catch (error) {
    if (code(error) === "EEXIST") return false;
    throw new OutputWriteError(file, error);
  }
  try {
    const current = holderOf(await readFile(file, "utf8").catch(() => ""));
    const text = await readFile(file, "utf8").catch(() => undefined);
    const still = current
      ? current.token === staleToken
      : text !== undefined && `unreadable-${text.length}` === staleToken;
    if (!still) return false;
    await rename(draft, file).catch((error: unknown) => {
      throw new OutputWriteError(file, error);
    });
    return true;
  } finally {
    await rm(marker, { force: true }).catch(() => undefined);
  }
}

/** Removes lock drafts and takeover marks left by builds that were killed (named after their process id). */
async function removeLeftovers(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => []);
  for (const name of names) {
    const draft = new RegExp(`^${LOCK_FILE.replaceAll(".", "\\.")}\\.(\\d+)(\\.[0-9a-f]+)?$`).exec(name);
    const pid = Number(draft?.[1]);
    if (draft && pid !== process.pid && !isRunning(pid))
      await rm(path.join(outDir, name), { force: true }).catch(() => undefined);
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
