import type { Element, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toString } from "hast-util-to-string";
import { visit } from "unist-util-visit";
import { say } from "../diagnostics/messages.js";
import { cssReferences } from "./css-references.js";

/**
 * Attributes (as hast names them) whose URL the browser loads by itself, on
 * any element. `<a href>` is not among them: a link loads nothing until it
 * is followed. `href` is, on every element but `<a>` and `<area>`: `<link>`
 * of any `rel` (preconnect, prefetch, …), `<base>`, `<svg><image>`, `<use>`.
 */
const LOADING = new Set<string>([
  "src",
  "srcSet",
  "href",
  "xLinkHref",
  "data",
  "poster",
  "background",
  "codebase",
  "archive",
  "manifest",
  "lowsrc",
  "dynsrc",
]);
const LINKS = new Set(["a", "area"]);
/** Elements that embed a whole other document or a plug-in: refused whatever they point at, data: too. */
const EMBEDDING = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"]);

/** The parsed document: the outputs' checks and the CSP both work on this tree, never on strings. */
export function parseDocument(html: string): Root {
  return fromHtml(html, { verbose: true });
}

/**
 * What an HTML document would load or do beyond itself, one sentence each
 * ("would load http://… from outside", "would run a script (<script>)"). An
 * output must open from a USB stick with no network and render offline, and
 * it carries a CSP that forbids scripts; so the only URLs allowed are `data:`
 * and `#fragment` references within the document, and no script at all.
 */
export function outsideReferences(html: string, tree: Root = parseDocument(html)): string[] {
  const found = new Set<string>();
  const url = (value: string, where: string): void => {
    const trimmed = value.trim();
    if (trimmed === "" || /^data:/i.test(trimmed) || trimmed.startsWith("#")) return;
    found.add(say("outside.load", { url: trimmed, where }));
  };
  visit(tree, "element", (node: Element) => {
    const tag = node.tagName.toLowerCase();
    const properties = node.properties;
    if (tag === "script") found.add(say("outside.script", { code: `<script>${shorten(toString(node))}</script>` }));
    if (tag === "style") for (const reference of cssReferences(toString(node))) url(reference, "<style>");
    if (tag === "meta" && String(properties.httpEquiv ?? "").toLowerCase() === "refresh") {
      const code = `<meta http-equiv="refresh" content="${String(properties.content ?? "")}">`;
      found.add(say("outside.refresh", { code }));
    }
    if (tag === "iframe" && properties.srcDoc !== undefined)
      found.add(say("outside.embed", { code: "<iframe srcdoc>" }));
    for (const [name, raw] of Object.entries(properties)) {
      if (raw === undefined || raw === null || raw === false) continue;
      const value = Array.isArray(raw) ? raw.join(" ") : String(raw);
      if (/^on[A-Z]/.test(name) || /^on[a-z]+$/.test(name)) {
        found.add(say("outside.script", { code: `<${tag} ${name.toLowerCase()}="${shorten(value)}">` }));
      } else if (name === "style") {
        for (const reference of cssReferences(value)) url(reference, `<${tag} style>`);
      } else if (EMBEDDING.has(tag) && (name === "src" || name === "data")) {
        found.add(say("outside.embed", { code: `<${tag} ${name}="${shorten(value)}">` }));
      } else if (name === "srcSet") {
        for (const candidate of srcsetUrls(value)) url(candidate, `<${tag} srcset>`);
      } else if (name === "ping") {
        for (const target of value.split(/\s+/)) url(target, `<${tag} ping>`);
      } else if (LOADING.has(name) && !(LINKS.has(tag) && /^(href|xLinkHref)$/.test(name))) {
        url(value, `<${tag} ${attributeName(name)}>`);
      }
    }
  });
  return [...found].sort();
}

/** Every URL of a `srcset`, as the HTML standard splits it (a data: URL may hold commas). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let rest = srcset;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, "");
    if (rest === "") return urls;
    const url = /^\S+/.exec(rest)?.[0] ?? "";
    rest = rest.slice(url.length);
    if (url.endsWith(",")) {
      urls.push(url.replace(/,+$/, ""));
      continue;
    }
    urls.push(url);
    let depth = 0;
    let index = 0;
    for (; index < rest.length; index += 1) {
      const char = rest[index];
      if (char === "(") depth += 1;
      else if (char === ")") depth = Math.max(0, depth - 1);
      else if (char === "," && depth === 0) break;
    }
    rest = rest.slice(index + 1);
  }
}

function attributeName(name: string): string {
  return name === "xLinkHref" ? "xlink:href" : name.toLowerCase();
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
