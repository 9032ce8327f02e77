import type { Page } from "puppeteer";

/** URL patterns blocked in the browser itself: every scheme that could reach a server or a file. */
const BLOCKED_URL_PATTERNS = [
  "http://*",
  "https://*",
  "ws://*",
  "wss://*",
  "ftp://*",
  "file://*",
  "blob:*",
  "filesystem:*",
];

/**
 * Cuts a page off from everything but `data:` in the browser, below request
 * interception (which sees requests, not sockets): the network is emulated as
 * offline and every other scheme is a blocked URL pattern, both through the
 * DevTools protocol, and JavaScript is off (no template needs it; our own
 * checks run through the protocol, which still works). Chromium's host
 * resolver answers nothing either (CHROMIUM_FLAGS), so a preconnect or a
 * prefetch opens no socket.
 */
export async function offlinePage(page: Page): Promise<void> {
  const client = await page.createCDPSession();
  await client.send("Network.enable");
  await client.send("Network.emulateNetworkConditions", {
    offline: true,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await client.send("Network.setBlockedURLs", { urls: BLOCKED_URL_PATTERNS });
  await page.setJavaScriptEnabled(false);
}
