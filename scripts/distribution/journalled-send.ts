import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import type { HeldLock } from "../output/file-lock.js";
import { coverLetter } from "./cover-text.js";
import type { Ledger } from "./ledger.js";
import { assertStillHeld } from "./ledger-lock.js";
import type { AgencyPlan } from "./plan-recipients.js";
import { sendWithRetry, type Delivery, type Message, type SmtpSettings } from "./send-package.js";
import type { WrittenPackage } from "./write-packages.js";

export interface Sending {
  messageId: string;
  to: string[];
  delivery: Delivery;
}

export interface SendOptions {
  smtp: SmtpSettings;
  attach: "files" | "zip";
  strings: Strings;
}

/** A Message-ID in the sender's domain, chosen before sending so the intent line can name it. */
function newMessageId(from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "factsheets.invalid";
  return `<${randomUUID()}@${domain}>`;
}

/** The mail's attachments: the zip alone, or the package's own files then its manifest. */
function attachmentsOf(written: WrittenPackage, attach: SendOptions["attach"]): Message["attachments"] {
  return attach === "zip"
    ? [{ filename: path.basename(written.zip), content: written.zipData }]
    : written.attachments.map((file) => ({ filename: file.name, content: file.data }));
}

/** The intent line, appended and flushed before the message goes out. */
async function appendIntent(
  ledger: Ledger,
  plan: AgencyPlan,
  written: WrittenPackage,
  messageId: string,
  to: string[],
): Promise<void> {
  await ledger.append({
    event: "sending",
    time: new Date().toISOString(),
    agency: plan.agency.id,
    messageId,
    recipients: to,
    manifestSha256: written.manifestSha256,
    files: written.manifest.files.map((file) => ({
      path: file.path,
      group: file.group,
      kind: file.kind,
      sha256: file.sha256,
    })),
  });
}

/** The server's answer, appended only when it is certain. */
async function appendOutcome(ledger: Ledger, plan: AgencyPlan, messageId: string, delivery: Delivery): Promise<void> {
  if (!delivery.certain) return;
  await ledger.append({
    event: "outcome",
    time: new Date().toISOString(),
    agency: plan.agency.id,
    messageId,
    accepted: delivery.accepted,
    rejected: delivery.rejected,
    error: delivery.error,
    by: "server",
  });
}

/**
 * Mails one agency's package to the recipients the plan names, journalled: an intent line
 * (`sending`, with the Message-ID) is appended and flushed before the message goes out, and the
 * server's answer after. A crash in between leaves the intent without an outcome, which the next
 * run reports instead of sending again. The caller holds the ledger's lock throughout.
 */
export async function sendPackage(
  content: Content,
  plan: AgencyPlan,
  written: WrittenPackage,
  ledger: Ledger,
  lock: HeldLock,
  options: SendOptions,
): Promise<Sending | undefined> {
  const targets = plan.recipients.filter((recipient) => recipient.send);
  if (targets.length === 0) return undefined;
  const to = targets.map((recipient) => recipient.email);
  const messageId = newMessageId(options.smtp.from);
  const attachments = attachmentsOf(written, options.attach);

  await assertStillHeld(lock);
  await appendIntent(ledger, plan, written, messageId, to);
  const delivery = await sendWithRetry(options.smtp, {
    messageId,
    to,
    ...coverLetter(content, plan, written, options.strings),
    attachments,
  });
  await appendOutcome(ledger, plan, messageId, delivery);
  return { messageId, to, delivery };
}
