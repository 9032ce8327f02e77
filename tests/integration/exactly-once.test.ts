import { spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTENT, copyToTemp } from "../helpers/paths.js";
import { runCli, startCli, type CliRun, type StartedCli } from "../helpers/run-cli.js";
import { LEDGER_FILE } from "../../scripts/distribution/ledger.js";
import { copiesPerRecipient, ledgerLines, usePreparedDistribution, type TestSmtp } from "../helpers/smtp.js";

const RECIPIENTS = [
  "beleid@jeugdbescherming.example.org",
  "kwaliteit@jeugdbescherming.example.org",
  "mensenhandel@om.example.org",
  "mensenhandel@politie.example.org",
  "recherche@arbeidsinspectie.example.org",
  "zorgenveiligheid@voorbeeldstad.example.org",
];
const ONE_EACH = Object.fromEntries(RECIPIENTS.map((recipient) => [recipient, 1]));

let smtp: TestSmtp;
/** One output folder for every test: built once, so each run only decides, packs and sends. */
let out: string;
usePreparedDistribution((prepared) => ({ smtp, out } = prepared));

/** A fresh content folder (its own ledger) and a clean server log. */
async function fresh(): Promise<string> {
  smtp.received.length = 0;
  smtp.refused.clear();
  smtp.beforeAccept = undefined;
  return copyToTemp(CONTENT);
}
const send = (content: string, ...extra: string[]) => [
  "distribute",
  "--content",
  content,
  "--out",
  out,
  "--send",
  ...extra,
];

