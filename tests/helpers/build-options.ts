import type { BuildOptions } from "../../scripts/pipeline/build.js";
import { TEMPLATES } from "./paths.js";

/** The options of a full build, as the CLI's defaults give them, for in-process builds. */
export function buildOptions(contentDir: string, outDir: string, overrides: Partial<BuildOptions> = {}): BuildOptions {
  return {
    contentDir,
    templatesDir: TEMPLATES,
    outDir,
    only: [],
    formats: ["html", "pdf"],
    print: false,
    iccProfile: undefined,
    force: false,
    concurrency: 2,
    timeout: 30_000,
    ...overrides,
  };
}
