import { readFile } from "node:fs/promises";
import path from "node:path";
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
import { smtpSettings } from "../distribution/send-package.js";
import { sendPackage, type Sending } from "../distribution/journalled-send.js";
import { writePackages, type WrittenPackage } from "../distribution/write-packages.js";
import { lockOutput } from "../output/build-lock.js";
import { sha256 } from "../output/file-hash.js";
import { StagedOutput } from "../output/staged-output.js";
import { loadTemplates } from "../templating/load-templates.js";
import { build, type BuildOptions, type BuildResult } from "./build.js";

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
  | { kind: "no-smtp"; missing: string[] };

/**
 * Validates the distribution list, then, under the ledger's lock for the whole run: reads the
 * ledger (stopping if it cannot be read), builds what the agencies need with the ordinary
 * (incremental) build, decides per recipient who is pending, writes the packages and, with
 * `send`, mails them, journalling each message in the ledger before and after it goes out.
 * Failures that stop the run are DistributionErrors, thrown before anything more is sent.
 */
export async function distribute(options: DistributeOptions): Promise<DistributeResult> {
  const loaded = await loadContent(options.contentDir);
  if (!loaded.ok) return { kind: "problems", files: loaded.files };
  const { content } = loaded;
  const agenciesResult = await loadAgencies(options.agenciesFile, content);
  if (!agenciesResult.ok) return { kind: "problems", files: [agenciesResult.file] };
  const templates = await loadTemplates(options.templatesDir, content.report.language);
  if (!templates.ok) return { kind: "problems", files: templates.files };
  const strings = templates.templates.strings;
  const smtp = options.send ? smtpSettings() : undefined;
  if (smtp && "missing" in smtp) return { kind: "no-smtp", missing: smtp.missing };
  const key = await signingKey();

  const ledgerLock = await lockLedger(options.ledgerFile);
  try {
    const ledger = await Ledger.read(options.ledgerFile);
    const confirmed = await confirmByHand(ledger, options.confirm);
    const agencies = agenciesResult.agencies;
    const print = agencies.some((agency) => agency.formats.includes("print"));
    const built = await build({ ...options, only: [], formats: ["html", "pdf"], print, force: false });
    if (built.kind !== "built") return { kind: "build-failed", result: built };

    const records = recipientRecords(ledger.lines);
    const outcomes: AgencyOutcome[] = [];
    for (const agency of agencies) {
      const facts = await currentFacts(agency, content, options.outDir, strings);
      outcomes.push({ ...planAgency(agency, facts, records, options), package: undefined, sending: undefined });
    }
    if (options.pendingOnly) return { kind: "distributed", build: built, agencies: outcomes, confirmed };

    const targets = outcomes.filter((outcome) => options.all || outcome.recipients.some((recipient) => recipient.send));
    const outputLock = await lockOutput(options.outDir);
    const staging = await StagedOutput.open(options.outDir);
    try {
      const packages = await writePackages(
        content,
        targets.map((outcome) => outcome.agency),
        options.outDir,
        staging,
        strings,
        key,
      );
      await staging.commit();
      for (const outcome of targets)
        outcome.package = packages.find((written) => written.agency.id === outcome.agency.id);
    } catch (error) {
      await staging.discard();
      throw error;
    } finally {
      await outputLock.release();
    }

    if (smtp) {
      for (const outcome of targets) {
        if (!outcome.package) continue;
        outcome.sending = await sendPackage(content, outcome, outcome.package, ledger, ledgerLock, {
          smtp,
          attach: options.attach,
          strings,
        });
      }
    }
    return { kind: "distributed", build: built, agencies: outcomes, confirmed };
  } finally {
    await ledgerLock.release();
  }
}

async function currentFacts(agency: Agency, content: Content, outDir: string, strings: Strings): Promise<PackageFacts> {
  const files = [];
  for (const file of packageFiles(agency, content, strings)) {
    files.push({
      path: file.name,
      group: file.group,
      kind: file.kind,
      sha256: sha256(await readFile(path.join(outDir, file.output))),
    });
  }
  return { agency: agency.id, files };
}

export { LEDGER_FILE };
