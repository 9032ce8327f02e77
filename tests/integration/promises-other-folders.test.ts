import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, FIXTURES, removeTempDirs, snapshotTree, TEMPLATES, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { copiesPerRecipient, startSmtp, type TestSmtp } from "../helpers/smtp.js";

/**
 * Promises that hold for any content folder, not only the default one, checked from a working
 * folder laid out as an office's would be: `content/` (the default edition) beside a second one.
 */
let smtp: TestSmtp;
let work: string;

beforeAll(async () => {
  smtp = await startSmtp();
  work = await tempDir();
  await cp(CONTENT, path.join(work, "content"), { recursive: true });
  await cp(CONTENT, path.join(work, "tweede-editie"), { recursive: true });
  await cp(TEMPLATES, path.join(work, "templates"), { recursive: true });
});
afterAll(async () => {
  await smtp.close();
  await removeTempDirs();
});

describe("the distribution ledger is kept beside the content it belongs to (README, “Sending, exactly once”)", () => {
  it("a second edition's run writes its own ledger and leaves the default content folder untouched", async () => {
    const before = await snapshotTree(path.join(work, "content"));
    const edition = ["distribute", "--content", "tweede-editie", "--out", "uit-tweede", "--send"];
    const first = await runCli(edition, work, smtp.env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(await snapshotTree(path.join(work, "content"))).toEqual(before);
    const ledger = await readFile(path.join(work, "tweede-editie", "distribution-ledger.jsonl"), "utf8");
    expect(ledger.trim().split("\n")).toHaveLength(2 * 5);
    expect(await readdir(path.join(work, "tweede-editie"))).not.toContain("distribution-ledger.jsonl.lock");

    // The default edition has sent nothing yet: its own ledger says so, whatever the other one holds.
    const received = smtp.received.length;
    const defaults = await runCli(["distribute", "--out", "uit", "--send"], work, smtp.env);
    expect(defaults.stderr).toBe("");
    expect(defaults.code).toBe(0);
    expect(smtp.received.length - received).toBe(5);
    expect(existsSync(path.join(work, "content", "distribution-ledger.jsonl"))).toBe(true);
    expect(Object.values(copiesPerRecipient(smtp.received))).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe("`check` validates and writes nothing (README, “Command line”)", () => {
  it.each<[string, string[], number]>([
    ["the default content", [], 0],
    ["the English example report", ["--content", "example-en"], 0],
    ["content with a problem", ["--content", "kapot"], 1],
  ])("%s: no file is made or changed anywhere in the working folder", async (_name, args, code) => {
    const folder = await tempDir();
    await cp(CONTENT, path.join(folder, "content"), { recursive: true });
    await cp(CONTENT, path.join(folder, "kapot"), { recursive: true });
    await cp(path.join(FIXTURES, "reports", "example-en"), path.join(folder, "example-en"), { recursive: true });
    await cp(TEMPLATES, path.join(folder, "templates"), { recursive: true });
    const isis = path.join(folder, "kapot", "groups", "isis.md");
    await writeFile(isis, (await readFile(isis, "utf8")).replace("step: matig", "step: matigg"));
    await mkdir(path.join(folder, "output"));
    const before = { tree: await snapshotTree(folder), names: await readdir(folder, { recursive: true }) };
    const result = await runCli(["check", "--templates", "templates", ...args], folder);
    expect(result.code, result.stderr).toBe(code);
    expect({ tree: await snapshotTree(folder), names: await readdir(folder, { recursive: true }) }).toEqual(before);
  });
});

describe("check starts no browser", () => {
  it("fills and checks every document without running the browser that a build runs", async () => {
    const dir = await tempDir();
    const started = path.join(dir, "browser-started");
    // A "browser" that only notes it was run: a build starts it (and fails to talk to it), check must not.
    const browser = path.join(dir, "chromium");
    await writeFile(browser, `#!/bin/sh\necho "$@" >> ${started}\nexit 1\n`, { mode: 0o755 });
    const env = { PUPPETEER_EXECUTABLE_PATH: browser };
    const checked = await runCli(["check"], undefined, env);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toBe("7 groepen en de sjablonen zijn in orde.\n");
    expect(existsSync(started)).toBe(false);
    // The probe works: a build with PDFs to make runs it.
    const built = await runCli(["build", "--format", "pdf", "--out", await tempDir()], undefined, env);
    expect(built.code).toBe(1);
    expect(existsSync(started)).toBe(true);
  });
});
