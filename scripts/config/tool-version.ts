import { readFileSync } from "node:fs";
import { z } from "zod";

const PackageJson = z.object({ version: z.string() });

/** The tool's own version, from package.json; written into every PDF's Producer. */
export const TOOL_VERSION = PackageJson.parse(JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"))).version;
