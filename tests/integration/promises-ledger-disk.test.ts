import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTENT, copyToTemp } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { LEDGER_FILE } from "../../scripts/distribution/ledger.js";
import { ledgerLines, usePreparedDistribution, type TestSmtp } from "../helpers/smtp.js";
import { failingWrite, startTraced } from "../helpers/strace.js";

/**
 * README, "Sending, exactly once": "A ledger that cannot be appended to (a full or read-only
 * disk) stops the run before the next message. No stack trace is ever printed by `distribute`."
 * The disk is made full for the ledger alone, by strace failing its writes with ENOSPC, so the
 * rest of the run (stdout, the SMTP socket, the packages) goes on as on a real machine.
 */
let smtp: TestSmtp;
let out: string;
usePreparedDistribution((prepared) => ({ smtp, out } = prepared));

const send = (content: string) => ["distribute", "--content", content, "--out", out, "--send"];
const events = async (content: string) =>
  (await ledgerLines(content)).map((entry) => `${entry.agency ?? ""} ${entry.event}`);

describe("a ledger on a full disk", () => {
  it("cannot take the first intent: nothing is sent, and the message says which file and what to do", async () => {
    smtp.received.length = 0;
    const content = await copyToTemp(CONTENT);
    const ledger = path.join(content, LEDGER_FILE);
    const run = await startTraced(failingWrite(ledger, "1+", "ENOSPC"), send(content), smtp.env).done;
    expect(smtp.received).toHaveLength(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^factsheets: ${ledger.replaceAll(".", "\\.")}: could not append to the ledger: ENOSPC: no space left on device, write\\n` +
          "  why: the message <[0-9a-f-]+@example\\.org> to politie was therefore not sent\\n" +
          "  fix: make the ledger writable \\(free disk space, permissions\\), then run the same command again\\n$",
      ),
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // The failed append leaves no half line that the next run would have to call corrupt.
    expect(existsSync(ledger) ? await readFile(ledger, "utf8") : "").toBe("");
  });

  it("cannot take the first message's outcome: the run stops before the second message, and the next run names the first", async () => {
    smtp.received.length = 0;
    const content = await copyToTemp(CONTENT);
    const ledger = path.join(content, LEDGER_FILE);
    const run = await startTraced(failingWrite(ledger, "2+", "ENOSPC"), send(content), smtp.env).done;
    // The server got the first message; the second agency's never left.
    expect(smtp.received.map((message) => message.to)).toEqual([["mensenhandel@politie.example.org"]]);
    expect(run.code).toBe(1);
    const messageId = smtp.received[0]?.messageId ?? "";
    expect(run.stderr).toBe(
      `factsheets: ${ledger}: could not append to the ledger: ENOSPC: no space left on device, write\n` +
        `  why: the server's answer to the message ${messageId} (politie) is not recorded; the ledger still says it was being sent\n` +
        "  fix: make the ledger writable (free disk space, permissions), then run the same command again\n",
    );
    expect(await events(content)).toEqual(["politie sending"]);

    // Space again: the message whose outcome was lost is named, not sent a second time.
    const rerun = await runCli(send(content), undefined, smtp.env);
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toContain(
      `? politie: niet opnieuw verzonden: bericht ${messageId} aan mensenhandel@politie.example.org`,
    );
    expect(smtp.received.filter((message) => message.to.includes("mensenhandel@politie.example.org"))).toHaveLength(1);
  });
});
