import { readdir, rm } from "node:fs/promises";
import path from "node:path";

/** Whether a process with this id exists (one we may not signal exists too). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

/**
 * Removes what processes that are gone (killed before they could clean up) left in `folder`: the
 * entries named `<prefix><process id>`, followed by the end of the name, `-` or `.` (a lock draft,
 * a journal draft, a staging folder, a Chromium profile). Entries of running processes, of this
 * process, and names not made this way stay.
 */
export async function removeLeftoversOfDead(folder: string, prefix: string): Promise<void> {
  for (const name of await readdir(folder).catch(() => [])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)(?:[-.]|$)/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(folder, name), { recursive: true, force: true }).catch(() => undefined);
  }
}
