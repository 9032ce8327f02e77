import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, copyToTemp, removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

const received: { to: string[]; mail: ParsedMail }[] = [];
const refused = new Set<string>(["kwaliteit@jeugdbescherming.example.org"]);
let server: SMTPServer;
let env: Record<string, string>;
let content: string;
let out: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) callback(new Error("550 mailbox unavailable"));
      else callback();
    },
    onData(stream, session, callback) {
      void simpleParser(stream).then((mail) => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  env = { FACTSHEETS_SMTP_HOST: "127.0.0.1", FACTSHEETS_SMTP_PORT: String(port), FACTSHEETS_SMTP_FROM: "rapporteur@example.org" };
  content = await copyToTemp(CONTENT);
  out = await tempDir();
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await removeTempDirs();
});

const ledger = async () => (await readFile(path.join(content, "distribution-ledger.jsonl"), "utf8").catch(() => "")).trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));

describe("factsheets distribute --send", () => {
  it("delivers one message per agency with the right attachments; a refused recipient fails that agency only", async () => {
    const result = await runCli(["distribute", "--content", content, "--out", out, "--send"], undefined, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("✗ jeugdbescherming: not reached: the server refused kwaliteit@jeugdbescherming.example.org");
    expect(result.stderr).toContain("1 agency was not reached; run the same command again to retry them (the others are not sent again).");
    expect(received.map((message) => message.to.join(",")).sort()).toEqual(
      [
        "beleid@jeugdbescherming.example.org",
        "mensenhandel@om.example.org",
        "mensenhandel@politie.example.org",
        "recherche@arbeidsinspectie.example.org",
        "zorgenveiligheid@voorbeeldstad.example.org",
      ].sort(),
    );
    for (const { mail } of received) {
      const manifestAttachment = mail.attachments.find((attachment) => attachment.filename === "manifest.json");
      expect(manifestAttachment).toBeDefined();
      const manifest = JSON.parse(manifestAttachment?.content.toString("utf8") ?? "{}");
      const files = mail.attachments.filter((attachment) => attachment.filename !== "manifest.json");
      expect(files.map((file) => file.filename).sort()).toEqual(manifest.files.map((file: { path: string }) => file.path).sort());
      for (const file of files) {
        const entry = manifest.files.find((candidate: { path: string }) => candidate.path === file.filename);
        expect(createHash("sha256").update(file.content).digest("hex")).toBe(entry.sha256);
      }
      expect(mail.text).toContain(`Controlegetal (SHA-256) van het manifest: ${createHash("sha256").update(manifestAttachment?.content ?? "").digest("hex")}`);
      expect(mail.text).toContain("Hierbij ontvangt u de bestanden van het rapport “Zicht op kwetsbaarheid” (14 april 2016)");
      expect(mail.subject).toMatch(/^Zicht op kwetsbaarheid: bestanden voor /);
    }
    const gemeente = received.find((message) => message.to.includes("zorgenveiligheid@voorbeeldstad.example.org"))?.mail.text ?? "";
    expect(gemeente).toContain("- Roma-kinderen: hoog\n- Syrische kindbruiden: redelijk\n");
    expect(gemeente).toContain("Dit is het eerste pakket dat u van ons ontvangt.");
    const entries = await ledger();
    expect(entries.map((entry: { agency: string; outcome: string }) => `${entry.agency} ${entry.outcome}`)).toEqual([
      "politie sent",
      "openbaar-ministerie sent",
      "arbeidsinspectie sent",
      "jeugdbescherming failed",
      "gemeente-voorbeeldstad sent",
    ]);
  });

  it("sends again only to the agency that was not reached", async () => {
    refused.clear();
    received.length = 0;
    const result = await runCli(["distribute", "--content", content, "--out", out, "--send"], undefined, env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(received.map((message) => message.to.join(","))).toEqual(["kwaliteit@jeugdbescherming.example.org,beleid@jeugdbescherming.example.org"]);
    expect((await ledger()).at(-1)).toMatchObject({ agency: "jeugdbescherming", outcome: "sent", rejected: [] });
  });

  it("retries an unreachable server with backoff, reports every agency not reached, and exits 1", async () => {
    const own = await copyToTemp(CONTENT);
    const started = performance.now();
    const result = await runCli(["distribute", "--content", own, "--out", await tempDir(), "--send"], undefined, { ...env, FACTSHEETS_SMTP_PORT: "1" });
    expect(result.code).toBe(1);
    expect(result.stderr.match(/^✗ .+: not reached: connect ECONNREFUSED 127\.0\.0\.1:1$/gm)).toHaveLength(5);
    expect(result.stderr).toContain("5 agencies were not reached; run the same command again to retry them (the others are not sent again).");
    // Three attempts each, 0.25 s and 1 s apart.
    expect(performance.now() - started).toBeGreaterThan(5 * 1250);
    const entries = (await readFile(path.join(own, "distribution-ledger.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(entries.map((item: { outcome: string }) => item.outcome)).toEqual(["failed", "failed", "failed", "failed", "failed"]);
  });

  it("after one group is edited, --pending names exactly the agencies that receive it", async () => {
    const file = path.join(content, "groups", "roma-kinderen.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("Toch wordt in deze zaken", "Toch wordt in al deze zaken"));
    const result = await runCli(["distribute", "--content", content, "--out", out, "--pending"], undefined, env);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(1).join("\n")).toBe(
      [
        "politie: holds outdated files: rapport, roma-kinderen",
        "openbaar-ministerie: holds outdated files: rapport",
        "jeugdbescherming: holds outdated files: roma-kinderen",
        "gemeente-voorbeeldstad: holds outdated files: roma-kinderen",
        "",
      ].join("\n"),
    );
  });
});
