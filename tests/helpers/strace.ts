import { spawn } from "node:child_process";
import type { CliRun, StartedCli } from "./run-cli.js";
import { CLI, ROOT } from "./paths.js";

/**
 * Starts the compiled CLI under strace with `filters` (`-P path`, `-e trace=…`, `-e inject=…`),
 * so that a test can make one system call on one file fail or stall, as a full disk or a slow
 * one would. strace's own lines go to `log` (one line per call, written as it ends); the CLI's
 * output is collected as `startCli` does.
 */
export function startTraced(
  filters: readonly string[],
  args: readonly string[],
  env: Record<string, string> = {},
  log = "/dev/null",
): StartedCli {
  const child = spawn("strace", ["-f", "-qq", "-o", log, ...filters, process.execPath, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, stdout, stderr })),
  );
  return { child, done };
}

/** strace filters that make the `nth` write to `file` (and every later one with `nth+`) fail with `errno`. */
export function failingWrite(file: string, nth: string, errno: "ENOSPC" | "EROFS" | "EIO"): string[] {
  const calls = "write,pwrite64,writev,pwritev,pwritev2";
  return ["-P", file, "-e", `trace=${calls}`, "-e", `inject=${calls}:error=${errno}:when=${nth}`];
}
