import { readFile } from "node:fs/promises";
import { fromHtml } from "hast-util-from-html";
import type { Element, Nodes, Root } from "hast";

/**
 * What a reader of an HTML output reads: the text of its body (headings, paragraphs, the charts' SVG labels),
 * without the head's styles, white space collapsed, soft hyphens dropped.
 */
export async function htmlText(file: string): Promise<string> {
  return textOf(fromHtml(await readFile(file, "utf8")));
}

export function textOf(node: Nodes): string {
  return collect(node)
    .replace(/\u00AD/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function collect(node: Nodes): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" && ["head", "style", "script", "template"].includes(node.tagName)) return " ";
  if (node.type !== "root" && node.type !== "element") return "";
  const block = node.type === "element" && !INLINE.has(node.tagName);
  const inner = node.children.map((child) => collect(child)).join("");
  return block ? ` ${inner} ` : inner;
}

const INLINE = new Set(["a", "span", "strong", "em", "b", "i", "q", "time", "abbr", "sup", "sub", "code", "tspan"]);

/** The parsed document, to look at elements (a scale's steps, the chart's points). */
export async function htmlTree(file: string): Promise<Root> {
  return fromHtml(await readFile(file, "utf8"));
}

/** Every element under `node` for which `match` holds, in document order. */
export function findAll(node: Nodes, match: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const walk = (current: Nodes) => {
    if (current.type === "element" && match(current)) found.push(current);
    if (current.type === "root" || current.type === "element") for (const child of current.children) walk(child);
  };
  walk(node);
  return found;
}

/** The element's class names. */
export function classes(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}
