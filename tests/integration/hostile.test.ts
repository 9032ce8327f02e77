import { appendFile, cp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../scripts/output/content-security-policy.js";
import { launchBrowser } from "../../scripts/render/launch-browser.js";
import { runOnPagePool } from "../../scripts/render/page-pool.js";
import { renderPdf } from "../../scripts/render/render-pdf.js";
import { findBrowser } from "../../scripts/setup/find-browser.js";
import { CONTENT, copyToTemp, removeTempDirs, snapshotTree, TEMPLATES, tempDir } from "../helpers/paths.js";
import { TEST_PDF_METADATA, testPdfOptions } from "../helpers/render-fixtures.js";
import { runCli } from "../helpers/run-cli.js";

let server: Server;
let origin: string;
const requests: string[] = [];
/** TCP connections the listener accepted: a preconnect or a WebSocket counts, not only an HTTP request. */
let connections = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    if (request.url === "/redirect") response.writeHead(302, { location: `${origin}/target` }).end();
    else response.writeHead(200, { "content-type": "text/plain" }).end("x");
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await removeTempDirs();
});

describe("hostile content", () => {
  it("refuses raw HTML of every kind, at its line, and writes nothing", async () => {
    const content = await copyToTemp(CONTENT);
    const out = await tempDir();
    expect((await runCli(["build", "--format", "html", "--out", out])).code).toBe(0);
    const before = await snapshotTree(out);
    const file = path.join(content, "groups", "isis.md");
    const hostile = [
      "<script>window.pwned = true</script>",
      `<iframe src="${origin}/frame"></iframe>`,
      '<img src=x onerror="window.pwned = true">',
      "<svg><script>window.pwned = true</script></svg>",
      `<style>@import url(${origin}/style.css); body { background: url(${origin}/bg.png) }</style>`,
      `<object data="${origin}/object"></object>`,
    ];
    // The first snippet follows the text and one empty line; each next one two lines further.
    const first = (await readFile(file, "utf8")).split("\n").length + 1;
    await appendFile(file, `\n${hostile.join("\n\n")}\n`);
    const result = await runCli(
      ["build", "--content", content, "--templates", TEMPLATES, "--format", "html", "--out", out],
      content,
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    const places = lines.flatMap((line, index) =>
      lines[index + 3] === "  (regel markdown/raw-html)" ? [line.split(":")[1]] : [],
    );
    expect(places).toEqual(hostile.map((_, index) => String(first + 2 * index)));
    expect(lines[0]).toBe(
      `groups/isis.md:${first}:1: fout: HTML-code "<script>window.pwned = true</script>" in de tekst van een groep`,
    );
    expect(await snapshotTree(out)).toEqual(before);
    expect(requests).toEqual([]);
  });

  it("strips javascript: and data: links; the outputs run no script in Chromium", async () => {
    const content = await copyToTemp(CONTENT);
    const out = await tempDir();
    await appendFile(
      path.join(content, "groups", "isis.md"),
      "\n[een](javascript:window.pwned=true) [twee](data:text/html;base64,PHNjcmlwdD53aW5kb3cucHduZWQ9dHJ1ZTwvc2NyaXB0Pg==) [drie](vbscript:msgbox) [vier](https://www.nationaalrapporteur.nl)\n",
    );
    const result = await runCli(
      ["build", "--content", content, "--templates", TEMPLATES, "--out", out, "--only", "isis", "--format", "html"],
      content,
    );
    expect(result.code).toBe(0);
    const html = await readFile(path.join(out, "html", "isis.html"), "utf8");
    expect(html).not.toMatch(/javascript:|data:text\/html|vbscript:/);
    expect(html).toContain('<a>een</a> <a>twee</a> <a>drie</a> <a href="https://www.nationaalrapporteur.nl">vier</a>');
    const launched = await launchBrowser();
    try {
      const page = await launched.browser.newPage();
      await page.goto(`file://${path.join(out, "html", "isis.html")}`);
      for (const link of await page.$$("a")) await link.click().catch(() => undefined);
      expect(await page.evaluate(() => "pwned" in window)).toBe(false);
    } finally {
      await launched.close();
    }
    expect(requests).toEqual([]);
  });
});

const GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
const page = (body: string) =>
  `<!doctype html><html lang="nl"><head><title>t</title></head><body>${body}</body></html>`;

/** What a template can hold that reaches out: each way once, with what the check must say about it. */
const hostile = (base: string) => {
  const port = new URL(base).port;
  const cases: [string, string][] = [
    [`<img/src="${base}/slash.png" alt="">`, `would load ${base}/slash.png from outside (<img src>)`],
    [
      `<img src="${GIF}" srcset="${GIF} 1x, ${base}/second.png 2x" alt="">`,
      `would load ${base}/second.png from outside (<img srcset>)`,
    ],
    [
      `<svg aria-hidden="true"><image href="${base}/svg-image.png"/></svg>`,
      `would load ${base}/svg-image.png from outside (<image href>)`,
    ],
    [`<link rel="preconnect" href="${base}">`, `would load ${base} from outside (<link href>)`],
    [`<link rel="dns-prefetch" href="//leak.example">`, "would load //leak.example from outside (<link href>)"],
    [
      `<meta http-equiv="refresh" content="0;url=${base}/refresh">`,
      `would navigate away or reload (<meta http-equiv="refresh" content="0;url=${base}/refresh">)`,
    ],
    [
      `<script>new WebSocket("ws://127.0.0.1:${port}/ws")</script>`,
      `would run a script (<script>new WebSocket("ws://127.0.0.1:${port}/ws")</script>)`,
    ],
    [`<a href="#top" ping="${base}/ping">top</a>`, `would load ${base}/ping from outside (<a ping>)`],
    [
      `<p style="background: u\\72l(${base}/escaped.png)">x</p>`,
      `would load ${base}/escaped.png from outside (<p style>)`,
    ],
    [`<iframe src="${base}/redirect"></iframe>`, `would embed another document (<iframe src="${base}/redirect">)`],
  ];
  return { html: cases.map(([html]) => html).join("\n"), findings: cases.map(([, finding]) => finding) };
};

/** A finding as a build of the Dutch report says it. */
const inDutch = (finding: string) =>
  finding
    .replace(/^would load (.+) from outside \((.+)\)$/, "zou $1 van buiten laden ($2)")
    .replace(/^would run a script /, "zou een script uitvoeren ")
    .replace(/^would navigate away or reload /, "zou naar een andere pagina gaan of opnieuw laden ")
    .replace(/^would embed another document /, "zou een ander document insluiten ");

/** A copy of the templates with the hostile markup in the factsheet and the infographic, and maybe no CSP. */
async function hostileTemplates(base: string, dropCsp: boolean): Promise<string> {
  const templates = await tempDir();
  await cp(TEMPLATES, templates, { recursive: true });
  for (const name of ["infographic.hbs", "factsheet.hbs"]) {
    const file = path.join(templates, name);
    await writeFile(file, (await readFile(file, "utf8")).replace("</main>", `${hostile(base).html}\n</main>`));
  }
  if (dropCsp) await dropPolicy(templates);
  return templates;
}

/** A copy of the templates with one template loading an image from `url` at the end of its <main>. */
async function templatesWithImage(template: string, url: string): Promise<string> {
  const templates = await tempDir();
  await cp(TEMPLATES, templates, { recursive: true });
  const file = path.join(templates, template);
  await writeFile(file, (await readFile(file, "utf8")).replace("</main>", `<img src="${url}" alt="">\n</main>`));
  return templates;
}

async function dropPolicy(templates: string): Promise<void> {
  const head = path.join(templates, "partials", "head.hbs");
  await writeFile(
    head,
    (await readFile(head, "utf8")).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, ""),
  );
}

