import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { schemaDocs } from "../../scripts/config/schema-docs.js";
import { ROOT } from "../helpers/paths.js";

it("docs/content-schema.md is the schema's current description (run `npm run docs` after changing the schema)", async () => {
  expect(await readFile(path.join(ROOT, "docs", "content-schema.md"), "utf8")).toBe(schemaDocs());
});

it("documents every field of a group with its meaning", () => {
  const docs = schemaDocs();
  for (const field of [
    "title",
    "slug",
    "order",
    "answers",
    "answers.<id>",
    "answers.<id>.step",
    "answers.<id>.words",
    "answers.<id>.source",
    "recommendations",
  ]) {
    expect(docs).toMatch(new RegExp(`^\\| \`${field.replaceAll(".", "\\.")}\` \\| [^|]+ \\| .{10,} \\|$`, "m"));
  }
});
