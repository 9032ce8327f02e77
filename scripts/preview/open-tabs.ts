import type { IncomingMessage, ServerResponse } from "node:http";

/** What the overlay shows: the build's problems, or the error a build stopped on. */
export type Shown = { event: "problems" | "stopped"; text: string };

/**
 * The open tabs' event streams (server-sent events): they reload after a build, show its problems in an overlay,
 * and drop the overlay once a build succeeds. A tab that opens while the overlay is up sees it at once.
 */
export class OpenTabs {
  private readonly clients = new Set<ServerResponse>();
  private shown: Shown | undefined;
  /** Tabs told to reload that have not connected again yet. */
  private reloading = 0;
  private allBack: (() => void) | undefined;

  connect(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    response.write(": factsheets preview\n\n");
    if (this.shown) response.write(eventText(this.shown.event, this.shown.text));
    this.clients.add(response);
    request.on("close", () => this.clients.delete(response));
    if (this.reloading > 0 && --this.reloading === 0) this.allBack?.();
  }

  send(event: string, data: unknown): void {
    if (event === "reload") this.reloading = this.clients.size;
    for (const client of this.clients) client.write(eventText(event, data));
  }

  /**
   * Resolves once every tab told to reload has loaded its page again far enough to connect (its script runs at
   * the page's end), or after `milliseconds` (a tab closed meanwhile never comes back).
   */
  reloaded(milliseconds: number): Promise<void> {
    if (this.reloading === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.allBack = undefined;
        this.reloading = 0;
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      this.allBack = done;
    });
  }

  /** Puts up the overlay in every open tab, and in every tab that opens until it is cleared. */
  show(shown: Shown): void {
    this.shown = shown;
    this.send(shown.event, shown.text);
  }

  /** Takes the overlay down, if it is up. */
  clear(): void {
    if (this.shown === undefined) return;
    this.shown = undefined;
    this.send("ok", null);
  }

  close(): void {
    for (const client of this.clients) client.end();
  }
}

function eventText(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
