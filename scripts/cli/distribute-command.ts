import path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../diagnostics/errors.js";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { distribute, LEDGER_FILE } from "../pipeline/distribute.js";
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
        ledger: { type: "string" },
        "icc-profile": { type: "string" },
        pending: { type: "boolean", default: false },
        all: { type: "boolean", default: false },
        send: { type: "boolean", default: false },
        attach: { type: "string", default: "files" },
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
  if (values.attach !== "files" && values.attach !== "zip") throw new UsageError(`distribute: --attach ${values.attach}: use files or zip`);
  const color = useColor();
  const result = await distribute({
    contentDir,
    templatesDir: path.resolve(cwd, values.templates),
    outDir: path.resolve(cwd, values.out),
    agenciesFile: path.resolve(cwd, values.agencies ?? path.join(values.content, "agencies.yml")),
    ledgerFile: path.resolve(cwd, values.ledger ?? path.join(values.content, LEDGER_FILE)),
    pendingOnly: values.pending,
    all: values.all,
    send: values.send,
    attach: values.attach,
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
    else console.error(formatFailures(result.result.failures, `${paint(color, "31", "✗")} `));
    console.error("The build failed: no package was written.");
    return 1;
  }
  if (result.kind === "no-smtp") {
    console.error(`factsheets: --send needs the SMTP settings in the environment; missing: ${result.missing.join(", ")} (see README, "Sending")`);
    return 1;
  }
  const out = path.resolve(cwd, values.out);
  console.log(`Build: ${result.build.written.length} rebuilt, ${result.build.skipped.length} unchanged.`);
  let failed = 0;
  for (const outcome of result.agencies) {
    const state =
      outcome.pending.state === "never" ? "has never received anything" : outcome.pending.state === "changed" ? `holds outdated files: ${outcome.pending.groups.join(", ")}` : "is current";
    if (values.pending) {
      if (outcome.pending.state !== "current") console.log(`${outcome.agency.id}: ${state}`);
      continue;
    }
    const written = outcome.package;
    if (!written) {
      console.log(`${paint(color, "2", "=")} ${outcome.agency.id} ${state}: no package`);
      continue;
    }
    const where = `${written.files} ${written.files === 1 ? "file" : "files"} in ${relative(cwd, path.join(out, written.folder))}/ and ${relative(cwd, path.join(out, written.zip))}; manifest SHA-256 ${written.manifestSha256}${written.signed ? ", signed" : ""}`;
    if (!outcome.delivery) {
      console.log(`${paint(color, "32", "✓")} ${outcome.agency.id} (${state}): ${where}; would send to ${outcome.agency.email.join(", ")}`);
    } else if (outcome.delivery.ok) {
      console.log(`${paint(color, "32", "✓")} ${outcome.agency.id}: sent to ${outcome.delivery.accepted.join(", ")} (${where})`);
    } else {
      failed += 1;
      console.error(`${paint(color, "31", "✗")} ${outcome.agency.id}: not reached: ${outcome.delivery.error}`);
    }
  }
  if (values.pending && result.agencies.every((outcome) => outcome.pending.state === "current")) console.log("Every agency holds the current files.");
  if (failed > 0) {
    console.error(`${failed} ${failed === 1 ? "agency was" : "agencies were"} not reached; run the same command again to retry them (the others are not sent again).`);
    return 1;
  }
  return 0;
}
