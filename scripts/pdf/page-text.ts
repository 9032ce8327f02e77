import { PDFDict, PDFName, PDFStream, type PDFDocument, type PDFPage } from "pdf-lib";
import { markedContentId, parseContentStream, SHOWING_TEXT, type Operation } from "./content-stream.js";
import { entry, nameOf, pageContentText, resolve, streamText } from "./pdf-objects.js";

/** A font's codes to Unicode text, from its ToUnicode CMap, and how many bytes one code takes. */
export interface FontText {
  codeBytes: 1 | 2;
  /** undefined when the font has no ToUnicode map at all. */
  map: Map<number, string> | undefined;
}

/** What a page's text operations show, by the MCID they are tagged with, and the codes no map turns into text. */
export interface PageText {
  byMcid: Map<number, string>;
  unmapped: { font: string; code: number }[];
}

/** The text of every marked-content sequence of the page that carries an MCID. */
export function pageText(document: PDFDocument, page: PDFPage): PageText {
  const fonts = pageFonts(document, page);
  return textOf(parseContentStream(pageContentText(document, page)), fonts);
}

function textOf(operations: readonly Operation[], fonts: Map<string, FontText>): PageText {
  const byMcid = new Map<number, string>();
  const unmapped: { font: string; code: number }[] = [];
  const mcids: (number | undefined)[] = [];
  let font = "";
  for (const { operator, operands } of operations) {
    if (operator === "BDC" || operator === "BMC")
      mcids.push(operator === "BDC" ? markedContentId(operands[1]) : undefined);
    else if (operator === "EMC") mcids.pop();
    else if (operator === "Tf") font = (operands[0] ?? "").slice(1);
    else if (SHOWING_TEXT.has(operator)) {
      const text = decodeShown(
        operator === "TJ" ? (operands[0] ?? "") : (operands.at(-1) ?? ""),
        fonts.get(font),
        (code) => unmapped.push({ font, code }),
      );
      const mcid = mcids.findLast((id) => id !== undefined);
      if (mcid !== undefined) byMcid.set(mcid, (byMcid.get(mcid) ?? "") + text);
    }
  }
  return { byMcid, unmapped };
}

/** The page's fonts by resource name, each with its Unicode map. */
export function pageFonts(document: PDFDocument, page: PDFPage): Map<string, FontText> {
  const fonts = new Map<string, FontText>();
  const resources = resolve(document, page.node.get(PDFName.of("Resources")));
  const fontDict = resources instanceof PDFDict ? entry(document, resources, "Font") : undefined;
  if (!(fontDict instanceof PDFDict)) return fonts;
  for (const [name, value] of fontDict.entries()) {
    const font = resolve(document, value);
    if (!(font instanceof PDFDict)) continue;
    const toUnicode = entry(document, font, "ToUnicode");
    fonts.set(name.decodeText(), {
      codeBytes: nameOf(entry(document, font, "Subtype")) === "Type0" ? 2 : 1,
      map: toUnicode instanceof PDFStream ? parseToUnicode(streamText(toUnicode)) : undefined,
    });
  }
  return fonts;
}

/** The codes of a ToUnicode CMap (bfchar and bfrange) and their text. */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code = "", text = ""] of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g))
      map.set(Number.parseInt(code, 16), utf16(text));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = block[1] ?? "";
    for (const [, low = "", high = "", target = ""] of body.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g,
    )) {
      const start = Number.parseInt(low, 16);
      const end = Number.parseInt(high, 16);
      if (target.startsWith("[")) {
        const items = [...target.matchAll(/<([0-9A-Fa-f]*)>/g)].map((item) => utf16(item[1] ?? ""));
        items.forEach((text, offset) => map.set(start + offset, text));
      } else {
        const first = target.slice(1, -1);
        const base = Number.parseInt(first.slice(-4), 16);
        const prefix = utf16(first.slice(0, -4));
        for (let code = start; code <= end; code += 1) map.set(code, prefix + String.fromCharCode(base + code - start));
      }
    }
  }
  return map;
}

function utf16(hex: string): string {
  let text = "";
  for (let at = 0; at + 4 <= hex.length; at += 4)
    text += String.fromCharCode(Number.parseInt(hex.slice(at, at + 4), 16));
  return text;
}

/** The text one Tj/TJ operand shows: its strings' codes through the font's map. */
function decodeShown(operand: string, font: FontText | undefined, onUnmapped: (code: number) => void): string {
  let text = "";
  for (const bytes of stringsOf(operand)) {
    const size = font?.codeBytes ?? 1;
    for (let at = 0; at + size <= bytes.length; at += size) {
      const code = size === 2 ? (bytes[at] ?? 0) * 256 + (bytes[at + 1] ?? 0) : (bytes[at] ?? 0);
      const mapped = font?.map?.get(code);
      if (mapped === undefined) onUnmapped(code);
      else text += mapped;
    }
  }
  return text;
}

/** The byte strings in an operand: a hex string, a literal string, or an array of them with numbers between. */
function stringsOf(operand: string): number[][] {
  const strings: number[][] = [];
  let at = 0;
  while (at < operand.length) {
    const char = operand[at];
    if (char === "<") {
      const end = operand.indexOf(">", at);
      const hex = operand.slice(at + 1, end).replace(/\s+/g, "");
      const padded = hex.length % 2 === 0 ? hex : `${hex}0`;
      strings.push(padded.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []);
      at = end + 1;
    } else if (char === "(") {
      const { bytes, end } = literalBytes(operand, at);
      strings.push(bytes);
      at = end;
    } else {
      at += 1;
    }
  }
  return strings;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };

function literalBytes(operand: string, start: number): { bytes: number[]; end: number } {
  const bytes: number[] = [];
  let depth = 0;
  for (let at = start; at < operand.length; at += 1) {
    const char = operand[at] ?? "";
    if (char === "\\") {
      const next = operand[at + 1] ?? "";
      const octal = /^[0-7]{1,3}/.exec(operand.slice(at + 1))?.[0];
      if (octal) {
        bytes.push(Number.parseInt(octal, 8) & 0xff);
        at += octal.length;
      } else {
        if (ESCAPES[next] !== undefined) bytes.push(ESCAPES[next]);
        at += 1;
      }
    } else if (char === "(") {
      if (depth++ > 0) bytes.push(40);
    } else if (char === ")") {
      if (--depth === 0) return { bytes, end: at + 1 };
      bytes.push(41);
    } else {
      bytes.push(char.charCodeAt(0) & 0xff);
    }
  }
  return { bytes, end: operand.length };
}
