#!/usr/bin/env node
import { findBrowser, HOW_TO_GET_A_BROWSER } from "../setup/find-browser.js";
import { aptInstall, canInstallWithApt, hasCommand, SYSTEM_PACKAGES } from "../setup/install-system-packages.js";

/**
 * `npm run setup`: makes sure the machine has a browser to render with and
 * the PDF tools the tests read PDFs back with. Installs them with apt-get when
 * run as root on Debian or Ubuntu; anywhere else says exactly what to install.
 */
const missing = SYSTEM_PACKAGES.filter((pkg) =>
  pkg.name === "chromium" ? !findBrowser().found : !hasCommand(pkg.provides),
);
if (missing.length > 0) {
  if (canInstallWithApt()) {
    console.log(`Installing ${missing.map((pkg) => `${pkg.name} (${pkg.purpose})`).join(", ")} with apt-get…`);
    aptInstall(missing.map((pkg) => pkg.name));
  } else {
    for (const pkg of missing) console.error(`Missing: ${pkg.name}, which ${pkg.purpose}.`);
    if (missing.some((pkg) => pkg.name === "chromium")) console.error(HOW_TO_GET_A_BROWSER);
    console.error(
      "Install them (e.g. sudo apt-get install " +
        missing.map((pkg) => pkg.name).join(" ") +
        ") and run npm run setup again.",
    );
    process.exit(1);
  }
}
const browser = findBrowser();
if (!browser.found) {
  console.error(`${browser.reason}.\n${HOW_TO_GET_A_BROWSER}`);
  process.exit(1);
}
const fromVariable = browser.from === "PUPPETEER_EXECUTABLE_PATH" ? " (from PUPPETEER_EXECUTABLE_PATH)" : "";
console.log(`Browser: ${browser.executablePath}${fromVariable}`);
