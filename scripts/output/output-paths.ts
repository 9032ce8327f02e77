/** Where each output goes, relative to the output folder. */
export const outputPath = {
  index: "index.html",
  factsheet: (slug: string) => `html/${slug}.html`,
  infographic: (slug: string) => `pdf/${slug}.pdf`,
} as const;
