import { appendFile, open, readFile, rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

/** One sending, as the ledger keeps it. */
export const LedgerEntry = z.object({
  agency: z.string(),
  time: z.string(),
  method: z.enum(["smtp"]),
  outcome: z.enum(["sent", "failed"]),
  recipients: z.array(z.string()),
  rejected: z.array(z.string()),
  manifestSha256: z.string(),
  files: z.array(z.object({ path: z.string(), group: z.string().nullable(), kind: z.string(), sha256: z.string() })),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** The ledger lives beside the content, so that it is committed with it. */
export const LEDGER_FILE = "distribution-ledger.jsonl";

/** Every entry of the ledger, oldest first; a line that cannot be read is an error naming its line. */
export async function readLedger(file: string): Promise<LedgerEntry[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  const entries: LedgerEntry[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const parsed = LedgerEntry.safeParse((() => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })());
    if (!parsed.success) throw new Error(`${file}:${index + 1}:1: this ledger line is not a valid entry; restore it from version control`);
    entries.push(parsed.data);
  }
  return entries;
}

/**
 * Appends one entry as one line, under a lock file, so that two
 * `distribute` runs at once never interleave or lose a line. The ledger is
 * only ever appended to.
 */
export async function appendLedger(file: string, entry: LedgerEntry): Promise<void> {
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(lock, "wx");
      await handle.close();
      break;
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST") || attempt > 200) throw error;
      await sleep(25);
    }
  }
  try {
    await appendFile(file, `${JSON.stringify(entry)}\n`);
  } finally {
    await rm(lock, { force: true });
  }
}

/** The latest entry per agency that the SMTP server accepted. */
export function lastReceived(entries: readonly LedgerEntry[]): Map<string, LedgerEntry> {
  const latest = new Map<string, LedgerEntry>();
  for (const entry of entries) if (entry.outcome === "sent") latest.set(entry.agency, entry);
  return latest;
}
