import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE, readManifest, type ManifestRead, type OutputRecord } from "./build-manifest.js";
import { fileSha256 } from "./file-hash.js";

/** What the cache needs of a planned output. */
export interface CachedJob {
  path: string;
  key: string;
  kind: OutputRecord["kind"];
}

/** The plan held against the last build's manifest. */
export interface CacheComparison<Job extends CachedJob> {
  previous: ManifestRead;
  /** Outputs to make: new, changed, or changed on disk since. */
  stale: Job[];
  /** Outputs that are current, relative to the output folder. */
  skipped: string[];
  /** Outputs of the last build that this build no longer makes. */
  removed: string[];
  /** The last build's records, without the removed ones: the new manifest starts from them. */
  kept: Record<string, OutputRecord>;
  /** Why the cache was not used, if it was not. */
  notice: string | undefined;
}

export interface CacheOptions {
  /** Make everything, whatever the cache says. */
  force: boolean;
  /**
   * The kinds of output this build makes in full, whose orphans it removes (with their twins of other kinds);
   * none for a partial build.
   */
  complete: ReadonlySet<OutputRecord["kind"]>;
}

/** Which planned outputs are current (same key, same bytes on disk) and which of the last build's are orphans. */
export async function compareWithCache<Job extends CachedJob>(
  outDir: string,
  toolVersion: string,
  jobs: readonly Job[],
  options: CacheOptions,
): Promise<CacheComparison<Job>> {
  const previous = await readManifest(outDir, toolVersion);
  const records = previous.kind === "ok" ? previous.manifest.outputs : {};
  const stale: Job[] = [];
  const skipped: string[] = [];
  for (const job of jobs) {
    const record = records[job.path];
    const current =
      !options.force && record?.key === job.key && (await fileSha256(path.join(outDir, job.path))) === record.sha256;
    if (current) skipped.push(job.path);
    else stale.push(job);
  }
  const planned = new Set(jobs.map((job) => job.path));
  const orphans = Object.entries(records)
    .filter(([file, record]) => options.complete.has(record.kind) && !planned.has(file))
    .map(([file]) => file);
  // An output of a kind this build does not make goes with its twin of a kind it does (html/x.html, pdf/x.pdf and
  // print/x.pdf): a removed group's print file goes with its PDF even when this build makes no print files.
  const gone = new Set(orphans.map(twinName));
  const removed = Object.keys(records)
    .filter((file) => !planned.has(file) && gone.has(twinName(file)))
    .sort();
  const kept = Object.fromEntries(Object.entries(records).filter(([file]) => !removed.includes(file)));
  return { previous, stale, skipped, removed, kept, notice: await cacheNotice(outDir, previous) };
}

async function cacheNotice(outDir: string, previous: ManifestRead): Promise<string | undefined> {
  const cacheFile = path.join(outDir, MANIFEST_FILE);
  if (previous.kind === "unusable") {
    return `the build cache ${cacheFile} is unusable (${previous.reason}): rebuilding everything`;
  }
  if (previous.kind === "missing" && (await hasFiles(outDir))) {
    return `there is no build cache ${cacheFile} beside the outputs: rebuilding everything`;
  }
  return undefined;
}

/** Whether the folder holds anything (a first build into an empty or new folder needs no notice). */
async function hasFiles(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => []);
  return entries.some((name) => !name.startsWith("."));
}

/** Whether any file under these folders is newer than the build cache (or there is none). */
export async function sourcesNewerThanCache(outDir: string, sourceDirs: readonly string[]): Promise<boolean> {
  const cache = await stat(path.join(outDir, MANIFEST_FILE)).catch(() => undefined);
  if (!cache) return true;
  for (const dir of sourceDirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const info = await stat(path.join(entry.parentPath, entry.name)).catch(() => undefined);
      if (info && info.mtimeMs > cache.mtimeMs) return true;
    }
  }
  return false;
}

/** What twins of different kinds share: the file name without its folder and extension (`pdf/isis.pdf` → `isis`). */
function twinName(file: string): string {
  return path.basename(file, path.extname(file));
}
