import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";
import { z } from "zod";
import { parseDocument } from "./outside-references.js";

/** The policy of every HTML output: inline styles, data: fonts and images, nothing else, no script. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

const META = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;

/**
 * Gives a document the house policy whatever its template says: every
 * `<meta http-equiv="Content-Security-Policy">` it has is removed and the
 * house one is put first in `<head>` (after `<meta charset>`), where it covers
 * everything after it. The rest of the document is left byte for byte as it was.
 */
export function withContentSecurityPolicy(html: string, tree: Root = parseDocument(html)): string {
  const cuts: { start: number; end: number }[] = [];
  let head: Element | undefined;
  visit(tree, "element", (node: Element) => {
    if (node.tagName === "head") head ??= node;
    const equiv = String(node.properties.httpEquiv ?? "").toLowerCase();
    const at = node.position;
    if (node.tagName === "meta" && equiv === "content-security-policy" && at?.end.offset !== undefined) {
      cuts.push({ start: at.start.offset ?? 0, end: at.end.offset });
    }
  });
  const insertAt = insertionPoint(html, head);
  let result = "";
  let from = 0;
  let inserted = false;
  for (const cut of [...cuts, { start: html.length, end: html.length }].sort((a, b) => a.start - b.start)) {
    if (!inserted && insertAt <= cut.start) {
      result += `${html.slice(from, Math.max(from, insertAt))}${META}`;
      from = Math.max(from, insertAt);
      inserted = true;
    }
    result += html.slice(from, cut.start);
    from = cut.end;
  }
  return result + html.slice(from);
}

/** Where hast-util-from-html (verbose) puts the end of an element's start tag. */
const OpeningTag = z.object({ position: z.object({ opening: z.object({ end: z.object({ offset: z.number() }) }) }) });

/** Where the policy goes: after `<meta charset>` if it opens the head, else before the head's first child. */
function insertionPoint(html: string, head: Element | undefined): number {
  const children = (head?.children ?? []).filter((child): child is Element => child.type === "element");
  const first = children[0];
  if (first?.tagName === "meta" && first.properties.charSet !== undefined && first.position?.end.offset !== undefined) {
    return first.position.end.offset;
  }
  if (first?.position?.start.offset !== undefined) return first.position.start.offset;
  const opening = OpeningTag.safeParse(head?.data);
  if (opening.success) return opening.data.position.opening.end.offset;
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0].length : 0;
}
