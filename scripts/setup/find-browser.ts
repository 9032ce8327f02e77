import { accessSync, constants } from "node:fs";

/** Where Chrome or Chromium usually lives, in the order they are tried. */
export const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/opt/google/chrome/chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
] as const;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type BrowserLookup =
  | { found: true; executablePath: string; from: "PUPPETEER_EXECUTABLE_PATH" | "system" }
  | { found: false; reason: string };

/** `PUPPETEER_EXECUTABLE_PATH` first, then the usual system paths. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const configured = env.PUPPETEER_EXECUTABLE_PATH;
  if (configured) {
    return isExecutable(configured)
      ? { found: true, executablePath: configured, from: "PUPPETEER_EXECUTABLE_PATH" }
      : { found: false, reason: `PUPPETEER_EXECUTABLE_PATH is set to ${configured}, which is not an executable file` };
  }
  const system = SYSTEM_BROWSERS.find(isExecutable);
  return system
    ? { found: true, executablePath: system, from: "system" }
    : { found: false, reason: `no Chrome or Chromium found at ${SYSTEM_BROWSERS.slice(0, 6).join(", ")}` };
}

export const HOW_TO_GET_A_BROWSER = [
  "Install Chromium and run the command again:",
  "  Debian/Ubuntu:  sudo apt-get install chromium    (then: npm run setup)",
  "  Fedora:         sudo dnf install chromium",
  "  macOS:          brew install --cask chromium",
  "or point PUPPETEER_EXECUTABLE_PATH at an installed Chrome or Chromium binary.",
].join("\n");
