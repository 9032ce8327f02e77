import { DistributionError } from "./distribution-error.js";
import type { Ledger } from "./ledger.js";
import { recipientRecords } from "./recipient-state.js";

/**
 * Records, for each Message-ID given with --confirm, that the mail server accepted it: an
 * operator found it in the server's log. Only a message the ledger announces with no outcome can
 * be confirmed. Returns the Message-IDs confirmed.
 */
export async function confirmByHand(ledger: Ledger, messageIds: readonly string[]): Promise<string[]> {
  const open = new Map<string, { agency: string; recipients: string[] }>();
  for (const record of recipientRecords(ledger.lines).values()) {
    if (record.unconfirmed) open.set(record.unconfirmed.messageId, record.unconfirmed);
  }
  const known = [...open.keys()];
  for (const messageId of messageIds) {
    const intent = open.get(messageId);
    if (!intent) {
      throw new DistributionError(
        ledger.file,
        `no unconfirmed message has the Message-ID ${messageId}`,
        "--confirm records that the mail server accepted a message whose outcome the ledger lacks",
        known.length > 0 ? `give one of: ${known.join(", ")}` : "there is nothing to confirm; leave out --confirm",
      );
    }
    await ledger.append({
      event: "outcome",
      time: new Date().toISOString(),
      agency: intent.agency,
      messageId,
      accepted: intent.recipients,
      rejected: [],
      error: null,
      by: "operator",
    });
  }
  return [...messageIds];
}
