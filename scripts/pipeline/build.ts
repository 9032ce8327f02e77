import { TOOL_VERSION } from "../config/tool-version.js";
import { trace } from "../diagnostics/trace.js";
import { compareWithCache, sourcesNewerThanCache, type CacheOptions } from "../output/build-cache.js";
import { completeInterruptedCommit } from "../output/commit-journal.js";
import { inputDigest } from "../output/input-digest.js";
import { inOutputTransaction } from "../output/output-transaction.js";
import { inRenderOrder } from "../render/render-order.js";
import { RenderSession } from "../render/render-session.js";
import { loadFontFaceCss } from "../templating/fonts.js";
import { fillOrReport } from "../templating/template-problem.js";
import type { BuildOptions, BuildResult } from "./build-result.js";
import { contentChange } from "./change-report.js";
import { loadInputs, type BuildInputs, type Sources } from "./load-inputs.js";
import { planOutputs, type PlanOptions } from "./plan-outputs.js";
import { secureOutputs } from "./secure-outputs.js";
import { builtResult, htmlAuditor, manifestText, writeOutputs } from "./write-outputs.js";

export { unknownGroupsText, type BuildOptions, type BuildResult, type RenderFailure } from "./build-result.js";
export { CHANGES_JSON, CHANGES_MARKDOWN } from "./write-outputs.js";
export { keepParserBetweenBuilds } from "../markdown/text-parser.js";

/**
 * A build. A session may be passed to keep one browser across builds (the
 * preview), and the content and templates when the caller has read them
 * already (distribution).
 */
export async function build(options: BuildOptions, session?: RenderSession, sources?: Sources): Promise<BuildResult> {
  trace("build: start");
  const ownSession = session ?? new RenderSession();
  try {
    return await runBuild(options, ownSession, sources);
  } finally {
    if (!session) await ownSession.close();
  }
}

/** The stages: load → plan → compare with the cache → secure beside stage and render → commit → report. */
async function runBuild(options: BuildOptions, session: RenderSession, sources?: Sources): Promise<BuildResult> {
  // Chromium takes half a second to start: when something may need rendering it starts now, beside the reading,
  // and so does the HTML outputs' accessibility check (axe-core loaded into a page of its own).
  if (await mayRender(options)) {
    session.warm({ pages: options.concurrency, fontCss: loadFontFaceCss() });
    if (options.formats.includes("html")) htmlAuditor(session).catch(() => undefined);
  }
  // Taken before anything is read: a file saved during the build makes the next build look again.
  // Awaited, not run beside the reading: a digest that read a file after the loader did would record new bytes
  // beside outputs made from the old ones, and the next build would wrongly find them up to date.
  const digest = await inputDigest({ ...options, tool: TOOL_VERSION }).catch(() => undefined);
  // A commit cut short by a killed build is completed first, so the folder is one build's whole.
  await completeInterruptedCommit(options.outDir);
  const loaded = await loadInputs(options, sources);
  if (!loaded.ok) return loaded.result;
  const { inputs } = loaded;
  const { content, templates } = inputs;
  const plan = () => planOutputs(content, inputs.groups, templates, inputs.fontCss, planOptions(options, inputs));
  const planned = fillOrReport(templates.files, plan);
  if (!planned.ok) return { kind: "problems", files: templates.files };
  const jobs = planned.value;
  const cache = await compareWithCache(options.outDir, TOOL_VERSION, jobs, cacheOptions(options));
  trace(`build: cache read, ${cache.stale.length} to render`);
  const change = contentChange(content, cache.previous);
  // Nothing to make, and the manifest already records what this build read: nothing is written. When only the
  // record differs (a file edited to no effect on any output, a link pointed elsewhere), the manifest is written,
  // so that the next build answers "nothing to rebuild" from the digest at once.
  const unchanged = cache.stale.length === 0 && cache.removed.length === 0 && !change.changed;
  if (unchanged && cache.previous.kind === "ok") {
    const recorded = manifestText({ options, inputs, jobs, change, digest }, cache.kept) === cache.previous.text;
    if (recorded) return builtResult(cache, inputs, cache.kept, session.started);
  }
  // Checked one by one beside the writing and rendering: a refused document stops the build before its commit.
  const order = inRenderOrder(cache.stale, (job) => (job.kind === "html" ? undefined : job.pdf.pages));
  const securing = secureOutputs(order, templates.files, content.reportFile);
  const write = { options, session, inputs, jobs, cache, securing, change, digest };
  return await inOutputTransaction(options.outDir, (staging) => writeOutputs(staging, write));
}

function planOptions(options: BuildOptions, inputs: BuildInputs): PlanOptions {
  const { only, formats } = options;
  return { only, formats, groupsOnly: options.groupsOnly ?? false, print: inputs.print };
}

/** Whether this build may render: PDFs asked for, and --force or sources newer than the last build. */
async function mayRender(options: BuildOptions): Promise<boolean> {
  if (!options.formats.includes("pdf")) return false;
  return options.force || (await sourcesNewerThanCache(options.outDir, [options.contentDir, options.templatesDir]));
}

/** A build of everything removes the outputs of its kinds that it no longer makes; a partial build removes none. */
function cacheOptions(options: BuildOptions): CacheOptions {
  const whole = options.only.length === 0 && !options.groupsOnly;
  const kinds = [
    ...(options.formats.includes("html") ? (["html"] as const) : []),
    ...(options.formats.includes("pdf") ? (["pdf"] as const) : []),
    ...(options.print ? (["print"] as const) : []),
  ];
  return { force: options.force, complete: new Set(whole ? kinds : []) };
}
