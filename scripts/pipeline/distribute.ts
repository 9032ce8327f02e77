import type { VFile } from "vfile";
import type { Agency, Strings } from "../config/schema.js";
import { loadContent, type Content } from "../content/load-content.js";
import { confirmByHand } from "../distribution/confirm-by-hand.js";
import { Ledger, LEDGER_FILE } from "../distribution/ledger.js";
import { lockLedger } from "../distribution/ledger-lock.js";
import { loadAgencies } from "../distribution/load-agencies.js";
import { signingKey } from "../distribution/manifest-signature.js";
import { packageFiles } from "../distribution/package-files.js";
import type { PackageFacts } from "../distribution/pending.js";
import { planAgency, type AgencyPlan } from "../distribution/plan-recipients.js";
import { recipientRecords } from "../distribution/recipient-state.js";
import type { SmtpSettings } from "../distribution/send-package.js";
import { loadSmtpSettings } from "../distribution/smtp-config.js";
import { coverLetter } from "../distribution/cover-text.js";
import { sendPackage, type Sending } from "../distribution/journalled-send.js";
import { writePackages, type WrittenPackage } from "../distribution/write-packages.js";
import type { OutputRecord } from "../output/build-manifest.js";
import { inOutputTransaction } from "../output/output-transaction.js";
import { build, type BuildOptions, type BuildResult } from "./build.js";
import { loadTemplates } from "../templating/load-templates.js";
import type { Sources } from "./load-inputs.js";

export interface DistributeOptions extends Omit<BuildOptions, "only" | "formats" | "print" | "force" | "groupsOnly"> {
  agenciesFile: string;
  /** The ledger file; by default beside the content. */
  ledgerFile: string;
  /** Only list which agencies hold outdated files. */
  pendingOnly: boolean;
  /** Prepare (and send) packages for every agency, not only the pending ones. */
  all: boolean;
  /** Send by SMTP; without it, a dry run that says what would go to whom. */
  send: boolean;
  /** Send again the messages that the ledger announces with no outcome (the server may have them). */
  resendUnconfirmed: boolean;
  /** Message-IDs of unconfirmed messages that an operator found accepted in the mail server's log. */
  confirm: readonly string[];
  /** Attach the PDFs and files, or the zip. */
  attach: "files" | "zip";
}

export interface AgencyOutcome extends AgencyPlan {
  package: WrittenPackage | undefined;
  sending: Sending | undefined;
  /** In a dry run, the e-mail a run with --send would send this agency's recipients: to read before sending. */
  letter: { subject: string; text: string } | undefined;
}

export type DistributeResult =
  | {
      kind: "distributed";
      build: Extract<BuildResult, { kind: "built" }>;
      agencies: AgencyOutcome[];
      confirmed: string[];
    }
  | { kind: "problems"; files: VFile[] }
  | { kind: "build-failed"; result: Exclude<BuildResult, { kind: "built" }> }
  | { kind: "no-smtp"; missing: string[]; file: string };

/**
 * Validates the distribution list, then, under the ledger's lock for the whole run: reads the
 * ledger (stopping if it cannot be read), builds what the agencies need with the ordinary
 * (incremental) build, decides per recipient who is pending, writes the packages and, with
 * `send`, mails them, journalling each message in the ledger before and after it goes out.
 * Failures that stop the run are DistributionErrors, thrown before anything more is sent.
 */
export async function distribute(options: DistributeOptions): Promise<DistributeResult> {
  const loaded = await loadDistribution(options);
  if (!loaded.ok) return loaded.result;
  const ledgerLock = await lockLedger(options.ledgerFile);
  try {
    return await distributeLocked(options, loaded.run, ledgerLock);
  } finally {
    await ledgerLock.release();
  }
}

/** What a run works with, read and checked before the ledger is locked. */
interface DistributionRun {
  sources: Sources;
  agencies: Agency[];
  smtp: SmtpSettings | undefined;
  key: Awaited<ReturnType<typeof signingKey>>;
}

