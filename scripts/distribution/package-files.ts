import type { Agency, Strings } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { answerLabel, headlineQuestion } from "../content/scale-label.js";
import { outputPath } from "../output/output-paths.js";

/** One file of an agency's package: where it comes from in the outputs and what it is called in the package. */
export interface PackageFile {
  /** The output it is a copy of, relative to the output folder. */
  output: string;
  /** Its name in the package: report, group, kind and version, readable by a human. */
  name: string;
  /** The group's slug, or null for the whole report. */
  group: string | null;
  /** The group's grade label (the strings' `notGraded` when the source gives none), or null for the whole report. */
  grade: string | null;
  kind: FileKind;
}

/**
 * The kinds of file, as recorded in manifests and in the ledger: identifiers, not words for readers
 * (those are the strings' `distribution.fileNames`), kept as they were so earlier records still match.
 */
export type FileKind = "infographic" | "drukwerk" | "factsheet" | "rapport";

/** The key of the whole report where changes are listed by group. */
export const WHOLE_REPORT = "rapport";

/**
 * The files an agency receives, named so that a person can tell what each is:
 * `<report>_<group>_<kind>_<published>.pdf`, e.g.
 * `annual-report_old-harbour_infographic_2026-03-01.pdf`.
 */
export function packageFiles(agency: Agency, content: Content, strings: Strings): PackageFile[] {
  const { report } = content;
  const words = strings.distribution.fileNames;
  const groups =
    agency.groups === "all" ? content.groups : content.groups.filter((group) => agency.groups.includes(group.slug));
  const question = headlineQuestion(report.questions);
  const files: PackageFile[] = [];
  for (const group of groups) {
    const base = {
      group: group.slug,
      grade: answerLabel(question, group.answers[question.id], strings.unanswered),
    };
    const name = (word: string, extension: string) =>
      `${report.slug}_${group.slug}_${word}_${report.published}.${extension}`;
    if (agency.formats.includes("pdf"))
      files.push({
        ...base,
        output: outputPath.infographic(group.slug),
        name: name(words.infographic, "pdf"),
        kind: "infographic",
      });
    if (agency.formats.includes("print")) {
      files.push({
        ...base,
        output: outputPath.print(outputPath.infographic(group.slug)),
        name: name(words.print, "pdf"),
        kind: "drukwerk",
      });
    }
    if (agency.formats.includes("html"))
      files.push({
        ...base,
        output: outputPath.factsheet(group.slug),
        name: name(words.factsheet, "html"),
        kind: "factsheet",
      });
  }
  if (agency.formats.includes("report")) {
    files.push({
      output: outputPath.report(report.slug),
      name: `${report.slug}_${words.report}_${report.published}.pdf`,
      group: null,
      grade: null,
      kind: WHOLE_REPORT,
    });
  }
  return files;
}
