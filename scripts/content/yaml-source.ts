import path from "node:path";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { VFile } from "vfile";
import { addProblem, type Point } from "../diagnostics/problem.js";

/**
 * A YAML document with the means to turn a data path (as zod reports it)
 * back into the line and column of the YAML node in the original file.
 */
export class YamlSource {
  readonly data: unknown;

  private constructor(
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
    /** The YAML text, to find a place inside a text value. */
    private readonly text: string,
    /** The file line on which the YAML text starts (1 for a .yml file, 2 for front matter). */
    private readonly firstLine: number,
  ) {
    this.data = document.toJS({ maxAliasCount: 100 });
  }

  /**
   * Parses YAML text; syntax errors are added to the file as problems with
   * their own positions, and `undefined` is returned.
   */
  static parse(file: VFile, text: string, firstLine: number): YamlSource | undefined {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const unclosed = error.code === "MISSING_CHAR" ? unclosedQuote(text) : undefined;
        const position = unclosed ?? lineCounter.linePos(error.pos[0]);
        addProblem(file, {
          ruleId: `yaml/${error.code.toLowerCase().replaceAll("_", "-")}`,
          place: { line: position.line + firstLine - 1, column: position.col },
          what: unclosed
            ? `YAML syntax error: the quote ${unclosed.quote} opened here is never closed`
            : `YAML syntax error: ${firstSentence(error.message)}`,
          why: mustParse(file, firstLine),
          fix: yamlFix(error.code),
        });
      }
      return undefined;
    }
    // Warnings are errors here: an unknown tag (`!js/function`) would otherwise be read as plain text.
    if (document.warnings.length > 0) {
      for (const warning of document.warnings) {
        const position = lineCounter.linePos(warning.pos[0]);
        const tag = warning.code === "TAG_RESOLVE_FAILED";
        addProblem(file, {
          ruleId: `yaml/${warning.code.toLowerCase().replaceAll("_", "-")}`,
          place: { line: position.line + firstLine - 1, column: position.col },
          what: tag ? "a YAML tag (`!…`) that this tool does not know" : `YAML: ${firstSentence(warning.message)}`,
          why: "the fields are plain text, numbers and lists; a tag asks the reader to build something else",
          fix: tag
            ? "remove the tag (the word starting with `!`), and put the text between quotes if it needs them"
            : yamlFix(warning.code),
        });
      }
      return undefined;
    }
    try {
      return new YamlSource(document, lineCounter, text, firstLine);
    } catch (error) {
      addProblem(file, {
        ruleId: "yaml/unreadable",
        place: { line: firstLine, column: 1 },
        what: `the YAML cannot be read (${error instanceof Error ? error.message : String(error)})`,
        why: "the YAML must describe plain fields, lists and text",
        fix: "remove anchors, aliases and tags (&, *, !) from the YAML",
      });
      return undefined;
    }
  }

  /** The position of the node at `path`, or of its nearest existing parent. */
  pointAt(path: readonly PropertyKey[]): Point {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = this.nodeAt(path.slice(0, length));
      if (node?.range) return this.point(node.range[0]);
    }
    return { line: this.firstLine, column: 1 };
  }

  /**
   * The position in the file of a place inside the text value at `path`
   * (given as a line and column of the value's text, e.g. from a Markdown
   * parser). Folded and quoted YAML text does not keep its lines, so the
   * place is found by searching the file for the words that start there;
   * where they cannot be found, the value's own position is given.
   */
  pointInText(
    path: readonly PropertyKey[],
    value: string,
    line: number | undefined,
    column: number | undefined,
  ): Point {
    const node = this.nodeAt(path);
    if (!node?.range || line === undefined) return this.pointAt(path);
    if (this.text[node.range[0]] === "|") {
      // A literal block keeps its lines: line n of the text is line n after the `|` header, indented.
      const header = this.lineCounter.linePos(node.range[0]).line;
      const source = this.text.split("\n")[header + line - 1] ?? "";
      const indent = /^ */.exec(source)?.[0].length ?? 0;
      return { line: header + line + this.firstLine - 1, column: indent + (column ?? 1) };
    }
    const words = (value.split("\n")[line - 1] ?? "").slice((column ?? 1) - 1).split(/\s/)[0] ?? "";
    const start = words.length >= 2 ? this.text.indexOf(words, node.range[0]) : -1;
    return start >= 0 && start < node.range[2] ? this.point(start) : this.point(node.range[0]);
  }

  /** The position of the key `key` in the mapping at `path`. */
  keyPointAt(path: readonly PropertyKey[], key: string): Point {
    const node = this.nodeAt(path);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) {
          return this.point(pair.key.range[0]);
        }
      }
    }
    return this.pointAt(path);
  }

  private nodeAt(path: readonly PropertyKey[]): Node | undefined {
    if (path.length === 0) return this.document.contents ?? undefined;
    const keys = path.map((key) => (typeof key === "symbol" ? String(key) : key));
    const node: unknown = this.document.getIn(keys, true);
    return isNodeLike(node) ? node : undefined;
  }

  private point(offset: number): Point {
    const position = this.lineCounter.linePos(offset);
    return { line: position.line + this.firstLine - 1, column: position.col };
  }
}

/**
 * The yaml parser reports an unclosed quote at the end of the document; an
 * editor needs the line where the quote was opened: the first value that
 * starts with a quote and has no closing quote on its line.
 */
function unclosedQuote(text: string): { line: number; col: number; quote: string } | undefined {
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    const match = /^(\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?)(["'])(.*)$/.exec(line);
    if (!match) continue;
    const [, before = "", quote = "", rest = ""] = match;
    const closed = quote === '"' ? /(^|[^\\])"/.test(rest) : rest.replaceAll("''", "").includes("'");
    if (!closed) return { line: index + 1, col: before.length + 1, quote };
  }
  return undefined;
}

/**
 * Why the text must parse, naming the kind of file it is: a group's front matter or report.yml (the content's own
 * YAML, one wording for both), or any other file by its name (agencies.yml, templates/strings/nl.json).
 */
function mustParse(file: VFile, firstLine: number): string {
  const name = path.basename(file.path);
  // Front matter starts below its opening `---`, so never on the file's first line.
  if (firstLine > 1 || name === "report.yml") {
    return "the front matter and report.yml must be valid YAML before their fields can be read";
  }
  return name.endsWith(".json")
    ? `${name} must be valid JSON before its labels can be read`
    : `${name} must be valid YAML before its fields can be read`;
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "range" in value;
}

function firstSentence(message: string): string {
  return (
    message
      .split("\n")[0]
      ?.replace(/ at line \d+, column \d+:?$/, "")
      .trim() ?? message
  );
}

function yamlFix(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "keep one of the two fields with this name and delete the other";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return "check the indentation and the colon after the field name; text with a colon in it goes between quotes";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return (
        'put text that holds ": " between quotes (title: "Roma-kinderen: een studie"), ' +
        "and indent the fields of one group equally"
      );
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    default:
      return "compare this line with the same field in another group's file";
  }
}
