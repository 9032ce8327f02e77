import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * The PDF's text as pdf.js (Firefox's viewer) extracts it: every text item of
 * every page in order, with a line break where pdf.js ends a line.
 */
export async function pdfjsText(file: string): Promise<string> {
  const data = new Uint8Array(await readFile(file));
  const document = await getDocument({ data, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    let text = "";
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
      text += "\n";
    }
    return text;
  } finally {
    await document.destroy();
  }
}

/** pdf.js's text as one line: a line break is a space, and a compound broken after its own hyphen is whole. */
export async function pdfjsLine(file: string): Promise<string> {
  return (await pdfjsText(file))
    .replace(/(\p{L})-\s+(\p{L})/gu, "$1-$2")
    .replace(/\s+/g, " ")
    .trim();
}
