/**
 * The slips of hand that break YAML, found line by line so that each is named as what it is, at its own line:
 * a field indented out of line with the fields around it, a tab, a colon without a space after it, and a text
 * that holds ": " without quotes. The YAML parser reports these as what they do to its grammar ("Nested mappings
 * are not allowed in compact mappings"), often several times and at the wrong line; an editor needs the slip.
 *
 * Only run on text the parser refused: a line that looks like a slip in valid YAML is what the author meant.
 */

/** One slip, at a 1-based line and column of the YAML text. */
export type YamlSlip =
  | {
      kind: "indentation";
      line: number;
      column: number;
      /** The field's name, or the line's text where it names no field. */
      key: string | undefined;
      text: string;
      spaces: number;
      expected: number;
      /** The field above at the indentation expected, to line up with. */
      sibling: string | undefined;
    }
  | { kind: "tab"; line: number; column: number }
  | { kind: "missing-space"; line: number; column: number; key: string; value: string }
  | { kind: "colon-in-text"; line: number; column: number; key: string; value: string };

/** A line that opens a field: `key:` or `- key:`, with what follows the colon. */
const FIELD = /^(-\s+)?([A-Za-z_][\w-]*):(.*)$/;

interface Level {
  indent: number;
  /** The last field written at this indentation. */
  key: string | undefined;
  /** How many lines were read at this level. */
  lines: number;
  /** The level's first line, when it opened a block: the one to blame if the lines after it agree otherwise. */
  first?: { line: number; key: string | undefined; text: string; parentIndent: number };
}

/** The state of the walk: the open levels, and whether the next lines belong to a value rather than to fields. */
interface Walk {
  levels: Level[];
  /** The indentation of a field with no value on its line: lines indented further open its block. */
  parent: number | undefined;
  /** Lines indented further than this belong to a block text (`|`, `>`) or continue a plain text. */
  textIndent: number | undefined;
  /** An open quote, continued on the next lines until it closes. */
  quote: string | undefined;
  slips: YamlSlip[];
  /** The text's lines, to look ahead in a block. */
  lines: readonly string[];
}

export function yamlSlips(text: string): YamlSlip[] {
  const lines = text.split("\n");
  const walk: Walk = { levels: [], parent: undefined, textIndent: undefined, quote: undefined, slips: [], lines };
  for (const [index, line] of lines.entries()) visitLine(walk, line, index + 1);
  return walk.slips.sort((a, b) => a.line - b.line);
}

