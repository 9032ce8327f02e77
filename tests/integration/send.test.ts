import { createHash } from "node:crypto";
import { readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, copyToTemp, removeTempDirs, ROOT, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { ledgerLines, startSmtp, type LedgerLine, type TestSmtp } from "../helpers/smtp.js";

let smtp: TestSmtp;
let content: string;
let out: string;

beforeAll(async () => {
  smtp = await startSmtp();
  smtp.refused.add("kwaliteit@jeugdbescherming.example.org");
  content = await copyToTemp(CONTENT);
  out = await tempDir();
});
afterAll(async () => {
  await smtp.close();
  await removeTempDirs();
});

const summary = (entries: LedgerLine[]) =>
  entries.map((entry) =>
    entry.event === "sending"
      ? `${entry.agency} sending ${entry.recipients?.join(",")}`
      : `${entry.agency} outcome accepted=${entry.accepted?.join(",")} rejected=${entry.rejected?.join(",")}`,
  );

describe("factsheets distribute --send", () => {
  it("delivers one message per agency with the right attachments; a refused recipient fails only that recipient", async () => {
    const result = await runCli(["distribute", "--content", content, "--out", out, "--send"], undefined, smtp.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        "✗ jeugdbescherming: niet bereikt: de mailserver weigerde kwaliteit@jeugdbescherming.example.org; " +
          "aangenomen door beleid@jeugdbescherming.example.org",
        "1 instantie is niet bereikt; voer dezelfde opdracht nog eens uit om het opnieuw te proberen " +
          "(alleen de ontvangers die de huidige bestanden nog niet hebben aangenomen, krijgen ze).",
        "",
      ].join("\n"),
    );
    expect(smtp.received.map((message) => message.to.join(",")).sort()).toEqual(
      [
        "beleid@jeugdbescherming.example.org",
        "mensenhandel@om.example.org",
        "mensenhandel@politie.example.org",
        "recherche@arbeidsinspectie.example.org",
        "zorgenveiligheid@voorbeeldstad.example.org",
      ].sort(),
    );
    for (const { mail } of smtp.received) {
      const manifestAttachment = mail.attachments.find((attachment) => attachment.filename === "manifest.json");
      expect(manifestAttachment).toBeDefined();
      const manifest = JSON.parse(manifestAttachment?.content.toString("utf8") ?? "{}");
      const files = mail.attachments.filter((attachment) => attachment.filename !== "manifest.json");
      expect(files.map((file) => file.filename).sort()).toEqual(
        manifest.files.map((file: { path: string }) => file.path).sort(),
      );
      for (const file of files) {
        const entry = manifest.files.find((candidate: { path: string }) => candidate.path === file.filename);
        expect(createHash("sha256").update(file.content).digest("hex")).toBe(entry.sha256);
      }
      expect(mail.text).toContain(
        `Controlegetal (SHA-256) van het manifest: ${createHash("sha256")
          .update(manifestAttachment?.content ?? "")
          .digest("hex")}`,
      );
      expect(mail.text?.startsWith("Geachte heer, mevrouw,\n\nHierbij ontvangt ")).toBe(true);
      expect(mail.text).toContain(" de bestanden van het rapport “Zicht op kwetsbaarheid” (14 april 2016)");
      expect(mail.subject).toMatch(/^Zicht op kwetsbaarheid: bestanden voor /);
    }
    const gemeente =
      smtp.received.find((message) => message.to.includes("zorgenveiligheid@voorbeeldstad.example.org"))?.mail.text ??
      "";
    // Every question's answer, in the source's words, with no step: the letter claims no order.
    expect(gemeente).toContain(
      [
        "- Roma-kinderen",
        "  kwetsbaarheid: “hoge kwetsbaarheid”",
        "  aanwijzingen dat mensenhandelaren zich specifiek op de groep richten: “diverse veroordelingen gevolgd voor " +
          "familieleden die hun kinderen strafbare feiten lieten plegen … niet altijd de relatie met mensenhandel gelegd”",
        "- Syrische kindbruiden",
        "  kwetsbaarheid: “redelijke kwetsbaarheid”",
        "  aanwijzingen dat mensenhandelaren zich specifiek op de groep richten: “geen signalen die daadwerkelijk " +
          "duiden op mensenhandel”",
        "",
      ].join("\n"),
    );
    expect(gemeente).toContain("Dit is het eerste pakket dat u van ons ontvangt.");
    const entries = await ledgerLines(content);
    expect(summary(entries)).toEqual([
      "politie sending mensenhandel@politie.example.org",
      "politie outcome accepted=mensenhandel@politie.example.org rejected=",
      "openbaar-ministerie sending mensenhandel@om.example.org",
      "openbaar-ministerie outcome accepted=mensenhandel@om.example.org rejected=",
      "arbeidsinspectie sending recherche@arbeidsinspectie.example.org",
      "arbeidsinspectie outcome accepted=recherche@arbeidsinspectie.example.org rejected=",
      "jeugdbescherming sending kwaliteit@jeugdbescherming.example.org,beleid@jeugdbescherming.example.org",
      "jeugdbescherming outcome accepted=beleid@jeugdbescherming.example.org rejected=kwaliteit@jeugdbescherming.example.org",
      "gemeente-voorbeeldstad sending zorgenveiligheid@voorbeeldstad.example.org",
      "gemeente-voorbeeldstad outcome accepted=zorgenveiligheid@voorbeeldstad.example.org rejected=",
    ]);
    // The intent names the very Message-ID the server received.
    expect(
      entries
        .filter((entry) => entry.event === "sending")
        .map((entry) => entry.messageId)
        .sort(),
    ).toEqual(smtp.received.map((message) => message.messageId).sort());
  });

  it("sends again only to the recipient that was refused, not to the one that accepted", async () => {
    smtp.refused.clear();
    smtp.received.length = 0;
    const result = await runCli(["distribute", "--content", content, "--out", out, "--send"], undefined, smtp.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(smtp.received.map((message) => message.to.join(","))).toEqual(["kwaliteit@jeugdbescherming.example.org"]);
    expect(summary((await ledgerLines(content)).slice(-2))).toEqual([
      "jeugdbescherming sending kwaliteit@jeugdbescherming.example.org",
      "jeugdbescherming outcome accepted=kwaliteit@jeugdbescherming.example.org rejected=",
    ]);
    // Only the refused recipient was told: the cover text says what it holds, nothing about the other.
    expect(smtp.received[0]?.mail.text).toContain("Dit is het eerste pakket dat u van ons ontvangt.");
  });

  it("reports every agency an unreachable server kept from being reached, and exits 1", async () => {
    const own = await copyToTemp(CONTENT);
    const result = await runCli(["distribute", "--content", own, "--out", await tempDir(), "--send"], undefined, {
      ...smtp.env,
      FACTSHEETS_SMTP_PORT: "1",
    });
    expect(result.code).toBe(1);
    // In words, with the technical detail after them for whoever runs the server.
    const refused =
      /^✗ .+: niet bereikt: de mailserver 127\.0\.0\.1:1 antwoordt niet \(de verbinding wordt geweigerd\); controleer FACTSHEETS_SMTP_HOST en FACTSHEETS_SMTP_PORT, of vraag de beheerder of de server aan staat \(connect ECONNREFUSED 127\.0\.0\.1:1\)$/gm;
    expect(result.stderr.match(refused)).toHaveLength(5);
    expect(result.stderr).toContain("5 instanties zijn niet bereikt; voer dezelfde opdracht nog eens uit");
    const entries = await ledgerLines(own);
    expect(
      entries.map((entry: { event: string; accepted?: string[] }) => `${entry.event} ${entry.accepted?.length ?? "-"}`),
    ).toEqual(Array.from({ length: 5 }, () => ["sending -", "outcome 0"]).flat());
  });

  it("tries a server that turns connections away (421) three times per message, then reports it", async () => {
    const own = await copyToTemp(CONTENT);
    smtp.refuseConnections = true;
    try {
      const result = await runCli(
        ["distribute", "--content", own, "--out", await tempDir(), "--send"],
        undefined,
        smtp.env,
      );
      expect(result.code).toBe(1);
      expect(
        result.stderr.match(/^✗ .+: niet bereikt: de mailserver 127\.0\.0\.1:\d+ antwoordde: .*421.*$/gm),
      ).toHaveLength(5);
    } finally {
      smtp.refuseConnections = false;
    }
    expect(smtp.connectionsRefused).toBe(15);
  });

  it("after one group is edited, --pending names exactly the agencies that receive it", async () => {
    const file = path.join(content, "groups", "roma-kinderen.md");
    await writeFile(file, `${(await readFile(file, "utf8")).trimEnd()} Dit is een toegevoegde zin.\n`);
    const result = await runCli(["distribute", "--content", content, "--out", out, "--pending"], undefined, smtp.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n").slice(1).join("\n")).toBe(
      [
        "politie: heeft verouderde bestanden: rapport, roma-kinderen",
        "openbaar-ministerie: heeft verouderde bestanden: rapport",
        "jeugdbescherming: heeft verouderde bestanden: roma-kinderen",
        "gemeente-voorbeeldstad: heeft verouderde bestanden: roma-kinderen",
        "",
      ].join("\n"),
    );
  });
});

describe("the mail server's settings", () => {
  it("come from the sender's own file (FACTSHEETS_SMTP_CONFIG) as well as the environment, which goes first", async () => {
    const own = await copyToTemp(CONTENT);
    const folder = await tempDir();
    const file = path.join(folder, "smtp.yml");
    // The file names a port nothing listens on; the environment's port, the test server's, goes before it.
    await writeFile(file, `host: 127.0.0.1\nport: 1\nfrom: "Rapporteur <rapporteur@example.org>"\n`);
    const before = smtp.received.length;
    const result = await runCli(["distribute", "--content", own, "--out", await tempDir(), "--send"], undefined, {
      FACTSHEETS_SMTP_CONFIG: file,
      FACTSHEETS_SMTP_PORT: smtp.env.FACTSHEETS_SMTP_PORT ?? "",
    });
    expect(result.stderr).not.toContain("ontbreekt");
    // Every agency's message reached the server; one recipient is refused there, as in the tests above.
    expect(smtp.received.length - before).toBe(5);
    expect(smtp.received.at(-1)?.mail.from?.value).toEqual([{ name: "Rapporteur", address: "rapporteur@example.org" }]);
  });

  it("a settings file with a mistake is reported at its line, with why and fix, and nothing is sent", async () => {
    const folder = await tempDir();
    const file = path.join(folder, "smtp.yml");
    await writeFile(file, "host: 127.0.0.1\nport: zeven\nfrom: rapporteur@example.org\n");
    const before = smtp.received.length;
    const result = await runCli(["distribute", "--out", await tempDir(), "--send"], undefined, {
      FACTSHEETS_SMTP_CONFIG: file,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(
      `${path.relative(ROOT, file)}:2:7: fout: ‘port’ moet een heel getal zijn, maar het is de tekst "zeven"`,
    );
    expect(result.stderr).toContain(
      "  waarom: ‘port’ is de poort van de mailserver: standaard 587, 465 met ‘secure’\n",
    );
    expect(smtp.received.length).toBe(before);
  });

  it("are never read from the content folder, not even through a link from elsewhere, and nothing is sent", async () => {
    const own = await copyToTemp(CONTENT);
    const inside = path.join(own, "smtp.yml");
    await writeFile(inside, `host: 127.0.0.1\nport: ${smtp.env.FACTSHEETS_SMTP_PORT ?? ""}\nfrom: a@example.org\n`);
    const link = path.join(await tempDir(), "smtp.yml");
    await symlink(inside, link);
    const before = smtp.received.length;
    for (const file of [inside, link]) {
      const result = await runCli(["distribute", "--content", own, "--out", await tempDir(), "--send"], undefined, {
        FACTSHEETS_SMTP_CONFIG: file,
      });
      expect(result.code).toBe(1);
      expect(result.stderr.split("\n")[0]).toBe(
        `${path.relative(ROOT, file)}:1:1: fout: het bestand met de instellingen van de mailserver staat in de ` +
          `inhoudsmap ${own}`,
      );
    }
    expect(smtp.received.length).toBe(before);
  });

  it("when none are given, names what is missing and the file they may go in", async () => {
    const config = await tempDir();
    const result = await runCli(["distribute", "--out", await tempDir(), "--send"], undefined, {
      XDG_CONFIG_HOME: config,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "factsheets: --send heeft de instellingen van de mailserver nodig, in de omgeving of in " +
        `${path.join(config, "factsheets", "smtp.yml")} (zie README, deel ‘Voor communicatie: de bestanden ` +
        "verzenden’); ontbreekt: FACTSHEETS_SMTP_HOST (host), FACTSHEETS_SMTP_FROM (from)\n",
    );
  });
});
