import { readdir } from "node:fs/promises";
import path from "node:path";
import Handlebars from "handlebars";
import type { VFile } from "vfile";
import { z } from "zod";
import { Strings } from "../config/schema.js";
import { problem } from "../diagnostics/messages.js";
import { addProblem } from "../diagnostics/problem.js";
import { validateYaml } from "../content/schema-problems.js";
import { YamlSource } from "../content/yaml-source.js";
import { checkFonts } from "./check-fonts.js";
import { FONT_FAMILY } from "./fonts.js";
import { readSource } from "../content/read-source.js";

/** The documents the pipeline renders; each is `templates/<name>.hbs`. */
export const TEMPLATE_NAMES = ["factsheet", "index", "infographic", "overview", "report"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The stylesheets under templates/styles/ that each document gets, in this order. */
export const TEMPLATE_STYLES: Record<TemplateName, readonly string[]> = {
  factsheet: ["base", "factsheet"],
  index: ["base", "chart", "index"],
  infographic: ["base", "sheet", "infographic"],
  overview: ["base", "sheet", "chart", "overview"],
  report: ["base", "sheet", "infographic", "chart", "overview", "report"],
};

export interface Templates {
  render(name: TemplateName, view: object): string;
  /** The CSS for a template: its stylesheets from TEMPLATE_STYLES, joined. */
  styles: Record<TemplateName, string>;
  strings: Strings;
  /** Every file the templates were read from, for problems and cache keys. */
  files: VFile[];
}

export type TemplatesResult = { ok: true; templates: Templates } | { ok: false; files: VFile[] };

/** Reads a source file of the templates and keeps it among `files`, for problems and cache keys. */
type ReadSource = (filePath: string) => Promise<VFile>;

type Compiled = Map<TemplateName, { file: VFile; template: Handlebars.TemplateDelegate }>;

/**
 * Loads the designer's templates into an isolated Handlebars instance:
 * partials from `partials/`, templates compiled with `strict: true` so a
 * missing field throws instead of printing a blank. Syntax errors are
 * reported with the template's own line and column.
 */
export async function loadTemplates(templatesDir: string, language: string): Promise<TemplatesResult> {
  const handlebars = Handlebars.create();
  const files: VFile[] = [];
  const read: ReadSource = async (filePath) => {
    const file = await readSource(filePath);
    files.push(file);
    return file;
  };
  await registerPartials(handlebars, path.join(templatesDir, "partials"), read);
  const compiled = await compileTemplates(handlebars, templatesDir, read);
  const styles = await loadStyles(path.join(templatesDir, "styles"), read);
  const strings = await loadStrings(path.join(templatesDir, "strings", `${language}.json`), read);
  // Before any document renders: every typeface the style sheets and templates name must be there.
  checkFonts(
    files.filter((file) => file.messages.length === 0 && /\.(css|hbs)$/.test(file.path)),
    [FONT_FAMILY],
  );

  const problems = files.some((file) => file.messages.length > 0);
  if (problems || !strings) return { ok: false, files };
  return { ok: true, templates: { strings, files, styles, render: renderWith(compiled) } };
}

async function registerPartials(handlebars: typeof Handlebars, partialsDir: string, read: ReadSource): Promise<void> {
  const partialNames = (await readdir(partialsDir).catch(() => [])).filter((name) => name.endsWith(".hbs")).sort();
  for (const name of partialNames) {
    const source = parseTemplate(handlebars, await read(path.join(partialsDir, name)));
    if (source !== undefined) handlebars.registerPartial(path.basename(name, ".hbs"), source);
  }
}

async function compileTemplates(
  handlebars: typeof Handlebars,
  templatesDir: string,
  read: ReadSource,
): Promise<Compiled> {
  const compiled: Compiled = new Map();
  for (const name of TEMPLATE_NAMES) {
    const file = await read(path.join(templatesDir, `${name}.hbs`));
    const source = parseTemplate(handlebars, file);
    if (source !== undefined) {
      compiled.set(name, { file, template: handlebars.compile(source, { strict: true, noEscape: false }) });
    }
  }
  return compiled;
}

/** A template's source when it was read and parses; its problems are on the file. */
function parseTemplate(handlebars: typeof Handlebars, file: VFile): string | undefined {
  if (file.messages.length > 0) return undefined;
  const source = String(file.value);
  try {
    handlebars.parse(source);
    return source;
  } catch (error) {
    reportTemplateError(file, error);
    return undefined;
  }
}

/** Each template's CSS: its stylesheets from TEMPLATE_STYLES, each read once, joined. */
async function loadStyles(stylesDir: string, read: ReadSource): Promise<Record<TemplateName, string>> {
  const sheets = new Map<string, VFile>();
  for (const sheet of new Set(Object.values(TEMPLATE_STYLES).flat())) {
    sheets.set(sheet, await read(path.join(stylesDir, `${sheet}.css`)));
  }
  const styleOf = (name: TemplateName) =>
    TEMPLATE_STYLES[name].map((sheet) => String(sheets.get(sheet)?.value ?? "")).join("\n");
  // The record schema requires every template's name: it proves that each has its CSS.
  return z
    .record(z.enum(TEMPLATE_NAMES), z.string())
    .parse(Object.fromEntries(TEMPLATE_NAMES.map((name) => [name, styleOf(name)])));
}

async function loadStrings(stringsPath: string, read: ReadSource): Promise<Strings | undefined> {
  const file = await read(stringsPath);
  const source = file.messages.length === 0 ? YamlSource.parse(file, String(file.value), 1) : undefined;
  return source ? validateYaml(file, source, Strings) : undefined;
}

function renderWith(compiled: Compiled): Templates["render"] {
  return (name, view) => {
    const entry = compiled.get(name);
    if (!entry) throw new Error(`unreachable: template ${name} was not compiled`);
    try {
      return entry.template(view);
    } catch (error) {
      throw new TemplateRenderError(entry.file, error);
    }
  };
}

/** A strict-mode failure while filling a template: names the template and the missing field. */
export class TemplateRenderError extends Error {
  override readonly name = "TemplateRenderError";
  constructor(
    readonly file: VFile,
    cause: unknown,
  ) {
    super(`${file.path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

function reportTemplateError(file: VFile, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const line = /line (\d+)/.exec(message)?.[1];
  const hasLocation = typeof error === "object" && error !== null && "lineNumber" in error && "column" in error;
  const place = hasLocation
    ? { line: Number(error.lineNumber), column: Number(error.column) + 1 }
    : line
      ? { line: Number(line), column: 1 }
      : undefined;
  addProblem(file, { ...problem("template/syntax", { message: message.split("\n")[0] ?? message }), place });
}
