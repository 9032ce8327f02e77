import { createHash } from "node:crypto";
import { TOOL_VERSION } from "../config/tool-version.js";
import type { Content, Group } from "../content/load-content.js";
import { outputPath } from "../output/output-paths.js";
import type { OutlineEntry } from "../render/pdf-outline.js";
import { browserIdentity } from "../render/browser-identity.js";
import type { TemplateName, Templates } from "../templating/load-templates.js";
import { groupOutline, overviewOutline, reportOutline } from "../templating/outline.js";
import { indexView, overviewView, reportDocumentView } from "../templating/report-view.js";
import { groupView } from "../templating/view-model.js";
import type { Format } from "./formats.js";

/** Trim size of every printed page, and the bleed of the print files (mm). */
export const TRIM = { width: 210, height: 297 } as const;
export const BLEED = 3;

/** How a PDF is printed from its HTML. */
export interface PdfSpec {
  title: string;
  pages: number;
  outline: OutlineEntry[];
  size: { width: string; height: string };
}

/**
 * One output file of the build: what it is made from and a key that hashes
 * all of it. HTML outputs are their filled template; PDFs are printed from
 * theirs. Because the filled template holds the content, the templates,
 * partials, styles and strings, its hash (with the fonts' hash) covers
 * every dependency. The fonts (about 90 kB) stand in the held HTML as a
 * placeholder and are put in only when a document is written or printed,
 * so that a build of a thousand groups does not hold a thousand copies.
 */
export interface OutputJob {
  path: string;
  kind: "html" | "pdf" | "print";
  key: string;
  /** The filled template, with FONT_PLACEHOLDER where the fonts go: see withFonts. */
  html: string;
  /** The source file the output comes from, for messages. */
  source: string;
  /** The template that made it. */
  template: TemplateName;
  /** Time spent filling the template. */
  milliseconds: number;
  pdf: PdfSpec | undefined;
}

/** Where the @font-face rules go in a planned document. */
export const FONT_PLACEHOLDER = "/*factsheets:font-faces*/";

/** The document as written or printed: the placeholder replaced by the fonts. */
export function withFonts(html: string, fontCss: string): string {
  const at = html.indexOf(FONT_PLACEHOLDER);
  return at < 0 ? html : `${html.slice(0, at)}${fontCss}${html.slice(at + FONT_PLACEHOLDER.length)}`;
}

export interface PlanOptions {
  only: readonly string[];
  formats: readonly Format[];
  /** Print files are planned with this identity of Ghostscript and the ICC profile, or not at all. */
  print: { identity: string } | undefined;
  /** Plan only the groups' own outputs: no index, overview or whole report. */
  groupsOnly: boolean;
}

/** Fills every template the build may need; nothing is rendered or written. Throws TemplateRenderError. */
export function planOutputs(
  content: Content,
  groups: readonly Group[],
  templates: Templates,
  fontCss: string,
  options: PlanOptions,
): OutputJob[] {
  const browser = browserIdentity();
  const fonts = hash([fontCss]);
  const jobs: OutputJob[] = [];
  const fillTemplate = (name: TemplateName, view: object, print: boolean) => {
    const started = performance.now();
    const html = templates.render(name, { ...view, styles: `${FONT_PLACEHOLDER}\n${templates.styles[name]}`, print });
    return { html, milliseconds: performance.now() - started };
  };
  const addHtml = (path: string, name: TemplateName, view: object, source: string) => {
    const filled = fillTemplate(name, view, false);
    jobs.push({
      path,
      kind: "html",
      key: hash(["html", path, fonts, filled.html]),
      source,
      template: name,
      pdf: undefined,
      ...filled,
    });
  };
  const addPdf = (path: string, name: TemplateName, view: object, source: string, spec: Omit<PdfSpec, "size">) => {
    const screen = fillTemplate(name, view, false);
    const pdf: PdfSpec = { ...spec, size: { width: `${TRIM.width}mm`, height: `${TRIM.height}mm` } };
    jobs.push({
      path,
      kind: "pdf",
      key: hash(["pdf", path, browser, fonts, JSON.stringify(pdf), screen.html]),
      source,
      template: name,
      pdf,
      ...screen,
    });
    if (!options.print) return;
    const print = fillTemplate(name, view, true);
    const printPdf: PdfSpec = {
      ...spec,
      size: { width: `${TRIM.width + 2 * BLEED}mm`, height: `${TRIM.height + 2 * BLEED}mm` },
    };
    const printPath = outputPath.print(path);
    jobs.push({
      path: printPath,
      kind: "print",
      key: hash(["print", printPath, browser, fonts, options.print.identity, JSON.stringify(printPdf), print.html]),
      source,
      template: name,
      pdf: printPdf,
      ...print,
    });
  };

  const whole = options.only.length === 0 && !options.groupsOnly;
  const { strings } = templates;
  const { report } = content;
  const reportSource = content.reportFile.path;
  if (options.formats.includes("html")) {
    for (const group of groups) {
      addHtml(
        outputPath.factsheet(group.slug),
        "factsheet",
        groupView(content, group, strings, { from: "html", standalone: true, page: null }),
        group.file.path,
      );
    }
    if (whole) addHtml(outputPath.index, "index", indexView(content, strings), reportSource);
  }
  if (options.formats.includes("pdf")) {
    for (const group of groups) {
      const view = groupView(content, group, strings, { from: "root", standalone: true, page: { page: 1, pages: 1 } });
      addPdf(outputPath.infographic(group.slug), "infographic", view, group.file.path, {
        title: `${group.title} · ${report.title}`,
        pages: 1,
        outline: [groupOutline(view, 1)],
      });
    }
    if (whole) {
      addPdf(outputPath.overview, "overview", overviewView(content, strings, null), reportSource, {
        title: `${strings.overview} · ${report.title}`,
        pages: 1,
        outline: [overviewOutline(strings, 1)],
      });
      const view = reportDocumentView(content, strings);
      addPdf(outputPath.report(report.slug), "report", view, reportSource, {
        title: report.title,
        pages: view.pages,
        outline: reportOutline(view),
      });
    }
  }
  return jobs;
}

export function hash(parts: readonly string[]): string {
  const digest = createHash("sha256");
  digest.update(TOOL_VERSION);
  for (const part of parts) digest.update(`\u0000${part}`);
  return digest.digest("hex");
}
