import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadContent } from "../content/load-content.js";
import { planOutputs, withFonts } from "../pipeline/plan-outputs.js";
import { loadFontFaceCss } from "../templating/fonts.js";
import { loadTemplates } from "../templating/load-templates.js";

/**
 * Writes the final HTML documents the pipeline prints for the groups' PDFs
 * (fonts in), one file each, and a JSON list of them for print-floor.
 */
export async function writeFinalDocuments(
  contentDir: string,
  templatesDir: string,
  target: string,
): Promise<{ list: string; count: number }> {
  const loaded = await loadContent(contentDir);
  if (!loaded.ok) throw new Error(`the content in ${contentDir} does not validate`);
  const templates = await loadTemplates(templatesDir, loaded.content.report.language);
  if (!templates.ok) throw new Error(`the templates in ${templatesDir} do not load`);
  const fontCss = await loadFontFaceCss();
  const jobs = planOutputs(loaded.content, loaded.content.groups, templates.templates, fontCss, {
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
