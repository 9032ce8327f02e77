import { readFile } from "node:fs/promises";
import path from "node:path";
import { accessibilityReport, accessibilityReportFile } from "../accessibility/accessibility-report.js";
import type { HtmlAuditor } from "../accessibility/html-audit.js";
import { TOOL_VERSION } from "../config/tool-version.js";
import { trace } from "../diagnostics/trace.js";
import type { CacheComparison } from "../output/build-cache.js";
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  serializeManifest,
  type BuildManifest,
  type OutputAudit,
  type OutputRecord,
} from "../output/build-manifest.js";
import { sha256 } from "../output/file-hash.js";
import type { TransactionEnd } from "../output/output-transaction.js";
import type { StagedOutput } from "../output/staged-output.js";
import type { RenderedPdfs } from "../render/render-outputs.js";
import { storeWarnings } from "../output/stored-warnings.js";
import type { RenderSession } from "../render/render-session.js";
import { FONT_FAMILY } from "../templating/fonts.js";
import type { BuildOptions, BuildResult } from "./build-result.js";
import { changesMarkdown, compareSnapshots, type ContentChange } from "./change-report.js";
import type { BuildInputs } from "./load-inputs.js";
import type { OutputJob } from "./plan-outputs.js";
import type { SecuringRun } from "./secure-outputs.js";

export const CHANGES_JSON = "changes.json";
export const CHANGES_MARKDOWN = "CHANGES.md";

export interface BuildWrite {
  options: BuildOptions;
  session: RenderSession;
  inputs: BuildInputs;
  /** Every planned output, current or not. */
  jobs: readonly OutputJob[];
  cache: CacheComparison<OutputJob>;
  /** The stale outputs' documents, as the secure stage checks them. */
  securing: SecuringRun;
  change: ContentChange;
  /** The digest of what this build read (output/input-digest.ts), taken before reading. */
  digest: string | undefined;
}

/**
 * The stage and commit stages, inside the output folder's transaction: the
 * HTML outputs, the rendered PDFs, the removal of orphans, the change report
 * and the manifest are staged, and committed only when every PDF rendered.
 */
export async function writeOutputs(staging: StagedOutput, write: BuildWrite): Promise<TransactionEnd<BuildResult>> {
  const { inputs, cache, securing } = write;
  const outputs: Record<string, OutputRecord> = { ...cache.kept };
  // The HTML outputs are written and audited while the PDFs render; one that cannot be written (a full disk) stops
  // the render (StagedOutput.failed).
  const [html, written, audits] = await Promise.all([
    writeHtml(staging, write, outputs).then(
      () => undefined,
      (error: unknown) => ({ error }),
    ),
    renderAll(staging, write),
    auditHtmlOutputs(write).catch((error: unknown) => ({ error })),
  ]);
  // A refused document (the problems are on its template) counts before anything else went wrong.
  const checked = await securing.checked;
  if (!checked.ok) return { commit: false, value: { kind: "problems", files: checked.files } };
  if (html) throw html.error;
  if ("error" in written) throw written.error;
  if ("failures" in written) return { commit: false, value: { kind: "render-failed", failures: written.failures } };
  if ("error" in audits) throw audits.error;
  Object.assign(outputs, written.records);
  for (const [file, audit] of audits) {
    const record = outputs[file];
    if (record) outputs[file] = { ...record, audit };
  }
  for (const file of cache.removed) staging.remove(file);
  if (write.change.changed) await writeChanges(staging, write);
  await writeAccessibilityReport(staging, write, outputs);
  await writeManifest(staging, write, outputs);
  trace("build: staged");
  return { commit: true, value: builtResult(cache, inputs, outputs, write.session.started) };
}

/**
 * The stale PDFs, rendered and staged; stopped when the build's signal aborts, a document is refused, or a file
 * cannot be staged.
 */
async function renderAll(
  staging: StagedOutput,
  { options, inputs, cache, securing, session }: BuildWrite,
): Promise<RenderedPdfs | { error: unknown }> {
  // Each PDF is printed from the document the secure stage checked: the renderer need not parse it again.
  const pdfJobs = cache.stale.flatMap((job) =>
    job.kind === "html" ? [] : [{ ...job, document: securing.document(job) }],
  );
  if (pdfJobs.length === 0) return { records: {} };
  // Loaded only when something must be rendered: a build with nothing to render stays fast.
  const { renderPdfs } = await import("../render/render-outputs.js");
  const stop = options.signal ? AbortSignal.any([options.signal, securing.refused]) : securing.refused;
  return renderPdfs(pdfJobs, {
    session,
    staging,
    fontCss: inputs.fontCss,
    requiredFont: FONT_FAMILY,
    metadata: pdfMetadata(inputs),
    concurrency: options.concurrency,
    timeout: options.timeout,
    onDocument: options.onDocument,
    signal: stop,
  }).catch((error: unknown) => ({ error }));
}

