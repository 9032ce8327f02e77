import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DistributionError } from "../../scripts/distribution/distribution-error.js";
import { Ledger, type IntentLine, type OutcomeLine } from "../../scripts/distribution/ledger.js";
import { agencyPending, pendingOf } from "../../scripts/distribution/pending.js";
import { recipientKey, recipientRecords } from "../../scripts/distribution/recipient-state.js";
import { removeTempDirs, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

const files = (sha: string) => [{ path: "x.pdf", group: "roma-kinderen", kind: "infographic", sha256: sha }];
const intent = (messageId: string, recipients: string[], sha = "a"): IntentLine => ({
  event: "sending",
  time: "2026-11-29T00:00:00.000Z",
  agency: "jeugd",
  messageId,
  recipients,
  manifestSha256: sha,
  files: files(sha),
});
const outcome = (messageId: string, accepted: string[], rejected: string[] = []): OutcomeLine => ({
  event: "outcome",
  time: "2026-11-29T00:00:01.000Z",
  agency: "jeugd",
  messageId,
  accepted,
  rejected,
  error: rejected.length > 0 ? "refused" : null,
  by: "server",
});

async function failure(promise: Promise<unknown>): Promise<DistributionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DistributionError)) throw new Error(`expected a DistributionError, got ${String(error)}`);
  return error;
}

describe("the ledger", () => {
  it("is empty when the file does not exist, and appends whole lines", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    const ledger = await Ledger.read(file);
    expect(ledger.lines).toEqual([]);
    await ledger.append(intent("<1@x>", ["a@x"]));
    await ledger.append(outcome("<1@x>", ["a@x"]));
    expect((await Ledger.read(file)).lines.map((line) => line.event)).toEqual(["sending", "outcome"]);
  });

  it("starts a new line after a last line that lacks its newline", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await writeFile(file, JSON.stringify(intent("<1@x>", ["a@x"])));
    const ledger = await Ledger.read(file);
    await ledger.append(outcome("<1@x>", ["a@x"]));
    expect((await readFile(file, "utf8")).split("\n")).toHaveLength(3);
    expect((await Ledger.read(file)).lines).toHaveLength(2);
  });

  it("says which line is broken, and how to repair it, instead of guessing", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await writeFile(file, `${JSON.stringify(intent("<1@x>", ["a@x"]))}\n{ broken\n`);
    const error = await failure(Ledger.read(file));
    expect(error.format()).toBe(
      [
        `factsheets: ${file}:2: this line is not a ledger entry (not valid JSON)`,
        "  why: the ledger is the only record of who received what: guessing would mail agencies again, or never",
        "  fix: restore the ledger from version control; if only the last line is cut short (a run killed while writing it), " +
          "remove that line and check that message in the mail server's log",
      ].join("\n"),
    );
  });

  it("refuses an outcome that closes no announced message", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await writeFile(file, `${JSON.stringify(outcome("<9@x>", ["a@x"]))}\n`);
    expect((await failure(Ledger.read(file))).message).toBe(
      `${file}:1: this outcome closes the message <9@x>, but no earlier line says it was being sent`,
    );
  });

  it("reads an earlier version's lines as the intents and outcomes they stand for", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    const legacy = (outcome: "sent" | "failed", rejected: string[], messageId: string | null) => ({
      agency: "jeugd",
      time: "2026-11-28T00:00:00.000Z",
      method: "smtp",
      outcome,
      recipients: ["a@x", "b@x"],
      rejected,
      manifestSha256: "a",
      files: files("a"),
      messageId,
      error: outcome === "sent" ? null : "refused",
    });
    const lines = [legacy("failed", [], null), legacy("failed", ["a@x"], null), legacy("sent", [], "<7@x>")];
    await writeFile(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    const ledger = await Ledger.read(file);
    expect(
      ledger.lines.map((line) =>
        line.event === "outcome" ? `${line.messageId} ${line.accepted.join(",")}` : line.event,
      ),
    ).toEqual(["sending", "<ledger-line-1> ", "sending", "<ledger-line-2> b@x", "sending", "<7@x> a@x,b@x"]);
  });

  it("stops on a ledger that is a folder", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await mkdir(file);
    expect((await failure(Ledger.read(file))).message).toBe(`${file}: the ledger is a folder, not a file`);
  });
});

describe("recipients, from the ledger", () => {
  it("counts a message as received only by the recipients the server accepted", () => {
    const records = recipientRecords([intent("<1@x>", ["a@x", "b@x"]), outcome("<1@x>", ["b@x"], ["a@x"])]);
    expect(records.get(recipientKey("jeugd", "a@x"))).toEqual({ accepted: undefined, unconfirmed: undefined });
    expect(records.get(recipientKey("jeugd", "B@x"))?.accepted?.messageId).toBe("<1@x>");
  });

  it("keeps a message announced without an outcome as unconfirmed, until a later outcome closes it", () => {
    const open = recipientRecords([intent("<1@x>", ["a@x"]), outcome("<1@x>", ["a@x"]), intent("<2@x>", ["a@x"], "b")]);
    expect(open.get(recipientKey("jeugd", "a@x"))?.unconfirmed?.messageId).toBe("<2@x>");
    expect(open.get(recipientKey("jeugd", "a@x"))?.accepted?.messageId).toBe("<1@x>");
    const closed = recipientRecords([
      intent("<2@x>", ["a@x"], "b"),
      intent("<3@x>", ["a@x"], "b"),
      outcome("<3@x>", ["a@x"]),
    ]);
    expect(closed.get(recipientKey("jeugd", "a@x"))).toMatchObject({
      unconfirmed: undefined,
      accepted: { messageId: "<3@x>" },
    });
  });

  it("compares a recipient's received files with the current ones", () => {
    const current = { agency: "jeugd", files: files("new") };
    expect(pendingOf(current, { files: files("new") })).toEqual({ agency: "jeugd", state: "current" });
    expect(pendingOf(current, { files: files("old") })).toEqual({
      agency: "jeugd",
      state: "changed",
      groups: ["roma-kinderen"],
    });
    expect(
      agencyPending(current, [
        { agency: "jeugd", state: "current" },
        { agency: "jeugd", state: "never" },
      ]),
    ).toEqual({
      agency: "jeugd",
      state: "changed",
      groups: ["roma-kinderen"],
    });
    expect(agencyPending(current, [{ agency: "jeugd", state: "never" }])).toEqual({ agency: "jeugd", state: "never" });
  });
});