describe("the renderer makes no connection, whatever the template says", () => {
  it.each([
    ["with the templates' Content-Security-Policy", false],
    ["with a designer's template that dropped it", true],
  ])(
    "refuses every way out in a template %s, naming each, and the listener sees no connection",
    async (_label, dropCsp) => {
      const templates = await hostileTemplates(origin, dropCsp);
      const out = await tempDir();
      const result = await runCli(["build", "--templates", templates, "--only", "roma-kinderen", "--out", out]);
      expect(result.code).toBe(1);
      for (const output of ["html/roma-kinderen.html", "pdf/roma-kinderen.pdf"]) {
        for (const finding of hostile(origin).findings) {
          expect(result.stderr).toContain(`fout: ${output} ${inDutch(finding)}\n`);
        }
      }
      expect(connections).toBe(0);
      expect(requests).toEqual([]);
      expect(Object.keys(await snapshotTree(out))).toEqual([]);
    },
  );

  it("refuses the overview's PDF while the whole report already renders: the last good outputs stay, byte for byte", async () => {
    // Documents are checked in render order, beside the render: the whole report (checked first) is printing
    // when the overview's document is refused, so the build must stop it and commit nothing.
    const content = await copyToTemp(CONTENT);
    const out = await tempDir();
    expect((await runCli(["build", "--content", content, "--out", out])).code).toBe(0);
    const before = await snapshotTree(out);
    // An edit, so that every output this build stages differs from the one it would replace.
    const isis = path.join(content, "groups", "isis.md");
    await writeFile(isis, (await readFile(isis, "utf8")).replace("weinig bekend", "nog weinig bekend"));
    const templates = await templatesWithImage("overview.hbs", `${origin}/overview.gif`);
    const result = await runCli(["build", "--content", content, "--templates", templates, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `fout: pdf/overzicht.pdf zou ${origin}/overview.gif van buiten laden (<img src>)\n`,
    );
    expect(result.stderr).toContain("Er is niets geschreven: de bestanden van de vorige keer zijn ongewijzigd.");
    expect(connections).toBe(0);
    expect(await snapshotTree(out)).toEqual(before);
    expect((await readdir(out)).filter((name) => name.startsWith(".staging") || name.endsWith(".lock"))).toEqual([]);
  });

  it("refuses an HTML output that would load anything from outside, naming the template", async () => {
    const templates = await templatesWithImage("factsheet.hbs", `${origin}/tracker.gif`);
    const out = await tempDir();
    const result = await runCli(
      ["build", "--content", CONTENT, "--templates", templates, "--format", "html", "--out", out],
      templates,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").slice(0, 4)).toEqual([
      `factsheet.hbs:1:1: fout: html/isis.html zou ${origin}/tracker.gif van buiten laden (<img src>)`,
      "  waarom: HTML-bestanden moeten zonder netwerk opengaan (van een USB-stick, offline bij een instantie), " +
        "het opmaken gebruikt nooit het netwerk, en bestanden voeren geen scripts uit",
      "  oplossing: zet de bron als data:-URL of als CSS in de sjablonen, of verwijder hem (scripts, automatisch " +
        "verversen en ingesloten documenten horen niet in een bestand)",
      "  (regel template/external-resource)",
    ]);
    expect(connections).toBe(0);
  });

  it.each([
    ["dropped", ""],
    ["loosened", `<meta http-equiv="Content-Security-Policy" content="default-src *; script-src * 'unsafe-inline'">`],
  ])(
    "writes the house Content-Security-Policy into every HTML output when a template %s it",
    async (_label, replacement) => {
      const templates = await tempDir();
      await cp(TEMPLATES, templates, { recursive: true });
      await dropPolicy(templates);
      if (replacement) {
        const head = path.join(templates, "partials", "head.hbs");
        await writeFile(
          head,
          (await readFile(head, "utf8")).replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${replacement}`),
        );
      }
      const out = await tempDir();
      expect((await runCli(["build", "--templates", templates, "--format", "html", "--out", out])).code).toBe(0);
      for (const file of ["index.html", "html/isis.html"]) {
        const policies = (await readFile(path.join(out, file), "utf8")).match(
          /<meta http-equiv="Content-Security-Policy"[^>]*>/gi,
        );
        expect(policies).toEqual([`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`]);
      }
    },
  );

  it("refuses a hostile document handed to the renderer directly, past the build's check", async () => {
    const launched = await launchBrowser();
    try {
      const document = page(hostile(origin).html);
      const [outcome] = await runOnPagePool(launched.browser, 1, [document], (page, html) =>
        renderPdf(page, html, TEST_PDF_METADATA, testPdfOptions(20_000)),
      );
      expect(outcome?.ok).toBe(false);
      const message = outcome && !outcome.ok ? String(outcome.error) : "";
      for (const finding of hostile(origin).findings) expect(message).toContain(finding);
    } finally {
      await launched.close();
    }
    expect(connections).toBe(0);
  });

  it("cuts a page off in the browser itself: a hostile document put straight into a pool page connects nowhere", async () => {
    const markup = page(`${hostile(origin).html}<script>fetch("${origin}/fetch")</script>`);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
    // The control: the same document in a Chromium without our settings reaches the listener.
    const lookup = findBrowser();
    if (!lookup.found) throw new Error(lookup.reason);
    const { default: puppeteer } = await import("puppeteer");
    const bare = await puppeteer.launch({
      executablePath: lookup.executablePath,
      headless: true,
      args: ["--no-sandbox"],
    });
    try {
      const bareTab = await bare.newPage();
      await bareTab.setContent(markup, { waitUntil: "load" }).catch(() => undefined);
      await settle();
    } finally {
      await bare.close();
    }
    expect(connections).toBeGreaterThan(0);
    connections = 0;
    const launched = await launchBrowser();
    try {
      const [outcome] = await runOnPagePool(launched.browser, 1, [markup], async (pooled, html) => {
        await pooled.page.setContent(html, { waitUntil: "load" }).catch(() => undefined);
        await settle();
        return pooled.page.evaluate(() => document.querySelectorAll("img").length);
      });
      // The document stayed (the refresh did not navigate away) and was parsed whole.
      expect(outcome?.ok ? outcome.value : String(outcome?.ok === false ? outcome.error : "")).toBe(2);
    } finally {
      await launched.close();
    }
    expect(connections).toBe(0);
    requests.length = 0;
  });
});
