import type { VFile } from "vfile";
import type { Content } from "../content/load-content.js";
import type { PrintSettings } from "../render/print-settings.js";
import type { Templates } from "../templating/load-templates.js";
import { fillOrReport } from "../templating/template-problem.js";
import { FORMATS } from "./formats.js";
import { planOutputs } from "./plan-outputs.js";
import { secureOutputs } from "./secure-outputs.js";

/**
 * The print files are planned too, for their templates' branches of their own (`print: true`); Ghostscript is
 * never run by a check, so it needs neither its path nor the profile's.
 */
const PRINT_BRANCHES: PrintSettings = { ghostscript: "", iccProfile: "", identity: "check" };

/**
 * What `check` does beyond reading the sources, as a build does it: every output's document filled from its
 * template (the print files' too) and checked for anything it would load from outside. Nothing is rendered or
 * written. Only what the browser tells (content that does not fit its page, a font that did not load, the page
 * count) is left to the build.
 */
export async function checkDocuments(
  content: Content,
  templates: Templates,
): Promise<{ ok: true } | { ok: false; files: VFile[] }> {
  const plan = () =>
    planOutputs(content, content.groups, templates, "", {
      only: [],
      formats: FORMATS,
      groupsOnly: false,
      print: PRINT_BRANCHES,
    });
  const planned = fillOrReport(templates.files, plan);
  if (!planned.ok) return { ok: false, files: templates.files };
  // Nobody renders the documents: the check waits only for the verdict on all of them (a refused document's
  // promise, never awaited, is marked handled by the secure stage itself).
  return secureOutputs(planned.value, templates.files, content.reportFile).checked;
}
