import { VFile } from "vfile";
import { expect, it } from "vitest";
import { YamlSource } from "../../scripts/content/yaml-source.js";

function whyOf(filePath: string, firstLine = 1): string[] {
  const file = new VFile({ path: filePath, value: "" });
  expect(YamlSource.parse(file, "agencies: [", firstLine)).toBeUndefined();
  return file.messages.map((message) => (message.note ?? "").split("\n")[0] ?? "");
}

it("a YAML syntax error names the kind of file it is in", () => {
  expect(whyOf("content/report.yml")).toEqual([
    "why: the front matter and report.yml must be valid YAML before their fields can be read",
  ]);
  expect(whyOf("content/groups/isis.md", 2)).toEqual([
    "why: the front matter and report.yml must be valid YAML before their fields can be read",
  ]);
  expect(whyOf("content/agencies.yml")).toEqual(["why: agencies.yml must be valid YAML before its fields can be read"]);
  expect(whyOf("templates/strings/nl.json")).toEqual(["why: nl.json must be valid JSON before its labels can be read"]);
});
