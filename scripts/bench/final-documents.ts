import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { withFonts } from "../output/font-placeholder.js";
import { loadSources } from "../pipeline/load-inputs.js";
import { planOutputs } from "../pipeline/plan-outputs.js";
import { loadFontFaceCss } from "../templating/fonts.js";

/**
 * Writes the final HTML documents the pipeline prints for the groups' PDFs
 * (fonts in), one file each, and a JSON list of them for print-floor.
 */
export async function writeFinalDocuments(
  contentDir: string,
  templatesDir: string,
  target: string,
): Promise<{ list: string; count: number }> {
  const sources = await loadSources(contentDir, templatesDir);
  if (!sources.ok) throw new Error(`the content in ${contentDir} or the templates in ${templatesDir} do not load`);
  const fontCss = await loadFontFaceCss();
  const jobs = planOutputs(sources.content, sources.content.groups, sources.templates, fontCss, {
    only: [],
    formats: ["pdf"],
    print: undefined,
    groupsOnly: true,
  });
  await mkdir(target, { recursive: true });
  const files: string[] = [];
  for (const [index, job] of jobs.entries()) {
    const file = path.join(target, `${index}.html`);
    await writeFile(file, withFonts(job.html, fontCss));
    files.push(file);
  }
  const list = path.join(target, "documents.json");
  await writeFile(list, JSON.stringify(files));
  return { list, count: files.length };
}
