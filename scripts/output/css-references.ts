/**
 * The URLs a piece of CSS would load: `url(…)`, `@import "…"` and the plain
 * strings of `image-set(…)`. CSS escapes are undone first (`u\72l(` is `url(`)
 * and comments removed, so a spelling variant cannot hide a reference.
 */
export function cssReferences(css: string): string[] {
  const plain = css
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_match, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16) || 0xfffd),
    )
    .replace(/\\([^\n])/g, "$1");
  const found: string[] = [];
  for (const match of plain.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) {
    found.push((match[1] ?? match[2] ?? match[3] ?? "").trim());
  }
  for (const match of plain.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi))
    found.push((match[1] ?? match[2] ?? "").trim());
  for (const set of plain.matchAll(/image-set\(([^)]*)\)/gi)) {
    for (const match of (set[1] ?? "").matchAll(/"([^"]*)"|'([^']*)'/g))
      found.push((match[1] ?? match[2] ?? "").trim());
  }
  return found;
}
