import type { Strings } from "../config/schema.js";
import type { OutputRecord } from "../output/build-manifest.js";

/** The report's file name in the output folder, from the strings file (`accessibility.md` in English). */
export function accessibilityReportFile(strings: Strings): string {
  return `${strings.accessibility.file}.md`;
}

/**
 * The accessibility report: every screen PDF and HTML output with its title, language, figures with an alternative
 * text and the machine check's result, then each file's findings, then what a person must still check. A
 * communications officer attaches it to the office's accessibility statement.
 */
export function accessibilityReport(outputs: Readonly<Record<string, OutputRecord>>, strings: Strings): string {
  const words = strings.accessibility;
  const files = Object.entries(outputs)
    .filter(([, record]) => record.kind !== "print")
    .sort(([a], [b]) => a.localeCompare(b, "en"));
  const { columns } = words;
  const lines = [
    `# ${words.heading}`,
    "",
    words.intro,
    "",
    tableRow([columns.file, columns.kind, columns.title, columns.language, columns.figures, columns.result]),
    tableRow(["---", "---", "---", "---", "---", "---"]),
    ...files.map(([file, record]) => row(file, record, strings)),
  ];
  const withFindings = files.filter(([, record]) => (record.audit?.findings.length ?? 0) > 0);
  if (withFindings.length > 0) {
    lines.push("", `## ${words.findings}`);
    for (const [file, record] of withFindings) {
      lines.push("", `### ${file}`, "", ...(record.audit?.findings ?? []).map((finding) => `- ${cell(finding)}`));
    }
  }
  lines.push("", `## ${words.human}`, "", ...words.humanChecks.map((check) => `- ${check}`), "", words.exempt, "");
  return lines.join("\n");
}

function row(file: string, record: OutputRecord, strings: Strings): string {
  const words = strings.accessibility;
  const kind = record.kind === "pdf" ? words.pdf : words.html;
  const { audit } = record;
  if (!audit) return tableRow([file, kind, "", "", "", words.notChecked]);
  const figures = fill(words.figuresOf, { count: audit.figuresWithText, total: audit.figures });
  const count = audit.findings.length;
  const result = count === 0 ? words.passed : count === 1 ? words.failedOne : fill(words.failed, { count });
  return tableRow([file, kind, cell(audit.title), cell(audit.language), figures, result]);
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** Text in a table cell: no line break, no column bar. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replaceAll("|", "\\|");
}

function fill(template: string, values: Record<string, number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}
