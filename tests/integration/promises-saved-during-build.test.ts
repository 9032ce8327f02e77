import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, copyToTemp, removeTempDirs, tempDir } from "../helpers/paths.js";
import { eventually } from "../helpers/processes.js";
import { runCli } from "../helpers/run-cli.js";
import { startTraced } from "../helpers/strace.js";

/**
 * README, "Regenerating": a build with nothing changed is answered from the digest of every input,
 * and only "when the digest is the same and every output is still there byte for byte, nothing has
 * changed". An editor who saves a group's file while a build reads it must therefore never be told
 * "Nothing to rebuild" while the outputs still show the text from before the save.
 *
 * strace holds one of the build's opens of the file for 2 s; the file is saved (in place, as an
 * editor does) while it is held, after every earlier open has read it. Each open is tried in turn,
 * so whichever reader comes last, the digest or the content loader, is the one that sees the save.
 */
const GROUP = path.join("groups", "isis.md");
const OLD = "weinig bekend";
const FIRST = "EERSTE weinig bekend";
const SECOND = "TWEEDE weinig bekend";

let built: string;
beforeAll(async () => {
  built = await tempDir();
  const first = await runCli(["build", "--content", CONTENT, "--out", built]);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(removeTempDirs);

/** A content folder whose isis.md differs from the build in `built`, and a copy of that build. */
async function changed(): Promise<{ content: string; out: string; file: string }> {
  const content = await copyToTemp(CONTENT);
  const out = await tempDir();
  await cp(built, out, { recursive: true });
  const file = path.join(content, GROUP);
  await writeFile(file, (await readFile(file, "utf8")).replace(OLD, FIRST));
  return { content, out, file };
}

const lines = async (log: string, call: string) =>
  (await readFile(log, "utf8").catch(() => "")).split("\n").filter((line) => line.includes(`${call}(`)).length;

describe("a group's file saved while a build reads it", () => {
  it("is never answered with “Nothing to rebuild” while the outputs show the text from before the save", async () => {
    // How many times a build opens the file: each of those opens is held in turn below.
    const count = await changed();
    const counted = path.join(await tempDir(), "strace.log");
    const plain = await startTraced(["-P", count.file, "-e", "trace=openat"], ["build", ...folders(count)], {}, counted)
      .done;
    expect(plain.code, plain.stderr).toBe(0);
    const opens = await lines(counted, "openat");
    expect(opens).toBeGreaterThanOrEqual(2);

    for (let held = 2; held <= opens; held += 1) {
      const run = await changed();
      const log = path.join(await tempDir(), "strace.log");
      const filters = [
        "-P",
        run.file,
        "-e",
        "trace=openat,read",
        "-e",
        `inject=openat:delay_enter=2000000:when=${held}`,
      ];
      const building = startTraced(filters, ["build", ...folders(run)], {}, log);
      expect(await eventually(async () => (await lines(log, "read")) >= held - 1, 20_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await writeFile(run.file, (await readFile(run.file, "utf8")).replace(FIRST, SECOND));
      const result = await building.done;
      expect(result.code, result.stderr).toBe(0);

      const next = await runCli(["build", ...folders(run)]);
      expect(next.code, next.stderr).toBe(0);
      const html = await readFile(path.join(run.out, "html", "isis.html"), "utf8");
      expect({ held, saved: html.includes(SECOND), before: html.includes(FIRST) }).toEqual({
        held,
        saved: true,
        before: false,
      });
    }
  });
});

function folders(run: { content: string; out: string }): string[] {
  return ["--content", run.content, "--out", run.out];
}