/** A process that is certainly gone: started, SIGKILLed, reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const pid = child.pid ?? 0;
  child.kill("SIGKILL");
  await once(child, "exit");
  return pid;
}

describe("two distribute --send runs on one ledger", () => {
  it("while the server holds the first run's first message, a second run is refused; each recipient gets one copy", async () => {
    const content = await fresh();
    let second: Promise<CliRun> | undefined;
    const first = startCli(send(content), undefined, smtp.env);
    // A slow server: it accepts the first message only once a second operator's run has ended.
    smtp.beforeAccept = async () => {
      if (second) return;
      second = runCli(send(content), undefined, smtp.env);
      await second;
    };
    const firstResult = await first.done;
    const secondResult = await second;
    expect(firstResult.stderr).toBe("");
    expect(firstResult.code).toBe(0);
    expect(secondResult?.code).toBe(1);
    expect(secondResult?.stderr).toBe(
      [
        `factsheets: ${path.join(content, LEDGER_FILE)}.lock: another distribute (process ${first.child.pid}) is using this ledger`,
        "  why: two runs that decide from one ledger at once would mail the same recipients twice",
        "  fix: wait for it to finish and run the same command again: it sends only what is still pending " +
          `(if process ${first.child.pid} is not a factsheets run, remove this lock file)`,
        "",
      ].join("\n"),
    );
    expect(copiesPerRecipient(smtp.received)).toEqual(ONE_EACH);
    expect((await ledgerLines(content)).filter((line) => line.event === "sending")).toHaveLength(5);
  });

  it("two runs started at the same instant: each recipient gets one copy", async () => {
    const content = await fresh();
    const results = await Promise.all([
      runCli(send(content), undefined, smtp.env),
      runCli(send(content), undefined, smtp.env),
    ]);
    expect(results.map((result) => result.stderr.includes("Error:") || result.stderr.includes("    at "))).toEqual([
      false,
      false,
    ]);
    expect(results.some((result) => result.code === 0)).toBe(true);
    expect(copiesPerRecipient(smtp.received)).toEqual(ONE_EACH);
  });
});

describe("a lock left behind", () => {
  it.each([
    ["by a killed run (its process id, now gone)", async () => `${await deadPid()}\n`],
    ["by hand (touch: an empty file)", () => Promise.resolve("")],
  ])("%s is taken over: every recipient gets one copy and the lock is gone", async (_name, lockText) => {
    const content = await fresh();
    await writeFile(path.join(content, `${LEDGER_FILE}.lock`), await lockText());
    const result = await runCli(send(content), undefined, smtp.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(copiesPerRecipient(smtp.received)).toEqual(ONE_EACH);
    expect((await readdir(content)).filter((name) => name.includes(".lock"))).toEqual([]);
  });

  it("by a live process stops the run before anything is read or sent", async () => {
    const content = await fresh();
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      await writeFile(path.join(content, `${LEDGER_FILE}.lock`), `${holder.pid}\n`);
      const result = await runCli(send(content), undefined, smtp.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^factsheets: .+\\.lock: another distribute \\(process ${holder.pid}\\) is using this ledger\\n`),
      );
      expect(smtp.received).toEqual([]);
    } finally {
      holder.kill("SIGKILL");
    }
  });
});

describe("a lock left by a killed run that another run is still taking over", () => {
  it("is waited for, then the run stops before anything is sent, naming the run that takes it over", async () => {
    const content = await fresh();
    const lock = path.join(content, `${LEDGER_FILE}.lock`);
    const dead = await deadPid();
    await writeFile(lock, `${dead}\n`);
    const taker = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      // The right to replace the dead run's lock, held by a live process that never finishes its takeover.
      await writeFile(`${lock}.takeover-${dead}`, `${taker.pid}\n`);
      const result = await runCli(send(content), undefined, smtp.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^factsheets: ${lock}: another distribute \\(process ${taker.pid}\\) kept taking over this ledger's ` +
            "stale lock for 1\\d s\n  why: .+\n  fix: wait for it to finish and run the same command again: it " +
            `sends only what is still pending \\(stop process ${taker.pid} if it hangs\\)\n$`,
        ),
      );
      expect(smtp.received).toEqual([]);
      expect(await readFile(lock, "utf8")).toBe(`${dead}\n`);
    } finally {
      taker.kill("SIGKILL");
    }
  });
});

describe("a run killed after the server accepted a message and before the outcome was written", () => {
  /** Runs --send and SIGKILLs it once the server has the second message in full, then accepts that message. */
  async function killedAtSecondMessage(content: string): Promise<{ killed: CliRun; messageId: string }> {
    const run = startCli(send(content), undefined, smtp.env);
    smtp.beforeAccept = async () => {
      if (smtp.received.length !== 1) return;
      run.child.kill("SIGKILL");
      await run.done;
      smtp.beforeAccept = undefined;
    };
    const killed = await run.done;
    expect(killed.signal).toBe("SIGKILL");
    await smtp.accepted(2);
    expect(smtp.received[1]?.to).toEqual(["mensenhandel@om.example.org"]);
    const messageId = smtp.received[1]?.messageId ?? "";
    expect(messageId).toMatch(/^<[0-9a-f-]+@example\.org>$/);
    return { killed, messageId };
  }

  it("leaves the intent; a rerun does not send it again but names it, and --confirm records it", async () => {
    const content = await fresh();
    const { messageId } = await killedAtSecondMessage(content);
    const lines = await ledgerLines(content);
    expect(lines.map((line) => `${line.agency} ${line.event}`)).toEqual([
      "politie sending",
      "politie outcome",
      "openbaar-ministerie sending",
    ]);
    expect(lines.at(-1)?.messageId).toBe(messageId);

    const rerun = await runCli(send(content), undefined, smtp.env);
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toMatch(
      new RegExp(
        `^\\? openbaar-ministerie: niet opnieuw verzonden: bericht ${messageId} aan mensenhandel@om\\.example\\.org \\(\\S+\\) ` +
          "heeft in het verzendlogboek geen antwoord van de server; zoek deze Message-ID op in het logboek van de mailserver\\n" +
          "1 bericht is niet bevestigd\\. Staat het in het logboek van de mailserver als aangenomen, voer de opdracht dan " +
          "opnieuw uit met --confirm '<Message-ID>'; zo niet, met --send --resend-unconfirmed\\.\\n$",
      ),
    );
    expect(copiesPerRecipient(smtp.received)).toEqual(ONE_EACH);

    const confirmed = await runCli(["distribute", "--content", content, "--out", out, "--confirm", messageId]);
    expect(confirmed.stderr).toBe("");
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(
      `✓ ${messageId}: vastgelegd als aangenomen door de mailserver (met de hand bevestigd)\n`,
    );
    const last = await runCli(send(content), undefined, smtp.env);
    expect(last.stderr).toBe("");
    expect(last.code).toBe(0);
    expect(copiesPerRecipient(smtp.received)).toEqual(ONE_EACH);
  });

  it("sends it again only when asked with --resend-unconfirmed, with a new Message-ID", async () => {
    const content = await fresh();
    const { messageId } = await killedAtSecondMessage(content);
    const resent = await runCli(send(content, "--resend-unconfirmed"), undefined, smtp.env);
    expect(resent.stderr).toBe("");
    expect(resent.code).toBe(0);
    expect(copiesPerRecipient(smtp.received)).toEqual({ ...ONE_EACH, "mensenhandel@om.example.org": 2 });
    expect(smtp.received.at(-1)?.messageId === messageId).toBe(false);
    const again = await runCli(send(content), undefined, smtp.env);
    expect(again.code).toBe(0);
    expect(smtp.received).toHaveLength(6);
  });
});

