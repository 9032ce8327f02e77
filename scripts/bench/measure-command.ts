import { spawn } from "node:child_process";
import { treeRss } from "./process-tree.js";

export interface Measurement {
  /** Wall time, milliseconds. */
  wall: number;
  /** Peak resident memory of the whole process tree (Chromium included), bytes. */
  peakRss: number;
  code: number;
  stderr: string;
  /** The command's standard output, when asked for (otherwise it goes nowhere). */
  stdout: string;
}

/**
 * Runs a command to its end, sampling the memory of its process tree every 100 ms (often enough for runs of a
 * second or more, rarely enough not to slow them).
 */
export function measureCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  options: { stdout?: boolean } = {},
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      stdio: ["ignore", options.stdout ? "pipe" : "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stderr = "";
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    let peakRss = 0;
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const sample = () => {
      if (child.pid !== undefined) peakRss = Math.max(peakRss, treeRss(child.pid));
    };
    const timer = setInterval(sample, 100);
    const first = setTimeout(sample, 15); // short commands end before the first interval
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      clearTimeout(first);
      resolve({ wall: performance.now() - started, peakRss, code: code ?? 1, stderr, stdout });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
