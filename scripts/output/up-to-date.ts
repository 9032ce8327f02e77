import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { JOURNAL_FILE, LOCK_FILE, MANIFEST_FILE, MANIFEST_FORMAT, STAGING_PREFIX } from "./folder-entries.js";
import { inputDigest, type DigestOptions } from "./input-digest.js";

export interface UpToDate {
  outputs: string[];
  warnings: { file: string; line?: number; column?: number; reason: string; ruleId?: string; note?: string }[];
}

/**
 * The editors' most frequent build finds nothing to do: this answers that
 * without loading the content, the templates or the Markdown parser. It holds
 * only when the last build that wrote the folder read exactly the same inputs
 * (input-digest.ts) with the same options, and every output it wrote is still
 * there, byte for byte (SHA-256). Anything else, including a commit cut short,
 * a lock, or a manifest this cannot read, is left to the full build.
 */
export async function upToDate(outDir: string, options: DigestOptions): Promise<UpToDate | undefined> {
  if (existsSync(path.join(outDir, JOURNAL_FILE)) || existsSync(path.join(outDir, LOCK_FILE))) return undefined;
  if ((await readdir(outDir).catch(() => [])).some((name) => name.startsWith(STAGING_PREFIX))) return undefined;
  const manifest: unknown = JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), "utf8").catch(() => "null"));
  if (!isManifest(manifest) || manifest.tool !== options.tool) return undefined;
  const last = manifest.lastBuild;
  if (!last || last.digest !== (await inputDigest(options))) return undefined;
  for (const output of last.outputs) {
    const expected = manifest.outputs[output]?.sha256;
    const bytes = await readFile(path.join(outDir, output)).catch(() => undefined);
    if (!expected || !bytes || createHash("sha256").update(bytes).digest("hex") !== expected) return undefined;
  }
  return { outputs: last.outputs, warnings: last.warnings };
}

/**
 * The fields of the manifest (build-manifest.ts, whose zod schema is the full
 * description) that this check reads, checked without loading zod: this path
 * must start in a few milliseconds.
 */
interface ManifestView {
  tool: string;
  outputs: Record<string, { sha256: string } | undefined>;
  lastBuild?: UpToDate & { digest: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isManifest(value: unknown): value is ManifestView {
  if (!isRecord(value) || value.format !== MANIFEST_FORMAT) return false;
  if (typeof value.tool !== "string" || !isRecord(value.outputs)) return false;
  if (!Object.values(value.outputs).every((record) => isRecord(record) && typeof record.sha256 === "string"))
    return false;
  const last = value.lastBuild;
  if (last === undefined) return true;
  return (
    isRecord(last) &&
    typeof last.digest === "string" &&
    Array.isArray(last.outputs) &&
    last.outputs.every((output) => typeof output === "string") &&
    Array.isArray(last.warnings) &&
    last.warnings.every(isWarning)
  );
}

function isWarning(value: unknown): boolean {
  if (!isRecord(value) || typeof value.file !== "string" || typeof value.reason !== "string") return false;
  const optional = (key: string, type: "number" | "string") => value[key] === undefined || typeof value[key] === type;
  return (
    optional("line", "number") &&
    optional("column", "number") &&
    optional("ruleId", "string") &&
    optional("note", "string")
  );
}
