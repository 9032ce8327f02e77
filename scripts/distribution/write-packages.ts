import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import yazl from "yazl";
import type { Agency, Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { sha256 } from "../output/file-hash.js";
import type { StagedOutput } from "../output/staged-output.js";
import type { KeyObject } from "node:crypto";
import { signManifest } from "./manifest-signature.js";
import { CHECKSUM_NAME, MANIFEST_NAME, SIGNATURE_NAME, type PackageManifest } from "./package-manifest.js";
import { packageFiles } from "./package-files.js";

export interface WrittenPackage {
  agency: Agency;
  folder: string;
  zip: string;
  files: number;
  manifestSha256: string;
  signed: boolean;
  manifest: PackageManifest;
  /** What the cover e-mail attaches with --attach files: the package's own files, then its manifest. */
  attachments: { name: string; data: Buffer }[];
  zipData: Buffer;
}

export const DISTRIBUTION_FOLDER = "distribution";

type Entry = { name: string; data: Buffer };

/** The package's own files, read from the output, and the manifest that lists them. */
async function readPackageFiles(
  content: Content,
  agency: Agency,
  outDir: string,
  strings: Strings,
): Promise<{ entries: Entry[]; manifest: PackageManifest }> {
  const { report } = content;
  const entries: Entry[] = [];
  const manifest: PackageManifest = {
    format: 1,
    report: { title: report.title, slug: report.slug, published: report.published },
    version: report.published,
    agency: { id: agency.id, name: agency.name },
    files: [],
  };
  for (const file of packageFiles(agency, content, strings)) {
    const data = await readFile(path.join(outDir, file.output));
    entries.push({ name: file.name, data });
    manifest.files.push({
      path: file.name,
      group: file.group,
      grade: file.grade,
      kind: file.kind,
      bytes: data.length,
      sha256: sha256(data),
    });
  }
  return { entries, manifest };
}

/** Stages the folder's entries and removes the files of an earlier package that the new one lacks. */
async function stageFolder(
  folder: string,
  entries: readonly Entry[],
  outDir: string,
  staging: StagedOutput,
): Promise<void> {
  for (const entry of entries) await staging.write(path.posix.join(folder, entry.name), entry.data);
  const existing = await readdir(path.join(outDir, folder)).catch(() => []);
  for (const name of existing)
    if (!entries.some((entry) => entry.name === name)) staging.remove(path.posix.join(folder, name));
}

/** One agency's package: its folder, its zip, and what the cover e-mail needs. */
async function writePackage(
  content: Content,
  agency: Agency,
  outDir: string,
  staging: StagedOutput,
  strings: Strings,
  key: KeyObject | undefined,
): Promise<WrittenPackage> {
  const folder = path.posix.join(DISTRIBUTION_FOLDER, agency.id);
  const { entries, manifest } = await readPackageFiles(content, agency, outDir, strings);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestSha256 = sha256(manifestText);
  entries.push({ name: MANIFEST_NAME, data: Buffer.from(manifestText) });
  entries.push({ name: CHECKSUM_NAME, data: Buffer.from(`${manifestSha256}  ${MANIFEST_NAME}\n`) });
  if (key) entries.push({ name: SIGNATURE_NAME, data: Buffer.from(signManifest(manifestText, key)) });

  await stageFolder(folder, entries, outDir, staging);
  const zip = `${folder}.zip`;
  const zipData = await zipOf(entries, content.report.published);
  await staging.write(zip, zipData);
  const attachments = entries.filter(
    (entry) => entry.name === MANIFEST_NAME || manifest.files.some((file) => file.path === entry.name),
  );
  const signed = key !== undefined;
  return { agency, folder, zip, files: manifest.files.length, manifestSha256, signed, manifest, attachments, zipData };
}

/**
 * Stages, for each agency, `distribution/<id>/` with its files, a manifest
 * (per file: group, grade, bytes, SHA-256), the manifest's own checksum and,
 * with the office's private key, its Ed25519 signature; and `distribution/<id>.zip`
 * of it all. Files of an earlier package that the new one lacks are removed.
 * Zips are reproducible: entries in a fixed order, dated by the content.
 */
export async function writePackages(
  content: Content,
  agencies: readonly Agency[],
  outDir: string,
  staging: StagedOutput,
  strings: Strings,
  key: KeyObject | undefined,
): Promise<WrittenPackage[]> {
  const written: WrittenPackage[] = [];
  for (const agency of agencies) written.push(await writePackage(content, agency, outDir, staging, strings, key));
  return written;
}

function zipOf(entries: readonly Entry[], date: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(`${date}T12:00:00Z`);
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { mtime, mode: 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}
