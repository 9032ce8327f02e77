import path from "node:path";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node, type YAMLError } from "yaml";
import type { VFile } from "vfile";
import { hasProblem, problem, type ProblemText, say } from "../diagnostics/messages.js";
import { addProblem, type Point } from "../diagnostics/problem.js";
import { type YamlSlip, yamlSlips } from "./yaml-slips.js";

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
      reportSyntaxErrors(file, text, firstLine, document.errors, lineCounter);
      return undefined;
    }
    // Warnings are errors here: an unknown tag (`!js/function`) would otherwise be read as plain text.
    if (document.warnings.length > 0) {
      for (const warning of document.warnings) {
        const position = lineCounter.linePos(warning.pos[0]);
        const tag = warning.code === "TAG_RESOLVE_FAILED";
        addProblem(file, {
          ...(tag ? problem("yaml/tag-resolve-failed") : problem("yaml/warning", { detail: parserSaid(warning) })),
          ruleId: ruleFor(warning.code),
          place: { line: position.line + firstLine - 1, column: position.col },
        });
      }
      return undefined;
    }
    try {
      return new YamlSource(document, lineCounter, text, firstLine);
    } catch (error) {
      addProblem(file, {
        ...problem("yaml/unreadable", { detail: error instanceof Error ? error.message : String(error) }),
        place: { line: firstLine, column: 1 },
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
  if (firstLine > 1 || name === "report.yml") return say("yaml.must-parse.content");
  return say(name.endsWith(".json") ? "yaml.must-parse.json" : "yaml.must-parse.yaml", { name });
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "range" in value;
}

/**
 * Syntax errors, as an editor made them: the slips of hand (a field out of line, a tab, a missing space, a colon in
 * a text) each at its own line; the parser's own errors only where no slip explains them (within two lines of a
 * slip, an error is its consequence).
 */
function reportSyntaxErrors(
  file: VFile,
  text: string,
  firstLine: number,
  errors: readonly YAMLError[],
  lineCounter: LineCounter,
): void {
  const slips = file.path.endsWith(".json") ? [] : yamlSlips(text);
  for (const slip of slips) {
    addProblem(file, { ...slipProblem(slip), place: { line: slip.line + firstLine - 1, column: slip.column } });
  }
  const why = mustParse(file, firstLine);
  for (const error of errors) {
    const unclosed = error.code === "MISSING_CHAR" ? unclosedQuote(text) : undefined;
    const position = unclosed ?? lineCounter.linePos(error.pos[0]);
    if (slips.some((slip) => Math.abs(slip.line - position.line) <= 2)) continue;
    addProblem(file, {
      ...(unclosed
        ? problem("yaml/missing-char+quote", { quote: unclosed.quote, mustParse: why })
        : syntaxProblem(error, why)),
      ruleId: ruleFor(error.code),
      place: { line: position.line + firstLine - 1, column: position.col },
    });
  }
}

/** A slip's problem: what the editor did, and the one change that undoes it. */
function slipProblem(slip: YamlSlip): ProblemText & { ruleId: string } {
  switch (slip.kind) {
    case "indentation": {
      const values = { spaces: slip.spaces, expected: slip.expected, text: slip.text };
      if (slip.key === undefined) return problem("yaml/indentation+line", values);
      if (slip.sibling === undefined) return problem("yaml/indentation+first", { ...values, key: slip.key });
      return problem("yaml/indentation", { ...values, key: slip.key, sibling: slip.sibling });
    }
    case "tab":
      return problem("yaml/tab-as-indent");
    case "missing-space":
      return problem("yaml/missing-space", { key: slip.key, value: slip.value });
    case "colon-in-text":
      return problem("yaml/colon-in-text", { key: slip.key, value: slip.value.replaceAll('"', '\\"') });
  }
}

/** The YAML rule of a parser's error code: `BAD_INDENT` is `yaml/bad-indent`. */
const ruleFor = (code: string): string => `yaml/${code.toLowerCase().replaceAll("_", "-")}`;

/** The parser's error in the catalogue's words where the catalogue has its rule, else the parser's own. */
function syntaxProblem(error: YAMLError, mustParse: string): ProblemText & { ruleId: string } {
  const rule = ruleFor(error.code);
  if (hasProblem(rule)) return problem(rule, { mustParse });
  return problem("yaml/syntax", { detail: parserSaid(error), mustParse });
}

/** The parser's message, which is English only, said as such. */
function parserSaid(error: YAMLError): string {
  const message =
    error.message
      .split("\n")[0]
      ?.replace(/ at line \d+, column \d+:?$/, "")
      .trim() ?? error.message;
  return say("yaml.parser-said", { message });
}
