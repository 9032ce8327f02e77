import path from "node:path";
import type { VFile } from "vfile";
import type { Report, ScaleStep } from "../config/schema.js";
import { addProblem, hasProblems } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import { DEVICE_NAME, RESERVED_SLUGS } from "../output/output-paths.js";
import type { GroupFacts } from "./group-facts.js";
import type { YamlSource } from "./yaml-source.js";
import { collapse } from "./plain-text.js";

/**
 * Checks that need more than one file: grades and levels on the report's
 * scales, unique slugs and orders, and quotes that really are in the text.
 */
export function checkGroups(
  report: Report,
  reportFile: VFile,
  reportYaml: YamlSource,
  groups: readonly GroupFacts[],
  /** Every group was read without error: only then can a step be known to be unused. */
  complete: boolean,
): void {
  checkScale(reportFile, reportYaml, report.scales.vulnerability, "vulnerability");
  checkScale(reportFile, reportYaml, report.scales.evidence, "evidence");
  checkUnique(groups, "slug");
  checkReservedSlugs(groups, report.slug);
  checkUnique(groups, "order");
  const reportName = path.basename(reportFile.path);
  for (const group of groups) {
    if (group.vulnerability) {
      checkOnScale(
        group,
        ["vulnerability", "grade"],
        group.vulnerability.grade,
        report.scales.vulnerability,
        reportName,
      );
      // Words that are not the source's own are reported as such;
      // whether they fit the step is asked only of real quotes.
      if (checkQuote(group, "vulnerability", group.vulnerability))
        checkPhrasing(
          group,
          "vulnerability",
          group.vulnerability.words,
          group.vulnerability.grade,
          report.scales.vulnerability,
          reportName,
        );
    }
    if (group.evidence) {
      checkOnScale(group, ["evidence", "level"], group.evidence.level, report.scales.evidence, reportName);
      if (checkQuote(group, "evidence", group.evidence))
        checkPhrasing(
          group,
          "evidence",
          group.evidence.words,
          group.evidence.level,
          report.scales.evidence,
          reportName,
        );
    }
  }
  const clean = !hasProblems(groups.map((group) => group.file));
  if (complete && clean) checkStepsUsedByAll(reportFile, reportYaml, report, groups);
}

function checkScale(file: VFile, yaml: YamlSource, steps: readonly ScaleStep[], name: string): void {
  const seen = new Set<string>();
  for (const [index, step] of steps.entries()) {
    if (seen.has(step.id)) {
      addProblem(file, {
        ruleId: "report/duplicate-step",
        place: yaml.pointAt(["scales", name, index, "id"]),
        what: `the scale \`scales.${name}\` has the step \`${step.id}\` twice`,
        why: "each step of a scale is a distinct place on it",
        fix: `delete one of the two steps \`${step.id}\``,
      });
    }
    seen.add(step.id);
  }
}

/**
 * A step that no group uses is allowed (a scale may be wider than this
 * report's findings), but an editor should know: it is often a renamed
 * grade. A warning; the build goes on.
 */
function checkStepsUsedByAll(file: VFile, yaml: YamlSource, report: Report, groups: readonly GroupFacts[]): void {
  checkStepsUsed(
    file,
    yaml,
    report.scales.vulnerability,
    "vulnerability",
    groups.map((group) => group.vulnerability?.grade),
  );
  checkStepsUsed(
    file,
    yaml,
    report.scales.evidence,
    "evidence",
    groups.map((group) => group.evidence?.level),
  );
}

function checkStepsUsed(
  file: VFile,
  yaml: YamlSource,
  steps: readonly ScaleStep[],
  name: string,
  used: readonly (string | undefined)[],
): void {
  for (const [index, step] of steps.entries()) {
    if (used.includes(step.id)) continue;
    addProblem(file, {
      ruleId: "report/unused-step",
      severity: "warning",
      place: yaml.pointAt(["scales", name, index, "id"]),
      what: `no group uses the step \`${step.id}\` of \`scales.${name}\``,
      why:
        "every step is drawn on every scale, so an unused step is fine, " +
        "but it is often a grade that was renamed in report.yml and not in the groups",
      fix: "nothing, if the step is meant to be there; otherwise rename it back or remove it",
    });
  }
}

function checkUnique(groups: readonly GroupFacts[], key: "slug" | "order"): void {
  const first = new Map<string | number, GroupFacts>();
  for (const group of groups) {
    const value = group[key];
    if (value === undefined) continue;
    const earlier = first.get(value);
    if (!earlier) {
      first.set(value, group);
      continue;
    }
    addProblem(group.file, {
      ruleId: `content/duplicate-${key}`,
      place: group.yaml.pointAt([key]),
      what: `the ${key} ${JSON.stringify(value)} is also used by ${path.basename(earlier.file.path)}`,
      why:
        key === "slug"
          ? "the slug names the group's output files, so two groups with one slug would overwrite each other"
          : "the order places the group in the report, so two groups cannot share a place",
      fix: key === "slug" ? "give this group its own slug" : "give this group a number no other group has",
    });
  }
}

