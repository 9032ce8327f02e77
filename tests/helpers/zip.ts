import { Readable } from "node:stream";
import yazl from "yazl";

export type ZipEntry = { name: string; data: Buffer; mode?: number } | { name: string; zeros: number };

/** Writes a zip exactly as given: duplicate names, folders, symbolic links and huge entries included. */
export function makeZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date("2016-04-14T12:00:00Z");
  for (const entry of entries) {
    if ("data" in entry) zip.addBuffer(entry.data, entry.name, { mtime, mode: entry.mode ?? 0o100644 });
    else zip.addReadStream(zeros(entry.zeros), entry.name, { mtime, mode: 0o100644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

function zeros(total: number): Readable {
  const block = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const size = Math.min(left, block.length);
      left -= size;
      this.push(block.subarray(0, size));
    },
  });
}
