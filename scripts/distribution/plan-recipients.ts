import type { Agency } from "../config/schema.js";
import type { IntentLine } from "./ledger.js";
import { agencyPending, pendingOf, type PackageFacts, type Pending } from "./pending.js";
import { recipientKey, type RecipientRecord } from "./recipient-state.js";

/** What this run does for one recipient, and why. */
export interface RecipientPlan {
  email: string;
  /** Compared with the last message the server accepted for this recipient. */
  pending: Pending;
  /**
   * A message with the current files, announced in the ledger with no outcome: the server may
   * have accepted it. Held back (never sent again on its own) unless --resend-unconfirmed.
   */
  unconfirmed: IntentLine | undefined;
  send: boolean;
}

export interface AgencyPlan {
  agency: Agency;
  facts: PackageFacts;
  /** The agency as a whole: the union of its recipients' states. */
  pending: Pending;
  recipients: RecipientPlan[];
}

export interface PlanOptions {
  /** Send to every recipient, not only those whose files are outdated. */
  all: boolean;
  resendUnconfirmed: boolean;
}

/** Decides, per recipient, whether this run sends to it: per recipient, never per agency. */
export function planAgency(
  agency: Agency,
  facts: PackageFacts,
  records: ReadonlyMap<string, RecipientRecord>,
  options: PlanOptions,
): AgencyPlan {
  const recipients = agency.email.map((email): RecipientPlan => {
    const record = records.get(recipientKey(agency.id, email));
    const pending = pendingOf(facts, record?.accepted);
    const open = record?.unconfirmed;
    const unconfirmed = open && pendingOf(facts, open).state === "current" ? open : undefined;
    const wanted = options.all || pending.state !== "current" || unconfirmed !== undefined;
    return { email, pending, unconfirmed, send: wanted && (unconfirmed === undefined || options.resendUnconfirmed) };
  });
  return {
    agency,
    facts,
    pending: agencyPending(
      facts,
      recipients.map((recipient) => recipient.pending),
    ),
    recipients,
  };
}
