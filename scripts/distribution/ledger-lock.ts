import { acquireLock, LockBusyError, LockHeldError, removeStaleLock, type HeldLock } from "../output/file-lock.js";
import { DistributionError, errorText } from "./distribution-error.js";

const WHY = "two runs that decide from one ledger at once would mail the same recipients twice";

/**
 * Takes the ledger's lock (`<ledger>.lock`, see output/file-lock.ts) for a whole `distribute`
 * run: reading the ledger, deciding who is pending, sending and appending. The lock of a killed
 * run is taken over (and what a killed run left while taking it is cleared first); a live run's
 * lock stops this one before anything is read or sent.
 */
export async function lockLedger(ledgerFile: string): Promise<HeldLock> {
  const file = `${ledgerFile}.lock`;
  try {
    await removeStaleLock(file);
    return await acquireLock(file);
  } catch (error) {
    if (error instanceof LockHeldError) {
      throw new DistributionError(
        file,
        `another distribute (process ${error.holder}) is using this ledger`,
        WHY,
        "wait for it to finish and run the same command again: it sends only what is still pending " +
          `(if process ${error.holder} is not a factsheets run, remove this lock file)`,
      );
    }
    if (error instanceof LockBusyError) {
      const who = error.taker === undefined ? "other runs" : `another distribute (process ${error.taker})`;
      throw new DistributionError(
        file,
        `${who} kept taking over this ledger's stale lock for ${error.waitedSeconds} s`,
        WHY,
        "wait for it to finish and run the same command again: it sends only what is still pending" +
          (error.taker === undefined ? "" : ` (stop process ${error.taker} if it hangs)`),
      );
    }
    throw new DistributionError(
      file,
      `cannot take the ledger's lock: ${errorText(error)}`,
      WHY,
      "make the ledger's folder writable, then run again",
      { cause: error },
    );
  }
}

/** Stops before a message goes out if this run no longer holds the ledger's lock. */
export async function assertStillHeld(lock: HeldLock): Promise<void> {
  if (await lock.stillHeld()) return;
  throw new DistributionError(
    lock.file,
    "this run no longer holds the ledger's lock",
    WHY,
    "run the same command again once no other distribute is running",
  );
}
