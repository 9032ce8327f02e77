import { mkdir } from "node:fs/promises";
import { lockOutput } from "./build-lock.js";
import { writing } from "./output-write-error.js";
import { StagedOutput } from "./staged-output.js";

/** What the work inside a transaction decided: move its files into place, or leave the folder as it was. */
export type TransactionEnd<T> = { commit: true; value: T } | { commit: false; value: T };

/**
 * All-or-nothing writes to the output folder: under the folder's lock, the
 * work stages its files, and they are moved into place together only when
 * it asks to commit. A failure or a refusal leaves the previous outputs as they were.
 */
export async function inOutputTransaction<T>(
  outDir: string,
  work: (staging: StagedOutput) => Promise<TransactionEnd<T>>,
): Promise<T> {
  await writing(outDir, () => mkdir(outDir, { recursive: true }));
  const lock = await lockOutput(outDir);
  const staging = await StagedOutput.open(outDir);
  try {
    const end = await work(staging);
    if (end.commit) await staging.commit();
    else await staging.discard();
    return end.value;
  } catch (error) {
    await staging.discard();
    throw error;
  } finally {
    await lock.release();
  }
}
