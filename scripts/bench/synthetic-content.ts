import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a content folder with `count` groups made from the real groups'
 * text (group i is real group i mod 7 with its own slug and order; the
 * title is kept, so every page has the layout of a real one), so that the
 * pipeline's cost per document can be measured at scale. It is generated
 * into a temporary folder and never committed.
 */
export async function writeSyntheticContent(realContent: string, target: string, count: number): Promise<void> {
  await mkdir(path.join(target, "groups"), { recursive: true });
  await cp(path.join(realContent, "report.yml"), path.join(target, "report.yml"));
  const names = (await readdir(path.join(realContent, "groups"))).filter((name) => name.endsWith(".md")).sort();
  const sources = await Promise.all(names.map((name) => readFile(path.join(realContent, "groups", name), "utf8")));
  for (let index = 1; index <= count; index += 1) {
    const source = sources[(index - 1) % sources.length] ?? "";
    const text = source.replace(/^slug: .*$/m, `slug: group-${index}`).replace(/^order: .*$/m, `order: ${index}`);
    await writeFile(path.join(target, "groups", `group-${index}.md`), text);
  }
}
