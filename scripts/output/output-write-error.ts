/** What a failed write's error code means for the user, and what to do about it. */
const EXPLAINED: Record<string, string> = {
  EROFS: "the file system is read-only (EROFS); build into a folder on a writable disk with --out",
  ENOSPC: "the disk is full (ENOSPC); free some space on it, or build onto another disk with --out",
  EDQUOT: "the disk quota is used up (EDQUOT); free some space, or build elsewhere with --out",
  EACCES: "permission denied (EACCES); make the folder writable for this user, or build elsewhere with --out",
  EPERM:
    "the operation is not permitted (EPERM); make the folder writable for this user, or build elsewhere with --out",
};

/** A Node error's code (`EEXIST`, `ENOSPC`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** Said after an OutputWriteError, by the command line and the preview alike. */
export const NOTHING_MOVED = "Nothing was moved into place: the previous outputs are unchanged.";

/** An output could not be written; the message names the path and the cause. Nothing was moved into place. */
export class OutputWriteError extends Error {
  override readonly name = "OutputWriteError";
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = errorCode(cause);
    const explained = code ? EXPLAINED[code] : undefined;
    super(`could not write ${file}: ${explained ?? (cause instanceof Error ? cause.message : String(cause))}`, {
      cause,
    });
  }
}

/** Runs a file operation, turning its failure into an OutputWriteError naming `file`. */
export async function writing<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new OutputWriteError(file, error);
  }
}