async function loadDistribution(
  options: DistributeOptions,
): Promise<{ ok: true; run: DistributionRun } | { ok: false; result: DistributeResult }> {
  const loaded = await loadContent(options.contentDir);
  if (!loaded.ok) return { ok: false, result: { kind: "problems", files: loaded.files } };
  // The list is checked before the templates are read, as a list against the content it names.
  const agencies = await loadAgencies(options.agenciesFile, loaded.content);
  if (!agencies.ok) return { ok: false, result: { kind: "problems", files: [agencies.file] } };
  const templates = await loadTemplates(options.templatesDir, loaded.content.report.language);
  if (!templates.ok) return { ok: false, result: { kind: "problems", files: templates.files } };
  const sources = { content: loaded.content, files: loaded.files, templates: templates.templates };
  const loadedSmtp = options.send ? await loadSmtpSettings(options.contentDir) : undefined;
  if (loadedSmtp?.kind === "problems") return { ok: false, result: { kind: "problems", files: loadedSmtp.files } };
  if (loadedSmtp?.kind === "missing") {
    return { ok: false, result: { kind: "no-smtp", missing: loadedSmtp.missing, file: loadedSmtp.file } };
  }
  const smtp = loadedSmtp?.settings;
  return { ok: true, run: { sources, agencies: agencies.agencies, smtp, key: await signingKey() } };
}

async function distributeLocked(
  options: DistributeOptions,
  run: DistributionRun,
  ledgerLock: Awaited<ReturnType<typeof lockLedger>>,
): Promise<DistributeResult> {
  const { content, templates } = run.sources;
  const ledger = await Ledger.read(options.ledgerFile);
  const confirmed = await confirmByHand(ledger, options.confirm);
  const print = run.agencies.some((agency) => agency.formats.includes("print"));
  const buildOptions = { ...options, only: [], formats: ["html", "pdf"] as const, print, force: false };
  const built = await build(buildOptions, undefined, run.sources);
  if (built.kind !== "built") return { kind: "build-failed", result: built };
  const records = recipientRecords(ledger.lines);
  const outcomes: AgencyOutcome[] = run.agencies.map((agency) => {
    const facts = currentFacts(agency, content, built.outputs, templates.strings);
    return {
      ...planAgency(agency, facts, records, options),
      package: undefined,
      sending: undefined,
      letter: undefined,
    };
  });
  if (options.pendingOnly) return { kind: "distributed", build: built, agencies: outcomes, confirmed };
  const targets = outcomes.filter((outcome) => options.all || outcome.recipients.some((recipient) => recipient.send));
  const packages = await inOutputTransaction(options.outDir, async (staging) => {
    const agencies = targets.map((outcome) => outcome.agency);
    const written = await writePackages(content, agencies, options.outDir, staging, templates.strings, run.key);
    return { commit: true, value: written };
  });
  for (const outcome of targets) {
    outcome.package = packages.find((written) => written.agency.id === outcome.agency.id);
    const sends = outcome.recipients.some((recipient) => recipient.send);
    if (!run.smtp && outcome.package && sends)
      outcome.letter = coverLetter(content, outcome, outcome.package, templates.strings);
  }
  if (run.smtp) {
    const sending = { smtp: run.smtp, attach: options.attach, strings: templates.strings };
    for (const outcome of targets) {
      if (outcome.package)
        outcome.sending = await sendPackage(content, outcome, outcome.package, ledger, ledgerLock, sending);
    }
  }
  return { kind: "distributed", build: built, agencies: outcomes, confirmed };
}

/** The files an agency's package holds now, with the hashes the build recorded for them. */
function currentFacts(
  agency: Agency,
  content: Content,
  outputs: Record<string, OutputRecord>,
  strings: Strings,
): PackageFacts {
  const files = packageFiles(agency, content, strings).map((file) => {
    const record = outputs[file.output];
    if (!record) throw new Error(`the build made no ${file.output}, which the package of ${agency.id} needs`);
    return { path: file.name, group: file.group, kind: file.kind, sha256: record.sha256 };
  });
  return { agency: agency.id, files };
}

export { LEDGER_FILE };
