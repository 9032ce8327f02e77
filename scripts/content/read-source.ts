import { readFile, stat } from "node:fs/promises";
import { VFile } from "vfile";
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
        ? "a folder"
        : info.isFIFO()
          ? "a named pipe (FIFO)"
          : info.isSocket()
            ? "a socket"
            : "a device";
      addProblem(file, {
        ruleId: "source/not-a-file",
        what: `this is ${kind}, not a regular file`,
        why: "a source is read whole before anything is built; only a regular file has an end to read to",
        fix: "put the real file at this path (a link must point at a regular file)",
      });
      return file;
    }
    if (info.size > MAX_SOURCE_BYTES) {
      addProblem(file, {
        ruleId: "source/too-large",
        what:
          `the file is ${(info.size / 1024 / 1024).toFixed(1)} MB, ` +
          `more than the ${MAX_SOURCE_BYTES / 1024 / 1024} MB a source may have`,
        why: "a factsheet source is a page of text; a file this large is almost certainly not one",
        fix: "check that this is the right file, or split it into one file per group",
      });
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
        ruleId: "source/encoding",
        place: { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
        what: `the file is not valid UTF-8 (byte 0x${hexByte(bytes[offset] ?? 0)} at byte ${offset})`,
        why: "sources must be UTF-8 so that letters such as ë and ï come out right",
        fix: "save the file as UTF-8 in your editor (often 'Save with encoding' → UTF-8)",
      });
      return file;
    }
    file.value = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  } catch (error) {
    addProblem(file, {
      ruleId: "source/unreadable",
      what: `the file cannot be read (${error instanceof Error ? error.message : String(error)})`,
      why: "every source must be readable before anything is built",
      fix: "check that the file exists and that you may read it",
    });
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
