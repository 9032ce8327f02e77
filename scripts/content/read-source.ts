import { readFile, stat } from "node:fs/promises";
import { VFile } from "vfile";
import { problem, say } from "../diagnostics/messages.js";
import { addProblem } from "../diagnostics/problem.js";

/** Larger sources are refused: no report text comes near this, and parsing them could stall the build. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a source file into a VFile. The text is normalised so that positions
 * stay true whatever editor wrote it: a leading byte-order mark is dropped and
 * CRLF line endings become LF (line numbers are unchanged by both).
 * Unreadable, oversized or non-UTF-8 files get a problem and an empty value.
 */
export async function readSource(filePath: string): Promise<VFile> {
  const file = new VFile({ path: filePath, value: "" });
  try {
    const info = await stat(filePath);
    if (!info.isFile()) {
      // A FIFO would hang the read and a device (/dev/zero) never end: refuse before opening.
      const kind = info.isDirectory()
        ? say("source.folder")
        : info.isFIFO()
          ? say("source.fifo")
          : info.isSocket()
            ? say("source.socket")
            : say("source.device");
      addProblem(file, problem("source/not-a-file", { kind }));
      return file;
    }
    if (info.size > MAX_SOURCE_BYTES) {
      const size = (info.size / 1024 / 1024).toFixed(1);
      addProblem(file, problem("source/too-large", { size, limit: MAX_SOURCE_BYTES / 1024 / 1024 }));
      return file;
    }
    const bytes = await readFile(filePath);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8Offset(bytes);
      const before = bytes.subarray(0, offset).toString("utf8");
      const lines = before.split("\n");
      addProblem(file, {
        ...problem("source/encoding", { byte: hexByte(bytes[offset] ?? 0), offset }),
        place: { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
      });
      return file;
    }
    file.value = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  } catch (error) {
    addProblem(file, problem("source/unreadable", { detail: error instanceof Error ? error.message : String(error) }));
  }
  return file;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next += 1) {
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return index;
}

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}
