import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { writeEditedDocuments, writeFinalDocuments } from "../../scripts/bench/final-documents.js";
import { FloorDocuments } from "../../scripts/bench/floor-documents.js";
import { CONTENT, GROUP_SLUGS, removeTempDirs, tempDir, TEMPLATES } from "../helpers/paths.js";

afterAll(removeTempDirs);

/** The documents.json print-floor is given, read back. */
async function listed(list: string): Promise<FloorDocuments> {
  return FloorDocuments.parse(JSON.parse(await readFile(list, "utf8")));
}

it("the floor of the 7 group PDFs prints the 7 groups' documents, each at its job's page size", async () => {
  const documents = await writeFinalDocuments(CONTENT, TEMPLATES, path.join(await tempDir(), "documents"));
  expect(documents.outputs).toEqual(GROUP_SLUGS.map((slug) => `pdf/${slug}.pdf`));
  const entries = await listed(documents.list);
  expect(entries).toHaveLength(7);
  for (const entry of entries) expect(entry).toMatchObject({ width: "210mm", height: "297mm" });
});

it("the floor of one group's edit prints the PDFs the edit makes stale: the group's and the whole report's", async () => {
  const content = path.join(await tempDir(), "content");
  await cp(CONTENT, content, { recursive: true });
  const isis = path.join(content, "groups", "isis.md");
  const original = await readFile(isis, "utf8");
  const edited = original.replace("weinig bekend", "nog weinig bekend");
  const target = path.join(await tempDir(), "documents");
  const documents = await writeEditedDocuments(content, TEMPLATES, () => writeFile(isis, edited), target);
  expect(documents.outputs).toEqual(["pdf/isis.pdf", "pdf/zicht-op-kwetsbaarheid.pdf"]);
  const entries = await listed(documents.list);
  expect(entries.map((entry) => path.basename(entry.file))).toEqual(["0.html", "1.html"]);
  for (const entry of entries) expect(await readFile(entry.file, "utf8")).toContain("nog weinig bekend");
  expect(await readFile(isis, "utf8")).toBe(edited);

  await expect(writeEditedDocuments(content, TEMPLATES, async () => undefined, target)).rejects.toThrow(
    /the edit changes no PDF/,
  );
});
