import { setTimeout as sleep } from "node:timers/promises";
import nodemailer from "nodemailer";

/** SMTP settings, from the environment (never from a committed file). */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  pass: string | undefined;
  from: string;
}

export function smtpSettings(env: NodeJS.ProcessEnv = process.env): SmtpSettings | { missing: string[] } {
  const missing = ["FACTSHEETS_SMTP_HOST", "FACTSHEETS_SMTP_FROM"].filter((name) => !env[name]);
  if (missing.length > 0) return { missing };
  return {
    host: env.FACTSHEETS_SMTP_HOST ?? "",
    port: Number(env.FACTSHEETS_SMTP_PORT ?? "587"),
    secure: env.FACTSHEETS_SMTP_SECURE === "true",
    user: env.FACTSHEETS_SMTP_USER,
    pass: env.FACTSHEETS_SMTP_PASS,
    from: env.FACTSHEETS_SMTP_FROM ?? "",
  };
}

export interface Message {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer }[];
}

export type Delivery = { ok: true; accepted: string[]; rejected: string[]; messageId: string } | { ok: false; accepted: string[]; rejected: string[]; error: string };

/**
 * Sends one message, retrying with backoff when the server cannot be
 * reached or refuses the message as a whole; a delivery counts only when
 * every recipient was accepted. When the server accepted some recipients
 * and refused others, it is not retried: the accepted ones have it.
 */
export async function sendWithRetry(settings: SmtpSettings, message: Message, attempts = 3, backoffMs = 250): Promise<Delivery> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? "" } } : {}),
    tls: { rejectUnauthorized: process.env.FACTSHEETS_SMTP_INSECURE_TLS !== "true" },
    connectionTimeout: 10_000,
  });
  let last: Delivery = { ok: false, accepted: [], rejected: [], error: "not sent" };
  try {
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const info = await transport.sendMail({ from: settings.from, ...message });
        const accepted = info.accepted.map(String);
        const rejected = info.rejected.map(String);
        if (rejected.length === 0) return { ok: true, accepted, rejected, messageId: info.messageId };
        // Some recipients were accepted: trying again would send them a second copy.
        return { ok: false, accepted, rejected, error: `the server refused ${rejected.join(", ")}` };
      } catch (error) {
        last = { ok: false, accepted: [], rejected: [], error: error instanceof Error ? error.message : String(error) };
      }
      if (attempt < attempts) await sleep(backoffMs * 4 ** (attempt - 1));
    }
    return last;
  } finally {
    transport.close();
  }
}
