/**
 * Splits a Markdown source into its YAML front matter and its body. The body
 * keeps the front matter's lines as empty lines, so that positions reported
 * by the Markdown parser are true positions in the file.
 */
export type FrontMatterSplit =
  | { kind: "ok"; yaml: string; yamlFirstLine: number; body: string; bodyFirstLine: number }
  | { kind: "missing" }
  | { kind: "unclosed" };

export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.split("\n");
  if (lines[0]?.trimEnd() !== "---") return { kind: "missing" };
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close === -1) return { kind: "unclosed" };
  const yaml = lines.slice(1, close).join("\n");
  const body = [...lines.slice(0, close + 1).map(() => ""), ...lines.slice(close + 1)].join("\n");
  return { kind: "ok", yaml, yamlFirstLine: 2, body, bodyFirstLine: close + 2 };
}
