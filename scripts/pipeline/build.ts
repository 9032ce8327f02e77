import { existsSync } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { VFile } from "vfile";
import { TOOL_VERSION } from "../config/tool-version.js";
import { loadContent, type Content, type Group } from "../content/load-content.js";
import { UsageError } from "../diagnostics/errors.js";
import { addProblem } from "../diagnostics/problem.js";
import type { RenderFailureText as RenderFailure } from "../diagnostics/format-failures.js";
import { closest } from "../diagnostics/suggest.js";
import { trace } from "../diagnostics/trace.js";
import {
  MANIFEST_FILE,
  readManifest,
  serializeManifest,
  type BuildManifest,
  type OutputRecord,
  type StoredWarning,
} from "../output/build-manifest.js";
import { inputDigest } from "../output/input-digest.js";
import { fileSha256, sha256 } from "../output/file-hash.js";
import { lockOutput } from "../output/build-lock.js";
import { completeInterruptedCommit } from "../output/commit-journal.js";
import { OutputWriteError, StagedOutput } from "../output/staged-output.js";
import { defaultIccProfile, findGhostscript } from "../render/pdfx.js";
import { RenderSession } from "../render/render-session.js";
import { loadFontFaceCss } from "../templating/fonts.js";
import { loadTemplates, TemplateRenderError } from "../templating/load-templates.js";
import { changesMarkdown, compareSnapshots, snapshotGroups } from "./change-report.js";
import type { Format } from "./formats.js";
import { planOutputs, withFonts, type OutputJob } from "./plan-outputs.js";

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
  /** Render everything, whatever the cache says. */
  force: boolean;
  /** Build only the groups' own outputs: no index, overview or whole report (large synthetic runs). */
  groupsOnly?: boolean;
  /** Pages rendering at once. */
  concurrency: number;
  /** Longest time one document may take to render, in milliseconds. */
  timeout: number;
  onDocument?: (event: { path: string; milliseconds: number }) => void;
}

export type { RenderFailureText as RenderFailure } from "../diagnostics/format-failures.js";

export type BuildResult =
  | {
      kind: "built";
      /** Outputs rewritten, unchanged and removed, relative to the output folder. */
      written: string[];
      skipped: string[];
      removed: string[];
      /** Why the cache was not used, if it was not. */
      notice: string | undefined;
      /** Files with warnings (not errors): shown, never fatal. */
      warnings: VFile[];
      browserStarted: boolean;
    }
  | { kind: "problems"; files: VFile[] }
  | { kind: "render-failed"; failures: RenderFailure[] };

export const CHANGES_JSON = "changes.json";
export const CHANGES_MARKDOWN = "CHANGES.md";

/**
 * Stages of a build: content, templates, the plan of every output with its
 * key, the cache, rendering of what changed, then the move of every output
 * into place. A session may be passed to keep one browser across builds.
 */
export async function build(options: BuildOptions, session?: RenderSession): Promise<BuildResult> {
  trace("build: start");
  const ownSession = session ?? new RenderSession();
  try {
    return await runBuild(options, ownSession);
  } finally {
    if (!session) await ownSession.close();
  }
}

