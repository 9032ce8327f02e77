/** Collapses every run of white space to one space and trims the ends. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
