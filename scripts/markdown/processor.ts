import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import rehypeHyphenate from "./rehype-hyphenate.js";
import remarkLocalResources from "./remark-local-resources.js";

/**
 * The one Markdown processor: parse, check resources, to HTML, sanitise,
 * hyphenate, stringify. Built once per language and frozen.
 */
export function createMarkdownProcessor(language: string) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkLocalResources)
    .use(remarkRehype)
    .use(rehypeSanitize)
    .use(rehypeHyphenate, { language })
    .use(rehypeStringify)
    .freeze();
}

export type MarkdownProcessor = ReturnType<typeof createMarkdownProcessor>;
