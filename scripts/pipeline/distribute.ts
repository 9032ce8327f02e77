import type { VFile } from "vfile";
import { loadContent } from "../content/load-content.js";
import { loadAgencies } from "../distribution/load-agencies.js";
import { writePackages, type WrittenPackage } from "../distribution/write-packages.js";
import { lockOutput } from "../output/build-lock.js";
import { StagedOutput } from "../output/staged-output.js";
import { loadTemplates } from "../templating/load-templates.js";
import { build, type BuildOptions, type BuildResult } from "./build.js";

export interface DistributeOptions extends Omit<BuildOptions, "only" | "formats" | "print" | "force" | "groupsOnly"> {
  agenciesFile: string;
}

export type DistributeResult =
  | { kind: "distributed"; build: Extract<BuildResult, { kind: "built" }>; packages: WrittenPackage[] }
  | { kind: "problems"; files: VFile[] }
  | { kind: "build-failed"; result: Exclude<BuildResult, { kind: "built" }> };

/**
 * Validates the distribution list, builds what the agencies need with the
 * ordinary (incremental) build, then writes one package per agency.
 */
export async function distribute(options: DistributeOptions): Promise<DistributeResult> {
  const loaded = await loadContent(options.contentDir);
  if (!loaded.ok) return { kind: "problems", files: loaded.files };
  const agencies = await loadAgencies(options.agenciesFile, loaded.content);
  if (!agencies.ok) return { kind: "problems", files: [agencies.file] };
  const templates = await loadTemplates(options.templatesDir, loaded.content.report.language);
  if (!templates.ok) return { kind: "problems", files: templates.files };

  const print = agencies.agencies.some((agency) => agency.formats.includes("print"));
  const built = await build({ ...options, only: [], formats: ["html", "pdf"], print, force: false });
  if (built.kind !== "built") return { kind: "build-failed", result: built };

  const lock = await lockOutput(options.outDir);
  const staging = await StagedOutput.open(options.outDir);
  try {
    const packages = await writePackages(loaded.content, agencies.agencies, options.outDir, staging, templates.templates.strings.notGraded);
    await staging.commit();
    return { kind: "distributed", build: built, packages };
  } catch (error) {
    await staging.discard();
    throw error;
  } finally {
    await lock.release();
  }
}
