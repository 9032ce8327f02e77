import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, CONTENT, removeTempDirs, ROOT, snapshotTree, TEMPLATES, tempDir } from "../helpers/paths.js";
import { descendants, eventually } from "../helpers/processes.js";
import { runCli } from "../helpers/run-cli.js";

afterAll(removeTempDirs);

const NOTHING_MOVED = "Nothing was moved into place: the previous outputs are unchanged.\n";

/** Files a build must never leave behind in the output folder: lock drafts, takeover marks, journals, staging. */
async function leftovers(out: string): Promise<string[]> {
  return (await readdir(out)).filter((name) => /^\.factsheets-(build\.lock|commit)|^\.staging-/.test(name));
}

/** A copy of the templates whose every HTML output differs from the real ones. */
async function changedTemplates(): Promise<string> {
  const templates = await tempDir();
  await cp(TEMPLATES, templates, { recursive: true });
  await appendFile(
    path.join(templates, "partials", "head.hbs"),
    '<meta name="generator" content="factsheets, second edition">\n',
  );
  return templates;
}

/** An HTML build into `out` with templates that differ from the last build's, so every file changes. */
function changedBuild(templates: string, out: string): string[] {
  return ["build", "--templates", templates, "--format", "html", "--out", out];
}

/** Runs `body` with `dir` mounted as a file system of its own, unmounted after (tests run as root, here and in CI). */
async function withMount(args: string[], dir: string, body: () => Promise<void>): Promise<void> {
  execFileSync("mount", [...args, dir]);
  try {
    await body();
  } finally {
    execFileSync("umount", ["-l", dir]);
  }
}

/**
 * The CLI run under strace with every one of `syscalls` (comma-separated) delayed as `delay` says
 * (`delay_enter=…` or `delay_exit=…`, in microseconds), so that a test can kill it at a known point.
 */
function traced(syscalls: string, delay: string, args: string[], stdio: "ignore" | "pipe" = "ignore"): ChildProcess {
  return spawn(
    "strace",
    [
      "-f",
      "-qq",
      "-o",
      "/dev/null",
      "-e",
      `trace=${syscalls}`,
      "-e",
      `inject=${syscalls}:${delay}`,
      process.execPath,
      CLI,
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio },
  );
}

/** The build process strace started (a child of strace, running the CLI). */
function builderOf(child: ChildProcess): { pid: number } | undefined {
  return descendants(child.pid ?? 0).find((process) => process.cmdline.includes(CLI));
}

