import path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../diagnostics/errors.js";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import type { IntentLine } from "../distribution/ledger.js";
import { unknownGroupsText } from "../pipeline/build-result.js";
import { distribute, LEDGER_FILE, type AgencyOutcome } from "../pipeline/distribute.js";
import { DISTRIBUTE_HELP } from "./help.js";
import { paint, relative, useColor } from "./terminal.js";

const stateText = (outcome: AgencyOutcome) =>
  outcome.pending.state === "never"
    ? "has never received anything"
    : outcome.pending.state === "changed"
      ? `holds outdated files: ${outcome.pending.groups.join(", ")}`
      : "is current";

/** The unconfirmed messages an agency's recipients wait on, each once. */
function unconfirmedOf(outcome: AgencyOutcome): IntentLine[] {
  const seen = new Map<string, IntentLine>();
  for (const recipient of outcome.recipients)
    if (recipient.unconfirmed) seen.set(recipient.unconfirmed.messageId, recipient.unconfirmed);
  return [...seen.values()];
}

/** `factsheets distribute`: build what the agencies need, write one package per agency, send with --send. */
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
        "resend-unconfirmed": { type: "boolean", default: false },
        confirm: { type: "string", multiple: true, default: [] },
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
  if (values.attach !== "files" && values.attach !== "zip")
    throw new UsageError(`distribute: --attach ${values.attach}: use files or zip`);
  if (values["resend-unconfirmed"] && !values.send)
    throw new UsageError("distribute: --resend-unconfirmed only makes sense with --send");
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
    resendUnconfirmed: values["resend-unconfirmed"],
    confirm: values.confirm,
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
    else if (result.result.kind === "unknown-groups") console.error(unknownGroupsText(result.result));
    else console.error(formatFailures(result.result.failures, `${paint(color, "31", "✗")} `));
    console.error("The build failed: no package was written.");
    return 1;
  }
  if (result.kind === "no-smtp") {
    console.error(
      "factsheets: --send needs the SMTP settings in the environment; " +
        `missing: ${result.missing.join(", ")} (see README, "Sending, exactly once")`,
    );
    return 1;
  }
  const out = path.resolve(cwd, values.out);
  console.log(`Build: ${result.build.written.length} rebuilt, ${result.build.skipped.length} unchanged.`);
  for (const messageId of result.confirmed) {
    console.log(`${paint(color, "32", "✓")} ${messageId}: recorded as accepted by the mail server (confirmed by hand)`);
  }
  let failed = 0;
  let unconfirmed = 0;
  /** Reports the unconfirmed messages held back for this agency (not with --resend-unconfirmed, which sends them). */
  const held = (outcome: AgencyOutcome) => {
    if (values["resend-unconfirmed"] && !values.pending) return;
    for (const intent of unconfirmedOf(outcome)) {
      unconfirmed += 1;
      console.error(
        `${paint(color, "33", "?")} ${outcome.agency.id}: not sent again: message ${intent.messageId} ` +
          `to ${intent.recipients.join(", ")} (${intent.time}) has no answer from the server in the ledger; ` +
          "look for this Message-ID in the mail server's log",
      );
    }
  };
  for (const outcome of result.agencies) {
    if (values.pending) {
      if (outcome.pending.state !== "current") console.log(`${outcome.agency.id}: ${stateText(outcome)}`);
      held(outcome);
      continue;
    }
    const written = outcome.package;
    if (!written) {
      console.log(`${paint(color, "2", "=")} ${outcome.agency.id} ${stateText(outcome)}: no package`);
      held(outcome);
      continue;
    }
    const files = `${written.files} ${written.files === 1 ? "file" : "files"}`;
    const folder = relative(cwd, path.join(out, written.folder));
    const zip = relative(cwd, path.join(out, written.zip));
    const signed = written.signed ? ", signed" : "";
    const where = `${files} in ${folder}/ and ${zip}; manifest SHA-256 ${written.manifestSha256}${signed}`;
    const sending = outcome.sending;
    if (!sending) {
      const to = outcome.recipients.filter((recipient) => recipient.send).map((recipient) => recipient.email);
      if (!values.send)
        console.log(
          `${paint(color, "32", "✓")} ${outcome.agency.id} (${stateText(outcome)}): ${where}; ` +
            `would send to ${to.length > 0 ? to.join(", ") : "nobody"}`,
        );
      held(outcome);
      continue;
    }
    held(outcome);
    const delivery = sending.delivery;
    if (!delivery.certain) {
      unconfirmed += 1;
      console.error(
        `${paint(color, "33", "?")} ${outcome.agency.id}: the server's answer to message ${sending.messageId} ` +
          `to ${sending.to.join(", ")} was lost ` +
          `(${delivery.error}); it may have been accepted; look for this Message-ID in the mail server's log`,
      );
    } else if (delivery.error === null) {
      console.log(
        `${paint(color, "32", "✓")} ${outcome.agency.id}: sent to ${delivery.accepted.join(", ")} (${where})`,
      );
    } else {
      failed += 1;
      const accepted = delivery.accepted.length > 0 ? `; accepted by ${delivery.accepted.join(", ")}` : "";
      console.error(`${paint(color, "31", "✗")} ${outcome.agency.id}: not reached: ${delivery.error}${accepted}`);
    }
  }
  if (values.pending && result.agencies.every((outcome) => outcome.pending.state === "current"))
    console.log("Every agency holds the current files.");
  if (failed > 0) {
    console.error(
      `${failed} ${failed === 1 ? "agency was" : "agencies were"} not reached; run the same command again to retry ` +
        "(only the recipients that have not accepted the current files are sent to).",
    );
  }
  if (unconfirmed > 0) {
    console.error(
      `${unconfirmed} ${unconfirmed === 1 ? "message is" : "messages are"} not confirmed. ` +
        "If the mail server's log shows one " +
        "accepted, run again with --confirm '<Message-ID>'; if not, run again with --send --resend-unconfirmed.",
    );
  }
  return failed > 0 || unconfirmed > 0 ? 1 : 0;
}
