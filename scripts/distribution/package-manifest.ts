import { z } from "zod";

export const PackageManifest = z.object({
  format: z.literal(1),
  report: z.object({ title: z.string(), slug: z.string(), published: z.string() }),
  /** The report's version: its publication date. */
  version: z.string(),
  agency: z.object({ id: z.string(), name: z.string() }),
  files: z.array(
    z.object({
      path: z.string(),
      group: z.string().nullable(),
      grade: z.string().nullable(),
      kind: z.string(),
      bytes: z.int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

export const MANIFEST_NAME = "manifest.json";
export const CHECKSUM_NAME = "manifest.json.sha256";
export const SIGNATURE_NAME = "manifest.json.sig";
