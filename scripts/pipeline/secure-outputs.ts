import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { VFile } from "vfile";
import { problem } from "../diagnostics/messages.js";
import { addProblem } from "../diagnostics/problem.js";
import type { SecuredDocument } from "../output/secure-document.js";
import type { OutputJob } from "./plan-outputs.js";

/** A document that would load something from outside or run a script: never written, never rendered. */
export class DocumentRefused extends Error {
  override readonly name = "DocumentRefused";
}

/** The secure stage as it runs beside the writing and rendering. */
export interface SecuringRun {
  /** A stale job's document with its Content-Security-Policy, once checked; rejects with DocumentRefused. */
  document(job: OutputJob): Promise<SecuredDocument>;
  /** Aborts as soon as a document is refused: nothing more need be rendered. */
  refused: AbortSignal;
  /** Every document checked: ok, or the template files the problems were reported on. */
  checked: Promise<{ ok: true } | { ok: false; files: VFile[] }>;
}

/**
 * Every document to write, HTML output or PDF source, is checked here: a
 * template that reaches out is refused, with a problem on the template, and
 * the build then writes nothing (the renderer checks again: render/render-pdf.ts).
 * The documents are checked one at a time, in the order given, each between
 * other work: the first PDF renders while the rest are still being checked.
 * A current output passed this check when it was written (its key covers its
 * whole document). Problems go to the template that made the document, or
 * else to `fallback`.
 */
export function secureOutputs(
  jobs: readonly OutputJob[],
  templateFiles: readonly VFile[],
  fallback: VFile,
): SecuringRun {
  const refusal = new AbortController();
  const pending = new Map(jobs.map((job) => [job, settleable<SecuredDocument>()]));
  const checked = (async () => {
    // The HTML parser is loaded only here, past the no-op return: a build with nothing to do stays fast.
    const { secureDocument } = await import("../output/secure-document.js");
    const reported = new Set<VFile>();
    for (const [job, settle] of pending) {
      const { findings, document } = secureDocument(job.html);
      if (document) settle.resolve(document);
      else {
        const file = templateFiles.find((candidate) => candidate.path.endsWith(`${path.sep}${job.template}.hbs`));
        for (const finding of findings) reportFinding(file ?? fallback, job, finding);
        reported.add(file ?? fallback);
        settle.reject(new DocumentRefused(`${job.path} would reach outside the document`));
        refusal.abort(new DocumentRefused("a document was refused"));
      }
      // Between two documents, the writing and the rendering get their turn.
      await nextTurn();
    }
    return reported.size > 0 ? { ok: false as const, files: [...reported] } : { ok: true as const };
  })().catch((error: unknown) => {
    // A check that failed outright leaves no one waiting for a document, and stops the rendering.
    for (const settle of pending.values()) settle.reject(error instanceof Error ? error : new Error(String(error)));
    refusal.abort(error);
    throw error;
  });
  // Awaited by the writing; a build stopped before it (a locked folder) must not leave it unhandled.
  checked.catch(() => undefined);
  return {
    document(job) {
      const settle = pending.get(job);
      if (!settle) throw new Error(`${job.path} was not given to the secure stage`);
      return settle.promise;
    },
    refused: refusal.signal,
    checked,
  };
}

function reportFinding(file: VFile, job: OutputJob, finding: string): void {
  addProblem(file, problem("template/external-resource", { path: job.path, finding }));
}

/** A promise with its resolve and reject; a rejection nobody waits for is not an unhandled one. */
function settleable<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
