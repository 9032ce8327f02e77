import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import rehypeHyphenate from "./rehype-hyphenate.js";
import rehypeShiftHeadings from "./rehype-shift-headings.js";
import remarkLocalResources from "./remark-local-resources.js";

/**
 * The one Markdown processor: parse, check resources, to HTML, sanitise,
 * place the headings below the page's title, hyphenate, stringify. Built
 * once per language and frozen. Footnotes get their ids and words when a
 * text is placed in a document (text-html.ts).
 */
export function createMarkdownProcessor(language: string) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkLocalResources)
    .use(remarkRehype)
    .use(rehypeSanitize)
    .use(rehypeShiftHeadings, { top: 2 })
    .use(rehypeHyphenate, { language })
    .use(rehypeStringify)
    .freeze();
}

export type MarkdownProcessor = ReturnType<typeof createMarkdownProcessor>;
