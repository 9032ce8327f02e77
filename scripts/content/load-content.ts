import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Root } from "hast";
import { VFile } from "vfile";
import { GroupFrontMatter, Report } from "../config/schema.js";
import { problem, say } from "../diagnostics/messages.js";
import { addProblem, hasProblems, type ProblemDetails } from "../diagnostics/problem.js";
import { TextParser } from "../markdown/text-parser.js";
import { loadText } from "./load-text.js";
import { checkGroups } from "./check-groups.js";
import { speakLanguageOf } from "./content-language.js";
import { type GroupFacts, validFields } from "./group-facts.js";
import { collapse } from "./plain-text.js";
import { readSource } from "./read-source.js";
import { validateYaml } from "./schema-problems.js";
import { splitFrontMatter } from "./split-front-matter.js";
import { YamlSource } from "./yaml-source.js";

/** A group as the later stages see it: validated front matter, its source file and its body as an HTML tree. */
export interface Group extends GroupFrontMatter {
  file: VFile;
  /** The body as a sanitised, hyphenated HTML tree (see markdown/text-html.ts for its HTML). */
  body: Root;
  /** The body as plain text, whitespace collapsed: what `source` sentences are checked against. */
  bodyText: string;
  /** Positions of front-matter fields, for problems found after validation. */
  yaml: YamlSource;
}

export interface Content {
  report: Report;
  reportFile: VFile;
  /** The report's introduction as a sanitised, hyphenated HTML tree. */
  introduction: Root;
  /** In the report's order (`order`). */
  groups: Group[];
}

export type LoadResult = { ok: true; content: Content; files: VFile[] } | { ok: false; files: VFile[] };

export const REPORT_FILE = "report.yml";
export const GROUPS_FOLDER = "groups";

/**
 * Reads and validates everything under the content folder. Every file is
 * read and checked, and every problem collected, before the result is known:
 * an editor sees all problems in one run.
 */
export async function loadContent(contentDir: string): Promise<LoadResult> {
  const parser = new TextParser();
  try {
    return await loadContentWith(parser, contentDir);
  } finally {
    await parser.close();
  }
}

async function loadContentWith(parser: TextParser, contentDir: string): Promise<LoadResult> {
  const reportPath = path.join(contentDir, REPORT_FILE);
  const groupsDir = path.join(contentDir, GROUPS_FOLDER);
  // report.yml first: from then on the tool speaks the report's language, and its editors read every problem that
  // follows in it, those of reading the group files included.
  const reportFile = await readSource(reportPath);
  speakLanguageOf(reportFile);
  const listed = await listMarkdown(groupsDir);
  const groupPaths = listed?.paths;
  const groupFiles = await Promise.all((groupPaths ?? []).map(readSource));
  const files = [reportFile, ...groupFiles, ...(listed?.notes ?? [])];

  if (groupPaths === undefined || groupFiles.length === 0) {
    addProblem(
      reportFile,
      problem("content/no-groups", { folder: groupsDir, example: path.join(groupsDir, "my-group.md") }),
    );
  }

  const loadedReport = loadReport(reportFile);
  return loadAll(parser, files, groupFiles, listed?.notes ?? [], loadedReport, reportFile);
}

