import path from "node:path";
import { formatFailures } from "../diagnostics/format-failures.js";
import { formatProblems } from "../diagnostics/format-problems.js";
import { say, sayCount } from "../diagnostics/messages.js";
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
    console.error(say("distribute.noSmtp", { missing: result.missing.join(", "), file: result.file }));
  }
  return 1;
}

/** The build, the confirmations by hand, every agency's outcome, then what to do about what went wrong. */
function reportDistributed(result: Distributed, report: Report): void {
  const { options, color } = report;
  if (!options.send && !options.pendingOnly) console.log(say("distribute.dryRun"));
  const built = { written: result.build.written.length, skipped: result.build.skipped.length };
  console.log(say("distribute.build", built));
  for (const messageId of result.confirmed)
    console.log(`${paint(color, "32", "✓")} ${say("distribute.confirmed", { messageId })}`);
  for (const outcome of result.agencies) reportAgency(outcome, report);
  if (options.pendingOnly && result.agencies.every((outcome) => outcome.pending.state === "current"))
    console.log(say("distribute.allCurrent"));
  if (report.failed > 0) console.error(sayCount("distribute.failed", report.failed));
  if (report.unconfirmed > 0) console.error(sayCount("distribute.unconfirmed", report.unconfirmed));
}

const stateText = (outcome: AgencyOutcome) =>
  outcome.pending.state === "changed"
    ? say("distribute.state.changed", { groups: outcome.pending.groups.join(", ") })
    : say(`distribute.state.${outcome.pending.state}`);

/** One agency: its state (--pending), no package, the dry run's would-send, or how the sending went. */
function reportAgency(outcome: AgencyOutcome, report: Report): void {
  const { options, color } = report;
  if (options.pendingOnly) {
    if (outcome.pending.state !== "current")
      console.log(say("distribute.pending", { agency: outcome.agency.id, state: stateText(outcome) }));
  } else if (!outcome.package) {
    const line = say("distribute.noPackage", { agency: outcome.agency.id, state: stateText(outcome) });
    console.log(`${paint(color, "2", "=")} ${line}`);
  } else if (!outcome.sending && !options.send) {
    reportDryRun(outcome, outcome.package, report);
  }
  reportHeld(outcome, report);
  if (!options.pendingOnly && outcome.package && outcome.sending)
    reportSending(outcome, outcome.sending, packageText(outcome.package, report), report);
}

/**
 * A dry run's agency: its package, to whom it would go, and the e-mail as they would get it (subject, the files
 * it names, its whole text), so that the sender reads what goes out before it does.
 */
function reportDryRun(outcome: AgencyOutcome, written: WrittenPackage, report: Report): void {
  const to = outcome.recipients.filter((recipient) => recipient.send).map((recipient) => recipient.email);
  const line = say("distribute.wouldSend", {
    agency: outcome.agency.id,
    state: stateText(outcome),
    package: packageText(written, report),
    to: to.length > 0 ? to.join(", ") : say("distribute.nobody"),
  });
  console.log(`${paint(report.color, "32", "✓")} ${line}`);
  if (!outcome.letter) return;
  const files = written.manifest.files.map((file) => file.path).join(", ");
  console.log(`    ${say("distribute.letterTo", { to: to.join(", ") })}`);
  console.log(`    ${say("distribute.letterSubject", { subject: outcome.letter.subject })}`);
  console.log(`    ${say("distribute.letterFiles", { files })}`);
  console.log(`    ${say("distribute.letterText")}`);
  for (const text of outcome.letter.text.trimEnd().split("\n")) console.log(text === "" ? "" : `      ${text}`);
}

/** Where a package was written: its files, folder, zip and the manifest's SHA-256. */
function packageText(written: WrittenPackage, { options, cwd }: Report): string {
  return say("distribute.package", {
    files: sayCount("build.files", written.files),
    folder: relative(cwd, path.join(options.outDir, written.folder)),
    zip: relative(cwd, path.join(options.outDir, written.zip)),
    sha256: written.manifestSha256,
    signed: written.signed ? say("distribute.signed") : "",
  });
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
    const values = { agency: outcome.agency.id, messageId: intent.messageId, time: intent.time };
    const line = say("distribute.held", { ...values, to: intent.recipients.join(", ") });
    console.error(`${paint(report.color, "33", "?")} ${line}`);
  }
}

/** A package sent: accepted, refused (counted as not reached), or with the server's answer lost. */
function reportSending(outcome: AgencyOutcome, sending: Sending, where: string, report: Report): void {
  const { color } = report;
  const delivery = sending.delivery;
  if (!delivery.certain) {
    report.unconfirmed += 1;
    const values = { agency: outcome.agency.id, messageId: sending.messageId, error: delivery.error };
    console.error(`${paint(color, "33", "?")} ${say("distribute.lost", { ...values, to: sending.to.join(", ") })}`);
  } else if (delivery.error === null) {
    const values = { agency: outcome.agency.id, to: delivery.accepted.join(", "), package: where };
    console.log(`${paint(color, "32", "✓")} ${say("distribute.sent", values)}`);
  } else {
    report.failed += 1;
    const error =
      delivery.accepted.length > 0
        ? say("distribute.acceptedBy", { error: delivery.error, to: delivery.accepted.join(", ") })
        : delivery.error;
    console.error(`${paint(color, "31", "✗")} ${say("distribute.notReached", { agency: outcome.agency.id, error })}`);
  }
}
