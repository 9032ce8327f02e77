import path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../diagnostics/errors.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { distribute } from "../pipeline/distribute.js";
import { DISTRIBUTE_HELP } from "./help.js";
import { paint, relative, useColor } from "./terminal.js";

/** `factsheets distribute`: build what the agencies need, write one package per agency. */
export async function distributeCommand(args: readonly string[], cwd: string): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h", default: false },
        content: { type: "string", default: "content" },
        templates: { type: "string", default: "templates" },
        out: { type: "string", default: "output" },
        agencies: { type: "string" },
        "icc-profile": { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(`distribute: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.help) {
    console.log(DISTRIBUTE_HELP);
    return 0;
  }
  const contentDir = path.resolve(cwd, values.content);
  const color = useColor();
  const result = await distribute({
    contentDir,
    templatesDir: path.resolve(cwd, values.templates),
    outDir: path.resolve(cwd, values.out),
    agenciesFile: path.resolve(cwd, values.agencies ?? path.join(values.content, "agencies.yml")),
    iccProfile: values["icc-profile"] === undefined ? undefined : path.resolve(cwd, values["icc-profile"]),
    concurrency: 2,
    timeout: 30_000,
  });
  if (result.kind === "problems") {
    console.error(formatProblems(result.files, { cwd, color }));
    console.error("Nothing was written: the previous outputs and packages are unchanged.");
    return 1;
  }
  if (result.kind === "build-failed") {
    if (result.result.kind === "problems") console.error(formatProblems(result.result.files, { cwd, color }));
    else for (const failure of result.result.failures) console.error(`${paint(color, "31", "✗")} ${failure.document}\n  ${failure.message.replaceAll("\n", "\n  ")}`);
    console.error("The build failed: no package was written.");
    return 1;
  }
  const out = path.resolve(cwd, values.out);
  console.log(`Build: ${result.build.written.length} rebuilt, ${result.build.skipped.length} unchanged.`);
  for (const written of result.packages) {
    console.log(
      `${paint(color, "32", "✓")} ${written.agency.id}: ${written.files} files in ${relative(cwd, path.join(out, written.folder))}/, ${relative(cwd, path.join(out, written.zip))}; manifest SHA-256 ${written.manifestSha256}${written.signed ? ", signed" : ""}`,
    );
  }
  return 0;
}
