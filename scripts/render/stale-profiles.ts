import { removeLeftoversOfDead } from "../output/process-alive.js";

/** Chromium profile folders are `<tmp>/factsheets-chromium-<pid of the build>-<random>`. */
export const PROFILE_PREFIX = "factsheets-chromium-";

/**
 * Removes the profile folders of builds that are gone (killed before they
 * could clean up). Folders of running builds, and folders not named by this
 * scheme, are left alone.
 */
export async function removeStaleProfiles(tmp: string): Promise<void> {
  await removeLeftoversOfDead(tmp, PROFILE_PREFIX);
}
