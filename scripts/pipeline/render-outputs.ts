import { TOOL_VERSION } from "../config/tool-version.js";
import type { Content } from "../content/load-content.js";
import type { OutputRecord } from "../output/build-manifest.js";
import { sha256 } from "../output/file-hash.js";
import type { StagedOutput } from "../output/staged-output.js";
import { PageCrashedError, runOnPagePool, type PooledPage } from "../render/page-pool.js";
import { documentId, replaceDocumentId } from "../render/pdf-id.js";
import { toPdfx } from "../render/pdfx.js";
import { withPrintMarks } from "../render/print-marks.js";
import { renderPdf, type PdfMetadata } from "../render/render-pdf.js";
import type { RenderSession } from "../render/render-session.js";
import { FONT_FAMILY } from "../templating/fonts.js";
import { trace } from "../diagnostics/trace.js";
import type { BuildOptions, PrintSettings, RenderFailure } from "./build.js";
import { BLEED, withFonts, type OutputJob } from "./plan-outputs.js";

/** Room for the crop marks outside the bleed of the print files (mm). */
const SLUG = 10;

/**
 * Renders the PDF outputs on the session's browser, a bounded pool of pages
 * at a time, and stages them. Print jobs add bleed marks and PDF/X. Every
 * failure is collected; none stops the others.
 */
export async function renderPdfs(
  content: Content,
  jobs: readonly OutputJob[],
  fontCss: string,
  staging: StagedOutput,
  options: BuildOptions,
  print: PrintSettings | undefined,
  session: RenderSession,
): Promise<{ records: Record<string, OutputRecord> } | { failures: RenderFailure[] }> {
  const { report } = content;
  const records: Record<string, OutputRecord> = {};
  // Longest first (the whole report has a page per section): the pool then finishes together.
  const ordered = [...jobs].sort((a, b) => (b.pdf?.pages ?? 0) - (a.pdf?.pages ?? 0));
  const renderOne = async (page: PooledPage, job: OutputJob): Promise<void> => {
    const spec = job.pdf;
    if (!spec) throw new Error(`unreachable: ${job.path} is a PDF without a PDF spec`);
    const started = performance.now();
    const metadata: PdfMetadata = {
      title: spec.title,
      author: report.publisher,
      subject: report.subtitle,
      keywords: report.keywords,
      language: report.language,
      date: report.published,
      producer: `factsheets ${TOOL_VERSION}`,
      id: documentId(job.key),
    };
    let pdf = await renderPdf(page, withFonts(job.html, fontCss), metadata, {
      requiredFont: FONT_FAMILY,
      timeout: options.timeout,
      pages: spec.pages,
      outline: spec.outline,
      size: spec.size,
    });
    if (job.kind === "print") {
      if (!print) throw new Error("unreachable: a print job without print settings");
      const marked = await withPrintMarks(pdf, metadata, { bleed: BLEED, slug: SLUG });
      const pdfx = await toPdfx(marked, {
        ghostscript: print.ghostscript,
        iccProfile: print.iccProfile,
        outputCondition: "Custom",
        title: metadata.title,
        date: metadata.date,
        timeout: options.timeout,
      });
      pdf = replaceDocumentId(pdfx, metadata.id);
    }
    await staging.write(job.path, pdf);
    records[job.path] = { key: job.key, sha256: sha256(pdf), kind: job.kind };
    options.onDocument?.({ path: job.path, milliseconds: job.milliseconds + performance.now() - started });
    trace(`render: ${job.path} done`);
  };
  trace("render: launching");
  const browser = await session.browser();
  trace("render: browser ready");
  let outcomes = await runOnPagePool(browser, options.concurrency, ordered, renderOne);
  // Chromium crashed or was killed, or a renderer died and the browser then failed to answer (a new page that never
  // appears, a wait that times out): start it once more and render what failed.
  const browserFailed = outcomes.some((outcome) => !outcome.ok && isBrowserFailure(outcome.error));
  if ((!browser.connected || browserFailed) && outcomes.some((outcome) => !outcome.ok)) {
    trace("render: browser lost or unresponsive, relaunching");
    const failed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.item);
    const fresh = browser.connected ? await session.restart() : await session.browser();
    const retried = await runOnPagePool(fresh, options.concurrency, failed, renderOne);
    outcomes = [...outcomes.filter((outcome) => outcome.ok), ...retried];
  }
  // Failures are reported in the plan's order (groups first, as in the content), not the render order.
  outcomes.sort((a, b) => jobs.indexOf(a.item) - jobs.indexOf(b.item));
  const failures = outcomes.flatMap((outcome) =>
    outcome.ok
      ? []
      : [
          {
            document: `${outcome.item.path} (${outcome.item.source})`,
            message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
          },
        ],
  );
  return failures.length > 0 ? { failures } : { records };
}

/**
 * A failure of the browser rather than of the document: a renderer that died, Puppeteer timing out on it, or
 * the DevTools protocol failing under a dying renderer ("Protocol error (Page.printToPDF): Printing failed").
 */
function isBrowserFailure(error: unknown): boolean {
  if (error instanceof PageCrashedError) return true;
  if (!(error instanceof Error)) return false;
  return (
    error.name === "TimeoutError" ||
    error.name === "TargetCloseError" ||
    /^Protocol error\b|Target closed|Session closed/.test(error.message)
  );
}
