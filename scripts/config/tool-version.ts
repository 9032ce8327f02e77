import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const PackageJson = z.object({ version: z.string() });

/** The project's package.json: the nearest one above this module, whether it runs from dist/ or from source. */
function packageJsonPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above scripts/config/tool-version");
    dir = parent;
  }
  return path.join(dir, "package.json");
}

/** The project's folder: where package.json, content/ and templates/ are. */
export const PROJECT_ROOT = path.dirname(packageJsonPath());

/** The tool's own version, from package.json; written into every PDF's Producer and the build cache. */
export const TOOL_VERSION = PackageJson.parse(JSON.parse(readFileSync(packageJsonPath(), "utf8"))).version;
