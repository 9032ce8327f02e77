import { Agencies } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { readYamlFile } from "../content/read-yaml-file.js";
import { problem } from "../diagnostics/messages.js";
import { addProblem, hasProblems } from "../diagnostics/problem.js";
import { closest } from "../diagnostics/suggest.js";
import type { VFile } from "vfile";

export type AgenciesResult = { ok: true; agencies: Agencies["agencies"]; file: VFile } | { ok: false; file: VFile };

/** Reads and validates the distribution list, with the same positions and messages as the content. */
export async function loadAgencies(filePath: string, content: Content): Promise<AgenciesResult> {
  const { file, yaml, data } = await readYamlFile(filePath, Agencies);
  if (!yaml || !data) return { ok: false, file };
  const slugs = content.groups.map((group) => group.slug);
  const seen = new Set<string>();
  for (const [index, agency] of data.agencies.entries()) {
    if (seen.has(agency.id)) {
      addProblem(file, {
        ...problem("agencies/duplicate-id", { id: agency.id }),
        place: yaml.pointAt(["agencies", index, "id"]),
      });
    }
    seen.add(agency.id);
    if (agency.groups === "all") continue;
    for (const [groupIndex, slug] of agency.groups.entries()) {
      if (slugs.includes(slug)) continue;
      const suggestion = closest(slug, slugs);
      const values = { slug, slugs: slugs.join(", "), suggestion: suggestion ?? "" };
      addProblem(file, {
        ...problem(suggestion ? "agencies/unknown-group+suggestion" : "agencies/unknown-group", values),
        place: yaml.pointAt(["agencies", index, "groups", groupIndex]),
      });
    }
  }
  return hasProblems([file]) ? { ok: false, file } : { ok: true, agencies: data.agencies, file };
}
