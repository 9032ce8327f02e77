import { readdir } from "node:fs/promises";
import path from "node:path";
import Handlebars from "handlebars";
import { VFile } from "vfile";
import { Strings } from "../config/schema.js";
import { addProblem } from "../diagnostics/problem.js";
import { validateYaml } from "../content/schema-problems.js";
import { YamlSource } from "../content/yaml-source.js";
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

/**
 * Loads the designer's templates into an isolated Handlebars instance:
 * partials from `partials/`, templates compiled with `strict: true` so a
 * missing field throws instead of printing a blank. Syntax errors are
 * reported with the template's own line and column.
 */
export async function loadTemplates(templatesDir: string, language: string): Promise<TemplatesResult> {
  const handlebars = Handlebars.create();
  const files: VFile[] = [];
  const partialsDir = path.join(templatesDir, "partials");
  const partialNames = (await readdir(partialsDir).catch(() => [])).filter((name) => name.endsWith(".hbs")).sort();

  const parsed = async (filePath: string): Promise<{ file: VFile; source: string } | undefined> => {
    const file = await readSource(filePath);
    files.push(file);
    if (file.messages.length > 0) return undefined;
    const source = String(file.value);
    try {
      handlebars.parse(source);
      return { file, source };
    } catch (error) {
      reportTemplateError(file, error);
      return undefined;
    }
  };

  for (const name of partialNames) {
    const partial = await parsed(path.join(partialsDir, name));
    if (partial) handlebars.registerPartial(path.basename(name, ".hbs"), partial.source);
  }
  const compiled = new Map<TemplateName, { file: VFile; template: Handlebars.TemplateDelegate }>();
  for (const name of TEMPLATE_NAMES) {
    const template = await parsed(path.join(templatesDir, `${name}.hbs`));
    if (template) {
      compiled.set(name, {
        file: template.file,
        template: handlebars.compile(template.source, { strict: true, noEscape: false }),
      });
    }
  }

  const sheets = new Map<string, VFile>();
  for (const sheet of new Set(Object.values(TEMPLATE_STYLES).flat())) {
    const file = await readSource(path.join(templatesDir, "styles", `${sheet}.css`));
    files.push(file);
    sheets.set(sheet, file);
  }
  const styleOf = (name: TemplateName) =>
    TEMPLATE_STYLES[name].map((sheet) => String(sheets.get(sheet)?.value ?? "")).join("\n");

  const stringsFile = await readSource(path.join(templatesDir, "strings", `${language}.json`));
  files.push(stringsFile);
  const stringsSource =
    stringsFile.messages.length === 0 ? YamlSource.parse(stringsFile, String(stringsFile.value), 1) : undefined;
  const strings = stringsSource ? validateYaml(stringsFile, stringsSource, Strings) : undefined;

  const problems = files.some((file) => file.messages.length > 0);
  if (problems || !strings) return { ok: false, files };
  return {
    ok: true,
    templates: {
      strings,
      files,
      styles: {
        factsheet: styleOf("factsheet"),
        index: styleOf("index"),
        infographic: styleOf("infographic"),
        overview: styleOf("overview"),
        report: styleOf("report"),
      },
      render(name, view) {
        const entry = compiled.get(name);
        if (!entry) throw new Error(`unreachable: template ${name} was not compiled`);
        try {
          return entry.template(view);
        } catch (error) {
          throw new TemplateRenderError(entry.file, error);
        }
      },
    },
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
  addProblem(file, {
    ruleId: "template/syntax",
    place,
    what: `Handlebars syntax error: ${message.split("\n")[0] ?? message}`,
    why: "a template must parse before any document can be rendered with it",
    fix: "check that every {{#block}} has its {{/block}} and every {{ has its }}",
  });
}
