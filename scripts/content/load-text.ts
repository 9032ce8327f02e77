import type { Root } from "hast";
import type { VFile } from "vfile";
import type { Point } from "unist";
import { problem } from "../diagnostics/messages.js";
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
      ...problem("markdown/too-deep", { name: where.name, limit: MAX_NESTING }),
      place: where.place(deep.line, 1),
    });
    return undefined;
  }
  const parsed = await parser.parse(text, where.name, where.language);
  if (!parsed.ok) {
    const id =
      parsed.reason === "time"
        ? "markdown/too-costly"
        : parsed.reason === "memory"
          ? "markdown/too-costly+memory"
          : "markdown/unreadable";
    const values = {
      name: where.name,
      seconds: PARSE_BUDGET.milliseconds / 1000,
      megabytes: PARSE_BUDGET.megabytes,
      detail: parsed.detail ?? "",
    };
    addProblem(file, { ...problem(id, values), place: where.place(suspectLine(text), 1) });
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
