/**
 * Deeper than this, lists and quotes are not a factsheet's text, and the Markdown parser's time and stack grow
 * without bound.
 */
export const MAX_NESTING = 20;

const CONTAINER = /^(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|[ \t]*>[ \t]?)/;

/**
 * The deepest nesting of lists and block quotes a line opens, found without
 * parsing: markers at the start of a line (`- - - x`, `> > x`) and
 * indentation (two spaces a level). Returns the first line that is too deep.
 */
export function tooDeep(text: string, limit = MAX_NESTING): { line: number; depth: number } | undefined {
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    const indent = /^[ \t]*/.exec(line)?.[0].replaceAll("\t", "    ").length ?? 0;
    let depth = Math.floor(indent / 2);
    let rest = line;
    for (let match = CONTAINER.exec(rest); match && depth <= limit; match = CONTAINER.exec(rest)) {
      depth += 1;
      rest = rest.slice(match[0].length);
    }
    if (depth > limit) return { line: index + 1, depth };
  }
  return undefined;
}
