import { readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { LEDGER_FILE } from "../../scripts/distribution/ledger.js";
import { CONTENT, copyToTemp, removeTempDirs, tempDir } from "./paths.js";
import { runCli } from "./run-cli.js";

export interface Received {
  to: string[];
  messageId: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  /** Every message the server accepted, in order. */
  received: Received[];
  /** Recipients the server refuses (550) at RCPT TO. */
  refused: Set<string>;
  /** Connections the server refused as a whole (421) at connect, counted. */
  refuseConnections: boolean;
  connectionsRefused: number;
  /**
   * Runs after a message has been read in full and before the server answers: the place to
   * hold acceptance back (a slow server) or to kill the client at the worst moment.
   */
  beforeAccept: ((message: Received) => Promise<void>) | undefined;
  env: Record<string, string>;
  /** Resolves once the server has accepted `count` messages in all. */
  accepted(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server, in this process, on 127.0.0.1 only, on a free port. */
export async function startSmtp(): Promise<TestSmtp> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const state: TestSmtp = {
    received: [],
    refused: new Set(),
    refuseConnections: false,
    connectionsRefused: 0,
    beforeAccept: undefined,
    env: {},
    accepted: (count) =>
      new Promise<void>((resolve) => {
        if (state.received.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      if (!state.refuseConnections) return callback();
      state.connectionsRefused += 1;
      const error = Object.assign(new Error("service not available, try again later"), { responseCode: 421 });
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      if (state.refused.has(address.address)) callback(new Error("550 mailbox unavailable"));
      else callback();
    },
    onData(stream, session, callback) {
      void simpleParser(stream)
        .then(async (mail) => {
          const message = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            messageId: mail.messageId ?? "",
            mail,
          };
          await state.beforeAccept?.(message);
          state.received.push(message);
          callback();
          for (const waiter of waiters.splice(0)) {
            if (state.received.length >= waiter.count) waiter.resolve();
            else waiters.push(waiter);
          }
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  state.env = {
    FACTSHEETS_SMTP_HOST: "127.0.0.1",
    FACTSHEETS_SMTP_PORT: String(port),
    FACTSHEETS_SMTP_FROM: "rapporteur@example.org",
  };
  return state;
}

/** How many messages each recipient received. */
export function copiesPerRecipient(received: readonly Received[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of received) for (const to of message.to) counts[to] = (counts[to] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A test SMTP server and an output folder where the real report was built and packed once, without sending:
 * each test's run then only decides, packs and sends.
 */
export async function preparedDistribution(): Promise<{ smtp: TestSmtp; out: string }> {
  const smtp = await startSmtp();
  const out = await tempDir();
  const prepared = await runCli(["distribute", "--content", await copyToTemp(CONTENT), "--out", out]);
  if (prepared.code !== 0) throw new Error(`the distribution could not be prepared:\n${prepared.stderr}`);
  return { smtp, out };
}

/**
 * The prepared distribution of a test file: made once before its tests and handed to `take`; its server closed
 * and the temporary folders removed after them.
 */
export function usePreparedDistribution(take: (prepared: { smtp: TestSmtp; out: string }) => void): void {
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    const prepared = await preparedDistribution();
    smtp = prepared.smtp;
    take(prepared);
  });
  afterAll(async () => {
    await smtp?.close();
    await removeTempDirs();
  });
}

/** A ledger entry as the tests read it (distribution/ledger.ts has the whole schema). */
export interface LedgerLine {
  event: string;
  agency?: string;
  messageId?: string;
  recipients?: string[];
  accepted?: string[];
  rejected?: string[];
}

/** The entries of a content folder's ledger, in order; none when it has no ledger yet. */
export async function ledgerLines(contentDir: string): Promise<LedgerLine[]> {
  return (await readFile(path.join(contentDir, LEDGER_FILE), "utf8").catch(() => ""))
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line): LedgerLine => JSON.parse(line));
}
