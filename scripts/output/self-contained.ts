/**
 * Finds what an HTML document would load from outside: `src`, `srcset`,
 * `data`, `poster` and `<link href>` attributes, CSS `url()` and `@import`
 * that point at another host. HTML outputs must open from a USB stick with
 * no network, so any of these is an error.
 */
export function externalReferences(html: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\s(?:src|srcset|data|poster|background)\s*=\s*["']?\s*((?:https?:)?\/\/[^\s"'>]+)/gi,
    /<link\b[^>]*\shref\s*=\s*["']?\s*((?:https?:)?\/\/[^\s"'>]+)/gi,
    /url\(\s*["']?\s*((?:https?:)?\/\/[^)"'\s]+)/gi,
    /@import\s+(?:url\()?\s*["']?\s*([^"')\s;]+)/gi,
  ];
  for (const pattern of patterns) {
    for (const match of html.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found].sort();
}