describe("--out that a build must never write into", () => {
  it.each([
    ["/", "/", "dit is de hoofdmap van de schijf"],
    ["a home folder", os.homedir(), "dit is een thuismap"],
  ])("refuses %s before anything else (usage, exit 2)", async (_label, out, what) => {
    // Broken content: if the folder were accepted, the build would stop at the content and write nothing there.
    const content = await tempDir();
    await cp(CONTENT, content, { recursive: true });
    await writeFile(path.join(content, "groups", "isis.md"), "no front matter\n");
    const result = await runCli(["build", "--content", content, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `factsheets: --out ${out}: ${what}; ` +
        "het programma schrijft, vervangt en verwijdert bestanden in zijn uitvoermap, dus die moet een eigen map " +
        'zijn; kies een map alleen voor de uitvoer, bijvoorbeeld --out output\nZie "factsheets --help" voor het gebruik.\n',
    );
  });

  it.each([
    ["the content folder", "content", "dit is de map", "content", "inhoud"],
    ["the groups folder", "content/groups", "dit ligt binnen de map", "content", "inhoud"],
    ["a folder in the templates", "templates/out", "dit ligt binnen de map", "templates", "sjablonen"],
    ["a link into the content folder", "link-to-groups", "dit ligt binnen de map", "content", "inhoud"],
  ])("refuses %s, and writes nothing there", async (_label, out, what, kind, name) => {
    const root = await tempDir();
    await cp(CONTENT, path.join(root, "content"), { recursive: true });
    await cp(TEMPLATES, path.join(root, "templates"), { recursive: true });
    await symlink(path.join(root, "content", "groups"), path.join(root, "link-to-groups"));
    const before = await snapshotTree(root);
    const result = await runCli(
      ["build", "--content", "content", "--templates", "templates", "--format", "html", "--out", out],
      root,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `factsheets: --out ${path.join(root, out)}: ${what} ${path.join(root, kind)} (${name}); ` +
        `de uitvoer (CHANGES.md, html/, pdf/) zou dan als ${name} worden gelezen en elke latere controle breken; ` +
        'kies een map alleen voor de uitvoer, bijvoorbeeld --out output\nZie "factsheets --help" voor het gebruik.\n',
    );
    expect(await snapshotTree(root)).toEqual(before);
    expect((await runCli(["check", "--content", "content", "--templates", "templates"], root)).code).toBe(0);
  });
});

describe("the commit is all or nothing", () => {
  it("checks every target before moving anything: a folder in an output's place stops it, named", async () => {
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    const blocked = path.join(out, "html", "roma-kinderen.html");
    await rm(blocked);
    await mkdir(path.join(blocked, "in-the-way"), { recursive: true });
    await writeFile(path.join(blocked, "in-the-way", "note.txt"), "a folder where a file must go");
    const before = await snapshotTree(out);
    const result = await runCli(changedBuild(await changedTemplates(), out));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `factsheets: could not write ${blocked}: ` +
        `something other than a file (a folder?) is where this output must go; move it away\n${NOTHING_MOVED}`,
    );
    expect(await snapshotTree(out)).toEqual(before);
    expect(await leftovers(out)).toEqual([]);
  });

  it("a build killed in the middle of its commit is completed by the next run, before anything else", async () => {
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    const before = await snapshotTree(out);
    const templates = await changedTemplates();
    const reference = await tempDir();
    expect((await runCli(changedBuild(templates, reference))).code).toBe(0);
    // strace slows every rename by 0.3 s (after it is done), so the commit is long enough to be killed halfway.
    const build = traced("rename,renameat,renameat2", "delay_exit=300000", changedBuild(templates, out));
    const exited = new Promise((resolve) => build.on("close", resolve));
    const changed = async () => {
      const now = await snapshotTree(out).catch(() => before);
      return Object.keys(before).filter(
        (file) => file.endsWith(".html") && now[file] !== undefined && now[file] !== before[file],
      ).length;
    };
    expect(await eventually(async () => (await changed()) >= 2, 60_000)).toBe(true);
    const builder = builderOf(build);
    expect(builder).toBeDefined();
    process.kill(builder?.pid ?? 0, "SIGKILL");
    await exited;
    const halfway = await snapshotTree(out);
    const unchanged = Object.keys(before).filter((file) => file.endsWith(".html") && halfway[file] === before[file]);
    expect(unchanged.length).toBeGreaterThan(0);

    // The next run has broken content: it writes nothing of its own, but first completes the commit.
    const content = await tempDir();
    await cp(CONTENT, content, { recursive: true });
    await writeFile(path.join(content, "groups", "isis.md"), "no front matter\n");
    expect(
      (await runCli(["build", "--content", content, "--templates", templates, "--format", "html", "--out", out])).code,
    ).toBe(1);
    const after = await snapshotTree(out);
    const strip = (tree: Record<string, string>) =>
      Object.fromEntries(Object.entries(tree).filter(([file]) => !/^(CHANGES\.md|changes\.json)$/.test(file)));
    expect(strip(after)).toEqual(strip(await snapshotTree(reference)));
    expect(await leftovers(out)).toEqual([]);
  });
});

describe("a build killed in the middle of taking over a stale lock", () => {
  it("leaves a right to take over that is stale itself; the next build takes that over too and goes on", async () => {
    const out = await tempDir();
    const lock = path.join(out, ".factsheets-build.lock");
    await writeFile(lock, "999999999\n");
    // Every rename waits 5 s before it happens: the build is killed after it won the right, before its rename.
    const build = traced("rename,renameat,renameat2", "delay_enter=5000000", [
      "build",
      "--format",
      "html",
      "--out",
      out,
    ]);
    const exited = new Promise((resolve) => build.on("close", resolve));
    const right = `${lock}.takeover-999999999`;
    expect(await eventually(() => existsSync(right), 60_000)).toBe(true);
    process.kill(builderOf(build)?.pid ?? 0, "SIGKILL");
    await exited;
    expect(await readFile(lock, "utf8")).toBe("999999999\n");
    expect(existsSync(right)).toBe(true);
    const next = await runCli(["build", "--format", "html", "--out", out]);
    expect(next.stderr).toBe("");
    expect(next.code).toBe(0);
    expect(await leftovers(out)).toEqual([]);
  });
});

