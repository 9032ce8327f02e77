import type { z } from "zod";
import type { VFile } from "vfile";
import { readSource } from "./read-source.js";
import { validateYaml } from "./schema-problems.js";
import { YamlSource } from "./yaml-source.js";

/**
 * Reads a YAML file of its own (not front matter) and validates it against a schema: the typed data, or undefined
 * with every problem on the file (unreadable, YAML syntax, schema), each at its line and column.
 */
export async function readYamlFile<Schema extends z.ZodType>(
  filePath: string,
  schema: Schema,
): Promise<{ file: VFile; yaml: YamlSource | undefined; data: z.infer<Schema> | undefined }> {
  const file = await readSource(filePath);
  if (file.messages.length > 0) return { file, yaml: undefined, data: undefined };
  const yaml = YamlSource.parse(file, String(file.value), 1);
  return { file, yaml, data: yaml ? validateYaml(file, yaml, schema) : undefined };
}
