import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { withFonts } from "../output/font-placeholder.js";
import { loadSources } from "../pipeline/load-inputs.js";
import { FORMATS } from "../pipeline/formats.js";
import { planOutputs, type OutputJob, type PlanOptions } from "../pipeline/plan-outputs.js";
import { loadFontFaceCss } from "../templating/fonts.js";
import type { FloorDocuments } from "./floor-documents.js";

/** The documents written for print-floor: its documents.json, how many, and the outputs they are printed for. */
export interface FinalDocuments {
  list: string;
  count: number;
  outputs: string[];
}

/** The build of the group PDFs only (`--groups-only --format pdf`). */
const GROUP_PDFS: PlanOptions = { only: [], formats: ["pdf"], print: undefined, groupsOnly: true };

/** The whole build with no options but the folders and --concurrency, as the bench's `build` runs it. */
const WHOLE_BUILD: PlanOptions = { only: [], formats: FORMATS, print: undefined, groupsOnly: false };

type PlannedPdf = Extract<OutputJob, { kind: "pdf" }>;

/** The screen PDFs a build with these options plans for this content, and the fonts their documents take. */
async function plannedPdfs(contentDir: string, templatesDir: string, options: PlanOptions) {
  const sources = await loadSources(contentDir, templatesDir);
  if (!sources.ok) throw new Error(`the content in ${contentDir} or the templates in ${templatesDir} do not load`);
  const fontCss = await loadFontFaceCss();
  const jobs = planOutputs(sources.content, sources.content.groups, sources.templates, fontCss, options);
  return { jobs: jobs.filter((job): job is PlannedPdf => job.kind === "pdf"), fontCss };
}

/** Each job's final HTML document (fonts in), one file each, and documents.json listing them with their page size. */
async function writeDocuments(jobs: readonly PlannedPdf[], fontCss: string, target: string): Promise<FinalDocuments> {
  await mkdir(target, { recursive: true });
  const documents: FloorDocuments = [];
  for (const [index, job] of jobs.entries()) {
    const file = path.join(target, `${index}.html`);
    await writeFile(file, withFonts(job.html, fontCss));
    documents.push({ file, ...job.pdf.size });
  }
  const list = path.join(target, "documents.json");
  await writeFile(list, JSON.stringify(documents));
  return { list, count: documents.length, outputs: jobs.map((job) => job.path) };
}

/** Writes the final HTML documents the pipeline prints for the groups' PDFs, for print-floor. */
export async function writeFinalDocuments(
  contentDir: string,
  templatesDir: string,
  target: string,
): Promise<FinalDocuments> {
  const { jobs, fontCss } = await plannedPdfs(contentDir, templatesDir, GROUP_PDFS);
  return writeDocuments(jobs, fontCss, target);
}

/**
 * Writes, for print-floor, the final HTML documents of the PDFs that the bench's whole build re-renders after
 * `edit`: those whose key (which hashes everything a PDF is made from) the edit changes, as the build cache
 * finds them stale. The content is left as `edit` made it.
 */
export async function writeEditedDocuments(
  contentDir: string,
  templatesDir: string,
  edit: () => Promise<void>,
  target: string,
): Promise<FinalDocuments> {
  const before = new Set((await plannedPdfs(contentDir, templatesDir, WHOLE_BUILD)).jobs.map((job) => job.key));
  await edit();
  const after = await plannedPdfs(contentDir, templatesDir, WHOLE_BUILD);
  const stale = after.jobs.filter((job) => !before.has(job.key));
  if (stale.length === 0) throw new Error(`the edit changes no PDF of the content in ${contentDir}`);
  return writeDocuments(stale, after.fontCss, target);
}
