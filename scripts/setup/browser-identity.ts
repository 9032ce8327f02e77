import { statSync } from "node:fs";
import { findBrowser } from "./find-browser.js";

/** Which browser prints the PDFs: a different Chromium may print different bytes. */
export function browserIdentity(): string {
  const lookup = findBrowser();
  if (!lookup.found) return "no browser";
  try {
    const info = statSync(lookup.executablePath);
    return `${lookup.executablePath}:${info.size}:${info.mtimeMs}`;
  } catch {
    return lookup.executablePath;
  }
}
