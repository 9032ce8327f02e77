import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "../output/process-alive.js";

/** Chromium profile folders are `<tmp>/factsheets-chromium-<pid of the build>-<random>`. */
export const PROFILE_PREFIX = "factsheets-chromium-";

/**
 * Removes the profile folders of builds that are gone (killed before they
 * could clean up). Folders of running builds, and folders not named by this
 * scheme, are left alone.
 */
export async function removeStaleProfiles(tmp: string): Promise<void> {
  const entries = await readdir(tmp).catch(() => []);
  for (const name of entries) {
    const pid = Number(new RegExp(`^${PROFILE_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(tmp, name), { recursive: true, force: true }).catch(() => undefined);
  }
}
