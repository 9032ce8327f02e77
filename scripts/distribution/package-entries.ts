import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import yauzl from "yauzl";

/** One entry of a package, at any depth: a folder's entry or a zip's, never read until asked. */
export interface PackageEntry {
  /** Relative to the package, with `/` separators; a folder ends with `/`. */
  name: string;
  type: "file" | "folder" | "symlink" | "other";
  /** Its size as the file system or the zip's directory says. */
  size: number;
  open(): Promise<Readable>;
}

export interface PackageReader {
  entries: PackageEntry[];
  close(): void;
}

/** Every entry of a package folder, at any depth; symbolic links are listed, never followed. */
async function folderEntries(root: string): Promise<PackageReader> {
  const entries: PackageEntry[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const item of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, item.name);
      const info = await lstat(full);
      const type = info.isSymbolicLink() ? "symlink" : info.isDirectory() ? "folder" : info.isFile() ? "file" : "other";
      const name = `${prefix}${item.name}${type === "folder" ? "/" : ""}`;
      entries.push({ name, type, size: info.size, open: () => Promise.resolve(createReadStream(full)) });
      if (type === "folder") await walk(full, name);
    }
  };
  await walk(root, "");
  return { entries, close: () => undefined };
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

function zipType(entry: yauzl.Entry): PackageEntry["type"] {
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) return "symlink";
  if (entry.fileName.endsWith("/") || mode === S_IFDIR) return "folder";
  return mode === 0 || mode === S_IFREG ? "file" : "other";
}

/** Every entry of a zip's central directory, duplicates included; data is streamed only when opened. */
async function zipEntries(file: string): Promise<PackageReader> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) =>
      error || !opened ? reject(error ?? new Error("not a zip")) : resolve(opened),
    ),
  );
  const entries: PackageEntry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        entries.push({
          name: entry.fileName,
          type: zipType(entry),
          size: entry.uncompressedSize,
          open: () =>
            new Promise((resolveStream, rejectStream) =>
              zip.openReadStream(entry, (error, stream) =>
                error || !stream ? rejectStream(error ?? new Error("no data")) : resolveStream(stream),
              ),
            ),
        });
        zip.readEntry();
      });
      zip.on("end", resolve);
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  return { entries, close: () => zip.close() };
}

/** The entries of a package folder or zip. */
export async function readPackageEntries(target: string): Promise<PackageReader> {
  return (await lstat(target)).isDirectory() ? folderEntries(target) : zipEntries(target);
}

export interface EntryDigest {
  /** Bytes read: the whole entry, or limit + 1 when it is larger than the limit. */
  bytes: number;
  overflow: boolean;
  sha256: string;
  /** The bytes themselves, only when asked for (small entries: the manifest and its companions). */
  data: Buffer | undefined;
}

/**
 * Streams an entry through SHA-256, stopping as soon as it holds more than `limit` bytes, so
 * memory stays flat for any entry, whatever its size claims.
 */
export async function digestEntry(entry: PackageEntry, limit: number, keep = false): Promise<EntryDigest> {
  const stream = await entry.open();
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let bytes = 0;
  return new Promise((resolve, reject) => {
    const done = (overflow: boolean) =>
      resolve({ bytes, overflow, sha256: hash.digest("hex"), data: keep ? Buffer.concat(chunks) : undefined });
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        stream.removeAllListeners("data");
        stream.removeAllListeners("end");
        stream.on("error", () => undefined);
        stream.destroy();
        done(true);
        return;
      }
      hash.update(chunk);
      if (keep) chunks.push(chunk);
    });
    stream.on("end", () => done(false));
    stream.on("error", reject);
  });
}