function checkReservedSlugs(groups: readonly GroupFacts[], reportSlug: string): void {
  const reserved: readonly string[] = [...RESERVED_SLUGS, reportSlug];
  for (const group of groups) {
    const slug = group.slug;
    if (slug === undefined) continue;
    const why =
      slug === reportSlug
        ? `output/pdf/${slug}.pdf is the whole report (the report's slug in report.yml), ` +
          "so this group's PDF would overwrite it"
        : slug === "overzicht"
          ? `output/pdf/${slug}.pdf is the overview chart, so this group's PDF would overwrite it`
          : slug === "index"
            ? "index is the name of the report's start page (index.html): a group named so is confused with it"
            : DEVICE_NAME.test(slug)
              ? `Windows reserves the name "${slug}" for a device: ` +
                `the files ${slug}.pdf and ${slug}.html cannot be opened there`
              : undefined;
    if (why === undefined || !(reserved.includes(slug) || DEVICE_NAME.test(slug))) continue;
    addProblem(group.file, {
      ruleId: "content/reserved-slug",
      place: group.yaml.pointAt(["slug"]),
      what: reserved.includes(slug)
        ? `the slug "${slug}" is taken by another output`
        : `the slug "${slug}" is a name Windows reserves`,
      why,
      fix: "give this group another slug",
    });
  }
}

function checkOnScale(
  group: GroupFacts,
  fieldPath: readonly ["vulnerability", "grade"] | readonly ["evidence", "level"],
  value: string,
  steps: readonly ScaleStep[],
  reportName: string,
): void {
  const ids = steps.map((step) => step.id);
  if (ids.includes(value)) return;
  const suggestion = closest(value, ids);
  const field = fieldPath[1];
  addProblem(group.file, {
    ruleId: `content/unknown-${field}`,
    place: group.yaml.pointAt(fieldPath),
    what: `unknown ${fieldPath[0]} ${field} "${value}"`,
    why: `a ${field} must be a step of \`scales.${fieldPath[0]}\` in ${reportName}: ${ids.join(", ")}`,
    fix: suggestion
      ? `did you mean "${suggestion}"? Write \`${field}: ${suggestion}\``
      : `write one of ${ids.join(", ")}, or \`${fieldPath[0]}: null\` if the source gives no ${field}`,
  });
}

/** Returns whether the words occur in the quote (a missing quote in the text is reported but does not matter here). */
function checkQuote(
  group: GroupFacts,
  key: "vulnerability" | "evidence",
  finding: { words: string; source: string },
): boolean {
  const source = collapse(finding.source);
  // An empty text is reported once, as such; every quote would fail against it.
  if (group.bodyText !== "" && !collapse(group.bodyText).includes(source)) {
    addProblem(group.file, {
      ruleId: "content/quote-not-in-text",
      place: group.yaml.pointAt([key, "source"]),
      what: `\`${key}.source\` is not a sentence of the group's text`,
      why:
        "every grade must be traceable to the sentence of the source it comes from, " +
        "so the quote must match the text exactly",
      fix: "copy the sentence from the text below the front matter, or correct the text if the quote is right",
    });
  }
  if (!source.toLowerCase().includes(collapse(finding.words).toLowerCase())) {
    addProblem(group.file, {
      ruleId: "content/words-not-in-quote",
      place: group.yaml.pointAt([key, "words"]),
      what: `\`${key}.words\` "${finding.words}" do not occur in \`${key}.source\``,
      why: "the words are the source's own wording of the finding and are printed as such",
      fix: `copy the words exactly from \`${key}.source\``,
    });
    return false;
  }
  return true;
}

/**
 * A step's label may claim only what the group's quoted words say: the
 * words must be one of the source phrasings the step lists in report.yml.
 * (An unknown step is reported by checkOnScale.)
 */
function checkPhrasing(
  group: GroupFacts,
  key: "vulnerability" | "evidence",
  words: string,
  stepId: string,
  steps: readonly ScaleStep[],
  reportName: string,
): void {
  const step = steps.find((candidate) => candidate.id === stepId);
  if (!step) return;
  const field = key === "vulnerability" ? "grade" : "level";
  const normal = (text: string) => collapse(text).toLowerCase();
  if (step.phrasings.some((phrasing) => normal(phrasing) === normal(words))) return;
  const allowed = step.phrasings.map((phrasing) => `"${phrasing}"`).join(", ");
  const fitting = steps.filter((candidate) =>
    candidate.phrasings.some((phrasing) => normal(phrasing) === normal(words)),
  );
  addProblem(group.file, {
    ruleId: "content/words-not-a-phrasing",
    place: group.yaml.pointAt([key, "words"]),
    what: `the words "${words}" are not a phrasing of the step \`${step.id}\` ("${step.label}")`,
    why:
      `the label "${step.label}" may only stand for the source phrasings that \`scales.${key}\` in ${reportName} ` +
      "lists for it, so that no output claims more than the source says",
    fix:
      (fitting.length > 0
        ? `write \`${field}: ${fitting.map((candidate) => candidate.id).join(" or ")}\`, ` +
          `the step whose phrasings include "${words}"; or `
        : "") +
      `quote the source as one of ${allowed}; or, if the source really says "${words}" and it means \`${step.id}\`, ` +
      `add it to that step's \`phrasings\` in ${reportName}`,
  });
}
