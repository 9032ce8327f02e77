import { createServer, type Server, type ServerResponse } from "node:http";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { build, unknownGroupsText, type BuildOptions, type BuildResult } from "../pipeline/build.js";
import { RenderSession } from "../render/render-session.js";
import { isOwnHost } from "./host-check.js";
import { EVENTS_PATH, withLiveReload } from "./live-reload.js";
import { readStaticFile } from "./static-files.js";
import { watchTree } from "./watch-tree.js";

export interface PreviewOptions extends BuildOptions {
  port: number;
  /** Called after every build with its result and how long it took. */
  onBuild?: (result: BuildResult, milliseconds: number) => void;
}

export interface Preview {
  url: string;
  /** Resolves when no build is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
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
  const clients = new Set<ServerResponse>();
  let problems: string | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let settled: Array<() => void> = [];

  const send = (event: string, data: unknown) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  /** One build; returns whether it succeeded. Open tabs reload when it wrote anything, or see its problems. */
  const buildAndTell = async (formats: BuildOptions["formats"]): Promise<boolean> => {
    const started = performance.now();
    let result: BuildResult;
    try {
      result = await build({ ...options, formats }, session);
    } catch (error) {
      result = {
        kind: "render-failed",
        failures: [{ document: "build", message: error instanceof Error ? error.message : String(error) }],
      };
    }
    options.onBuild?.(result, performance.now() - started);
    if (result.kind === "built") {
      const hadProblems = problems !== undefined;
      problems = undefined;
      if (hadProblems) send("ok", null);
      if (result.written.length > 0 || result.removed.length > 0) send("reload", result.written);
      return true;
    }
    problems =
      result.kind === "problems"
        ? formatProblems(result.files, { cwd: process.cwd(), color: false })
        : result.kind === "unknown-groups"
          ? unknownGroupsText(result)
          : formatFailures(result.failures, "");
    send("problems", problems);
    return false;
  };

  // The HTML outputs first, so that an open factsheet shows an edit within a fraction of a second,
  // then the PDFs (their cache makes the HTML outputs of the first build current for the second).
  const runBuild = async (): Promise<void> => {
    const both = options.formats.includes("html") && options.formats.includes("pdf");
    if (both && !(await buildAndTell(["html"]))) return;
    await buildAndTell(options.formats);
  };

  const requestBuild = (): void => {
    if (running) {
      pending = true;
      return;
    }
    running = (async () => {
      do {
        pending = false;
        await runBuild();
      } while (pending);
    })().finally(() => {
      running = undefined;
      const waiting = settled;
      settled = [];
      for (const resolve of waiting) resolve();
    });
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = request.url ?? "/";
      if (!isOwnHost(request.headers.host, server)) {
        // DNS rebinding: a page of another site whose name now points at 127.0.0.1 sends its own Host.
        response
          .writeHead(421, { "content-type": "text/plain; charset=utf-8" })
          .end("misdirected request: open the preview at http://127.0.0.1:<port>/ or http://localhost:<port>/\n");
        return;
      }
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      if (url === EVENTS_PATH) {
        response.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-store",
          connection: "keep-alive",
        });
        response.write(": factsheets preview\n\n");
        if (problems) response.write(`event: problems\ndata: ${JSON.stringify(problems)}\n\n`);
        clients.add(response);
        request.on("close", () => clients.delete(response));
        return;
      }
      const file = await readStaticFile(options.outDir, url);
      if (!file.found) {
        response
          .writeHead(file.status, { "content-type": "text/plain; charset=utf-8" })
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
    })();
  });

  requestBuild();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });

  let debounce: NodeJS.Timeout | undefined;
  const onChange = () => {
    clearTimeout(debounce);
    debounce = setTimeout(requestBuild, 30);
  };
  const watcher = await watchTree([options.contentDir, options.templatesDir], onChange);

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    idle: () => (running ? new Promise<void>((resolve) => settled.push(resolve)) : Promise.resolve()),
    async close() {
      clearTimeout(debounce);
      watcher.close();
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await running;
      await session.close();
    },
  };
}
