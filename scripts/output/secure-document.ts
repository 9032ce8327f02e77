import { withContentSecurityPolicy } from "./content-security-policy.js";
import { withFonts } from "./font-placeholder.js";
import { outsideReferences, parseDocument } from "./outside-references.js";

const MADE_HERE = Symbol("secured here");

/**
 * A document that passed the check, with the house Content-Security-Policy in it. Only secureDocument makes
 * one, so a renderer given one knows it need not parse the document again.
 */
export class SecuredDocument {
  constructor(
    token: typeof MADE_HERE,
    readonly html: string,
  ) {
    if (token !== MADE_HERE) throw new Error("only secureDocument makes a SecuredDocument");
  }

  /** The document with the fonts in place of their placeholder: our own @font-face rules, data: URLs only. */
  withFonts(fontCss: string): SecuredDocument {
    return new SecuredDocument(MADE_HERE, withFonts(this.html, fontCss));
  }
}

/**
 * Every HTML output, and every document sent to the browser, goes through
 * here: it gets the house Content-Security-Policy whatever its template
 * says, and what it would load from outside or run is listed. A document
 * with findings must not be written or rendered; one without comes back
 * as a SecuredDocument too.
 */
export function secureDocument(html: string): {
  html: string;
  findings: string[];
  document: SecuredDocument | undefined;
} {
  const tree = parseDocument(html);
  const secured = withContentSecurityPolicy(html, tree);
  const findings = outsideReferences(html, tree);
  return {
    html: secured,
    findings,
    document: findings.length === 0 ? new SecuredDocument(MADE_HERE, secured) : undefined,
  };
}
