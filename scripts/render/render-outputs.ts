import { auditPdf } from "../accessibility/pdf-ua-check.js";
import type { RenderFailureText as RenderFailure } from "../diagnostics/format-failures.js";
import { trace } from "../diagnostics/trace.js";
import type { OutputAudit, OutputRecord } from "../output/build-manifest.js";
import { sha256 } from "../output/file-hash.js";
import type { SecuredDocument } from "../output/secure-document.js";
import type { StagedOutput } from "../output/staged-output.js";
import { BLEED, SLUG } from "./page-geometry.js";
import { PageCrashedError, runOnPagePool, type Outcome as PoolOutcome, type PooledPage } from "./page-pool.js";
import type { OutlineEntry } from "./pdf-outline.js";
import { documentId, replaceDocumentId } from "./pdf-id.js";
import { toPdfx } from "./pdfx.js";
import type { PrintSettings } from "./print-settings.js";
import { withPrintMarks } from "./print-marks.js";
import { inRenderOrder } from "./render-order.js";
import { finishPdf, printPdf, type PdfMetadata, type RenderPdfOptions } from "./render-pdf.js";
import type { RenderSession } from "./render-session.js";

/** How a PDF is printed from its HTML. */
export interface PdfSpec {
  title: string;
  pages: number;
  outline: OutlineEntry[];
  size: { width: string; height: string };
}

interface PlannedPdf {
  path: string;
  key: string;
  /** The filled template, with the font placeholder where the fonts go (output/font-placeholder.ts). */
  html: string;
  /** The source file the output comes from, for messages. */
  source: string;
  /** The template that made it. */
  template: string;
  /** Time spent filling the template. */
  milliseconds: number;
  pdf: PdfSpec;
}

/** A PDF to render: a screen PDF, or a print file made with Ghostscript and its profile. */
export type PdfJob = (PlannedPdf & { kind: "pdf" }) | (PlannedPdf & { kind: "print"; print: PrintSettings });

/**
 * A PDF to render with its document as the secure stage checks it (output/secure-document.ts): the render waits
 * for it, and fails the job if it is refused.
 */
export type RenderJob = PdfJob & { document: Promise<SecuredDocument> };

export interface RenderOptions {
  session: RenderSession;
  staging: StagedOutput;
  fontCss: string;
  /** The font family every document must have loaded. */
  requiredFont: string;
  /** The metadata every PDF shares; each adds its title and id. */
  metadata: Omit<PdfMetadata, "title" | "id">;
  /** Pages rendering at once. */
  concurrency: number;
  /** Longest time one document may take to render, in milliseconds. */
  timeout: number;
  onDocument?: ((event: { path: string; milliseconds: number }) => void) | undefined;
  /** Stops the rendering (a preview's build that a newer save made pointless): renderPdfs then throws its reason. */
  signal?: AbortSignal | undefined;
}

/** The staged PDFs' records, or every document that failed. */
export type RenderedPdfs = { records: Record<string, OutputRecord> } | { failures: RenderFailure[] };

/**
 * Renders the PDFs on the session's browser, a bounded pool of pages at a
 * time, and stages them. Print jobs add bleed marks and PDF/X. Every failure
 * is collected; none stops the others. Stopped by `signal`, it throws the
 * signal's reason, and what it staged is discarded with the transaction. A file
 * that cannot be staged (StagedOutput.failed) stops the render too, and its
 * write error is thrown.
 */
