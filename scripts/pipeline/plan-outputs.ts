import { createHash } from "node:crypto";
import { TOOL_VERSION } from "../config/tool-version.js";
import type { Content, Group } from "../content/load-content.js";
import { FONT_PLACEHOLDER } from "../output/font-placeholder.js";
import { outputPath } from "../output/output-paths.js";
import { browserIdentity } from "../setup/browser-identity.js";
import { pageSize } from "../render/page-geometry.js";
import type { PrintSettings } from "../render/print-settings.js";
import type { PdfJob, PdfSpec } from "../render/render-outputs.js";
import type { TemplateName, Templates } from "../templating/load-templates.js";
import { groupOutline, overviewOutline, reportOutline } from "../templating/outline.js";
import { indexView, overviewView, reportDocumentView } from "../templating/report-view.js";
import { groupView } from "../templating/view-model.js";
import type { Format } from "./formats.js";

/** An HTML output: its filled template, written as it is. */
export interface HtmlJob {
  kind: "html";
  path: string;
  key: string;
  /** The filled template, with the font placeholder where the fonts go (output/font-placeholder.ts). */
  html: string;
  /** The source file the output comes from, for messages. */
  source: string;
  template: TemplateName;
  /** Time spent filling the template. */
  milliseconds: number;
}

/**
 * One output file of the build: what it is made from and a key that hashes
 * all of it. HTML outputs are their filled template; PDFs are printed from
 * theirs. Because the filled template holds the content, the templates,
 * partials, styles and strings, its hash (with the fonts' hash) covers
 * every dependency.
 */
export type OutputJob = HtmlJob | (PdfJob & { template: TemplateName });

export interface PlanOptions {
  only: readonly string[];
  formats: readonly Format[];
  /** Print files are planned with these settings, or not at all. */
  print: PrintSettings | undefined;
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
  const plan = new Plan(templates, fontCss, options.print);
  const whole = options.only.length === 0 && !options.groupsOnly;
  if (options.formats.includes("html")) planHtml(plan, content, groups, whole);
  if (options.formats.includes("pdf")) planPdfs(plan, content, groups, whole);
  return plan.jobs;
}

function planHtml(plan: Plan, content: Content, groups: readonly Group[], whole: boolean): void {
  const { strings } = plan.templates;
  for (const group of groups) {
    const view = groupView(content, group, strings, { from: "html", standalone: true, page: null });
    plan.addHtml(outputPath.factsheet(group.slug), "factsheet", view, group.file.path);
  }
  if (whole) plan.addHtml(outputPath.index, "index", indexView(content, strings), content.reportFile.path);
}

function planPdfs(plan: Plan, content: Content, groups: readonly Group[], whole: boolean): void {
  const { strings } = plan.templates;
  const { report } = content;
  for (const group of groups) {
    const view = groupView(content, group, strings, { from: "root", standalone: true, page: { page: 1, pages: 1 } });
    plan.addPdf(outputPath.infographic(group.slug), "infographic", view, group.file.path, {
      title: `${group.title} · ${report.title}`,
      pages: 1,
      outline: [groupOutline(view, 1)],
    });
  }
  if (!whole) return;
  const source = content.reportFile.path;
  plan.addPdf(outputPath.overview(strings.overviewFile), "overview", overviewView(content, strings, null), source, {
    title: `${strings.overview} · ${report.title}`,
    pages: 1,
    outline: [overviewOutline(strings, 1)],
  });
  const view = reportDocumentView(content, strings);
  plan.addPdf(outputPath.report(report.slug), "report", view, source, {
    title: report.title,
    pages: view.pages,
    outline: reportOutline(view),
  });
}

/** The jobs planned so far, and how a template is filled and its key made. */
class Plan {
  readonly jobs: OutputJob[] = [];
  private readonly browser = browserIdentity();
  private readonly fonts: string;

  constructor(
    readonly templates: Templates,
    fontCss: string,
    private readonly print: PrintSettings | undefined,
  ) {
    this.fonts = hash([fontCss]);
  }

  addHtml(path: string, template: TemplateName, view: object, source: string): void {
    const filled = this.fill(template, view, false);
    const key = hash(["html", path, this.fonts, filled.html]);
    this.jobs.push({ kind: "html", path, key, source, template, ...filled });
  }

  /** A screen PDF, and with --print its print-ready twin. */
  addPdf(path: string, template: TemplateName, view: object, source: string, spec: Omit<PdfSpec, "size">): void {
    const screen = this.fill(template, view, false);
    const pdf: PdfSpec = { ...spec, size: pageSize(false) };
    const key = hash(["pdf", path, this.browser, this.fonts, JSON.stringify(pdf), screen.html]);
    this.jobs.push({ kind: "pdf", path, key, source, template, pdf, ...screen });
    if (!this.print) return;
    const printed = this.fill(template, view, true);
    const printPdf: PdfSpec = { ...spec, size: pageSize(true) };
    const printPath = outputPath.print(path);
    const printKey = hash([
      "print",
      printPath,
      this.browser,
      this.fonts,
      this.print.identity,
      JSON.stringify(printPdf),
      printed.html,
    ]);
    this.jobs.push({
      kind: "print",
      path: printPath,
      key: printKey,
      source,
      template,
      pdf: printPdf,
      print: this.print,
      ...printed,
    });
  }

  private fill(name: TemplateName, view: object, print: boolean): { html: string; milliseconds: number } {
    const started = performance.now();
    const styles = `${FONT_PLACEHOLDER}\n${this.templates.styles[name]}`;
    const html = this.templates.render(name, { ...view, styles, print });
    return { html, milliseconds: performance.now() - started };
  }
}

export function hash(parts: readonly string[]): string {
  const digest = createHash("sha256");
  digest.update(TOOL_VERSION);
  for (const part of parts) digest.update(`\u0000${part}`);
  return digest.digest("hex");
}
