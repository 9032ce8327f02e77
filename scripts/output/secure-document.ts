import { withContentSecurityPolicy } from "./content-security-policy.js";
import { outsideReferences, parseDocument } from "./outside-references.js";

/**
 * Every HTML output, and every document sent to the browser, goes through
 * here: it gets the house Content-Security-Policy whatever its template
 * says, and what it would load from outside or run is listed. A document
 * with findings must not be written or rendered.
 */
export function secureDocument(html: string): { html: string; findings: string[] } {
  const tree = parseDocument(html);
  return { html: withContentSecurityPolicy(html, tree), findings: outsideReferences(html, tree) };
}
