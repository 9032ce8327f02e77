/**
 * The fonts (about 90 kB of @font-face rules) stand in a planned document as
 * this placeholder and are put in only when the document is written or
 * printed, so that a build of a thousand groups does not hold a thousand copies.
 */
export const FONT_PLACEHOLDER = "/*factsheets:font-faces*/";

/** The document as written or printed: the placeholder replaced by the fonts. */
export function withFonts(html: string, fontCss: string): string {
  const at = html.indexOf(FONT_PLACEHOLDER);
  return at < 0 ? html : `${html.slice(0, at)}${fontCss}${html.slice(at + FONT_PLACEHOLDER.length)}`;
}
