import path from "node:path";
import type { VFile } from "vfile";
import { addProblem } from "../diagnostics/problem.js";
import type { SecuredDocument } from "../output/secure-document.js";
import type { OutputJob } from "./plan-outputs.js";

/** A planned output with its document made safe: the house Content-Security-Policy in, nothing from outside. */
export interface SecuredJob {
  job: OutputJob;
  /** The document with its Content-Security-Policy: what an HTML output is written from, and a PDF printed from. */
  document: SecuredDocument;
}

/**
 * Every document to write, HTML output or PDF source, is checked here: a
 * template that reaches out is refused before anything is rendered, and the
 * renderer checks again (render/render-pdf.ts). A current output passed this
 * check when it was written (its key covers its whole document). Problems go
 * to the template that made the document, or else to `fallback`.
 */
export async function secureOutputs(
  jobs: readonly OutputJob[],
  templateFiles: readonly VFile[],
  fallback: VFile,
): Promise<{ ok: true; jobs: SecuredJob[] } | { ok: false; files: VFile[] }> {
  // The HTML parser is loaded only here, past the no-op return: a build with nothing to do stays fast.
  const { secureDocument } = await import("../output/secure-document.js");
  const secured = jobs.map((job) => ({ job, ...secureDocument(job.html) }));
  const reported = new Set<VFile>();
  for (const { job, findings } of secured) {
    const file = templateFiles.find((candidate) => candidate.path.endsWith(`${path.sep}${job.template}.hbs`));
    for (const finding of findings) {
      reported.add(file ?? fallback);
      addProblem(file ?? fallback, {
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
  }
  if (reported.size > 0) return { ok: false, files: [...reported] };
  return {
    ok: true,
    jobs: secured.flatMap(({ job, document }) => (document ? [{ job, document }] : [])),
  };
}
