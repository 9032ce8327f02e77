import { say } from "../diagnostics/messages.js";
import { closest } from "../diagnostics/suggest.js";
import type { VFile } from "vfile";
import type { RenderFailureText as RenderFailure } from "../diagnostics/format-failures.js";
import type { OutputRecord } from "../output/build-manifest.js";
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
  /** Render everything, whatever the cache says. */
  force: boolean;
  /** Build only the groups' own outputs: no index, overview or whole report (large synthetic runs). */
  groupsOnly?: boolean;
  /** Pages rendering at once. */
  concurrency: number;
  /** Longest time one document may take to render, in milliseconds. */
  timeout: number;
  onDocument?: (event: { path: string; milliseconds: number }) => void;
  /**
   * Stops the build while it renders (the preview, when a newer save makes it pointless): build() then throws the
   * signal's reason and the output folder is left as it was.
   */
  signal?: AbortSignal | undefined;
}

export type { RenderFailureText as RenderFailure } from "../diagnostics/format-failures.js";

export type BuildResult =
  | {
      kind: "built";
      /** Outputs rewritten, unchanged and removed, relative to the output folder. */
      written: string[];
      skipped: string[];
      removed: string[];
      /** Every output of the folder as this build left it, with its hash: what distribution sends. */
      outputs: Record<string, OutputRecord>;
      /** Why the cache was not used, if it was not. */
      notice: string | undefined;
      /** Files with warnings (not errors): shown, never fatal. */
      warnings: VFile[];
      browserStarted: boolean;
    }
  | { kind: "problems"; files: VFile[] }
  /** `--only` named slugs that no group has: a usage error, said by the command line. */
  | { kind: "unknown-groups"; slugs: string[]; groups: string[] }
  | { kind: "render-failed"; failures: RenderFailure[] };

/** `--only x: no group has this slug; did you mean y? (groups: …)`, a line for each unknown slug. */
export function unknownGroupsText(result: Extract<BuildResult, { kind: "unknown-groups" }>): string {
  return result.slugs
    .map((slug) => {
      const suggestion = closest(slug, result.groups);
      const hint = suggestion ? say("cli.didYouMeanGroup", { slug: suggestion }) : "";
      return say("cli.unknownGroup", { slug, suggestion: hint, groups: result.groups.join(", ") });
    })
    .join("\n");
}
