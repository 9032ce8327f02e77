import type { Root } from "mdast";
import type { VFile } from "vfile";
import { visit } from "unist-util-visit";
import { problem, say } from "../diagnostics/messages.js";
import { addProblem } from "../diagnostics/problem.js";

/**
 * Refuses images and definitions that would make a renderer fetch something:
 * rendering is offline, and a factsheet must open with no network.
 * Links (`[text](https://…)`) stay: following them is the reader's choice.
 */
export default function remarkLocalResources() {
  return function transformer(tree: Root, file: VFile): undefined {
    // The text's name in messages: "a group's text" unless the caller says otherwise (`file.data.textName`).
    const where = typeof file.data.textName === "string" ? file.data.textName : say("text.group");
    // One message per line: `<svg><script>…</script></svg>` is one mistake, not four.
    const htmlLines = new Set<number>();
    visit(tree, (node) => {
      if (node.type === "image" || node.type === "imageReference") {
        const url = node.type === "image" ? node.url : `[${node.identifier}]`;
        addProblem(file, {
          ...problem("markdown/image", { url: JSON.stringify(url), where }),
          place: node.position?.start,
        });
      }
      if (node.type === "html") {
        const line = node.position?.start.line ?? 0;
        if (htmlLines.has(line)) return;
        htmlLines.add(line);
        addProblem(file, {
          ...problem("markdown/raw-html", { html: JSON.stringify(shorten(node.value)), where }),
          place: node.position?.start,
        });
      }
    });
  };
}

/** The first 40 characters of a text, and an ellipsis if there is more. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
