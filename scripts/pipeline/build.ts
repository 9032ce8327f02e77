import { existsSync } from "node:fs";
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
import { defaultIccProfile, findGhostscript, toPdfx } from "../render/pdfx.js";
import { withPrintMarks } from "../render/print-marks.js";
import { renderPdf, type PdfMetadata } from "../render/render-pdf.js";
import { FONT_FAMILY, loadFontFaceCss } from "../templating/fonts.js";
import { loadTemplates, TemplateRenderError, type TemplateName, type Templates } from "../templating/load-templates.js";
import { indexView, overviewView, reportDocumentView } from "../templating/report-view.js";
import { groupView } from "../templating/view-model.js";
import { groupOutline, overviewOutline, reportOutline } from "../templating/outline.js";
import type { OutlineEntry } from "../render/pdf-outline.js";
import type { Format } from "./formats.js";

export interface BuildOptions {
  contentDir: string;
  templatesDir: string;
  outDir: string;
  /** Build only these groups' outputs (slugs); empty for all, which adds the index, overview and report. */
  only: readonly string[];
  formats: readonly Format[];
  /** Also write print-ready PDF/X files with bleed and crop marks under print/. */
  print: boolean;
  /** The CMYK ICC profile for the print files; Ghostscript's own by default. */
  iccProfile: string | undefined;
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

/** Trim size of every printed page, and the bleed and crop-mark room of the print files (mm). */
const TRIM = { width: 210, height: 297 } as const;
const BLEED = 3;
const SLUG = 10;

/** Stages of a build: content, templates, documents, rendering, then the move of every output into place. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const loaded = await loadContent(options.contentDir);
  if (!loaded.ok) return { kind: "problems", files: loaded.files };
  const { content } = loaded;
  const groups = selectGroups(content, options.only);

  const templatesResult = await loadTemplates(options.templatesDir, content.report.language);
  if (!templatesResult.ok) return { kind: "problems", files: templatesResult.files };
  const { templates } = templatesResult;
  const print = options.print ? printSettings(options.iccProfile) : undefined;
  if (print && "failure" in print) return { kind: "render-failed", failures: [print.failure] };

  let documents: Documents;
  try {
    documents = planDocuments(content, groups, templates, await loadFontFaceCss(), options);
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
    const failures = documents.pdf.length > 0 ? await renderPdfs(content, documents.pdf, staging, options, print) : [];
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

interface PrintSettings {
  ghostscript: string;
  iccProfile: string;
}

function printSettings(iccProfile: string | undefined): PrintSettings | { failure: RenderFailure } {
  const ghostscript = findGhostscript();
  if (!ghostscript) {
    return {
      failure: {
        document: "print/ (--print)",
        message:
          "Ghostscript (gs) was not found (on the PATH, or at FACTSHEETS_GHOSTSCRIPT if set); it makes the PDF/X print files.\nInstall it (Debian/Ubuntu: sudo apt-get install ghostscript, or npm run setup as root) or build without --print: the screen outputs do not need it.",
      },
    };
  }
  const profile = iccProfile ?? defaultIccProfile();
  if (!profile) {
    return {
      failure: {
        document: "print/ (--print)",
        message: "no CMYK ICC profile found for the print files; pass one with --icc-profile FILE (Ghostscript's iccprofiles/default_cmyk.icc is used when present)",
      },
    };
  }
  if (!existsSync(profile)) {
    return { failure: { document: "print/ (--print)", message: `the ICC profile ${profile} does not exist; pass an existing CMYK profile with --icc-profile FILE` } };
  }
  return { ghostscript, iccProfile: profile };
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

/** A PDF to render: its screen HTML, and its print HTML (with bleed) when print files are made. */
interface PdfDocument extends HtmlDocument {
  printHtml: string | undefined;
  /** The source the document comes from, for messages. */
  source: string;
  title: string;
  pages: number;
  outline: OutlineEntry[];
}

interface Documents {
  html: HtmlDocument[];
  pdf: PdfDocument[];
}

/** Fills every template the build needs; nothing is rendered or written yet. */
function planDocuments(content: Content, groups: readonly Group[], templates: Templates, fontCss: string, options: BuildOptions): Documents {
  const styles = (name: TemplateName) => `${fontCss}\n${templates.styles[name]}`;
  const fillTemplate = (path: string, name: TemplateName, view: object): HtmlDocument => {
    const started = performance.now();
    const html = templates.render(name, { ...view, styles: styles(name), print: false });
    return { path, html, milliseconds: performance.now() - started };
  };
  const pdfDocument = (
    path: string,
    name: TemplateName,
    view: object,
    meta: { source: string; title: string; pages: number; outline: OutlineEntry[] },
  ): PdfDocument => {
    const screen = fillTemplate(path, name, view);
    const printHtml = options.print ? templates.render(name, { ...view, styles: styles(name), print: true }) : undefined;
    return { ...screen, ...meta, printHtml };
  };
  const whole = options.only.length === 0;
  const { strings } = templates;
  const { report } = content;
  const documents: Documents = { html: [], pdf: [] };

  if (options.formats.includes("html")) {
    for (const group of groups) {
      const view = groupView(content, group, strings, { from: "html", standalone: true, page: null });
      documents.html.push(fillTemplate(outputPath.factsheet(group.slug), "factsheet", view));
    }
    if (whole) documents.html.push(fillTemplate(outputPath.index, "index", indexView(content, strings)));
  }
  if (options.formats.includes("pdf")) {
    for (const group of groups) {
      const view = groupView(content, group, strings, { from: "root", standalone: true, page: { page: 1, pages: 1 } });
      documents.pdf.push(
        pdfDocument(outputPath.infographic(group.slug), "infographic", view, {
          source: group.file.path,
          title: `${group.title} · ${report.title}`,
          pages: 1,
          outline: [groupOutline(view, 1)],
        }),
      );
    }
    if (whole) {
      const reportSource = content.reportFile.path;
      documents.pdf.push(
        pdfDocument(outputPath.overview, "overview", overviewView(content, strings, null), {
          source: reportSource,
          title: `${strings.overview} · ${report.title}`,
          pages: 1,
          outline: [overviewOutline(strings, 1)],
        }),
      );
      const reportView = reportDocumentView(content, strings);
      documents.pdf.push(
        pdfDocument(outputPath.report(report.slug), "report", reportView, {
          source: reportSource,
          title: report.title,
          pages: reportView.pages,
          outline: reportOutline(reportView),
        }),
      );
    }
  }
  return documents;
}

async function renderPdfs(
  content: Content,
  documents: readonly PdfDocument[],
  staging: StagedOutput,
  options: BuildOptions,
  print: PrintSettings | undefined,
): Promise<RenderFailure[]> {
  const { report } = content;
  const metadataOf = (document: PdfDocument): PdfMetadata => ({
    title: document.title,
    author: report.publisher,
    subject: report.subtitle,
    keywords: report.keywords,
    language: report.language,
    date: report.published,
    producer: `factsheets ${TOOL_VERSION}`,
  });
  const launched = await launchBrowser();
  try {
    const outcomes = await runOnPagePool(launched.browser, options.concurrency, documents, async (page, document) => {
      const started = performance.now();
      const metadata = metadataOf(document);
      const pdf = await renderPdf(page, document.html, metadata, {
        requiredFont: FONT_FAMILY,
        timeout: options.timeout,
        pages: document.pages,
        outline: document.outline,
        size: { width: `${TRIM.width}mm`, height: `${TRIM.height}mm` },
      });
      await staging.write(document.path, pdf);
      options.onDocument?.({ path: document.path, milliseconds: performance.now() - started });
      if (!print || document.printHtml === undefined) return;

      const printStarted = performance.now();
      const withBleed = await renderPdf(page, document.printHtml, metadata, {
        requiredFont: FONT_FAMILY,
        timeout: options.timeout,
        pages: document.pages,
        outline: document.outline,
        size: { width: `${TRIM.width + 2 * BLEED}mm`, height: `${TRIM.height + 2 * BLEED}mm` },
      });
      const marked = await withPrintMarks(withBleed, metadata, { bleed: BLEED, slug: SLUG });
      const pdfx = await toPdfx(marked, { ghostscript: print.ghostscript, iccProfile: print.iccProfile, outputCondition: "Custom", title: metadata.title, date: metadata.date, timeout: options.timeout });
      const printPath = outputPath.print(document.path);
      await staging.write(printPath, pdfx);
      options.onDocument?.({ path: printPath, milliseconds: performance.now() - printStarted });
    });
    return outcomes.flatMap((outcome) =>
      outcome.ok
        ? []
        : [{ document: `${outcome.item.path} (${outcome.item.source})`, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) }],
    );
  } finally {
    await launched.close();
  }
}
