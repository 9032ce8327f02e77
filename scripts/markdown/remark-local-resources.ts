import type { Root } from "mdast";
import type { VFile } from "vfile";
import { visit } from "unist-util-visit";
import { addProblem } from "../diagnostics/problem.js";

/**
 * Refuses images and definitions that would make a renderer fetch something:
 * rendering is offline, and a factsheet must open with no network.
 * Links (`[text](https://…)`) stay: following them is the reader's choice.
 */
export default function remarkLocalResources() {
  return function transformer(tree: Root, file: VFile): undefined {
    // The text's name in messages: "a group's text" unless the caller says otherwise (`file.data.textName`).
    const where = typeof file.data.textName === "string" ? file.data.textName : "a group's text";
    // One message per line: `<svg><script>…</script></svg>` is one mistake, not four.
    const htmlLines = new Set<number>();
    visit(tree, (node) => {
      if (node.type === "image" || node.type === "imageReference") {
        const url = node.type === "image" ? node.url : `[${node.identifier}]`;
        addProblem(file, {
          ruleId: "markdown/image",
          place: node.position?.start,
          what: `image ${JSON.stringify(url)} cannot be used in ${where}`,
          why:
            "factsheets carry no images of their own yet, and an image from a web address would be fetched " +
            "while rendering, which is never allowed",
          fix: "remove the image; ask the designer to add graphics to the templates instead",
        });
      }
      if (node.type === "html") {
        const line = node.position?.start.line ?? 0;
        if (htmlLines.has(line)) return;
        htmlLines.add(line);
        addProblem(file, {
          ruleId: "markdown/raw-html",
          place: node.position?.start,
          what: `raw HTML ${JSON.stringify(shorten(node.value))} in ${where}`,
          why: "HTML in the content is removed from every output, so it would silently disappear",
          fix: "write the text as Markdown (e.g. *emphasis*, **strong**, lists) and remove the HTML tags",
        });
      }
    });
  };
}

/** The first 40 characters of a text, and an ellipsis if there is more. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
