import type { VFile } from "vfile";
import { TOOL_VERSION } from "../config/tool-version.js";
import { loadContent, type Content, type Group } from "../content/load-content.js";
import { UsageError } from "../diagnostics/errors.js";
import { addProblem } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import { outputPath } from "../output/output-paths.js";
import { StagedOutput } from "../output/staged-output.js";
import { launchBrowser } from "../render/launch-browser.js";
import { runOnPagePool } from "../render/page-pool.js";
import { renderPdf } from "../render/render-pdf.js";
import { FONT_FAMILY, loadFontFaceCss } from "../templating/fonts.js";
import { loadTemplates, TemplateRenderError, type Templates } from "../templating/load-templates.js";
import { groupView, reportView } from "../templating/view-model.js";

import type { Format } from "./formats.js";

export interface BuildOptions {
  contentDir: string;
  templatesDir: string;
  outDir: string;
  /** Build only these groups' outputs (slugs); empty for all. */
  only: readonly string[];
  formats: readonly Format[];
  /** Pages rendering at once. */
  concurrency: number;
  /** Longest time one document may take to render, in milliseconds. */
  timeout: number;
  onDocument?: (event: { path: string; milliseconds: number }) => void;
}

export interface RenderFailure {
  document: string;
  message: string;
}

export type BuildResult =
  | { kind: "built"; written: string[] }
  | { kind: "problems"; files: VFile[] }
  | { kind: "render-failed"; failures: RenderFailure[] };

/** Stages of a build: content, templates, HTML, PDF, then the move of every output into place. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const loaded = await loadContent(options.contentDir);
  if (!loaded.ok) return { kind: "problems", files: loaded.files };
  const { content } = loaded;
  const groups = selectGroups(content, options.only);

  const templatesResult = await loadTemplates(options.templatesDir, content.report.language);
  if (!templatesResult.ok) return { kind: "problems", files: templatesResult.files };
  const { templates } = templatesResult;
  const fontCss = await loadFontFaceCss();

  let documents: Documents;
  try {
    documents = renderDocuments(content, groups, templates, fontCss, options.formats);
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    addProblem(error.file, {
      ruleId: "template/render",
      what: `the template could not be filled: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`,
      why: "templates are compiled in strict mode, so a field or partial that does not exist stops the build instead of printing a blank",
      fix: "check the field's name against the view model (README, section 'For designers'), or add the missing partial to templates/partials/",
    });
    return { kind: "problems", files: templates.files };
  }

  const staging = await StagedOutput.open(options.outDir);
  try {
    for (const document of documents.html) {
      const started = performance.now();
      await staging.write(document.path, document.html);
      options.onDocument?.({ path: document.path, milliseconds: document.milliseconds + performance.now() - started });
    }
    const failures = documents.pdf.length > 0 ? await renderPdfs(content, documents.pdf, staging, options) : [];
    if (failures.length > 0) {
      await staging.discard();
      return { kind: "render-failed", failures };
    }
    return { kind: "built", written: await staging.commit() };
  } catch (error) {
    await staging.discard();
    throw error;
  }
}

function selectGroups(content: Content, only: readonly string[]): Group[] {
  if (only.length === 0) return content.groups;
  const slugs = content.groups.map((group) => group.slug);
  for (const slug of only) {
    if (!slugs.includes(slug)) {
      const suggestion = closest(slug, slugs);
      throw new UsageError(
        `--only ${slug}: no group has this slug${suggestion ? `; did you mean ${suggestion}?` : ""} (groups: ${slugs.join(", ")})`,
      );
    }
  }
  return content.groups.filter((group) => only.includes(group.slug));
}

interface HtmlDocument {
  path: string;
  html: string;
  /** Time spent filling the template. */
  milliseconds: number;
}

interface PdfDocument extends HtmlDocument {
  group: Group;
}

interface Documents {
  html: HtmlDocument[];
  pdf: PdfDocument[];
}

function renderDocuments(content: Content, groups: readonly Group[], templates: Templates, fontCss: string, formats: readonly Format[]): Documents {
  const styles = (name: keyof Templates["styles"]) => `${fontCss}\n${templates.styles[name]}`;
  const timed = (path: string, fill: () => string): HtmlDocument => {
    const started = performance.now();
    const html = fill();
    return { path, html, milliseconds: performance.now() - started };
  };
  const documents: Documents = { html: [], pdf: [] };
  if (formats.includes("html")) {
    for (const group of groups) {
      const view = groupView(content, group, templates.strings, "html");
      documents.html.push(timed(outputPath.factsheet(group.slug), () => templates.render("factsheet", { ...view, styles: styles("factsheet") })));
    }
    const index = {
      report: reportView(content.report),
      strings: templates.strings,
      introductionHtml: content.introductionHtml,
      groups: content.groups.map((group) => groupView(content, group, templates.strings, "root")),
      styles: styles("index"),
    };
    documents.html.push(timed(outputPath.index, () => templates.render("index", index)));
  }
  if (formats.includes("pdf")) {
    for (const group of groups) {
      const view = groupView(content, group, templates.strings, "root");
      documents.pdf.push({ group, ...timed(outputPath.infographic(group.slug), () => templates.render("infographic", { ...view, styles: styles("infographic") })) });
    }
  }
  return documents;
}

async function renderPdfs(content: Content, documents: readonly PdfDocument[], staging: StagedOutput, options: BuildOptions): Promise<RenderFailure[]> {
  const { report } = content;
  const launched = await launchBrowser();
  try {
    const outcomes = await runOnPagePool(launched.browser, options.concurrency, documents, async (page, document) => {
      const started = performance.now();
      const pdf = await renderPdf(
        page,
        document.html,
        {
          title: `${document.group.title} · ${report.title}`,
          author: report.publisher,
          subject: report.subtitle,
          keywords: report.keywords,
          language: report.language,
          date: report.published,
          producer: `factsheets ${TOOL_VERSION}`,
        },
        { requiredFont: FONT_FAMILY, timeout: options.timeout, pages: 1 },
      );
      await staging.write(document.path, pdf);
      options.onDocument?.({ path: document.path, milliseconds: performance.now() - started });
    });
    return outcomes.flatMap((outcome) =>
      outcome.ok
        ? []
        : [{ document: `${outcome.item.path} (${outcome.item.group.file.path})`, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) }],
    );
  } finally {
    await launched.close();
  }
}
