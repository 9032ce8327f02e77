import { readFile } from "node:fs/promises";
import path from "node:path";
import type { VFile } from "vfile";
import type { Agency } from "../config/schema.js";
import { loadContent, type Content } from "../content/load-content.js";
import { coverText } from "../distribution/cover-text.js";
import { appendLedger, lastReceived, LEDGER_FILE, readLedger } from "../distribution/ledger.js";
import { loadAgencies } from "../distribution/load-agencies.js";
import { packageFiles } from "../distribution/package-files.js";
import { pendingOf, type Pending } from "../distribution/pending.js";
import { sendWithRetry, smtpSettings, type Delivery } from "../distribution/send-package.js";
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
  /** Attach the PDFs and files, or the zip. */
  attach: "files" | "zip";
}

export interface AgencyOutcome {
  agency: Agency;
  pending: Pending;
  package: WrittenPackage | undefined;
  delivery: Delivery | undefined;
}

export type DistributeResult =
  | { kind: "distributed"; build: Extract<BuildResult, { kind: "built" }>; agencies: AgencyOutcome[] }
  | { kind: "problems"; files: VFile[] }
  | { kind: "build-failed"; result: Exclude<BuildResult, { kind: "built" }> }
  | { kind: "no-smtp"; missing: string[] };

/**
 * Validates the distribution list, builds what the agencies need with the
 * ordinary (incremental) build, works out from the ledger which agencies
 * hold outdated files, writes their packages and, with `send`, mails them,
 * recording each accepted message in the ledger.
 */
export async function distribute(options: DistributeOptions): Promise<DistributeResult> {
  const loaded = await loadContent(options.contentDir);
  if (!loaded.ok) return { kind: "problems", files: loaded.files };
  const { content } = loaded;
  const agenciesResult = await loadAgencies(options.agenciesFile, content);
  if (!agenciesResult.ok) return { kind: "problems", files: [agenciesResult.file] };
  const templates = await loadTemplates(options.templatesDir, content.report.language);
  if (!templates.ok) return { kind: "problems", files: templates.files };
  const notGraded = templates.templates.strings.notGraded;
  const smtp = options.send ? smtpSettings() : undefined;
  if (smtp && "missing" in smtp) return { kind: "no-smtp", missing: smtp.missing };

  const agencies = agenciesResult.agencies;
  const print = agencies.some((agency) => agency.formats.includes("print"));
  const built = await build({ ...options, only: [], formats: ["html", "pdf"], print, force: false });
  if (built.kind !== "built") return { kind: "build-failed", result: built };

  const received = lastReceived(await readLedger(options.ledgerFile));
  const outcomes: AgencyOutcome[] = [];
  for (const agency of agencies) {
    outcomes.push({ agency, pending: pendingOf(await currentFacts(agency, content, options.outDir, notGraded), received.get(agency.id)), package: undefined, delivery: undefined });
  }
  if (options.pendingOnly) return { kind: "distributed", build: built, agencies: outcomes };

  const targets = outcomes.filter((outcome) => options.all || outcome.pending.state !== "current");
  const lock = await lockOutput(options.outDir);
  const staging = await StagedOutput.open(options.outDir);
  try {
    const packages = await writePackages(content, targets.map((outcome) => outcome.agency), options.outDir, staging, notGraded);
    await staging.commit();
    for (const outcome of targets) outcome.package = packages.find((written) => written.agency.id === outcome.agency.id);
  } catch (error) {
    await staging.discard();
    throw error;
  } finally {
    await lock.release();
  }

  if (smtp) {
    for (const outcome of targets) {
      const written = outcome.package;
      if (!written) continue;
      const attachments =
        options.attach === "zip"
          ? [{ filename: path.basename(written.zip), content: written.zipData }]
          : [...written.attachments.map((file) => ({ filename: file.name, content: file.data })), { filename: "manifest.json", content: Buffer.from(`${JSON.stringify(written.manifest, null, 2)}\n`) }];
      const delivery = await sendWithRetry(smtp, {
        to: outcome.agency.email,
        subject: `${content.report.title}: bestanden voor ${outcome.agency.name}`,
        text: coverText(content, outcome.agency, written.manifest, written.manifestSha256, outcome.pending, notGraded),
        attachments,
      });
      outcome.delivery = delivery;
      // Recorded as sent only after the server accepted the message for every recipient.
      await appendLedger(options.ledgerFile, {
        agency: outcome.agency.id,
        time: new Date().toISOString(),
        method: "smtp",
        outcome: delivery.ok ? "sent" : "failed",
        recipients: outcome.agency.email,
        rejected: delivery.rejected,
        manifestSha256: written.manifestSha256,
        files: written.manifest.files.map((file) => ({ path: file.path, group: file.group, kind: file.kind, sha256: file.sha256 })),
        messageId: delivery.ok ? delivery.messageId : null,
        error: delivery.ok ? null : delivery.error,
      });
    }
  }
  return { kind: "distributed", build: built, agencies: outcomes };
}

async function currentFacts(agency: Agency, content: Content, outDir: string, notGraded: string) {
  const files = [];
  for (const file of packageFiles(agency, content, notGraded)) {
    files.push({ path: file.name, group: file.group, kind: file.kind, sha256: sha256(await readFile(path.join(outDir, file.output))) });
  }
  return { agency: agency.id, files };
}

export { LEDGER_FILE };