async function runBuild(options: BuildOptions, session: RenderSession): Promise<BuildResult> {
  // Chromium takes about half a second to start: when the sources are newer than the last build (or
  // --force), start it now, so that it starts while the content is read and the templates filled.
  // A build with nothing newer starts no browser unless its plan finds something to render.
  if (options.formats.includes("pdf") && (options.force || (await sourcesNewerThanCache(options)))) session.warm();
  // Taken before anything is read: a file saved during the build makes the next build look again.
  const digest = inputDigest({ ...options, tool: TOOL_VERSION }).catch(() => undefined);
  // Before anything else: a commit cut short by a killed build is completed, so the folder is one build's whole.
  const completed = await completeInterruptedCommit(options.outDir);
  if (completed > 0) trace(`build: completed an interrupted commit (${completed} files)`);
  const loaded = await loadContent(options.contentDir);
  trace("build: content loaded");
  if (!loaded.ok) return { kind: "problems", files: loaded.files };
  const { content } = loaded;
  const groups = selectGroups(content, options.only);

  const templatesResult = await loadTemplates(options.templatesDir, content.report.language);
  if (!templatesResult.ok) return { kind: "problems", files: templatesResult.files };
  const { templates } = templatesResult;
  const print = options.print ? printSettings(options.iccProfile) : undefined;
  if (print && "failure" in print) return { kind: "render-failed", failures: [print.failure] };

  let jobs: OutputJob[];
  const fontCss = await loadFontFaceCss();
  try {
    jobs = planOutputs(content, groups, templates, fontCss, {
      groupsOnly: options.groupsOnly ?? false,
      only: options.only,
      formats: options.formats,
      print: print
        ? { identity: `${print.ghostscript}:${print.iccProfile}:${await fileSha256(print.iccProfile)}` }
        : undefined,
    });
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    const located = locateTemplateError(error, templates.files);
    addProblem(located.file, {
      ruleId: "template/render",
      place: located.place,
      what: `the template could not be filled: ${located.message}`,
      why: "templates are compiled in strict mode, so a field or partial that does not exist stops the build instead of printing a blank",
      fix: "check the field's name against the view model (README, section 'For designers'), or add the missing partial to templates/partials/",
    });
    return { kind: "problems", files: templates.files };
  }

  trace("build: outputs planned");
  const previous = await readManifest(options.outDir, TOOL_VERSION);
  const cacheFile = path.join(options.outDir, MANIFEST_FILE);
  const notice =
    previous.kind === "unusable"
      ? `the build cache ${cacheFile} is unusable (${previous.reason}): rebuilding everything`
      : previous.kind === "missing" && (await hasFiles(options.outDir))
        ? `there is no build cache ${cacheFile} beside the outputs: rebuilding everything`
        : undefined;
  const previousOutputs = previous.kind === "ok" ? previous.manifest.outputs : {};
  const stale: OutputJob[] = [];
  const skipped: string[] = [];
  for (const job of jobs) {
    const record = previousOutputs[job.path];
    const current =
      !options.force &&
      record?.key === job.key &&
      (await fileSha256(path.join(options.outDir, job.path))) === record.sha256;
    if (current) skipped.push(job.path);
    else stale.push(job);
  }
  trace(`build: cache read, ${stale.length} to render`);
  const removed = options.only.length === 0 && !options.groupsOnly ? orphans(previousOutputs, jobs, options) : [];

  const snapshot = snapshotGroups(content);
  const previousSnapshot = previous.kind === "ok" ? previous.manifest.groups : undefined;
  const contentChanged = JSON.stringify(previousSnapshot) !== JSON.stringify(snapshot);
  const outputs: Record<string, OutputRecord> = Object.fromEntries(
    Object.entries(previousOutputs).filter(([file]) => !removed.includes(file)),
  );
  for (const job of jobs) {
    const record = previousOutputs[job.path];
    if (skipped.includes(job.path) && record) outputs[job.path] = record;
  }
  if (stale.length === 0 && removed.length === 0 && !contentChanged && previous.kind === "ok") {
    return {
      kind: "built",
      written: [],
      skipped,
      removed,
      notice,
      warnings: withMessages(loaded.files),
      browserStarted: session.started,
    };
  }

  // Every document to write, HTML output or PDF source, is checked here: a template that reaches out is refused
  // before anything is rendered, and the renderer checks again (scripts/render/render-pdf.ts). A current output
  // passed this check when it was written (its key covers its whole document).
  // The HTML parser is loaded here, past the no-op return: a build with nothing to do stays fast.
  const { secureDocument } = await import("../output/secure-document.js");
  // Each document is parsed once here; the HTML outputs are written from the secured text.
  const securedJobs = stale.map((job) => ({ job, secured: secureDocument(job.html) }));
  const leaks = securedJobs.flatMap(({ job, secured }) => secured.findings.map((finding) => ({ job, finding })));
  for (const { job, finding } of leaks) {
    const file =
      templates.files.find((candidate) => candidate.path.endsWith(`${path.sep}${job.template}.hbs`)) ??
      content.reportFile;
    addProblem(file, {
      ruleId: "template/external-resource",
      what: `${job.path} ${finding}`,
      why:
        "HTML outputs must open with no network (from a USB stick, offline at an agency), " +
        "rendering never reaches the network, and outputs run no script",
      fix:
        "put the resource in the templates as a data: URL or inline CSS, or remove it " +
        "(scripts, refreshes and embedded documents have no place in an output)",
    });
  }
  if (leaks.length > 0) return { kind: "problems", files: templates.files };

  await mkdir(options.outDir, { recursive: true }).catch((error: unknown) => {
    throw new OutputWriteError(options.outDir, error);
  });
  const lock = await lockOutput(options.outDir);
  const staging = await StagedOutput.open(options.outDir);
  try {
    for (const { job, secured } of securedJobs.filter((candidate) => candidate.job.kind === "html")) {
      const started = performance.now();
      const html = withFonts(secured.html, fontCss);
      await staging.write(job.path, html);
      outputs[job.path] = { key: job.key, sha256: sha256(html), kind: job.kind };
      options.onDocument?.({ path: job.path, milliseconds: job.milliseconds + performance.now() - started });
    }
    const pdfJobs = stale.filter((job) => job.kind !== "html");
    if (pdfJobs.length > 0) {
      // Loaded only when something must be rendered: a build with nothing to render stays fast.
      const { renderPdfs } = await import("./render-outputs.js");
      const rendered = await renderPdfs(content, pdfJobs, fontCss, staging, options, print, session);
      if ("failures" in rendered) {
        await staging.discard();
        return { kind: "render-failed", failures: rendered.failures };
      }
      Object.assign(outputs, rendered.records);
    }
    for (const file of removed) staging.remove(file);
    if (contentChanged) {
      const changes = compareSnapshots(content.report, previousSnapshot, snapshot);
      await staging.write(CHANGES_JSON, `${JSON.stringify(changes, null, 2)}\n`);
      await staging.write(CHANGES_MARKDOWN, changesMarkdown(changes, templates.strings));
    }
    // What this build read, for the next build to see at once that nothing changed (output/up-to-date.ts).
    // Print builds are not recorded: the ICC profile's bytes are not part of the digest.
    const inputs = options.print ? undefined : await digest;
    const lastBuild =
      inputs === undefined
        ? undefined
        : { digest: inputs, outputs: jobs.map((job) => job.path), warnings: storedWarnings(loaded.files) };
    const manifest: BuildManifest = {
      format: 1,
      tool: TOOL_VERSION,
      outputs,
      groups: snapshot,
      ...(lastBuild ? { lastBuild } : {}),
    };
    const manifestText = serializeManifest(manifest);
    if (previous.kind !== "ok" || previous.text !== manifestText) await staging.write(MANIFEST_FILE, manifestText);
    await staging.commit();
    trace("build: committed");
    return {
      kind: "built",
      written: stale.map((job) => job.path),
      skipped,
      removed,
      notice,
      warnings: withMessages(loaded.files),
      browserStarted: session.started,
    };
  } catch (error) {
    await staging.discard();
    throw error;
  } finally {
    await lock.release();
  }
}