describe("a build killed before its commit journal is in place", () => {
  it("has moved nothing; the next run rolls it back: the previous outputs byte for byte, no leftovers", async () => {
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    const before = await snapshotTree(out);
    // Every rename waits 5 s before it happens; the first rename of a commit is the journal's own.
    const build = traced(
      "rename,renameat,renameat2",
      "delay_enter=5000000",
      changedBuild(await changedTemplates(), out),
    );
    const exited = new Promise((resolve) => build.on("close", resolve));
    expect(
      await eventually(async () => {
        const pid = builderOf(build)?.pid;
        return pid !== undefined && (await readdir(out)).includes(`.factsheets-commit.json.${pid}`);
      }, 60_000),
    ).toBe(true);
    process.kill(builderOf(build)?.pid ?? 0, "SIGKILL");
    await exited;
    expect((await readdir(out)).some((name) => name.startsWith(".staging-"))).toBe(true);
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    expect(await snapshotTree(out)).toEqual(before);
    expect(await leftovers(out)).toEqual([]);
  });
});

/** Fills every last block of the disk under `out` with the file `filler` (returned); dd stops with ENOSPC. */
function fillDisk(out: string): string {
  const filler = path.join(out, "filler");
  try {
    execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4096"], { stdio: "ignore" });
  } catch {
    // expected: the disk is full
  }
  return filler;
}

