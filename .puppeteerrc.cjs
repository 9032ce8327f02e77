/**
 * Puppeteer must never download a browser: this project renders with the
 * system's Chromium (see scripts/setup/find-browser.ts). Committed so that
 * `npm ci` needs no environment variable.
 * @type {import("puppeteer").Configuration}
 */
module.exports = {
  skipDownload: true,
};
