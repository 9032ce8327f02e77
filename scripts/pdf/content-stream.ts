/**
 * A page's content stream as a list of operations: each operator with the
 * source text of its operands, so that a stream can be read (which text is in
 * which marked-content sequence) and written back with sequences added, byte
 * for byte otherwise. The stream is handled as latin1 text: one character per
 * byte, so strings and binary bytes survive the round trip.
 */
export interface Operation {
  /** The operator, e.g. "Tj", "BDC", "re". */
  operator: string;
  /** Each operand's source text, e.g. ["/P", "<</MCID 3 >>"] or ["<0012>"]. */
  operands: string[];
}

/** A content stream this reader cannot take apart (an inline image, an unclosed string). */
export class ContentStreamError extends Error {
  override readonly name = "ContentStreamError";
}

/** Each byte's class: 1 white space, 2 delimiter, 0 a regular character (ISO 32000-1, 7.2.2). */
const CLASS = new Uint8Array(256);
for (const char of " \n\r\t\f\0") CLASS[char.charCodeAt(0)] = 1;
for (const char of "()<>[]{}/%") CLASS[char.charCodeAt(0)] = 2;
const isWhite = (text: string, at: number) => CLASS[text.charCodeAt(at) & 0xff] === 1;

/** The operations of a content stream, in order. */
export function parseContentStream(text: string): Operation[] {
  const operations: Operation[] = [];
  let operands: string[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? "";
    if (isWhite(text, at)) {
      at += 1;
    } else if (char === "%") {
      while (at < text.length && text[at] !== "\n" && text[at] !== "\r") at += 1;
    } else if (isOperandStart(text, at)) {
      const end = operandEnd(text, at);
      operands.push(text.slice(at, end));
      at = end;
    } else {
      const end = wordEnd(text, at);
      const operator = text.slice(at, end);
      if (operator === "BI") throw new ContentStreamError("the content stream holds an inline image (BI … EI)");
      if (operator === "") throw new ContentStreamError(`unexpected "${char}" at byte ${at} of a content stream`);
      operations.push({ operator, operands });
      operands = [];
      at = end;
    }
  }
  if (operands.length > 0) throw new ContentStreamError("the content stream ends with operands and no operator");
  return operations;
}

/** The content stream's text for these operations, one operation a line. */
export function writeContentStream(operations: readonly Operation[]): string {
  return operations.map(({ operator, operands }) => [...operands, operator].join(" ")).join("\n") + "\n";
}

const OPERAND_START = new Set([..."([</0123456789+-."].map((char) => char.charCodeAt(0)));

function isOperandStart(text: string, at: number): boolean {
  if (OPERAND_START.has(text.charCodeAt(at))) return true;
  const word = text.slice(at, wordEnd(text, at));
  return word === "true" || word === "false" || word === "null";
}

function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && CLASS[text.charCodeAt(end) & 0xff] === 0) end += 1;
  return end;
}

/** The end (exclusive) of the operand at `at`: a string, a hex string, a dictionary, an array, a name, a number. */
function operandEnd(text: string, at: number): number {
  const char = text[at];
  if (char === "(") return literalStringEnd(text, at);
  if (char === "<" && text[at + 1] === "<") return nestedEnd(text, at, "<<", ">>");
  if (char === "<") return closingEnd(text, at, ">");
  if (char === "[") return nestedEnd(text, at, "[", "]");
  if (char === "/") return wordEnd(text, at + 1);
  return wordEnd(text, at);
}

function closingEnd(text: string, at: number, close: string): number {
  const end = text.indexOf(close, at);
  if (end < 0) throw new ContentStreamError(`an operand at byte ${at} of a content stream is not closed`);
  return end + close.length;
}

function literalStringEnd(text: string, at: number): number {
  let depth = 0;
  for (let index = at; index < text.length; index += 1) {
    const char = text[index];
    if (char === "\\") index += 1;
    else if (char === "(") depth += 1;
    else if (char === ")" && --depth === 0) return index + 1;
  }
  throw new ContentStreamError(`a string at byte ${at} of a content stream is not closed`);
}

/** An array or a dictionary, which may hold strings, arrays and dictionaries of their own. */
function nestedEnd(text: string, at: number, open: string, close: string): number {
  let depth = 0;
  let index = at;
  while (index < text.length) {
    if (text.startsWith(open, index)) {
      depth += 1;
      index += open.length;
    } else if (text.startsWith(close, index)) {
      depth -= 1;
      index += close.length;
      if (depth === 0) return index;
    } else if (text[index] === "(") {
      index = literalStringEnd(text, index);
    } else if (open === "<<" && text[index] === "<") {
      index = text.startsWith("<<", index) ? index : closingEnd(text, index, ">");
    } else if (open === "[" && text.startsWith("<<", index)) {
      index = nestedEnd(text, index, "<<", ">>");
    } else if (open === "[" && text[index] === "<") {
      index = closingEnd(text, index, ">");
    } else if (open === "<<" && text[index] === "[") {
      index = nestedEnd(text, index, "[", "]");
    } else {
      index += 1;
    }
  }
  throw new ContentStreamError(`an operand at byte ${at} of a content stream is not closed`);
}

/** Operators that paint: what a reader sees, which must be tagged or marked as an artifact. */
export const PAINTING = new Set(["f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "Tj", "TJ", "'", '"']);

/** The operators that show text. */
export const SHOWING_TEXT = new Set(["Tj", "TJ", "'", '"']);

/** The MCID of a BDC's properties operand (`<</MCID 3 >>`), or undefined. */
export function markedContentId(properties: string | undefined): number | undefined {
  const match = /\/MCID\s+(\d+)/.exec(properties ?? "");
  return match ? Number(match[1]) : undefined;
}