/** What a build that made its outputs says: also that of a build with nothing to make (its outputs the kept ones). */
export function builtResult(
  cache: CacheComparison<OutputJob>,
  inputs: BuildInputs,
  outputs: Record<string, OutputRecord>,
  browserStarted: boolean,
): BuildResult {
  return {
    kind: "built",
    written: cache.stale.map((job) => job.path),
    skipped: cache.skipped,
    removed: cache.removed,
    outputs,
    notice: cache.notice,
    warnings: inputs.files.filter((file) => file.messages.length > 0),
    browserStarted,
  };
}

async function writeHtml(staging: StagedOutput, write: BuildWrite, outputs: Record<string, OutputRecord>) {
  for (const job of write.cache.stale) {
    if (job.kind !== "html") continue;
    const document = await write.securing.document(job);
    const started = performance.now();
    const html = document.withFonts(write.inputs.fontCss).html;
    await staging.write(job.path, html);
    outputs[job.path] = { key: job.key, sha256: sha256(html), kind: job.kind };
    write.options.onDocument?.({ path: job.path, milliseconds: job.milliseconds + performance.now() - started });
  }
}

function pdfMetadata({ content }: BuildInputs) {
  const { report } = content;
  return {
    author: report.publisher,
    subject: report.subtitle ?? null,
    keywords: report.keywords,
    language: report.language,
    date: report.published,
    producer: `factsheets ${TOOL_VERSION}`,
  };
}

/**
 * axe-core's WCAG 2.1 AA check of every HTML output this build makes (when it also makes PDFs), on a page of its
 * own beside the PDFs' pages; the kept outputs keep their recorded result.
 */
async function auditHtmlOutputs(write: BuildWrite): Promise<Map<string, OutputAudit>> {
  const { cache, session, securing, inputs, options } = write;
  const audits = new Map<string, OutputAudit>();
  const jobs = cache.stale.filter((job) => job.kind === "html");
  // A build of HTML alone (--format html) starts no browser: its HTML files stay "not checked" in the report.
  if (jobs.length === 0 || !options.formats.includes("pdf")) return audits;
  const auditor = await htmlAuditor(session);
  for (const job of jobs) {
    const html = (await securing.document(job)).withFonts(inputs.fontCss).html;
    const { violations, ...facts } = await auditor.audit(html);
    audits.set(job.path, { ...facts, findings: violations });
  }
  trace("build: HTML audited");
  return audits;
}

/** The session's HTML auditor, on its spare page: started beside the reading by build.ts, kept for the session. */
export async function htmlAuditor(session: RenderSession): Promise<HtmlAuditor> {
  const { HtmlAuditor } = await import("../accessibility/html-audit.js");
  return HtmlAuditor.open(await session.sparePage());
}

/** The accessibility report, written when it says something other than the one in the folder. */
async function writeAccessibilityReport(
  staging: StagedOutput,
  { options, inputs }: BuildWrite,
  outputs: Record<string, OutputRecord>,
): Promise<void> {
  const { strings } = inputs.templates;
  const file = accessibilityReportFile(strings);
  const text = accessibilityReport(outputs, strings);
  const current = await readFile(path.join(options.outDir, file), "utf8").catch(() => undefined);
  if (current !== text) await staging.write(file, text);
}

async function writeChanges(staging: StagedOutput, { inputs, change }: BuildWrite): Promise<void> {
  const changes = compareSnapshots(inputs.content.report, change.previous, change.current);
  await staging.write(CHANGES_JSON, `${JSON.stringify(changes, null, 2)}\n`);
  await staging.write(
    CHANGES_MARKDOWN,
    changesMarkdown(changes, inputs.content.report.questions, inputs.templates.strings),
  );
}

/**
 * The manifest, with what this build read for the next build to see at once that nothing changed
 * (output/up-to-date.ts). Print builds are not recorded: the ICC profile's bytes are not part of the digest.
 */
async function writeManifest(staging: StagedOutput, write: BuildWrite, outputs: Record<string, OutputRecord>) {
  const text = manifestText(write, outputs);
  const previous = write.cache.previous;
  if (previous.kind !== "ok" || previous.text !== text) await staging.write(MANIFEST_FILE, text);
}

/** The manifest a build with these outputs writes (see writeManifest). */
export function manifestText(
  write: Pick<BuildWrite, "options" | "inputs" | "jobs" | "change" | "digest">,
  outputs: Record<string, OutputRecord>,
): string {
  const digest = write.options.print ? undefined : write.digest;
  const lastBuild =
    digest === undefined
      ? undefined
      : { digest, outputs: write.jobs.map((job) => job.path), warnings: storeWarnings(write.inputs.files) };
  const manifest: BuildManifest = {
    format: MANIFEST_FORMAT,
    tool: TOOL_VERSION,
    outputs,
    groups: write.change.current,
    ...(lastBuild ? { lastBuild } : {}),
  };
  return serializeManifest(manifest);
}
