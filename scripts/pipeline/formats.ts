/** The kinds of output a build can write. */
export const FORMATS = ["html", "pdf"] as const;
export type Format = (typeof FORMATS)[number];
