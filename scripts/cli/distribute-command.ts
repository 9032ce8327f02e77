import path from "node:path";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { say } from "../diagnostics/messages.js";
import type { IntentLine } from "../distribution/ledger.js";
import { unknownGroupsText } from "../pipeline/build-result.js";
import { distribute, LEDGER_FILE, type AgencyOutcome, type DistributeResult } from "../pipeline/distribute.js";
import { DISTRIBUTE } from "./command-declarations.js";
import { commandHelp } from "./help.js";
import { parseDistributeOptions, type DistributeCliOptions } from "./parse-options.js";
import { paint, relative, useColor } from "./terminal.js";

/** What the report of one run needs: the options, where paths are relative to, colour, and what went wrong. */
interface Report {
  options: DistributeCliOptions;
  cwd: string;
  color: boolean;
  failed: number;
  unconfirmed: number;
}

type Distributed = Extract<DistributeResult, { kind: "distributed" }>;
type WrittenPackage = NonNullable<AgencyOutcome["package"]>;
type Sending = NonNullable<AgencyOutcome["sending"]>;

/** `factsheets distribute`: build what the agencies need, write one package per agency, send with --send. */
export async function distributeCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parseDistributeOptions(args, cwd);
  const { help, ledgerFile, ...settings } = options;
  if (help) {
    console.log(commandHelp(DISTRIBUTE));
    return 0;
  }
  const result = await distribute({
    ...settings,
    ledgerFile: ledgerFile ?? path.join(settings.contentDir, LEDGER_FILE),
  });
  const report: Report = { options, cwd, color: useColor(), failed: 0, unconfirmed: 0 };
  if (result.kind !== "distributed") return reportStopped(result, report);
  reportDistributed(result, report);
  return report.failed > 0 || report.unconfirmed > 0 ? 1 : 0;
}

/** A run that wrote no package: content problems, a failed build, or no SMTP settings for --send. */
function reportStopped(result: Exclude<DistributeResult, Distributed>, { cwd, color }: Report): number {
  if (result.kind === "problems") {
    console.error(formatProblems(result.files, { cwd, color }));
    console.error(say("distribute.nothingWritten"));
  } else if (result.kind === "build-failed") {
    if (result.result.kind === "problems") console.error(formatProblems(result.result.files, { cwd, color }));
    else if (result.result.kind === "unknown-groups") console.error(unknownGroupsText(result.result));
    else console.error(formatFailures(result.result.failures, `${paint(color, "31", "✗")} `));
    console.error(say("distribute.buildFailed"));
  } else {
    console.error(
      "factsheets: --send needs the SMTP settings in the environment; " +
        `missing: ${result.missing.join(", ")} (see README, "Sending, exactly once")`,
    );
  }
  return 1;
}

/** The build, the confirmations by hand, every agency's outcome, then what to do about what went wrong. */
function reportDistributed(result: Distributed, report: Report): void {
  const { options, color } = report;
  console.log(`Build: ${result.build.written.length} rebuilt, ${result.build.skipped.length} unchanged.`);
  for (const messageId of result.confirmed) {
    const recorded = "recorded as accepted by the mail server (confirmed by hand)";
    console.log(`${paint(color, "32", "✓")} ${messageId}: ${recorded}`);
  }
  for (const outcome of result.agencies) reportAgency(outcome, report);
  if (options.pendingOnly && result.agencies.every((outcome) => outcome.pending.state === "current"))
    console.log("Every agency holds the current files.");
  if (report.failed > 0) {
    console.error(
      `${report.failed} ${report.failed === 1 ? "agency was" : "agencies were"} not reached; ` +
        "run the same command again to retry " +
        "(only the recipients that have not accepted the current files are sent to).",
    );
  }
  if (report.unconfirmed > 0) {
    console.error(
      `${report.unconfirmed} ${report.unconfirmed === 1 ? "message is" : "messages are"} not confirmed. ` +
        "If the mail server's log shows one " +
        "accepted, run again with --confirm '<Message-ID>'; if not, run again with --send --resend-unconfirmed.",
    );
  }
}

