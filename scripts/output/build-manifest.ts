import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { MANIFEST_FILE, MANIFEST_FORMAT } from "./folder-entries.js";

/** What a group looked like at a build: what the change report compares. */
export const GroupSnapshot = z.object({
  slug: z.string(),
  title: z.string(),
  /** Each question's answer by question id: its step's label and the source's words, or null where there is none. */
  answers: z.record(z.string(), z.object({ label: z.string(), words: z.string() }).nullable()),
  recommendations: z.array(z.string()),
  /** The group's text as plain text. */
  text: z.string(),
});
export type GroupSnapshot = z.infer<typeof GroupSnapshot>;

/** What the machine checks found in an output, for the accessibility report (accessibility/accessibility-report.ts). */
export const OutputAudit = z.object({
  title: z.string(),
  language: z.string(),
  figures: z.number(),
  figuresWithText: z.number(),
  /** PDF/UA-1's failed Matterhorn conditions for a PDF, axe-core's WCAG 2.1 AA violations for HTML; none: passed. */
  findings: z.array(z.string()),
});
export type OutputAudit = z.infer<typeof OutputAudit>;

export const OutputRecord = z.object({
  /** Hash of everything the file is made from. */
  key: z.string(),
  /** SHA-256 of the file as written: a file changed by hand is made again. */
  sha256: z.string(),
  kind: z.enum(["html", "pdf", "print"]),
  /** The machine checks' result for a screen PDF or an HTML output (print files are not checked: not tagged). */
  audit: OutputAudit.optional(),
});
export type OutputRecord = z.infer<typeof OutputRecord>;

/** A warning of a build, kept so that a build found up to date can show it again. */
export const StoredWarning = z.object({
  file: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
  reason: z.string(),
  ruleId: z.string().optional(),
  note: z.string().optional(),
});
export type StoredWarning = z.infer<typeof StoredWarning>;

/** The last build that wrote this folder: its input digest (input-digest.ts), its outputs and its warnings. */
export const LastBuild = z.object({
  digest: z.string(),
  outputs: z.array(z.string()),
  warnings: z.array(StoredWarning),
});
export type LastBuild = z.infer<typeof LastBuild>;

export const BuildManifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  tool: z.string(),
  outputs: z.record(z.string(), OutputRecord),
  groups: z.array(GroupSnapshot),
  lastBuild: LastBuild.optional(),
});
export type BuildManifest = z.infer<typeof BuildManifest>;

/** The manifest lives with the outputs it describes. */
export { MANIFEST_FILE, MANIFEST_FORMAT };

export type ManifestRead =
  { kind: "ok"; manifest: BuildManifest; text: string } | { kind: "missing" } | { kind: "unusable"; reason: string };

/** Reads the previous build's manifest; anything unexpected makes it unusable, never trusted. */
export async function readManifest(outDir: string, toolVersion: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, MANIFEST_FILE), "utf8");
  } catch {
    return { kind: "missing" };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: "unusable", reason: "it is not valid JSON" };
  }
  const parsed = BuildManifest.safeParse(data);
  if (!parsed.success) return { kind: "unusable", reason: "its fields are not what this version expects" };
  if (parsed.data.tool !== toolVersion)
    return { kind: "unusable", reason: `it was written by version ${parsed.data.tool}` };
  return { kind: "ok", manifest: parsed.data, text };
}

export function serializeManifest(manifest: BuildManifest): string {
  const outputs = Object.fromEntries(Object.entries(manifest.outputs).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ ...manifest, outputs }, null, 2)}\n`;
}
