import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { LOCK_FILE, MANIFEST_FILE } from "../../scripts/output/folder-entries.js";
import { startPreview, type Preview, type PreviewOptions } from "../../scripts/preview/preview-server.js";
import { buildOptions } from "../helpers/build-options.js";
import { pdfText } from "../helpers/pdf.js";
import { CONTENT, copyToTemp, removeTempDirs, tempDir } from "../helpers/paths.js";

let content: string;
let out: string;
let preview: Preview;

/** Listens to the preview's events; resolves each awaited event with its data. */
class EventStream {
  private readonly events: { event: string; data: string }[] = [];
  private readonly waiters: { event: string; resolve: (data: string) => void }[] = [];
  private readonly controller = new AbortController();

  constructor(url: string) {
    void (async () => {
      const response = await fetch(url, { signal: this.controller.signal });
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (!chunk || chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? "";
          if (event) this.push(event, data);
        }
      }
    })();
  }

  private push(event: string, data: string): void {
    const waiter = this.waiters.findIndex((candidate) => candidate.event === event);
    if (waiter >= 0) this.waiters.splice(waiter, 1)[0]?.resolve(data);
    else this.events.push({ event, data });
  }

  next(event: string): Promise<string> {
    const index = this.events.findIndex((candidate) => candidate.event === event);
    if (index >= 0) return Promise.resolve(this.events.splice(index, 1)[0]?.data ?? "");
    return new Promise((resolve) => this.waiters.push({ event, resolve }));
  }

  close(): void {
    this.controller.abort();
  }
}

beforeAll(async () => {
  content = await copyToTemp(CONTENT);
  out = await tempDir();
  preview = await startPreview({ ...buildOptions(content, out), port: 0 });
  await preview.idle();
});
afterAll(async () => {
  await preview.close();
  await removeTempDirs();
});