const stateText = (outcome: AgencyOutcome) =>
  outcome.pending.state === "never"
    ? "has never received anything"
    : outcome.pending.state === "changed"
      ? `holds outdated files: ${outcome.pending.groups.join(", ")}`
      : "is current";

/** One agency: its state (--pending), no package, the dry run's would-send, or how the sending went. */
function reportAgency(outcome: AgencyOutcome, report: Report): void {
  const { options, color } = report;
  if (options.pendingOnly) {
    if (outcome.pending.state !== "current") console.log(`${outcome.agency.id}: ${stateText(outcome)}`);
  } else if (!outcome.package) {
    console.log(`${paint(color, "2", "=")} ${outcome.agency.id} ${stateText(outcome)}: no package`);
  } else if (!outcome.sending && !options.send) {
    const to = outcome.recipients.filter((recipient) => recipient.send).map((recipient) => recipient.email);
    console.log(
      `${paint(color, "32", "✓")} ${outcome.agency.id} (${stateText(outcome)}): ` +
        `${packageText(outcome.package, report)}; ` +
        `would send to ${to.length > 0 ? to.join(", ") : "nobody"}`,
    );
  }
  reportHeld(outcome, report);
  if (!options.pendingOnly && outcome.package && outcome.sending)
    reportSending(outcome, outcome.sending, packageText(outcome.package, report), report);
}

/** Where a package was written: its files, folder, zip and the manifest's SHA-256. */
function packageText(written: WrittenPackage, { options, cwd }: Report): string {
  const files = `${written.files} ${written.files === 1 ? "file" : "files"}`;
  const folder = relative(cwd, path.join(options.outDir, written.folder));
  const zip = relative(cwd, path.join(options.outDir, written.zip));
  const signed = written.signed ? ", signed" : "";
  return `${files} in ${folder}/ and ${zip}; manifest SHA-256 ${written.manifestSha256}${signed}`;
}

/** The unconfirmed messages an agency's recipients wait on, each once. */
function unconfirmedOf(outcome: AgencyOutcome): IntentLine[] {
  const seen = new Map<string, IntentLine>();
  for (const recipient of outcome.recipients)
    if (recipient.unconfirmed) seen.set(recipient.unconfirmed.messageId, recipient.unconfirmed);
  return [...seen.values()];
}

/** Reports the unconfirmed messages held back for this agency (not with --resend-unconfirmed, which sends them). */
function reportHeld(outcome: AgencyOutcome, report: Report): void {
  if (report.options.resendUnconfirmed && !report.options.pendingOnly) return;
  for (const intent of unconfirmedOf(outcome)) {
    report.unconfirmed += 1;
    console.error(
      `${paint(report.color, "33", "?")} ${outcome.agency.id}: not sent again: message ${intent.messageId} ` +
        `to ${intent.recipients.join(", ")} (${intent.time}) has no answer from the server in the ledger; ` +
        "look for this Message-ID in the mail server's log",
    );
  }
}

/** A package sent: accepted, refused (counted as not reached), or with the server's answer lost. */
function reportSending(outcome: AgencyOutcome, sending: Sending, where: string, report: Report): void {
  const { color } = report;
  const delivery = sending.delivery;
  if (!delivery.certain) {
    report.unconfirmed += 1;
    console.error(
      `${paint(color, "33", "?")} ${outcome.agency.id}: the server's answer to message ${sending.messageId} ` +
        `to ${sending.to.join(", ")} was lost ` +
        `(${delivery.error}); it may have been accepted; look for this Message-ID in the mail server's log`,
    );
  } else if (delivery.error === null) {
    const sentTo = delivery.accepted.join(", ");
    console.log(`${paint(color, "32", "✓")} ${outcome.agency.id}: sent to ${sentTo} (${where})`);
  } else {
    report.failed += 1;
    const accepted = delivery.accepted.length > 0 ? `; accepted by ${delivery.accepted.join(", ")}` : "";
    console.error(`${paint(color, "31", "✗")} ${outcome.agency.id}: not reached: ${delivery.error}${accepted}`);
  }
}