/**
 * A bare SMTP server on 127.0.0.1 that takes every message in full and then drops the connection
 * without answering: the sender cannot know whether the message was accepted. Counts messages.
 */
async function answerLosingServer(): Promise<{ port: number; messages: () => number; close: () => Promise<void> }> {
  let messages = 0;
  const server = net.createServer((socket) => {
    let inData = false;
    let buffer = "";
    socket.write("220 localhost ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      if (inData) {
        if (!buffer.includes("\r\n.\r\n")) return;
        messages += 1;
        socket.destroy();
        return;
      }
      let end;
      while ((end = buffer.indexOf("\r\n")) >= 0 && !inData) {
        const command = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (command.startsWith("EHLO") || command.startsWith("HELO")) socket.write("250 localhost\r\n");
        else if (command.startsWith("DATA")) {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (command.startsWith("QUIT")) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, messages: () => messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("a connection lost after the message was handed over", () => {
  it("is neither retried nor recorded as sent: each message goes out once and is reported unconfirmed", async () => {
    const content = await fresh();
    const lossy = await answerLosingServer();
    try {
      const result = await runCli(send(content), undefined, { ...smtp.env, FACTSHEETS_SMTP_PORT: String(lossy.port) });
      expect(result.code).toBe(1);
      expect(lossy.messages()).toBe(5);
      expect(
        result.stderr.match(
          /^\? .+: het antwoord van de server op bericht <.+> aan .+ is verloren gegaan \(.+\); misschien is het aangenomen;/gm,
        ),
      ).toHaveLength(5);
      expect((await ledgerLines(content)).map((line) => line.event)).toEqual(
        Array.from({ length: 5 }, () => "sending"),
      );
      const rerun = await runCli(send(content), undefined, { ...smtp.env, FACTSHEETS_SMTP_PORT: String(lossy.port) });
      expect(rerun.code).toBe(1);
      expect(lossy.messages()).toBe(5);
      expect(rerun.stderr.match(/^\? .+: niet opnieuw verzonden: /gm)).toHaveLength(5);
    } finally {
      await lossy.close();
    }
  });
});

describe("a ledger that cannot be trusted stops the run before anything is sent", () => {
  it("a folder where the ledger should be", async () => {
    const content = await fresh();
    const ledger = path.join(content, LEDGER_FILE);
    await mkdir(ledger);
    const result = await runCli(send(content), undefined, smtp.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `factsheets: ${ledger}: the ledger is a folder, not a file`,
        "  why: the ledger is the only record of who received what: guessing would mail agencies again, or never; nothing was sent",
        "  fix: move the folder away and restore the ledger file from version control",
        "",
      ].join("\n"),
    );
    expect(smtp.received).toEqual([]);
  });

  it("a corrupt line, named by file and line", async () => {
    const content = await fresh();
    const ledger = path.join(content, LEDGER_FILE);
    await writeFile(ledger, '{"event":"sending"}\n');
    const result = await runCli(send(content), undefined, smtp.env);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(
      `factsheets: ${ledger}:1: this line is not a ledger entry (time: Invalid input: expected string, received undefined)`,
    );
    expect(smtp.received).toEqual([]);
  });

  it("a ledger whose folder does not exist", async () => {
    const content = await fresh();
    const ledger = path.join(content, "no-such-folder", LEDGER_FILE);
    const result = await runCli([...send(content), "--ledger", ledger], undefined, smtp.env);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toMatch(
      new RegExp(`^factsheets: ${ledger.replaceAll("/", "\\/")}\\.lock: cannot take the ledger's lock: ENOENT`),
    );
    expect(result.stderr).not.toContain("    at ");
    expect(smtp.received).toEqual([]);
  });
});

describe("as an office would: two operators at once, one killed half-way, one address refused", () => {
  it("ends with every recipient holding exactly one copy, and the ledger saying so line by line", async () => {
    const content = await fresh();
    smtp.refused.add("kwaliteit@jeugdbescherming.example.org");
    const runs: StartedCli[] = [];
    // The lock holder is killed right after the server has its second message, before the answer reaches it.
    smtp.beforeAccept = async () => {
      if (smtp.received.length !== 1) return;
      smtp.beforeAccept = undefined;
      const holder = Number((await readFile(path.join(content, `${LEDGER_FILE}.lock`), "utf8")).trim());
      const run = runs.find((candidate) => candidate.child.pid === holder);
      run?.child.kill("SIGKILL");
      await run?.done;
    };
    runs.push(startCli(send(content), undefined, smtp.env), startCli(send(content), undefined, smtp.env));
    const [a, b] = await Promise.all(runs.map((run) => run.done));
    expect([a?.signal, b?.signal].filter((signal) => signal === "SIGKILL")).toHaveLength(1);
    await smtp.accepted(2);
    const unconfirmed = smtp.received[1]?.messageId ?? "";

    // The second operator runs again: the killed run's lock is taken over, its message is held back.
    const rerun = await runCli(send(content), undefined, smtp.env);
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toContain(`niet opnieuw verzonden: bericht ${unconfirmed} aan mensenhandel@om.example.org`);
    // The mail server's log shows it accepted: record that. The refused address is fixed on the server's side.
    expect((await runCli(["distribute", "--content", content, "--out", out, "--confirm", unconfirmed])).code).toBe(0);
    smtp.refused.clear();
    const last = await runCli(send(content), undefined, smtp.env);
    expect(last.stderr).toBe("");
    expect(last.code).toBe(0);

    expect(copiesPerRecipient(smtp.received)).toEqual(ONE_EACH);
    const lines = await ledgerLines(content);
    const sent = lines
      .filter((line) => line.event === "sending")
      .map((line) => line.messageId)
      .sort();
    expect(sent).toEqual(smtp.received.map((message) => message.messageId).sort());
    const closed = new Set(lines.filter((line) => line.event === "outcome").map((line) => line.messageId));
    expect(sent.every((messageId) => closed.has(messageId))).toBe(true);
    const final = await runCli(["distribute", "--content", content, "--out", out, "--pending"]);
    expect(final.stdout).toContain("Elke instantie heeft de huidige bestanden.");
    console.log(
      [
        "office scenario, what the SMTP server accepted:",
        ...smtp.received.map((message) => `  ${message.messageId} to ${message.to.join(", ")}`),
        "ledger:",
        ...(await readFile(path.join(content, LEDGER_FILE), "utf8"))
          .trim()
          .split("\n")
          .map((line) => `  ${line.slice(0, 160)}`),
      ].join("\n"),
    );
  });
});