async function loadAll(
  parser: TextParser,
  files: VFile[],
  groupFiles: readonly VFile[],
  notes: readonly VFile[],
  loadedReport: { report: Report; yaml: YamlSource } | undefined,
  reportFile: VFile,
): Promise<LoadResult> {
  const report = loadedReport?.report;
  const language = report?.language ?? "nl";
  // All at once: each file's front matter is read and checked here while the parser's thread works through the
  // texts, in order, one at a time. Each file's problems stay in the order they are found in it.
  const [introduction, ...loadedGroups] = await Promise.all([
    loadedReport
      ? loadText(parser, reportFile, loadedReport.report.introduction, {
          language: loadedReport.report.language,
          name: say("text.introduction"),
          place: (line, column) =>
            loadedReport.yaml.pointInText(["introduction"], loadedReport.report.introduction, line, column),
        })
      : undefined,
    ...groupFiles.map((file) => loadGroup(file, parser, language)),
  ]);
  if (loadedReport) {
    const facts = loadedGroups.flatMap((loaded) => (loaded ? [loaded.facts] : []));
    const complete =
      loadedGroups.every((loaded) => loaded?.group !== undefined) && !hasProblems([...groupFiles, ...notes]);
    checkGroups(loadedReport.report, reportFile, loadedReport.yaml, facts, complete);
  }
  const groups = loadedGroups.flatMap((loaded) => (loaded?.group ? [loaded.group] : []));

  // Warnings (a scale step no group uses) do not stop the build; they are shown with its result.
  if (!report || !introduction || hasProblems(files)) return { ok: false, files };
  groups.sort((a, b) => a.order - b.order);
  return {
    ok: true,
    files,
    content: { report, reportFile, introduction: introduction.tree, groups },
  };
}

/**
 * The group files in the groups folder, and a note for every other entry:
 * nothing there is ever skipped without a word (a skipped group would have
 * its outputs removed as if it had been deleted).
 */
async function listMarkdown(dir: string): Promise<{ paths: string[]; notes: VFile[] } | undefined> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const paths: string[] = [];
  const notes: VFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.name.endsWith(".md") && entry.isFile()) {
      paths.push(full);
      continue;
    }
    const note = new VFile({ path: full, value: "" });
    addProblem(note, notAGroup(entry));
    notes.push(note);
  }
  return { paths, notes };
}

/** Why an entry of the groups folder is not read as a group: an error where it looks like a group, else a warning. */
function notAGroup(entry: Dirent): ProblemDetails {
  if (/\.md$/i.test(entry.name) && !entry.name.endsWith(".md")) {
    return problem("content/file-extension", { ending: entry.name.slice(-3), name: `${entry.name.slice(0, -3)}.md` });
  }
  if (entry.name.endsWith(".md") && entry.isSymbolicLink()) {
    return problem("content/symbolic-link");
  }
  if (entry.name.endsWith(".md")) {
    return problem("content/not-a-file");
  }
  return { ...problem("content/not-a-group"), severity: "warning", place: { line: 1, column: 1 } };
}

function loadReport(file: VFile): { report: Report; yaml: YamlSource } | undefined {
  if (file.messages.length > 0) return undefined;
  const yaml = YamlSource.parse(file, String(file.value), 1);
  const report = yaml ? validateYaml(file, yaml, Report) : undefined;
  return yaml && report ? { report, yaml } : undefined;
}

async function loadGroup(
  file: VFile,
  parser: TextParser,
  language: string,
): Promise<{ facts: GroupFacts; group: Group | undefined } | undefined> {
  if (file.messages.length > 0) return undefined;
  const split = splitFrontMatter(String(file.value));
  if (split.kind !== "ok") {
    addProblem(file, {
      ...problem(split.kind === "missing" ? "front-matter/missing" : "front-matter/unclosed"),
      place: { line: 1, column: 1 },
    });
    return undefined;
  }
  const yaml = YamlSource.parse(file, split.yaml, split.yamlFirstLine);
  const frontMatter = yaml ? validateYaml(file, yaml, GroupFrontMatter) : undefined;
  // The body keeps the front matter's lines as empty lines: its positions are the file's.
  const body = await loadText(parser, file, split.body, {
    language,
    name: say("text.group"),
    place: (line, column) => ({ line: line ?? split.bodyFirstLine, column: column ?? 1 }),
  });
  if (!body) return undefined;
  const bodyText = collapse(body.plain);
  if (bodyText === "") {
    addProblem(file, { ...problem("content/empty-body"), place: { line: split.bodyFirstLine, column: 1 } });
  }
  if (!yaml) return undefined;
  const facts: GroupFacts = { ...validFields(yaml.data), file, yaml, bodyText };
  return { facts, group: frontMatter ? { ...frontMatter, file, yaml, bodyText, body: body.tree } : undefined };
}
