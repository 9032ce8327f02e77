import type { KeyObject } from "node:crypto";
import { signatureMatches } from "./manifest-signature.js";
import { errorText } from "./distribution-error.js";
import { digestEntry, readPackageEntries, type EntryDigest, type PackageEntry } from "./package-entries.js";
import { CHECKSUM_NAME, MANIFEST_NAME, PackageManifest, SIGNATURE_NAME } from "./package-manifest.js";

export interface Verification {
  ok: boolean;
  /** One line per finding, in the order: manifest and signature, missing and changed, extra. */
  lines: string[];
  manifestSha256: string | undefined;
}

/** The manifest and its companions are small; anything larger is not read. */
const MANIFEST_LIMIT = 1024 * 1024;
const COMPANION_LIMIT = 4096;

const kindOf = (entry: PackageEntry) =>
  entry.type === "symlink" ? "a symbolic link" : entry.type === "folder" ? "a folder" : "not a regular file";

/**
 * Checks a package (folder or zip) against its manifest: the manifest's own checksum; its
 * Ed25519 signature (required when a public key is given); then every entry at any depth,
 * symbolic links and duplicate zip entries included. Each file is streamed through SHA-256 and
 * read no further than its manifest size, so memory stays flat for any package.
 */
export async function verifyPackage(target: string, key: KeyObject | undefined): Promise<Verification> {
  const reader = await readPackageEntries(target);
  try {
    return await verifyEntries(reader.entries, key);
  } finally {
    reader.close();
  }
}

/** The package's entries by name, the findings so far, and the names already reported. */
class Findings {
  readonly byName = new Map<string, PackageEntry[]>();
  readonly lines: string[] = [];
  readonly reported = new Set<string>();

