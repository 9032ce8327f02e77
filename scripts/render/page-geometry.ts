/** The printed page, in millimetres: the one home of its geometry. */

/** Trim size of every page: A4. */
export const TRIM = { width: 210, height: 297 } as const;

/** Bleed of the print files: the background runs this far past the trim on every side. */
export const BLEED = 3;

/** Room for the crop marks outside the bleed of the print files. */
export const SLUG = 10;

/** The size Chromium prints at: the trim for the screen PDFs, the trim and its bleed for the print files. */
export function pageSize(print: boolean): { width: string; height: string } {
  const extra = print ? 2 * BLEED : 0;
  return { width: `${TRIM.width + extra}mm`, height: `${TRIM.height + extra}mm` };
}
