import { z } from "zod";

/** One document the floor prints: its final HTML file, and the page size its job prints it at. */
export const FloorDocument = z.object({
  file: z.string(),
  width: z.string().describe("the job's page width, as the build gives it to Chromium (e.g. 210mm)"),
  height: z.string().describe("the job's page height, as the build gives it to Chromium (e.g. 297mm)"),
});
export type FloorDocument = z.infer<typeof FloorDocument>;

/** documents.json, print-floor's input: the documents in the order the workers take them. */
export const FloorDocuments = z.array(FloorDocument);
export type FloorDocuments = z.infer<typeof FloorDocuments>;