export async function renderPdfs(jobs: readonly RenderJob[], options: RenderOptions): Promise<RenderedPdfs> {
  // A file that cannot be staged (a full disk) is no fault of any document, and the next would fail the same way: it
  // stops the render, and renderPdfs throws that one error.
  const { failed } = options.staging;
  const signal = options.signal ? AbortSignal.any([options.signal, failed]) : failed;
  const records: Record<string, OutputRecord> = {};
  /** Each printed job's finishing: settles with nothing, or with what went wrong. */
  const finishing = new Map<RenderJob, Promise<unknown>>();
  const renderOne = async (page: PooledPage, job: RenderJob): Promise<void> => {
    const started = performance.now();
    const printed = await printJob(page, job, options);
    // The page takes its next document while this one is finished (page count, bookmarks, metadata; marks and
    // PDF/X for a print file) and staged.
    const finished = finishJob(job, printed, options).then(async (pdf) => {
      await options.staging.write(job.path, pdf);
      records[job.path] = { key: job.key, sha256: sha256(pdf), kind: job.kind, audit: await pdfAudit(job, pdf) };
      options.onDocument?.({ path: job.path, milliseconds: job.milliseconds + performance.now() - started });
      trace(`render: ${job.path} done`);
    });
    finishing.set(
      job,
      finished.then(
        () => undefined,
        (error: unknown) => error ?? new Error("finishing failed"),
      ),
    );
  };
  let outcomes: Outcome[];
  try {
    outcomes = await renderOnPool(
      inRenderOrder(jobs, (job) => job.pdf.pages),
      { ...options, signal },
      renderOne,
    );
  } finally {
    // Nothing is staged after renderPdfs returns or throws: the transaction decides what stays.
    await Promise.all(finishing.values());
  }
  failed.throwIfAborted();
  // Failures are reported in the plan's order (groups first, as in the content), not the render order.
  const outcomeOf = new Map(outcomes.map((outcome) => [outcome.item, outcome]));
  const failures: RenderFailure[] = [];
  for (const job of jobs) {
    const outcome = outcomeOf.get(job);
    const error = outcome && !outcome.ok ? outcome.error : await finishing.get(job);
    if (error === undefined) continue;
    failures.push({
      document: `${job.path} (${job.source})`,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  return failures.length > 0 ? { failures } : { records };
}

/** A screen PDF's PDF/UA-1 check, for the accessibility report; print files are not tagged and not checked. */
async function pdfAudit(job: RenderJob, pdf: Uint8Array): Promise<OutputAudit | undefined> {
  if (job.kind !== "pdf") return undefined;
  const { failures, ...facts } = await auditPdf(pdf);
  return { ...facts, findings: failures.map(({ condition, message }) => `${condition}: ${message}`) };
}

/** The page's part of a job: its document printed by Chromium. */
async function printJob(page: PooledPage, job: RenderJob, options: RenderOptions): Promise<Uint8Array> {
  const document = await job.document;
  return printPdf(page, document.withFonts(options.fontCss), pdfOptions(job, options));
}

function pdfOptions(job: RenderJob, options: RenderOptions): RenderPdfOptions {
  return {
    requiredFont: options.requiredFont,
    timeout: options.timeout,
    pages: job.pdf.pages,
    outline: job.pdf.outline,
    size: job.pdf.size,
  };
}

/** A printed job's final bytes: finished (render-pdf.ts), and for a print file marked and made PDF/X. */
async function finishJob(job: RenderJob, printed: Uint8Array, options: RenderOptions): Promise<Uint8Array> {
  const metadata: PdfMetadata = { ...options.metadata, title: job.pdf.title, id: documentId(job.key) };
  const pdf = await finishPdf(printed, metadata, pdfOptions(job, options));
  if (job.kind === "pdf") return pdf;
  const marked = await withPrintMarks(pdf, metadata, { bleed: BLEED, slug: SLUG });
  const pdfx = await toPdfx(marked, {
    ghostscript: job.print.ghostscript,
    iccProfile: job.print.iccProfile,
    outputCondition: "Custom",
    title: metadata.title,
    date: metadata.date,
    timeout: options.timeout,
  });
  return replaceDocumentId(pdfx, metadata.id);
}

type Outcome = PoolOutcome<RenderJob, void>;

/**
 * Runs the jobs on a pool of pages. When Chromium crashed or was killed, or a renderer died and the browser then
 * failed to answer (a new page that never appears, a wait that times out), it is started once more and what failed
 * is rendered again.
 */
async function renderOnPool(
  jobs: readonly RenderJob[],
  options: RenderOptions,
  renderOne: (page: PooledPage, job: RenderJob) => Promise<void>,
): Promise<Outcome[]> {
  trace("render: launching");
  const { signal } = options;
  // Stopped while Chromium starts, the render stops at once; the session keeps the browser for the next build.
  const browser = await untilStopped(options.session.browser(), signal);
  const ready = await options.session.readyPages();
  trace(`render: browser ready, ${ready.length} pages with fonts loaded`);
  const outcomes = await runOnPagePool(browser, options.concurrency, jobs, renderOne, { ready, signal });
  signal?.throwIfAborted();
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const browserFailed = failed.some((outcome) => isBrowserFailure(outcome.error));
  if (failed.length === 0 || (browser.connected && !browserFailed)) return outcomes;
  trace("render: browser lost or unresponsive, relaunching");
  const fresh = browser.connected ? await options.session.restart() : await options.session.browser();
  const retried = await runOnPagePool(
    fresh,
    options.concurrency,
    failed.map((outcome) => outcome.item),
    renderOne,
    { signal },
  );
  signal?.throwIfAborted();
  return [...outcomes.filter((outcome) => outcome.ok), ...retried];
}

/** The promise's value, or the signal's reason as soon as it aborts. */
async function untilStopped<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  let stop: () => void = () => undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
  });
  // Whichever loses the race may still fail later: that is no one's unhandled rejection.
  stopped.catch(() => undefined);
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, stopped]);
  } finally {
    signal.removeEventListener("abort", stop);
  }
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