/**
 * Where a strict-mode failure happened: Handlebars ends a missing field's
 * message with "- line:column" (of the template being filled, or of the
 * partial); a missing partial is found by its `{{> name` in the templates.
 */
function locateTemplateError(
  error: TemplateRenderError,
  files: readonly VFile[],
): { file: VFile; place: { line: number; column: number } | undefined; message: string } {
  const raw = error.cause instanceof Error ? error.cause.message : String(error.cause);
  const position = / - (\d+):(\d+)$/.exec(raw);
  const message = raw.replace(/ in \[object Object\]/, "").replace(/ - \d+:\d+$/, "");
  const partial = /^The partial (\S+) could not be found$/.exec(raw)?.[1];
  if (partial) {
    for (const file of files) {
      const lines = String(file.value).split("\n");
      const line = lines.findIndex((text) =>
        new RegExp(`\\{\\{#?>\\s*${partial.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(text),
      );
      if (line >= 0) return { file, place: { line: line + 1, column: (lines[line]?.indexOf("{{") ?? 0) + 1 }, message };
    }
  }
  return {
    file: error.file,
    place: position ? { line: Number(position[1]), column: Number(position[2]) + 1 } : undefined,
    message,
  };
}

function storedWarnings(files: readonly VFile[]): StoredWarning[] {
  return files.flatMap((file) =>
    file.messages.map((message) => ({
      file: file.path,
      ...(message.line === undefined ? {} : { line: message.line }),
      ...(message.column === undefined ? {} : { column: message.column }),
      reason: message.reason,
      ...(message.ruleId === undefined ? {} : { ruleId: message.ruleId }),
      ...(message.note === undefined ? {} : { note: message.note }),
    })),
  );
}

function withMessages(files: readonly VFile[]): VFile[] {
  return files.filter((file) => file.messages.length > 0);
}

/** Whether the folder holds anything (a first build into an empty or new folder needs no notice). */
async function hasFiles(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => []);
  return entries.some((name) => !name.startsWith("."));
}

/** Whether any file under the content or templates folder is newer than the build cache (or there is none). */
async function sourcesNewerThanCache(options: BuildOptions): Promise<boolean> {
  const cache = await stat(path.join(options.outDir, MANIFEST_FILE)).catch(() => undefined);
  if (!cache) return true;
  for (const dir of [options.contentDir, options.templatesDir]) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const info = await stat(path.join(entry.parentPath, entry.name)).catch(() => undefined);
      if (info && info.mtimeMs > cache.mtimeMs) return true;
    }
  }
  return false;
}

/** Outputs of the previous build that no planned output replaces, among the kinds this build makes. */
function orphans(previous: Record<string, OutputRecord>, jobs: readonly OutputJob[], options: BuildOptions): string[] {
  const planned = new Set(jobs.map((job) => job.path));
  const kinds = new Set<OutputRecord["kind"]>([
    ...(options.formats.includes("html") ? (["html"] as const) : []),
    ...(options.formats.includes("pdf") ? (["pdf"] as const) : []),
    ...(options.print ? (["print"] as const) : []),
  ]);
  return Object.entries(previous)
    .filter(([file, record]) => kinds.has(record.kind) && !planned.has(file))
    .map(([file]) => file)
    .sort();
}

export interface PrintSettings {
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
        message:
          "no CMYK ICC profile found for the print files; pass one with --icc-profile FILE (Ghostscript's iccprofiles/default_cmyk.icc is used when present)",
      },
    };
  }
  if (!existsSync(profile)) {
    return {
      failure: {
        document: "print/ (--print)",
        message: `the ICC profile ${profile} does not exist; pass an existing CMYK profile with --icc-profile FILE`,
      },
    };
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
