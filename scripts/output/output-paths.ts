/** Where each output goes, relative to the output folder. */
export const outputPath = {
  index: "index.html",
  factsheet: (slug: string) => `html/${slug}.html`,
  infographic: (slug: string) => `pdf/${slug}.pdf`,
  /** The overview chart: its name is the strings file's `overviewFile`, in the report's language. */
  overview: (name: string) => `pdf/${name}.pdf`,
  report: (reportSlug: string) => `pdf/${reportSlug}.pdf`,
  /** The print-ready twin of a screen PDF: `pdf/x.pdf` → `print/x.pdf`. */
  print: (screenPdf: string) => screenPdf.replace(/^pdf\//, "print/"),
} as const;

/** File names (without .pdf) that groups cannot take as their slug, because other outputs use them (and the
 * overview's, which the strings name: content/check-groups.ts, checkOverviewName). */
export const RESERVED_SLUGS = ["index"] as const;

/** Names that Windows reserves for devices: a file so named cannot be opened there (con.pdf, nul.html, …). */
export const DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
