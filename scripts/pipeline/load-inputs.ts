import type { VFile } from "vfile";
import { checkOverviewName } from "../content/check-groups.js";
import { loadContent, type Content, type Group } from "../content/load-content.js";
import { trace } from "../diagnostics/trace.js";
import { printSettings, type PrintSettings } from "../render/print-settings.js";
import { loadFontFaceCss } from "../templating/fonts.js";
import { loadTemplates, type Templates } from "../templating/load-templates.js";
import type { BuildOptions, BuildResult } from "./build-result.js";

/** The content and templates, as read and validated (distribution passes its own to the build). */
export interface Sources {
  content: Content;
  /** The content's files, with their warnings. */
  files: VFile[];
  templates: Templates;
}

/** Everything a build is made from. */
export interface BuildInputs extends Sources {
  /** The groups this build makes outputs for (`--only`), in the content's order. */
  groups: Group[];
  fontCss: string;
  print: PrintSettings | undefined;
}

/**
 * The load stage: the print tools first (a missing Ghostscript is a setup
 * problem, thrown before anything is read), then the content, the groups
 * asked for, the templates and the fonts. Problems end the build here.
 */
export async function loadInputs(
  options: BuildOptions,
  given: Sources | undefined,
): Promise<{ ok: true; inputs: BuildInputs } | { ok: false; result: BuildResult }> {
  const print = options.print ? await printSettings(options.iccProfile) : undefined;
  const sources = given ? { ok: true as const, ...given } : await loadSources(options.contentDir, options.templatesDir);
  if (!sources.ok) return { ok: false, result: { kind: "problems", files: sources.files } };
  const { content } = sources;
  const slugs = content.groups.map((group) => group.slug);
  const unknown = options.only.filter((slug) => !slugs.includes(slug));
  if (unknown.length > 0) return { ok: false, result: { kind: "unknown-groups", slugs: unknown, groups: slugs } };
  const groups =
    options.only.length === 0 ? content.groups : content.groups.filter((g) => options.only.includes(g.slug));
  return { ok: true, inputs: { ...sources, groups, fontCss: await loadFontFaceCss(), print } };
}

/** Reads and validates the content, then the templates in the content's language. */
export async function loadSources(
  contentDir: string,
  templatesDir: string,
): Promise<({ ok: true } & Sources) | { ok: false; files: VFile[] }> {
  const loaded = await loadContent(contentDir);
  trace("build: content loaded");
  if (!loaded.ok) return loaded;
  const templates = await loadTemplates(templatesDir, loaded.content.report.language);
  if (!templates.ok) return templates;
  if (!checkOverviewName(loaded.content.groups, templates.templates.strings.overviewFile)) {
    return { ok: false, files: loaded.files };
  }
  return { ok: true, content: loaded.content, files: loaded.files, templates: templates.templates };
}
