import type { Root } from "hast";
import type { VFile } from "vfile";
import type { Point } from "unist";
import { addProblem } from "../diagnostics/problem.js";
import { MAX_NESTING, tooDeep } from "../markdown/nesting-depth.js";
import { PARSE_BUDGET, type TextParser } from "../markdown/text-parser.js";

export interface TextPlace {
  /** The report's language, for hyphenation. */
  language: string;
  /** How problems name the text: "a group's text", "the introduction". */
  name: string;
  /** The place in `file` of a line and column of the text. */
  place: (line: number | undefined, column: number | undefined) => Point;
}

/**
 * Parses one Markdown text of the content (a group's body, the report's
 * introduction) through the one guarded path: the nesting guard, the parse
 * within its time and memory budget, and the processor's own checks (images,
 * raw HTML), every problem at its place in `file`. Returns the HTML tree and
 * the plain text, or nothing when the text cannot be used.
 */
export async function loadText(
  parser: TextParser,
  file: VFile,
  text: string,
  where: TextPlace,
): Promise<{ tree: Root; plain: string } | undefined> {
  const deep = tooDeep(text);
  if (deep) {
    addProblem(file, {
      ruleId: "markdown/too-deep",
      place: where.place(deep.line, 1),
      what: `${where.name} nests lists or quotes more than ${MAX_NESTING} levels deep here`,
      why:
        "a factsheet's text has at most a few levels of lists; deeper nesting is almost certainly a broken file, " +
        "and would take the Markdown parser minutes",
      fix: "remove the extra list markers (-, *, 1.) or quote markers (>) at the start of the line",
    });
    return undefined;
  }
  const parsed = await parser.parse(text, where.name, where.language);
  if (!parsed.ok) {
    addProblem(file, {
      ruleId: parsed.reason === "error" ? "markdown/unreadable" : "markdown/too-costly",
      place: where.place(suspectLine(text), 1),
      what:
        parsed.reason === "time"
          ? `${where.name} takes more than ${PARSE_BUDGET.milliseconds / 1000} s to read as Markdown, so it was stopped`
          : parsed.reason === "memory"
            ? `${where.name} needs more than ${PARSE_BUDGET.megabytes} MB to read as Markdown, so it was stopped`
            : `${where.name} cannot be read as Markdown (${parsed.detail})`,
      why:
        "a page of text reads in a fraction of a second; one that does not is almost certainly damaged, " +
        "and would stall every build",
      fix:
        "look for long runs of * or _, many [ without a matching ], or a table with very many columns, " +
        "and remove them",
    });
    return undefined;
  }
  // Not addProblem: these messages were made (by addProblem, in the parser's worker) with their why and fix in
  // their note already; they are only moved onto the file, at the place in the file of their place in the text.
  for (const message of parsed.messages) {
    const added = file.message(message.reason, {
      place: where.place(message.line, message.column),
      ruleId: message.ruleId,
      source: "factsheets",
    });
    added.fatal = message.fatal;
    added.note = message.note;
  }
  return { tree: parsed.tree, plain: parsed.plain };
}

/**
 * The line a parse most likely stalled on: the one with the most emphasis
 * markers, brackets and table bars (what makes Markdown parsing slow).
 */
function suspectLine(text: string): number {
  const lines = text.split("\n");
  const counts = lines.map((line) => line.replace(/[^*_[\]|]/g, "").length);
  const most = Math.max(...counts);
  const index = most > 0 ? counts.indexOf(most) : lines.findIndex((line) => line.trim() !== "");
  return Math.max(0, index) + 1;
}
