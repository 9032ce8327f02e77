import type { Agency, Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { answerPlace, unansweredText } from "../content/scale-label.js";
import { dateLabel, fill } from "../templating/view-model.js";
import { WHOLE_REPORT } from "./package-files.js";
import type { PackageManifest } from "./package-manifest.js";
import { agencyPending, type Pending } from "./pending.js";
import type { AgencyPlan } from "./plan-recipients.js";
import type { WrittenPackage } from "./write-packages.js";

/** The cover e-mail as the recipients this run sends to get it: its subject and its text. */
export function coverLetter(
  content: Content,
  plan: AgencyPlan,
  written: WrittenPackage,
  strings: Strings,
): { subject: string; text: string } {
  const targets = plan.recipients.filter((recipient) => recipient.send);
  const pending = agencyPending(
    plan.facts,
    targets.map((recipient) => recipient.pending),
  );
  return {
    subject: coverSubject(content, plan.agency, strings),
    text: coverText(content, plan.agency, written.manifest, written.manifestSha256, pending, strings, written.signed),
  };
}

/** The cover e-mail's subject, in the words of templates/strings/. */
export function coverSubject(content: Content, agency: Agency, strings: Strings): string {
  return fill(strings.distribution.subject, { title: content.report.title, agency: agency.name });
}

/**
 * The plain cover text of a package, in the words of templates/strings/: the report, the groups
 * with their grades, what changed, the manifest's checksum and whether it is signed.
 */
export function coverText(
  content: Content,
  agency: Agency,
  manifest: PackageManifest,
  manifestSha256: string,
  pending: Pending,
  strings: Strings,
  signed: boolean,
): string {
  const { report } = content;
  const words = strings.distribution;
  const date = dateLabel(report.published, report.language);
  const groups = content.groups.filter((group) => manifest.files.some((file) => file.group === group.slug));
  const titleOf = (slug: string) =>
    slug === WHOLE_REPORT
      ? words.wholeReportName
      : (content.groups.find((group) => group.slug === slug)?.title ?? slug);
  const change =
    pending.state === "never"
      ? words.first
      : pending.state === "changed"
        ? fill(words.changed, { groups: pending.groups.map(titleOf).join("; ") })
        : words.unchanged;
  // Every question's answer, in the source's own words: no step, for the letter claims no order of the answers.
  const answers = groups.flatMap((group) => [
    `- ${group.title}`,
    ...report.questions.map((question) => {
      const place = answerPlace(question, group.answers[question.id]);
      const words = place.kind === "none" ? unansweredText(question, strings.unanswered) : `“${place.answer.words}”`;
      return `  ${question.axis ?? question.title}: ${words}`;
    }),
  ]);
  return [
    fill(words.greeting, { agency: agency.name }),
    "",
    fill(words.intro, { title: report.title, date, publisher: report.publisher, agency: agency.name }),
    "",
    ...(groups.length > 0 ? [words.groupsLead, ...answers, ""] : []),
    ...(manifest.files.some((file) => file.kind === WHOLE_REPORT) ? [words.wholeReport, ""] : []),
    change,
    "",
    fill(words.checksum, { sha256: manifestSha256 }),
    words.checksumHelp,
    ...(signed ? [words.signed] : []),
    "",
    words.closing,
    report.publisher,
    ...(report.website ? [report.website] : []),
    "",
  ].join("\n");
}
