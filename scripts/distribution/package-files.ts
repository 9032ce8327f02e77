import type { Agency } from "../config/schema.js";
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
  /** The group's grade label, "niet gegradeerd in de bron", or null for the whole report. */
  grade: string | null;
  kind: "infographic" | "drukwerk" | "factsheet" | "rapport";
}

/**
 * The files an agency receives, named so that a person can tell what each is:
 * `<report>_<group>_<kind>_<published>.pdf`, e.g.
 * `zicht-op-kwetsbaarheid_roma-kinderen_infographic_2016-04-14.pdf`.
 */
export function packageFiles(agency: Agency, content: Content, unanswered: string): PackageFile[] {
  const { report } = content;
  const groups =
    agency.groups === "all" ? content.groups : content.groups.filter((group) => agency.groups.includes(group.slug));
  const question = headlineQuestion(report.questions);
  const files: PackageFile[] = [];
  for (const group of groups) {
    const base = {
      group: group.slug,
      grade: answerLabel(question, group.answers[question.id], unanswered),
    };
    const name = (kind: PackageFile["kind"], extension: string) =>
      `${report.slug}_${group.slug}_${kind}_${report.published}.${extension}`;
    if (agency.formats.includes("pdf"))
      files.push({
        ...base,
        output: outputPath.infographic(group.slug),
        name: name("infographic", "pdf"),
        kind: "infographic",
      });
    if (agency.formats.includes("print")) {
      files.push({
        ...base,
        output: outputPath.print(outputPath.infographic(group.slug)),
        name: name("drukwerk", "pdf"),
        kind: "drukwerk",
      });
    }
    if (agency.formats.includes("html"))
      files.push({
        ...base,
        output: outputPath.factsheet(group.slug),
        name: name("factsheet", "html"),
        kind: "factsheet",
      });
  }
  if (agency.formats.includes("report")) {
    files.push({
      output: outputPath.report(report.slug),
      name: `${report.slug}_rapport_${report.published}.pdf`,
      group: null,
      grade: null,
      kind: "rapport",
    });
  }
  return files;
}
