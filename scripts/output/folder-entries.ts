/**
 * The tool's own entries in an output folder, in one place with no imports, so that the quick
 * up-to-date check (up-to-date.ts) can name them without loading the modules that write them.
 */

/** The build manifest: every output's key and SHA-256, and the last build's input digest. */
export const MANIFEST_FILE = ".factsheets-manifest.json";
/** The lock a build holds while it writes. */
export const LOCK_FILE = ".factsheets-build.lock";
/** The journal of a commit in progress: present only while files are being moved into place. */
export const JOURNAL_FILE = ".factsheets-commit.json";
/** The prefix of a build's staging folder. */
export const STAGING_PREFIX = ".staging-";

/** The manifest's format: raised whenever its fields change, so that an older manifest is never read as current. */
export const MANIFEST_FORMAT = 3;
