import type { IntentLine, LedgerLine } from "./ledger.js";

/** What the ledger says about one recipient of one agency. */
export interface RecipientRecord {
  /** The latest message the SMTP server accepted for this recipient. */
  accepted: IntentLine | undefined;
  /** A message announced (intent line) after that, with no outcome yet: it may or may not have gone out. */
  unconfirmed: IntentLine | undefined;
}

export const recipientKey = (agency: string, email: string): string => `${agency} ${email.toLowerCase()}`;

/**
 * Folds the ledger's lines, oldest first, into one record per recipient: an intent makes the
 * recipient unconfirmed until its outcome; an outcome that lists the recipient as accepted makes
 * that message the recipient's latest received one.
 */
export function recipientRecords(lines: readonly LedgerLine[]): Map<string, RecipientRecord> {
  const records = new Map<string, RecipientRecord>();
  const intents = new Map<string, IntentLine>();
  const recordOf = (key: string) => {
    const existing = records.get(key);
    if (existing) return existing;
    const fresh: RecipientRecord = { accepted: undefined, unconfirmed: undefined };
    records.set(key, fresh);
    return fresh;
  };
  for (const line of lines) {
    if (line.event === "sending") {
      intents.set(line.messageId, line);
      for (const email of line.recipients) recordOf(recipientKey(line.agency, email)).unconfirmed = line;
      continue;
    }
    const intent = intents.get(line.messageId);
    if (!intent) continue;
    const accepted = new Set(line.accepted.map((email) => email.toLowerCase()));
    for (const email of intent.recipients) {
      const record = recordOf(recipientKey(intent.agency, email));
      if (record.unconfirmed?.messageId === intent.messageId) record.unconfirmed = undefined;
      if (accepted.has(email.toLowerCase())) record.accepted = intent;
    }
  }
  return records;
}