  constructor(entries: readonly PackageEntry[]) {
    for (const entry of entries) this.byName.set(entry.name, [...(this.byName.get(entry.name) ?? []), entry]);
    for (const [name, list] of this.byName) {
      if (list.length < 2) continue;
      this.reported.add(name);
      this.lines.push(
        `duplicate: ${name} (${list.length} entries with this name; an unzip tool may extract any of them)`,
      );
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The one regular file of this name, or undefined after reporting why not. */
  single(name: string): PackageEntry | undefined {
    const list = this.byName.get(name);
    if (!list || this.reported.has(name)) return undefined;
    const [entry] = list;
    if (entry && entry.type !== "file") {
      this.reported.add(name);
      this.lines.push(`changed: ${name} is ${kindOf(entry)}, not a file`);
      return undefined;
    }
    return entry;
  }

  /** An entry streamed through SHA-256; undefined after reporting data that cannot be read (a corrupt zip). */
  async digestOf(entry: PackageEntry, limit: number, keep = false): Promise<EntryDigest | undefined> {
    try {
      return await digestEntry(entry, limit, keep);
    } catch (error) {
      this.lines.push(`changed: ${entry.name} cannot be read: ${errorText(error)}`);
      return undefined;
    }
  }

  /** A small entry's bytes with their SHA-256; undefined after reporting why not. */
  async small(name: string, limit: number): Promise<{ data: Buffer; sha256: string } | undefined> {
    const entry = this.single(name);
    if (!entry) return undefined;
    const tooLarge = `changed: ${name} is larger than ${limit} bytes; it cannot be a package's ${name}`;
    if (entry.size > limit) {
      this.lines.push(tooLarge);
      return undefined;
    }
    const digest = await this.digestOf(entry, limit, true);
    if (!digest) return undefined;
    if (digest.overflow) {
      this.lines.push(tooLarge);
      return undefined;
    }
    return { data: digest.data ?? Buffer.alloc(0), sha256: digest.sha256 };
  }
}

/** The manifest's own checksum, from its companion file. */
async function checkChecksum(findings: Findings, manifestSha256: string): Promise<void> {
  const checksumEntry = await findings.small(CHECKSUM_NAME, COMPANION_LIMIT);
  const checksum = checksumEntry?.data.toString("utf8").split(/\s+/)[0];
  if (!findings.has(CHECKSUM_NAME)) findings.lines.push(`missing: ${CHECKSUM_NAME} (the manifest's own checksum)`);
  else if (checksum !== undefined && checksum !== manifestSha256) {
    findings.lines.push(
      `changed: ${MANIFEST_NAME} was edited: its SHA-256 is ${manifestSha256}, ${CHECKSUM_NAME} says ${checksum}`,
    );
  }
}

/** The manifest's Ed25519 signature: required with a key, reported as unchecked without one. */
async function checkSignature(findings: Findings, manifestData: Buffer, key: KeyObject | undefined): Promise<void> {
  const signature = await findings.small(SIGNATURE_NAME, COMPANION_LIMIT);
  if (key) {
    if (!findings.has(SIGNATURE_NAME)) {
      findings.lines.push(
        `unsigned: ${SIGNATURE_NAME} is missing, but a key was given: ` +
          "the office signs every package, so this one is not as sent",
      );
    } else if (signature && !signatureMatches(manifestData, signature.data.toString("utf8"), key)) {
      findings.lines.push(
        `wrongly signed: ${SIGNATURE_NAME} does not match ${MANIFEST_NAME} with the given public key: ` +
          "the manifest was edited, or signed with another key",
      );
    }
  } else if (findings.has(SIGNATURE_NAME)) {
    findings.lines.push(
      `unchecked: ${SIGNATURE_NAME}: give the office's public key with --key-file ` +
        "(or FACTSHEETS_VERIFY_KEY_FILE) to check the signature",
    );
  }
}

/** One file the manifest lists: present, a regular file, no larger than listed, with the listed SHA-256. */
async function checkFile(findings: Findings, file: PackageManifest["files"][number]): Promise<void> {
  if (!findings.has(file.path)) {
    findings.lines.push(`missing: ${file.path}`);
    return;
  }
  const entry = findings.single(file.path);
  if (!entry) return;
  if (entry.size > file.bytes) {
    findings.lines.push(`changed: ${file.path} (${entry.size} bytes; the manifest says ${file.bytes} bytes; not read)`);
    return;
  }
  const digest = await findings.digestOf(entry, file.bytes);
  if (!digest) return;
  if (digest.overflow)
    findings.lines.push(
      `changed: ${file.path} (more than ${file.bytes} bytes, which the manifest says; not read further)`,
    );
  else if (digest.bytes !== file.bytes || digest.sha256 !== file.sha256) {
    findings.lines.push(
      `changed: ${file.path} (SHA-256 ${digest.sha256}, ${digest.bytes} bytes; ` +
        `the manifest says ${file.sha256}, ${file.bytes} bytes)`,
    );
  }
}

/** Every entry neither named in the manifest nor already reported, in name order. */
function reportExtras(findings: Findings, named: ReadonlySet<string>): void {
  for (const name of [...findings.byName.keys()].sort()) {
    if (named.has(name) || findings.reported.has(name)) continue;
    const [entry] = findings.byName.get(name) ?? [];
    findings.lines.push(
      entry && entry.type !== "file"
        ? `extra: ${name} (${kindOf(entry)}; not in the manifest)`
        : `extra: ${name} (not in the manifest)`,
    );
  }
}

async function verifyEntries(entries: readonly PackageEntry[], key: KeyObject | undefined): Promise<Verification> {
  const findings = new Findings(entries);
  const { lines } = findings;
  const manifestEntry = await findings.small(MANIFEST_NAME, MANIFEST_LIMIT);
  if (!manifestEntry) {
    if (!findings.has(MANIFEST_NAME)) lines.push(`missing: ${MANIFEST_NAME} (a package must hold its manifest)`);
    return { ok: false, lines, manifestSha256: undefined };
  }
  const { data: manifestData, sha256: manifestSha256 } = manifestEntry;
  await checkChecksum(findings, manifestSha256);
  await checkSignature(findings, manifestData, key);

  let manifest: PackageManifest;
  try {
    manifest = PackageManifest.parse(JSON.parse(manifestData.toString("utf8")));
  } catch {
    return { ok: false, lines: [...lines, `changed: ${MANIFEST_NAME} is not a valid manifest`], manifestSha256 };
  }
  const named = new Set([MANIFEST_NAME, CHECKSUM_NAME, SIGNATURE_NAME]);
  for (const file of manifest.files) {
    named.add(file.path);
    await checkFile(findings, file);
  }
  reportExtras(findings, named);
  return { ok: lines.length === 0, lines, manifestSha256 };
}