function visitLine(walk: Walk, line: string, number: number): void {
  if (walk.quote !== undefined) {
    if (closesQuote(line, walk.quote)) walk.quote = undefined;
    return;
  }
  if (/^\s*(#.*)?$/.test(line)) return;
  const lead = /^[ \t]*/.exec(line)?.[0] ?? "";
  if (lead.includes("\t")) {
    walk.slips.push({ kind: "tab", line: number, column: lead.indexOf("\t") + 1 });
    return;
  }
  const indent = lead.length;
  const content = line.slice(indent);
  if (walk.textIndent !== undefined && indent > walk.textIndent) {
    // A text's next line; one that reads as a field was meant as one, at the level of the text's own field.
    const field = FIELD.exec(content);
    if (!field || walk.parent !== undefined) return;
    pushIndentation(walk, number, indent, content, field[2]);
    return;
  }
  walk.textIndent = undefined;
  const level = placeLine(walk, number, indent, content);
  visitContent(walk, number, level, content);
}

/** The level a line belongs to: a new block below a field without value, an open level, or a slip. */
function placeLine(walk: Walk, number: number, indent: number, content: string): number {
  const dash = content.startsWith("-");
  if (walk.parent !== undefined) {
    const parent = walk.parent;
    walk.parent = undefined;
    if (indent > parent || (dash && indent === parent)) {
      const first = { line: number, key: FIELD.exec(content)?.[2], text: shown(content), parentIndent: parent };
      walk.levels.push({ indent, key: undefined, lines: 1, first });
      return indent;
    }
  }
  if (walk.levels.length === 0) {
    walk.levels.push({ indent, key: undefined, lines: 1 });
    return indent;
  }
  const open = walk.levels.findIndex((level) => level.indent === indent);
  const level = walk.levels[open];
  if (level) {
    walk.levels.length = open + 1;
    level.lines += 1;
    return indent;
  }
  return pushIndentation(walk, number, indent, content, FIELD.exec(content)?.[2]);
}

/** Records a line out of line with its neighbours, and reads on as if it had been lined up with them. */
function pushIndentation(walk: Walk, number: number, indent: number, content: string, key?: string): number {
  // Between two open levels the line was meant for the deeper one (the block being written), else the nearest.
  const deeper = walk.levels.find((level) => level.indent > indent);
  const target = deeper ?? walk.levels.at(-1) ?? { indent: 0, key: undefined, lines: 0 };
  walk.levels.length = walk.levels.indexOf(target) + 1;
  walk.textIndent = undefined;
  const first = target.first;
  if (
    first &&
    target.lines === 1 &&
    indent > first.parentIndent &&
    linesAhead(walk, number, indent, first.parentIndent) >= 2
  ) {
    // The block's first line is the odd one out: the lines after it agree on another indentation.
    walk.slips.push({
      kind: "indentation",
      line: first.line,
      column: target.indent + 1,
      key: first.key,
      text: first.text,
      spaces: target.indent,
      expected: indent,
      sibling: key,
    });
    target.indent = indent;
    target.key = key;
    target.lines += 1;
    return indent;
  }
  walk.slips.push({
    kind: "indentation",
    line: number,
    column: indent + 1,
    key,
    text: shown(content),
    spaces: indent,
    expected: target.indent,
    sibling: target.key,
  });
  target.lines += 1;
  return target.indent;
}

/** How many fields or list items from line `number` on, in the block below `parentIndent`, are indented `indent`. */
function linesAhead(walk: Walk, number: number, indent: number, parentIndent: number): number {
  let count = 0;
  for (const line of walk.lines.slice(number - 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lead = /^ */.exec(line)?.[0].length ?? 0;
    if (lead <= parentIndent) break;
    if (lead === indent && (FIELD.test(line.slice(lead)) || line.slice(lead).startsWith("-"))) count += 1;
  }
  return count;
}

/** A line as a message shows it: at most 40 characters. */
const shown = (content: string) => (content.length > 40 ? `${content.slice(0, 39)}…` : content);

/** Reads what a line opens: a field with or without value, a list item, a block text, a quote left open. */
function visitContent(walk: Walk, number: number, indent: number, content: string): void {
  const field = FIELD.exec(content);
  const dashWidth = /^-\s+/.exec(content)?.[0].length ?? 0;
  if (dashWidth > 0) {
    // A list item's fields line up with the text after its dash.
    walk.levels.push({ indent: indent + dashWidth, key: undefined, lines: 1 });
  }
  if (!field) {
    walk.textIndent = indent;
    return;
  }
  const [, , key = "", rest = ""] = field;
  const keyIndent = indent + dashWidth;
  const current = walk.levels.at(-1);
  if (current) current.key = key;
  const column = keyIndent + key.length + 2;
  if (rest !== "" && !/^\s/.test(rest) && !rest.startsWith("/")) {
    walk.slips.push({ kind: "missing-space", line: number, column: column - 1, key, value: rest.trim() });
    return;
  }
  const value = rest.trim();
  if (value === "" || value.startsWith("#")) {
    walk.parent = keyIndent;
    return;
  }
  walk.textIndent = keyIndent;
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    if (!closesQuote(value.slice(1), quote)) walk.quote = quote;
    return;
  }
  if (/^[|>]/.test(value)) return;
  if (/:\s/.test(value) && !/^[[{&*!]/.test(value)) {
    walk.slips.push({
      kind: "colon-in-text",
      line: number,
      column: column + (rest.length - rest.trimStart().length),
      key,
      value,
    });
  }
}

/** Whether a quoted text that started before `rest` closes in it. */
function closesQuote(rest: string, quote: string): boolean {
  return quote === '"' ? /(^|[^\\])"/.test(rest) : rest.replaceAll("''", "").includes("'");
}
