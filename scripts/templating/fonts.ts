import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** The faces the templates may use; each is inlined as a data: URL (file:// fonts fail with setContent). */
const FACES = [
  { weight: 400, style: "normal" },
  { weight: 400, style: "italic" },
  { weight: 600, style: "normal" },
  { weight: 700, style: "normal" },
  { weight: 700, style: "italic" },
] as const;

export const FONT_FAMILY = "Source Sans 3";
const PACKAGE = "@fontsource/source-sans-3";

let fontFaceCss: Promise<string> | undefined;

/**
 * The @font-face rules for the report's typeface, from the npm package,
 * encoded once per run (the preview's builds share them). Never a CDN: outputs open with no network.
 */
export function loadFontFaceCss(): Promise<string> {
  fontFaceCss ??= encodeFontFaces().catch((error: unknown) => {
    fontFaceCss = undefined; // a failed read is not kept: the next build tries again
    throw error;
  });
  return fontFaceCss;
}

async function encodeFontFaces(): Promise<string> {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve(`${PACKAGE}/package.json`)), "files");
  const rules = await Promise.all(
    FACES.map(async (face) => {
      const file = path.join(dir, `source-sans-3-latin-${face.weight}-${face.style}.woff2`);
      const data = (await readFile(file)).toString("base64");
      return (
        `@font-face{font-family:"${FONT_FAMILY}";font-style:${face.style};font-weight:${face.weight};` +
        `font-display:block;src:url(data:font/woff2;base64,${data}) format("woff2");}`
      );
    }),
  );
  return rules.join("\n");
}
