import { setTimeout as sleep } from "node:timers/promises";
import { say } from "../diagnostics/messages.js";
import nodemailer from "nodemailer";

/** SMTP settings: from the environment and the sender's own settings file (smtp-config.ts), never the content. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  pass: string | undefined;
  from: string;
}

export interface Message {
  /** The Message-ID header, chosen before sending so that the ledger's intent line can name it. */
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer }[];
}

/**
 * The SMTP server's answer. `certain: false` means the connection broke after the message may
 * have been handed over: nobody knows whether the server accepted it, so it is not retried.
 */
export type Delivery =
  { certain: true; accepted: string[]; rejected: string[]; error: string | null } | { certain: false; error: string };

/** Socket errors of a connection that was never made: nothing was handed over. */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
]);
/** Timeouts that end a session before the server has even greeted. */
const BEFORE_GREETING = new Set(["CONNECT_TIMEOUT", "GREETING_TIMEOUT"]);

function field(error: unknown, name: string): unknown {
  return error instanceof Error && name in error ? Object.getOwnPropertyDescriptor(error, name)?.value : undefined;
}

/**
 * Whether a failed send certainly left the message unaccepted, and whether to try again.
 * A reply code is the server's own answer (nothing accepted); a connection never made or never
 * greeted sent nothing. Anything else, such as a connection closed while or after the message was
 * handed over, is unknown: nodemailer reports those too as "CONN", so no step name is trusted.
 */
function failure(
  error: unknown,
  settings: SmtpSettings,
): { certain: boolean; retry: boolean; rejected: string[]; error: string } {
  const responseCode = field(error, "responseCode");
  const code = typeof responseCode === "number" ? responseCode : undefined;
  const originalCode = field(error, "originalCode");
  const timeoutType = field(error, "timeoutType");
  const rejectedField = field(error, "rejected");
  const rejected = Array.isArray(rejectedField) ? rejectedField.map(String) : [];
  const message = error instanceof Error ? error.message : String(error);
  const neverSent =
    (typeof originalCode === "string" && NEVER_CONNECTED.has(originalCode)) ||
    (typeof timeoutType === "string" && BEFORE_GREETING.has(timeoutType)) ||
    field(error, "code") === "EDNS";
  const certain = code !== undefined || neverSent;
  const retry = certain && rejected.length === 0 && (code === undefined || (code >= 400 && code < 500));
  return { certain, retry, rejected, error: inWords(message, settings, { code, originalCode, timeoutType }) };
}

/**
 * What went wrong with the mail server, in the words of the person sending: "the mail server 127.0.0.1:2525 does
 * not answer", with the technical detail after it for whoever runs the server.
 */
function inWords(
  detail: string,
  { host, port }: SmtpSettings,
  codes: { code: number | undefined; originalCode: unknown; timeoutType: unknown },
): string {
  const server = `${host}:${port}`;
  const original = typeof codes.originalCode === "string" ? codes.originalCode : "";
  if (original === "ECONNREFUSED") return say("smtp.connectionRefused", { server, detail });
  if (original === "ENOTFOUND" || original === "EAI_AGAIN") return say("smtp.unknownHost", { host, detail });
  if (NEVER_CONNECTED.has(original)) return say("smtp.unreachable", { server, detail });
  if (typeof codes.timeoutType === "string") return say("smtp.timeout", { server, detail });
  if (codes.code !== undefined) return say("smtp.answered", { server, detail });
  return detail;
}

/**
 * Sends one message. A server that cannot be reached, or that answers with a temporary error
 * before accepting anything, is retried with backoff (same Message-ID). A message the server may
 * have received is never sent twice: when the answer is lost, the delivery is `certain: false`.
 */
export async function sendWithRetry(
  settings: SmtpSettings,
  message: Message,
  attempts = 3,
  backoffMs = 250,
): Promise<Delivery> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? "" } } : {}),
    tls: { rejectUnauthorized: process.env.FACTSHEETS_SMTP_INSECURE_TLS !== "true" },
    connectionTimeout: 10_000,
  });
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const info = await transport.sendMail({ from: settings.from, ...message });
        const rejected = info.rejected.map(String);
        const error = rejected.length === 0 ? null : say("smtp.refusedRecipients", { recipients: rejected.join(", ") });
        return { certain: true, accepted: info.accepted.map(String), rejected, error };
      } catch (error) {
        const failed = failure(error, settings);
        if (!failed.certain) return { certain: false, error: failed.error };
        if (!failed.retry || attempt >= attempts) {
          const reason =
            failed.rejected.length > 0
              ? say("smtp.refusedRecipients", { recipients: failed.rejected.join(", ") })
              : failed.error;
          return { certain: true, accepted: [], rejected: failed.rejected, error: reason };
        }
      }
      await sleep(backoffMs * 4 ** (attempt - 1));
    }
  } finally {
    transport.close();
  }
}
