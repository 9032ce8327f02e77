import { randomBytes } from "node:crypto";
import { say } from "../diagnostics/messages.js";

/** The path of the server-sent events that tell open tabs to reload or show problems. */
export const EVENTS_PATH = "/__factsheets/events";

/** The overlay's look: over the whole page, on top, scrolling, in a monospace font. */
const OVERLAY_STYLE =
  "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(27,31,36,.94);color:#fff;" +
  "font:14px/1.5 monospace;padding:24px;white-space:pre-wrap";

/** The line above the overlay's text, per event (content problems, or a build that stopped), in the spoken language. */
const leads = () => ({ problems: say("preview.problems"), stopped: say("preview.stopped") });

/**
 * Prepares an output HTML page for the preview: the page's own
 * Content-Security-Policy (no scripts at all) is replaced by one that allows
 * exactly this script, which reloads the tab after a build and shows content
 * problems, or the error a build stopped on, in an overlay. The files on disk never contain it.
 */
export function withLiveReload(html: string): { html: string; contentSecurityPolicy: string } {
  const nonce = randomBytes(16).toString("base64");
  const script = `<script nonce="${nonce}">
(() => {
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  const overlayId = "factsheets-problems";
  const leads = ${JSON.stringify(leads())};
  events.addEventListener("reload", () => location.reload());
  const show = (event) => {
    let overlay = document.getElementById(overlayId);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = overlayId;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = ${JSON.stringify(OVERLAY_STYLE)};
      document.body.append(overlay);
    }
    overlay.textContent = leads[event.type] + "\\n\\n" + JSON.parse(event.data);
  };
  events.addEventListener("problems", show);
  events.addEventListener("stopped", show);
  events.addEventListener("ok", () => document.getElementById(overlayId)?.remove());
})();
</script>`;
  const withoutMeta = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, "");
  const injected = withoutMeta.includes("</body>")
    ? withoutMeta.replace("</body>", `${script}\n</body>`)
    : `${withoutMeta}${script}`;
  return {
    html: injected,
    contentSecurityPolicy:
      "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; " +
      `script-src 'nonce-${nonce}'; connect-src 'self'`,
  };
}