describe("a disk that cannot be written", () => {
  it("a read-only output folder: one message with the path, nothing left behind", async () => {
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    const before = await snapshotTree(out);
    await withMount(["--bind", "-o", "ro", out], out, async () => {
      const result = await runCli(["build", "--format", "html", "--force", "--out", out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `factsheets: could not write ${path.join(out, ".factsheets-build.lock")}: ` +
          "the file system is read-only (EROFS); " +
          `build into a folder on a writable disk with --out\n${NOTHING_MOVED}`,
      );
    });
    expect(await snapshotTree(out)).toEqual(before);
    expect(await leftovers(out)).toEqual([]);
  });

  it("a full disk: one message with the path, the previous outputs as they were, no zero-byte lock left", async () => {
    const out = await tempDir();
    await withMount(["-t", "tmpfs", "-o", "size=4m", "tmpfs"], out, async () => {
      expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
      const filler = fillDisk(out);
      const before = await snapshotTree(out);
      const result = await runCli(["build", "--format", "html", "--force", "--out", out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `factsheets: could not write ${path.join(out, ".factsheets-build.lock")}: the disk is full (ENOSPC); ` +
          `free some space on it, or build onto another disk with --out\n${NOTHING_MOVED}`,
      );
      expect(await snapshotTree(out)).toEqual(before);
      expect(await leftovers(out)).toEqual([]);

      // Room for the lock but not for the outputs: the failing output is named, and nothing is left either.
      await rm(filler);
      execFileSync(
        "dd",
        ["if=/dev/zero", `of=${filler}`, "bs=4096", `count=${Math.floor((4 * 1024 * 1024 - 1_100_000) / 4096)}`],
        { stdio: "ignore" },
      );
      const partly = await runCli(["build", "--format", "html", "--force", "--out", out]);
      expect(partly.code).toBe(1);
      expect(partly.stderr).toMatch(
        new RegExp(`^factsheets: could not write ${out}/\\S+\\.html: the disk is full \\(ENOSPC\\); `),
      );
      expect(partly.stderr.split("\n")).toHaveLength(3);
      expect(await leftovers(out)).toEqual([]);
    });
  });
});

describe("a disk that fills up while the PDFs are staged", () => {
  it("stops the render at the first PDF it cannot write: one message with its path, the outputs as they were", async () => {
    const out = await tempDir();
    await withMount(["-t", "tmpfs", "-o", "size=4m", "tmpfs"], out, async () => {
      expect((await runCli(["build", "--format", "pdf", "--out", out])).code).toBe(0);
      const filler = fillDisk(out);
      // Room for the lock, not for any PDF (the smallest is over 40 kB).
      execFileSync("truncate", ["-s", "-24K", filler]);
      const before = await snapshotTree(out);
      const result = await runCli(["build", "--format", "pdf", "--force", "--out", out]);
      expect(result.code).toBe(1);
      // Not one "failed to render" per document: the disk is the problem, and the render stopped at it.
      expect(result.stderr).toMatch(
        new RegExp(
          `^factsheets: could not write ${out}/pdf/[a-z-]+\\.pdf: the disk is full \\(ENOSPC\\); ` +
            `free some space on it, or build onto another disk with --out\n${NOTHING_MOVED}$`,
        ),
      );
      expect(result.stdout).not.toMatch(/✓|✗/);
      expect(await snapshotTree(out)).toEqual(before);
      expect(await leftovers(out)).toEqual([]);
    });
  });
});

describe("a stale lock taken over by two builds at once", () => {
  it("lets exactly one of them through, even when one is slowed in the middle of the takeover", async () => {
    const out = await tempDir();
    await writeFile(path.join(out, ".factsheets-build.lock"), "999999999\n");
    // The slow build: every unlink it makes waits 3 s before it happens (a deleting takeover deletes too late).
    const slow = traced("unlink,unlinkat", "delay_enter=3000000", ["build", "--format", "html", "--out", out], "pipe");
    let slowErr = "";
    slow.stderr?.on("data", (chunk: Buffer) => (slowErr += chunk.toString()));
    const slowExit = new Promise<number>((resolve) => slow.on("close", (code) => resolve(code ?? 1)));
    // Start the fast build once the slow one is at the lock: its draft exists, or it already holds the lock.
    expect(
      await eventually(async () => {
        const pid = builderOf(slow)?.pid;
        if (pid === undefined) return false;
        const names = await readdir(out);
        const lock = await readFile(path.join(out, ".factsheets-build.lock"), "utf8").catch(() => "");
        return names.some((name) => name.startsWith(`.factsheets-build.lock.${pid}`)) || lock.startsWith(`${pid} `);
      }, 60_000),
    ).toBe(true);
    const fast = await runCli(["build", "--format", "pdf", "--out", out]);
    const results = [{ code: await slowExit, stderr: slowErr }, fast].sort((a, b) => a.code - b.code);
    expect(results.map((result) => result.code)).toEqual([0, 1]);
    expect(results[1]?.stderr).toMatch(/^factsheets: another build \(process \d+\) is writing to /);
    expect(existsSync(path.join(out, ".factsheets-build.lock"))).toBe(false);
    expect(await leftovers(out)).toEqual([]);
  });
});

describe("a stale lock that another build is still taking over", () => {
  it("is waited for (10 s), then the build is refused naming that build; the lock and its right stay", async () => {
    const out = await tempDir();
    const lock = path.join(out, ".factsheets-build.lock");
    await writeFile(lock, "999999999\n");
    // The right to replace the killed build's lock, held by a live process (this test) that never finishes.
    const right = `${lock}.takeover-999999999`;
    await writeFile(right, `${process.pid}\n`);
    const result = await runCli(["build", "--format", "html", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^factsheets: another build \\(process ${process.pid}\\) has been taking over the lock ${lock} ` +
          "for 1\\d s without finishing; wait for it, or stop that process if it hangs\n$",
      ),
    );
    expect(await readFile(lock, "utf8")).toBe("999999999\n");
    expect(await readFile(right, "utf8")).toBe(`${process.pid}\n`);
    expect((await readdir(out)).sort()).toEqual([path.basename(lock), path.basename(right)].sort());
  });
});

describe("a reader during a build's commit", () => {
  it("opens every output as the old file or the new one, never a mix, while the files are moved into place", async () => {
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    const files = ["index.html", "html/isis.html", "html/roma-kinderen.html", "html/productieketens.html"];
    // Each read is kept as its hash: a few thousand reads of 100 kB pages would not fit in the test's memory.
    const hashOf = async (file: string) =>
      createHash("sha256")
        .update(await readFile(path.join(out, file)))
        .digest("hex");
    const old = await Promise.all(files.map(hashOf));
    // Every write and every rename of the build waits 20 ms: the commit takes seconds, and a file written in place
    // would stand half-written for as long.
    const build = traced(
      "write,pwrite64,rename,renameat,renameat2",
      "delay_enter=20000",
      changedBuild(await changedTemplates(), out),
    );
    let running = true;
    const exited = new Promise((resolve) => build.on("close", resolve)).then(() => (running = false));
    const seen: string[][] = files.map(() => []);
    while (running) {
      for (const [index, file] of files.entries()) {
        seen[index]?.push(await hashOf(file));
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await exited;
    const now = await Promise.all(files.map(hashOf));
    for (const [index, reads] of seen.entries()) {
      expect(now[index]).not.toBe(old[index]);
      const strays = reads.filter((text) => text !== old[index] && text !== now[index]);
      expect(strays).toEqual([]);
    }
    // The reader really read across the change: some file was seen both before and after it.
    expect(seen.some((reads, index) => reads.includes(old[index] ?? "") && reads.includes(now[index] ?? ""))).toBe(
      true,
    );
  });
});
