import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { createServer, type Server } from "node:http";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import {
  build,
  keepParserBetweenBuilds,
  unknownGroupsText,
  type BuildOptions,
  type BuildResult,
} from "../pipeline/build.js";
import { RenderSession } from "../render/render-session.js";
import { buildErrorText } from "./build-error-text.js";
import { OpenTabs } from "./open-tabs.js";
import { answerRequest } from "./preview-requests.js";
import { RebuildQueue } from "./rebuild-queue.js";
import { watchTree } from "./watch-tree.js";

export interface PreviewOptions extends BuildOptions {
  port: number;
  /** Called after every build with its result and how long it took (an unknown --only slug goes to onError). */
  onBuild?: (result: Exclude<BuildResult, { kind: "unknown-groups" }>, milliseconds: number) => void;
  /**
   * Called when a build stopped on an error instead of giving a result, with what to say of it
   * (`buildErrorText`) and how long it took; by default the text is printed on stderr.
   */
  onError?: (text: string, milliseconds: number) => void;
}

export interface Preview {
  url: string;
  /** Resolves when no build is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** How long the PDFs wait for the open tabs to reload after the HTML outputs were rebuilt, at most. */
const RELOAD_WAIT_MS = 1000;

/** How long the editor must not save again after the HTML outputs were rebuilt before the PDFs are made. */
const PDFS_AFTER_QUIET_MS = 1000;

/**
 * After the HTML outputs: the open tabs reload first, and the PDFs wait for a pause in the saving. They would
 * take the same cores from the tab, and a save in a burst of saves would only stop them again.
 */
async function beforePdfs(tabs: OpenTabs, superseded: AbortSignal): Promise<void> {
  const stopped = once(superseded, "abort");
  await Promise.race([tabs.reloaded(RELOAD_WAIT_MS), stopped]);
  await delay(PDFS_AFTER_QUIET_MS, undefined, { signal: superseded }).catch(() => undefined);
}

/** How long the watcher waits for more saves before it asks for a build. */
const DEBOUNCE_MS = 30;

const printError = (text: string): void => console.error(`factsheets: ${text}`);

/** One build; returns whether it succeeded. Open tabs reload when it wrote anything, or see what went wrong. */
async function buildAndTell(
  options: PreviewOptions,
  formats: BuildOptions["formats"],
  session: RenderSession,
  tabs: OpenTabs,
  signal?: AbortSignal,
): Promise<boolean> {
  const started = performance.now();
  const stopped = (text: string): false => {
    (options.onError ?? printError)(text, performance.now() - started);
    tabs.show({ event: "stopped", text });
    return false;
  };
  let result: BuildResult;
  try {
    result = await build({ ...options, formats, signal }, session);
  } catch (error) {
    // Stopped for a newer save: the folder is as it was, and the next build follows at once. Nothing to say.
    if (signal?.aborted) return false;
    return stopped(buildErrorText(error));
  }
  // A misspelt --only is the command line's mistake, not the content's: said as such, as a usage error is.
  if (result.kind === "unknown-groups") return stopped(unknownGroupsText(result));
  options.onBuild?.(result, performance.now() - started);
  if (result.kind === "built") {
    tabs.clear();
    if (result.written.length > 0 || result.removed.length > 0) tabs.send("reload", result.written);
    return true;
  }
  const text =
    result.kind === "problems"
      ? formatProblems(result.files, { cwd: process.cwd(), color: false })
      : formatFailures(result.failures, "");
  tabs.show({ event: "problems", text });
  return false;
}

/** Listens on 127.0.0.1 only; resolves once it listens. */
async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
}

/**
 * Serves the output folder on 127.0.0.1 only and rebuilds on every save
 * under the content and templates folders, keeping one browser open across
 * builds. Saves that arrive during a build cause exactly one more build.
 * A build with problems leaves the last good outputs served and shows the
 * problems in an overlay in every open tab.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const session = new RenderSession();
  const tabs = new OpenTabs();
  // Every save builds again: the Markdown parser's thread and the texts it parsed are kept between builds.
  keepParserBetweenBuilds();
  // The HTML outputs first, so that an open factsheet shows an edit within a fraction of a second,
  // then the PDFs (their cache makes the HTML outputs of the first build current for the second).
  // A save while the PDFs render stops them: the HTML of the newer text comes first again.
  const queue = new RebuildQueue(async (superseded) => {
    const both = options.formats.includes("html") && options.formats.includes("pdf");
    if (both && !(await buildAndTell(options, ["html"], session, tabs))) return;
    if (both) await beforePdfs(tabs, superseded);
    if (both && superseded.aborted) return;
    await buildAndTell(options, options.formats, session, tabs, superseded);
  });
  const server: Server = createServer((request, response) => {
    void answerRequest(request, response, server, options.outDir, tabs);
  });

  queue.request();
  await listen(server, options.port);
  let debounce: NodeJS.Timeout | undefined;
  const watcher = await watchTree([options.contentDir, options.templatesDir], () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => queue.request(), DEBOUNCE_MS);
  });

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    idle: () => queue.idle(),
    async close() {
      clearTimeout(debounce);
      watcher.close();
      tabs.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await queue.finished();
      await session.close();
    },
  };
}