describe("factsheets preview", () => {
  it("listens on 127.0.0.1 and on no other interface (the kernel's own socket table)", async () => {
    const port = Number(new URL(preview.url).port).toString(16).toUpperCase().padStart(4, "0");
    const listening = (table: string) =>
      table
        .split("\n")
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((columns) => columns[1]?.endsWith(`:${port}`) && columns[3] === "0A")
        .map((columns) => columns[1]);
    expect(listening(await readFile("/proc/net/tcp", "utf8"))).toEqual([`0100007F:${port}`]);
    expect(listening(await readFile("/proc/net/tcp6", "utf8").catch(() => ""))).toEqual([]);
  });

  it("serves the outputs on 127.0.0.1 with a live-reload script the files on disk do not have", async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(preview.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toMatch(
      /^default-src 'none'; .*script-src 'nonce-[^']+'; connect-src 'self'$/,
    );
    const html = await response.text();
    expect(html).toContain('new EventSource("/__factsheets/events")');
    expect(await readFile(path.join(out, "index.html"), "utf8")).not.toContain("EventSource");
    expect((await fetch(`${preview.url}pdf/roma-kinderen.pdf`)).headers.get("content-type")).toBe("application/pdf");
  });

  it.each([
    "/../package.json",
    "/%2e%2e/package.json",
    "/html/%2e%2e%2f%2e%2e%2fpackage.json",
    "/%2e%2e%5cpackage.json",
    "/.factsheets-manifest.json",
    "/html/..%2f..%2f..%2fetc%2fpasswd",
  ])("refuses %s", async (requestPath) => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(preview.url);
      const req = request({ host: url.hostname, port: url.port, path: requestPath }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect([400, 404]).toContain(status);
  });

  /** A raw GET with the Host header given (fetch always sends the URL's own). */
  const get = async (requestPath: string, host?: string): Promise<{ status: number; body: string }> => {
    const { request } = await import("node:http");
    const url = new URL(preview.url);
    return new Promise((resolve, reject) => {
      const headers = host === undefined ? {} : { host };
      const req = request({ host: url.hostname, port: url.port, path: requestPath, headers }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  };

  it("follows no symbolic link planted in the output folder, to a file or a folder outside", async () => {
    await symlink("/etc/passwd", path.join(out, "passwd.html"));
    await symlink("/etc", path.join(out, "html", "etc"));
    await mkdir(path.join(out, "extra"));
    await writeFile(path.join(out, "extra", "plain.html"), "<p>plain</p>");
    await symlink("/etc/hostname", path.join(out, "extra", "hostname.md"));
    for (const planted of ["/passwd.html", "/html/etc/passwd", "/extra/hostname.md"]) {
      const response = await get(planted);
      expect({ planted, status: response.status }).toEqual({ planted, status: 404 });
      expect(response.body).not.toContain("root:");
    }
    expect((await get("/extra/plain.html")).status).toBe(200);
  });

  it("answers only requests whose Host is 127.0.0.1 or localhost on its port (DNS rebinding)", async () => {
    const port = new URL(preview.url).port;
    const other = Number(port) + 1;
    const foreign = ["evil.example", `evil.example:${port}`, "127.0.0.1", `127.0.0.1:${other}`, `x.example:${port}`];
    for (const host of foreign) {
      expect({ host, status: (await get("/", host)).status }).toEqual({ host, status: 421 });
    }
    expect((await get("/", `127.0.0.1:${port}`)).status).toBe(200);
    expect((await get("/", `localhost:${port}`)).status).toBe(200);
    expect((await get("/", `LOCALHOST:${port}`)).status).toBe(200);
  });

  it("rebuilds what changed after a save and tells the open tab to reload", async () => {
    const events = new EventStream(`${preview.url}__factsheets/events`);
    const file = path.join(content, "groups", "lhbt-kinderen.md");
    const saved = performance.now();
    // An answer is the source's words: the sentence, its quote and the step change together.
    await writeFile(
      file,
      (await readFile(file, "utf8"))
        .replace("step: verhoogd", "step: hoog")
        .replaceAll("verhoogde kwetsbaarheid", "hoge kwetsbaarheid"),
    );
    // The HTML outputs first (an open factsheet shows the edit at once), then the PDFs.
    const first = JSON.parse(await events.next("reload"));
    const milliseconds = performance.now() - saved;
    expect(first).toEqual(["html/lhbt-kinderen.html", "index.html"]);
    expect(JSON.parse(await events.next("reload"))).toEqual([
      "pdf/lhbt-kinderen.pdf",
      "pdf/overzicht.pdf",
      "pdf/zicht-op-kwetsbaarheid.pdf",
    ]);
    console.log(`preview: save to reload event in ${milliseconds.toFixed(0)} ms`);
    events.close();
  });

  it("rebuilds after a save by rename, as many editors save: the new file is read", async () => {
    const events = new EventStream(`${preview.url}__factsheets/events`);
    const file = path.join(content, "groups", "isis.md");
    const original = await readFile(file, "utf8");
    const edited = original.replace(/^title: (.+)$/m, "title: $1 (hernoemd)");
    expect(edited).not.toBe(original);
    // Written whole beside the content, then moved over the group's file in one step.
    const draft = path.join(path.dirname(content), `isis-${process.pid}.md`);
    await writeFile(draft, edited);
    await rename(draft, file);
    expect(JSON.parse(await events.next("reload"))).toContain("html/isis.html");
    expect(await readFile(path.join(out, "html", "isis.html"), "utf8")).toContain("(hernoemd)");
    // A new title is in every page's notes on the scales, so every PDF is made again, and the tab told so.
    expect(JSON.parse(await events.next("reload"))).toContain("pdf/isis.pdf");
    await preview.idle();
    // And a second save by rename: the watch follows the new file, not the one it replaced.
    await writeFile(draft, original);
    await rename(draft, file);
    expect(JSON.parse(await events.next("reload"))).toContain("html/isis.html");
    expect(await readFile(path.join(out, "html", "isis.html"), "utf8")).not.toContain("(hernoemd)");
    await preview.idle();
    events.close();
  });

  it("stops the PDFs of a text saved again: the newer text's HTML comes first, then only its PDFs", async () => {
    const events = new EventStream(`${preview.url}__factsheets/events`);
    const file = path.join(content, "groups", "syrische-kindbruiden.md");
    const original = await readFile(file, "utf8");
    const first = original.replace("title: Syrische kindbruiden", "title: Syrische kindbruiden (eerste)");
    const second = original.replace("title: Syrische kindbruiden", "title: Syrische kindbruiden (tweede)");
    expect(first).not.toBe(original);
    await writeFile(file, first);
    expect(JSON.parse(await events.next("reload"))).toContain("html/syrische-kindbruiden.html");
    // Saved again while the first text's PDFs are being made: those are stopped, never written.
    await writeFile(file, second);
    const next = z.array(z.string()).parse(JSON.parse(await events.next("reload")));
    expect(next).toContain("html/syrische-kindbruiden.html");
    expect(next.filter((output) => output.startsWith("pdf/"))).toEqual([]);
    expect(JSON.parse(await events.next("reload"))).toContain("pdf/syrische-kindbruiden.pdf");
    await preview.idle();
    const text = pdfText(path.join(out, "pdf", "syrische-kindbruiden.pdf"));
    expect(text).toContain("(tweede)");
    expect(text).not.toContain("(eerste)");
    // The stopped build left nothing behind in the output folder: no staging, no lock.
    expect((await readdir(out)).filter((name) => name.startsWith(".") && name !== MANIFEST_FILE)).toEqual([]);
    await writeFile(file, original);
    await events.next("reload");
    await preview.idle();
    events.close();
  });

  it("shows a content problem in the page while the last good outputs stay served", async () => {
    const events = new EventStream(`${preview.url}__factsheets/events`);
    const before = await readFile(path.join(out, "html", "roma-kinderen.html"));
    const file = path.join(content, "groups", "roma-kinderen.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("step: hoog", "step: hoogg"));
    const problems = JSON.parse(await events.next("problems"));
    expect(problems).toContain(
      "roma-kinderen.md:7:11: fout: onbekende stap “hoogg” in het antwoord op ‘vulnerability’",
    );
    expect(await readFile(path.join(out, "html", "roma-kinderen.html"))).toEqual(before);
    expect((await fetch(`${preview.url}html/roma-kinderen.html`)).status).toBe(200);
    await writeFile(file, (await readFile(file, "utf8")).replace("step: hoogg", "step: hoog"));
    expect(await events.next("ok")).toBe("null");
    // The rebuild goes on after the HTML (the PDFs): the next test must not meet it.
    await preview.idle();
    events.close();
  });

  it("reports a locked output folder by its own message in tab and terminal, not as a document's failure", async () => {
    const events = new EventStream(`${preview.url}__factsheets/events`);
    // Another build, still running, holds the output folder.
    const lock = path.join(out, LOCK_FILE);
    await writeFile(lock, `${process.ppid} held-by-another-build\n`);
    const file = path.join(content, "groups", "roma-kinderen.md");
    const original = await readFile(file, "utf8");
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await writeFile(file, original.replace("title: Roma-kinderen", "title: Roma kinderen"));
      const stopped = JSON.parse(await events.next("stopped"));
      expect(stopped).toBe(
        `another build (process ${process.ppid}) is writing to ${out}; ` +
          "wait for it to finish, or use another --out folder",
      );
      await preview.idle();
      expect(printed.mock.calls).toEqual([[`factsheets: ${stopped}`]]);
      // A tab opened now sees the same at once.
      const later = new EventStream(`${preview.url}__factsheets/events`);
      expect(JSON.parse(await later.next("stopped"))).toBe(stopped);
      later.close();
    } finally {
      printed.mockRestore();
      await rm(lock, { force: true });
    }
    await writeFile(file, original);
    expect(await events.next("ok")).toBe("null");
    await preview.idle();
    events.close();
  });
});

describe("factsheets preview, when a build stops on an error", () => {
  /** Starts a preview of its own, waits for its first build, and returns what it reported. */
  const errorsOf = async (adjust: (options: PreviewOptions) => void): Promise<{ texts: string[]; build: string[] }> => {
    const texts: string[] = [];
    const build: string[] = [];
    const options: PreviewOptions = {
      ...buildOptions(content, await tempDir(), { formats: ["html"] }),
      port: 0,
      onBuild: (result) => build.push(result.kind),
      onError: (text) => texts.push(text),
    };
    adjust(options);
    const own = await startPreview(options);
    try {
      await own.idle();
    } finally {
      await own.close();
    }
    return { texts, build };
  };

  it("reports a usage error by its own message", async () => {
    expect(await errorsOf((options) => (options.only = ["roma-kinderenn"]))).toEqual({
      texts: [
        "--only roma-kinderenn: geen groep heeft deze slug; bedoelt u roma-kinderen? " +
          "(groepen: isis, anorexia-nervosa, uitbuiting-binnen-families, roma-kinderen, productieketens, " +
          "lhbt-kinderen, syrische-kindbruiden)",
      ],
      build: [],
    });
  });

  it("reports an error it did not expect as such, with a request to report it", async () => {
    // An option that throws when the build reads it stands for any bug in the build.
    const { texts, build } = await errorsOf((options) =>
      Object.defineProperty(options, "force", {
        enumerable: true,
        get: () => {
          throw new TypeError("a bug");
        },
      }),
    );
    expect(build).toEqual([]);
    expect(texts).toHaveLength(1);
    // In the report's language, which the preview's builds have spoken since the first one read report.yml.
    expect(texts[0]).toMatch(/^onverwachte fout: TypeError: a bug\n {4}at /);
    expect(texts[0]).toMatch(
      /\nDit is een fout in factsheets, geen probleem in uw inhoud: meld het alstublieft, met de tekst hierboven\.$/,
    );
  });
});
