import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { isOwnHost } from "./host-check.js";
import { EVENTS_PATH, withLiveReload } from "./live-reload.js";
import type { OpenTabs } from "./open-tabs.js";
import { readStaticFile } from "./static-files.js";

const PLAIN_TEXT = "text/plain; charset=utf-8";

/**
 * Answers one request to the preview: only with its own Host (DNS rebinding), only GET and HEAD; the event
 * stream of the open tabs, or a file of the output folder (an HTML page with the live-reload script added).
 */
export async function answerRequest(
  request: IncomingMessage,
  response: ServerResponse,
  server: Server,
  outDir: string,
  tabs: OpenTabs,
): Promise<void> {
  const url = request.url ?? "/";
  if (!isOwnHost(request.headers.host, server)) {
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1 sends its own Host.
    response
      .writeHead(421, { "content-type": PLAIN_TEXT })
      .end("misdirected request: open the preview at http://127.0.0.1:<port>/ or http://localhost:<port>/\n");
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (url === EVENTS_PATH) tabs.connect(request, response);
  else await serveOutput(response, outDir, url);
}

/** A file of the output folder, never cached; an HTML page with the live-reload script and its own policy. */
async function serveOutput(response: ServerResponse, outDir: string, url: string): Promise<void> {
  const file = await readStaticFile(outDir, url);
  if (!file.found) {
    response
      .writeHead(file.status, { "content-type": PLAIN_TEXT })
      .end(file.status === 404 ? "not found\n" : "bad request\n");
    return;
  }
  if (file.type.startsWith("text/html")) {
    const page = withLiveReload(file.body.toString("utf8"));
    response.writeHead(200, {
      "content-type": file.type,
      "cache-control": "no-store",
      "content-security-policy": page.contentSecurityPolicy,
    });
    response.end(page.html);
    return;
  }
  response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
}
