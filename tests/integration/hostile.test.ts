import { appendFile, cp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../../scripts/render/launch-browser.js";
import { CONTENT, copyToTemp, removeTempDirs, snapshotTree, TEMPLATES, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

let server: Server;
let origin: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    if (request.url === "/redirect") response.writeHead(302, { location: `${origin}/target` }).end();
    else response.writeHead(200, { "content-type": "text/plain" }).end("x");
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
    await appendFile(file, `\n${hostile.join("\n\n")}\n`);
    const result = await runCli(["build", "--content", content, "--templates", TEMPLATES, "--format", "html", "--out", out], content);
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n").filter((line) => line.includes("[markdown/raw-html]"));
    expect(lines.map((line) => line.split(":")[1])).toEqual(["20", "22", "24", "26", "28", "30"]);
    expect(lines[0]).toBe('groups/isis.md:20:1: error: raw HTML "<script>window.pwned = true</script>" in a group\'s text [markdown/raw-html]');
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
    const result = await runCli(["build", "--content", content, "--templates", TEMPLATES, "--out", out, "--only", "isis", "--format", "html"], content);
    expect(result.code).toBe(0);
    const html = await readFile(path.join(out, "html", "isis.html"), "utf8");
    expect(html).not.toMatch(/javascript:|data:text\/html|vbscript:/);
    expect(html).toContain("<a>een</a> <a>twee</a> <a>drie</a> <a href=\"https://www.nationaalrapporteur.nl\">vier</a>");
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

describe("the renderer makes no network request", () => {
  const references = (base: string) =>
    [
      `<img src="${base}/img.png" alt="">`,
      `<link rel="stylesheet" href="${base}/style.css">`,
      `<style>@import url(${base}/import.css); .leak { background: url(${base}/bg.png); } @font-face { font-family: Leak; src: url(${base}/font.woff2); }</style>`,
      '<p class="leak" style="font-family: Leak">leak</p>',
      `<iframe src="${base}/redirect"></iframe>`,
    ].join("\n");

  it.each([
    ["with the templates' Content-Security-Policy", false],
    ["with a designer's template that dropped it", true],
  ])("blocks every reference in a template %s, reports it against the group, and the server sees nothing", async (_label, dropCsp) => {
    const templates = await tempDir();
    await cp(TEMPLATES, templates, { recursive: true });
    const infographic = path.join(templates, "infographic.hbs");
    let source = (await readFile(infographic, "utf8")).replace("</main>", `${references(origin)}\n</main>`);
    if (dropCsp) {
      const head = path.join(templates, "partials", "head.hbs");
      await writeFile(head, (await readFile(head, "utf8")).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, ""));
    }
    await writeFile(infographic, source);
    source = "";
    const out = await tempDir();
    const result = await runCli(["build", "--templates", templates, "--format", "pdf", "--only", "roma-kinderen", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(`✗ pdf/roma-kinderen.pdf (${path.join(CONTENT, "groups", "roma-kinderen.md")})`);
    const reported = result.stderr.match(new RegExp(origin.replaceAll(".", "\\."), "g")) ?? [];
    expect(reported.length).toBeGreaterThanOrEqual(3);
    expect(requests).toEqual([]);
    expect(Object.keys(await snapshotTree(out))).toEqual([]);
  });

  it("refuses an HTML output that would load anything from outside, naming the template", async () => {
    const templates = await tempDir();
    await cp(TEMPLATES, templates, { recursive: true });
    const factsheet = path.join(templates, "factsheet.hbs");
    await writeFile(factsheet, (await readFile(factsheet, "utf8")).replace("</main>", `<img src="${origin}/tracker.gif" alt="">\n</main>`));
    const out = await tempDir();
    const result = await runCli(["build", "--content", CONTENT, "--templates", templates, "--format", "html", "--out", out], templates);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(`factsheet.hbs:1:1: error: html/isis.html would load ${origin}/tracker.gif from outside [template/external-resource]`);
    expect(requests).toEqual([]);
  });
});
