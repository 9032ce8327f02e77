import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendLedger, lastReceived, readLedger, type LedgerEntry } from "../../scripts/distribution/ledger.js";
import { pendingOf } from "../../scripts/distribution/pending.js";
import { removeTempDirs, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

const entry = (agency: string, outcome: "sent" | "failed", sha = "a"): LedgerEntry => ({
  agency,
  time: "2026-11-29T00:00:00.000Z",
  method: "smtp",
  outcome,
  recipients: [`${agency}@example.org`],
  rejected: [],
  manifestSha256: sha,
  files: [{ path: "x.pdf", group: "roma-kinderen", kind: "infographic", sha256: sha }],
  messageId: outcome === "sent" ? "<id>" : null,
  error: outcome === "sent" ? null : "refused",
});

describe("the ledger", () => {
  it("keeps every line when many sendings are appended at once", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await Promise.all(Array.from({ length: 100 }, (_, index) => appendLedger(file, entry(`agency-${index}`, "sent"))));
    const entries = await readLedger(file);
    expect(entries).toHaveLength(100);
    expect(new Set(entries.map((item) => item.agency)).size).toBe(100);
  });

  it("says which line is broken instead of guessing", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await writeFile(file, `${JSON.stringify(entry("politie", "sent"))}\n{ broken\n`);
    await expect(readLedger(file)).rejects.toThrow(`${file}:2:1: this ledger line is not a valid entry; restore it from version control`);
  });

  it("counts only accepted sendings as received, the latest one per agency", () => {
    const latest = lastReceived([entry("politie", "sent", "old"), entry("politie", "sent", "new"), entry("politie", "failed", "newest")]);
    expect(latest.get("politie")?.manifestSha256).toBe("new");
    expect(pendingOf({ agency: "politie", files: [{ path: "x.pdf", group: "roma-kinderen", kind: "infographic", sha256: "new" }] }, latest.get("politie"))).toEqual({
      agency: "politie",
      state: "current",
    });
    expect(pendingOf({ agency: "om", files: [] }, undefined)).toEqual({ agency: "om", state: "never" });
  });

  it("is only ever appended to", async () => {
    const file = path.join(await tempDir(), "ledger.jsonl");
    await appendLedger(file, entry("politie", "sent"));
    const first = await readFile(file, "utf8");
    await appendLedger(file, entry("om", "failed"));
    expect((await readFile(file, "utf8")).startsWith(first)).toBe(true);
  });
});
