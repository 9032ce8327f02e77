/**
 * The order documents are rendered in: the longest first (the whole report
 * has a page per section), so that the pool's pages finish together. A job
 * without pages (an HTML output) comes after them all, in its own order: it
 * is written while the PDFs render, and the first PDF should not wait for it.
 */
export function inRenderOrder<T>(jobs: readonly T[], pages: (job: T) => number | undefined): T[] {
  return [...jobs].sort((a, b) => {
    const [first, second] = [pages(a), pages(b)];
    if (first === undefined || second === undefined)
      return (first === undefined ? 0 : 1) - (second === undefined ? 0 : 1);
    return second - first;
  });
}
