import path from "node:path";

/** Colour and live progress only on a terminal, and never with NO_COLOR set. */
export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && !("NO_COLOR" in process.env && process.env.NO_COLOR !== "");
}

export { paint } from "../diagnostics/paint.js";

export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

export function relative(cwd: string, file: string): string {
  return path.relative(cwd, file) || file;
}
