import { accessSync, constants } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findBrowser, SYSTEM_BROWSERS } from "../../scripts/setup/find-browser.js";
import { removeTempDirs, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

describe("setup's browser search (README: PUPPETEER_EXECUTABLE_PATH first, then the usual paths)", () => {
  it("takes PUPPETEER_EXECUTABLE_PATH before any browser installed on the system", async () => {
    const browser = path.join(await tempDir(), "my-chrome");
    await writeFile(browser, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: browser })).toEqual({
      found: true,
      executablePath: browser,
      from: "PUPPETEER_EXECUTABLE_PATH",
    });
  });

  it("refuses a PUPPETEER_EXECUTABLE_PATH that cannot be run, rather than quietly taking another browser", async () => {
    const notRunnable = path.join(await tempDir(), "chrome.txt");
    await writeFile(notRunnable, "not a program\n");
    await chmod(notRunnable, 0o644);
    for (const configured of [notRunnable, "/nonexistent/chrome"]) {
      expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: configured })).toEqual({
        found: false,
        reason: `PUPPETEER_EXECUTABLE_PATH is set to ${configured}, which is not an executable file`,
      });
    }
  });

  it("without it, takes the first of the usual paths that is installed", () => {
    const installed = SYSTEM_BROWSERS.find(executable);
    expect(findBrowser({})).toEqual(
      installed
        ? { found: true, executablePath: installed, from: "system" }
        : { found: false, reason: `no Chrome or Chromium found at ${SYSTEM_BROWSERS.slice(0, 6).join(", ")}` },
    );
  });
});
