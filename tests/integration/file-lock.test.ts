import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { removeTempDirs, ROOT, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

/**
 * The lock module as plain JavaScript, for the contenders (real processes) to import: bundled by esbuild before the
 * tests.
 */
let MODULE = "";
beforeAll(async () => {
  const dir = await tempDir("factsheets-lock-module-");
  const outfile = path.join(dir, "file-lock.mjs");
  await build({
    entryPoints: [path.join(ROOT, "scripts", "output", "file-lock.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
  });
  MODULE = pathToFileURL(outfile).href;
});

/**
 * A contender: takes the lock (waiting while a live process holds it), logs "in", holds it a
 * moment, logs "out", releases. With KILL_SELF it is SIGKILLed while holding the lock, so the
 * others must take over the lock it leaves behind. The sleeps only widen the window for a race.
 */
const contender = () => `
import { appendFileSync } from "node:fs";
import { acquireLock, LockHeldError } from ${JSON.stringify(MODULE)};
const { LOCK, LOG, KILL_SELF } = process.env;
for (;;) {
  let held;
  try {
    held = await acquireLock(LOCK);
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 2));
    continue;
  }
  appendFileSync(LOG, "in " + process.pid + "\\n");
  if (KILL_SELF === "1") process.kill(process.pid, "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 20));
  appendFileSync(LOG, "out " + process.pid + "\\n");
  await held.release();
  break;
}
`;

describe("the lock file shared by builds and distribution", () => {
  it.each([1, 2, 3, 4, 5])(
    "lets eight processes racing over a stale lock, two of them killed while holding it, in one at a time (round %i)",
    async () => {
      const dir = await tempDir();
      const lock = path.join(dir, "ledger.lock");
      const log = path.join(dir, "log");
      await writeFile(log, "");
      const dead = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      dead.kill("SIGKILL");
      await once(dead, "exit");
      await writeFile(lock, `${dead.pid}\n`);

      const children = Array.from({ length: 8 }, (_, index) =>
        spawn(process.execPath, ["--input-type=module", "-e", contender()], {
          env: { ...process.env, LOCK: lock, LOG: log, KILL_SELF: index === 2 || index === 5 ? "1" : "0" },
          stdio: ["ignore", "ignore", "pipe"],
        }),
      );
      const exits = await Promise.all(
        children.map(async (child) => {
          let stderr = "";
          child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
          const [code, signal] = await once(child, "close");
          return { pid: child.pid, code, signal, stderr };
        }),
      );
      const killed = exits.filter((exit) => exit.signal === "SIGKILL").map((exit) => String(exit.pid));
      expect(killed).toHaveLength(2);
      expect(exits.filter((exit) => exit.code === 0)).toHaveLength(6);
      expect(exits.map((exit) => exit.stderr).join("")).toBe("");

      const lines = (await readFile(log, "utf8")).trim().split("\n");
      // Never two holders at once: each "in" is followed by its own "out", except the killed holder's.
      let holder: string | undefined;
      for (const line of lines) {
        const [event, pid] = line.split(" ");
        if (event === "in") {
          expect(holder === undefined || killed.includes(holder), `${pid} took the lock while ${holder} held it`).toBe(
            true,
          );
          holder = pid;
        } else {
          expect(pid).toBe(holder);
          holder = undefined;
        }
      }
      expect(lines.filter((line) => line.startsWith("in "))).toHaveLength(8);
      expect(lines.filter((line) => line.startsWith("out "))).toHaveLength(6);
    },
  );
});

/** One try at the lock, with the policy in POLICY (JSON, or the default): prints what came of it as JSON. */
const oneTry = () => `
import { acquireLock, LockBusyError, LockHeldError } from ${JSON.stringify(MODULE)};
const { LOCK, POLICY } = process.env;
try {
  const held = await acquireLock(LOCK, POLICY ? JSON.parse(POLICY) : undefined);
  console.log(JSON.stringify({ won: true }));
  await held.release();
} catch (error) {
  if (error instanceof LockHeldError) console.log(JSON.stringify({ holder: error.holder }));
  else if (error instanceof LockBusyError) console.log(JSON.stringify({ waitedMs: error.waitedMs, message: error.message }));
  else throw error;
}
`;

const TryResult = z.union([
  z.strictObject({ won: z.literal(true) }),
  z.strictObject({ holder: z.number() }),
  z.strictObject({ waitedMs: z.number(), message: z.string() }),
]);

async function tryOnce(lock: string, policy?: { waitMs: number; pauseMs: number }): Promise<z.infer<typeof TryResult>> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", oneTry()], {
    env: { ...process.env, LOCK: lock, ...(policy ? { POLICY: JSON.stringify(policy) } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const [code] = await once(child, "close");
  expect(code).toBe(0);
  return TryResult.parse(JSON.parse(stdout));
}

/** A stale lock (its process killed) and the right to replace it held by this live test process. */
async function staleLockBeingTakenOver(): Promise<{ lock: string; right: string }> {
  const dir = await tempDir();
  const lock = path.join(dir, "output.lock");
  const dead = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  dead.kill("SIGKILL");
  await once(dead, "exit");
  await writeFile(lock, `${dead.pid}\n`);
  const right = `${lock}.takeover-${dead.pid}`;
  await writeFile(right, `${process.pid}\n`);
  return { lock, right };
}

describe("a run that finds another taking over a stale lock", () => {
  it("waits for that run however slowly its takeover goes, and then names it as the holder", async () => {
    const { lock, right } = await staleLockBeingTakenOver();
    const result = tryOnce(lock);
    // The taker is slow: its takeover ends 3 s later (a loaded machine; a build stalled on its disk).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await writeFile(`${lock}.draft`, `${process.pid}\n`);
    await rename(`${lock}.draft`, lock);
    await rm(right);
    expect(await result).toEqual({ holder: process.pid });
  });

  it("gives up when the takeover does not end within its wait, and leaves the lock and the right alone", async () => {
    const { lock, right } = await staleLockBeingTakenOver();
    const before = await readFile(lock, "utf8");
    const result = await tryOnce(lock, { waitMs: 1_500, pauseMs: 10 });
    if (!("waitedMs" in result)) throw new Error(`expected the run to give up, got ${JSON.stringify(result)}`);
    expect(result.waitedMs).toBeGreaterThanOrEqual(1_500);
    // The seconds it waited, rounded: 2 on a quiet machine, more on a loaded one.
    expect(result.message).toBe(
      `could not take the lock ${lock}: process ${process.pid} kept taking it over ` +
        `for ${Math.round(result.waitedMs / 1000)} s`,
    );
    expect(Math.round(result.waitedMs / 1000)).toBeGreaterThanOrEqual(2);
    expect(await readFile(lock, "utf8")).toBe(before);
    expect(await readFile(right, "utf8")).toBe(`${process.pid}\n`);
    expect((await readdir(path.dirname(lock))).sort()).toEqual([path.basename(lock), path.basename(right)].sort());
  });
});
