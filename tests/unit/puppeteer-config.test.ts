import { createRequire } from "node:module";
import path from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";

// README: "Puppeteer never downloads a browser of its own". The committed config is what makes `npm ci` skip it.
it("the committed Puppeteer config skips the browser download", () => {
  const config: unknown = createRequire(import.meta.url)(path.join(ROOT, ".puppeteerrc.cjs"));
  expect(config).toEqual({ skipDownload: true });
});
