import { timingSafeEqual } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import yauzl from "yauzl";
import { sha256 } from "../output/file-hash.js";
import { CHECKSUM_NAME, MANIFEST_NAME, PackageManifest, signManifest, SIGNATURE_NAME, SIGNING_KEY_VARIABLE } from "./package-manifest.js";

export interface Verification {
  ok: boolean;
  /** One line per finding, in the order: manifest, missing, changed, extra. */
  lines: string[];
  manifestSha256: string | undefined;
}

/** The entries of a package: a folder's files or a zip's, by name. */
async function readPackage(target: string): Promise<Map<string, Buffer>> {
  const info = await stat(target);
  const entries = new Map<string, Buffer>();
  if (info.isDirectory()) {
    for (const entry of await readdir(target, { withFileTypes: true })) {
      if (entry.isFile()) entries.set(entry.name, await readFile(path.join(target, entry.name)));
    }
    return entries;
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(target, { lazyEntries: true }, (error, file) => (error || !file ? reject(error ?? new Error("no zip")) : resolve(file))),
  );
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error ?? new Error(`cannot read ${entry.fileName}`));
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on("error", reject);
      });
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
  return entries;
}

/**
 * Checks a package (folder or zip) against its manifest: the manifest's own
 * checksum, and its signature where it has one (HMAC-SHA256 with
 * FACTSHEETS_SIGNING_KEY); then every file's SHA-256 and size; then files
 * the manifest does not name.
 */
export async function verifyPackage(target: string, env: NodeJS.ProcessEnv = process.env): Promise<Verification> {
  const entries = await readPackage(target);
  const lines: string[] = [];
  const manifestData = entries.get(MANIFEST_NAME);
  if (!manifestData) return { ok: false, lines: [`missing: ${MANIFEST_NAME} (a package must hold its manifest)`], manifestSha256: undefined };
  const manifestText = manifestData.toString("utf8");
  const manifestSha256 = sha256(manifestData);

  const checksum = entries.get(CHECKSUM_NAME)?.toString("utf8").split(/\s+/)[0];
  if (!checksum) lines.push(`missing: ${CHECKSUM_NAME} (the manifest's own checksum)`);
  else if (checksum !== manifestSha256) lines.push(`changed: ${MANIFEST_NAME} was edited: its SHA-256 is ${manifestSha256}, ${CHECKSUM_NAME} says ${checksum}`);
  const signature = entries.get(SIGNATURE_NAME)?.toString("utf8");
  if (signature !== undefined) {
    const key = env[SIGNING_KEY_VARIABLE];
    if (!key) lines.push(`unchecked: ${SIGNATURE_NAME}: set ${SIGNING_KEY_VARIABLE} to the office's key to check the signature`);
    else {
      const expected = Buffer.from(signManifest(manifestText, key));
      const actual = Buffer.from(signature);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) lines.push(`changed: ${MANIFEST_NAME} was edited or signed with another key: its signature does not match`);
    }
  }

  let manifest: PackageManifest;
  try {
    manifest = PackageManifest.parse(JSON.parse(manifestText));
  } catch {
    return { ok: false, lines: [...lines, `changed: ${MANIFEST_NAME} is not a valid manifest`], manifestSha256 };
  }
  const named = new Set([MANIFEST_NAME, CHECKSUM_NAME, SIGNATURE_NAME]);
  for (const file of manifest.files) {
    named.add(file.path);
    const data = entries.get(file.path);
    if (!data) lines.push(`missing: ${file.path}`);
    else if (data.length !== file.bytes || sha256(data) !== file.sha256) {
      lines.push(`changed: ${file.path} (SHA-256 ${sha256(data)}, ${data.length} bytes; the manifest says ${file.sha256}, ${file.bytes} bytes)`);
    }
  }
  for (const name of [...entries.keys()].sort()) if (!named.has(name)) lines.push(`extra: ${name} (not in the manifest)`);
  return { ok: lines.length === 0, lines, manifestSha256 };
}
