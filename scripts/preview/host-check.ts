import type { Server } from "node:http";

/**
 * Whether a request's Host header names this server as the preview prints
 * it: `127.0.0.1:<port>` or `localhost:<port>`. Anything else is refused, so
 * a site whose DNS name is rebound to 127.0.0.1 cannot read the preview.
 */
export function isOwnHost(host: string | undefined, server: Server): boolean {
  const address = server.address();
  if (host === undefined || typeof address !== "object" || address === null) return false;
  const lowered = host.toLowerCase();
  return lowered === `127.0.0.1:${address.port}` || lowered === `localhost:${address.port}`;
}
