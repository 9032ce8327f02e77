import { open, readFile } from "node:fs/promises";
import { z } from "zod";
import { DistributionError, errorCode, errorText } from "./distribution-error.js";

const SentFile = z.object({
  path: z.string(),
  group: z.string().nullable(),
  kind: z.string(),
  sha256: z.string(),
});

/** Written before a message goes out: who it is for, what it holds, and its Message-ID. */
export const IntentLine = z.strictObject({
  event: z.literal("sending").describe("an intent: this message is about to be handed to the SMTP server"),
  time: z.string(),
  agency: z.string(),
  messageId: z.string().min(1).describe("the message's Message-ID header, as the mail server logs it"),
  recipients: z.array(z.string()).min(1),
  manifestSha256: z.string(),
  files: z.array(SentFile),
});
export type IntentLine = z.infer<typeof IntentLine>;

/** Written once the SMTP server answered: which recipients it accepted and which it refused. */
export const OutcomeLine = z.strictObject({
  event: z.literal("outcome"),
  time: z.string(),
  agency: z.string(),
  messageId: z.string().min(1).describe("the Message-ID of the intent this outcome closes"),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
  error: z.string().nullable(),
  /** "server": the SMTP server's answer; "operator": confirmed by hand from the mail server's log. */
  by: z.enum(["server", "operator"]),
});
export type OutcomeLine = z.infer<typeof OutcomeLine>;

export const LedgerLine = z.discriminatedUnion("event", [IntentLine, OutcomeLine]);
export type LedgerLine = z.infer<typeof LedgerLine>;

/** A line of earlier versions: one per agency and sending, written after the server's answer. */
const LegacyLine = z.strictObject({
  agency: z.string(),
  time: z.string(),
  method: z.literal("smtp"),
  outcome: z.enum(["sent", "failed"]),
  recipients: z.array(z.string()),
  rejected: z.array(z.string()),
  manifestSha256: z.string(),
  files: z.array(SentFile),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
});
type LegacyLine = z.infer<typeof LegacyLine>;

/**
 * An earlier version's line as the intent and outcome it stands for. "sent" meant every recipient
 * accepted; "failed" with refused recipients meant the others accepted; any other failure, none.
 */
function fromLegacy(line: LegacyLine, lineNumber: number): [IntentLine, OutcomeLine] {
  const messageId = line.messageId ?? `<ledger-line-${lineNumber}>`;
  const { agency, time, recipients, rejected, manifestSha256, files, error } = line;
  const accepted =
    line.outcome === "sent"
      ? recipients
      : rejected.length > 0
        ? recipients.filter((email) => !rejected.includes(email))
        : [];
  return [
    { event: "sending", time, agency, messageId, recipients, manifestSha256, files },
    { event: "outcome", time, agency, messageId, accepted, rejected, error, by: "server" },
  ];
}

/** The ledger lives beside the content, so that it is committed with it. */
export const LEDGER_FILE = "distribution-ledger.jsonl";

const WHY = "the ledger is the only record of who received what: guessing would mail agencies again, or never";

/**
 * The append-only ledger of sendings (JSON lines). A missing file is an empty ledger; a file that
 * cannot be read, or a line that is not an entry, stops the run with the path and line. Lines of
 * earlier versions (one per agency, after the answer) are read as the intent and outcome they mean. Callers
 * hold the ledger's lock (ledger-lock.ts) from reading to the last append.
 */
export class Ledger {
  private constructor(
    readonly file: string,
    private readonly entries: LedgerLine[],
    private needsNewline: boolean,
  ) {}

  /** Every line, oldest first, including those this run appended. */
  get lines(): readonly LedgerLine[] {
    return this.entries;
  }

  static async read(file: string): Promise<Ledger> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT") return new Ledger(file, [], false);
      throw unreadable(file, error);
    }
    const lines: LedgerLine[] = [];
    const intents = new Set<string>();
    for (const [index, line] of text.split("\n").entries()) {
      if (line.trim() === "") continue;
      const json = parseJson(line);
      const legacy = LegacyLine.safeParse(json);
      if (legacy.success) {
        for (const entry of fromLegacy(legacy.data, index + 1)) {
          if (entry.event === "sending") intents.add(entry.messageId);
          lines.push(entry);
        }
        continue;
      }
      const parsed = LedgerLine.safeParse(json);
      const place = `${file}:${index + 1}`;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const detail =
          json === undefined
            ? "not valid JSON"
            : issue
              ? `${issue.path.join(".") || "the line"}: ${issue.message}`
              : "invalid";
        throw new DistributionError(
          place,
          `this line is not a ledger entry (${detail})`,
          WHY,
          "restore the ledger from version control; if only the last line is cut short (a run killed while " +
            "writing it), remove that line and check that message in the mail server's log",
        );
      }
      if (parsed.data.event === "sending") intents.add(parsed.data.messageId);
      else if (!intents.has(parsed.data.messageId)) {
        throw new DistributionError(
          place,
          `this outcome closes the message ${parsed.data.messageId}, but no earlier line says it was being sent`,
          WHY,
          "restore the ledger from version control",
        );
      }
      lines.push(parsed.data);
    }
    return new Ledger(file, lines, text.length > 0 && !text.endsWith("\n"));
  }

  /** Appends one line and flushes it to disk before returning. */
  async append(line: LedgerLine): Promise<void> {
    const text = `${this.needsNewline ? "\n" : ""}${JSON.stringify(line)}\n`;
    try {
      const handle = await open(this.file, "a");
      try {
        await handle.write(text);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new DistributionError(
        this.file,
        `could not append to the ledger: ${errorText(error)}`,
        line.event === "sending"
          ? `the message ${line.messageId} to ${line.agency} was therefore not sent`
          : `the server's answer to the message ${line.messageId} (${line.agency}) is not recorded; ` +
              "the ledger still says it was being sent",
        "make the ledger writable (free disk space, permissions), then run the same command again",
        { cause: error },
      );
    }
    this.needsNewline = false;
    this.entries.push(line);
  }
}

function unreadable(file: string, error: unknown): DistributionError {
  const code = errorCode(error);
  const what =
    code === "EISDIR"
      ? "the ledger is a folder, not a file"
      : code === "EACCES" || code === "EPERM"
        ? "the ledger cannot be read: permission denied"
        : `the ledger cannot be read: ${errorText(error)}`;
  const fix =
    code === "EISDIR"
      ? "move the folder away and restore the ledger file from version control"
      : "give this user read and write access to the ledger (or restore it from version control), then run again";
  return new DistributionError(file, what, `${WHY}; nothing was sent`, fix, { cause: error });
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
