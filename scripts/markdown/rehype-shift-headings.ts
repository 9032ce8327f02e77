import type { Root } from "hast";
import { visit } from "unist-util-visit";

export interface Options {
  /** The level of the text's top headings: the page's own title is one level above. */
  top: number;
}

const HEADING = /^h([1-6])$/;

/**
 * Places the headings of a text below the page's own: the levels the text
 * uses, in their order of depth, become `top`, `top + 1`, …, and no heading
 * is ever more than one level below the one before it (`#`, `##`, `####`
 * become h2, h3, h4 under the page's h1). The tagged PDF and a screen
 * reader's heading list then nest as the page does.
 */
export default function rehypeShiftHeadings(options: Readonly<Options> | null | undefined) {
  const top = options?.top ?? 2;
  return function transformer(tree: Root): undefined {
    const headings: { set: (level: number) => void; depth: number }[] = [];
    visit(tree, "element", (node) => {
      // The notes' heading (from remark-rehype) belongs to the page, not to the text's outline: it stays at `top`.
      if (String(node.properties.id ?? "").endsWith("footnote-label")) {
        node.tagName = `h${top}`;
        return;
      }
      const depth = HEADING.exec(node.tagName)?.[1];
      if (depth) headings.push({ depth: Number(depth), set: (level) => (node.tagName = `h${level}`) });
    });
    const depths = [...new Set(headings.map((heading) => heading.depth))].sort((a, b) => a - b);
    let previous = top - 1;
    for (const heading of headings) {
      const level = Math.min(6, top + depths.indexOf(heading.depth), previous + 1);
      heading.set(level);
      previous = level;
    }
  };
}
