import { parentPort } from "node:worker_threads";
import { toString as mdastToString } from "mdast-util-to-string";
import { VFile } from "vfile";
import { messageLanguageOf, speak } from "../diagnostics/language.js";
import { createMarkdownProcessor } from "./processor.js";
import type { ParsedText, TextRequest } from "./text-parser.js";

/**
 * The Markdown parser's own thread (see text-parser.ts): parses one text at
 * a time and answers with its HTML tree, its plain text and its problems.
 * It runs under a memory limit and the caller's deadline, so that no text,
 * however pathological, can stall or exhaust the build.
 */
const processors = new Map<string, ReturnType<typeof createMarkdownProcessor>>();
const port = parentPort;

port?.on("message", (request: TextRequest) => {
  void parse(request).then((answer) => port.postMessage(answer));
});

async function parse(request: TextRequest): Promise<ParsedText> {
  try {
    // This thread's problems are said in the content's language, as the main thread's are.
    speak(messageLanguageOf(request.language) ?? "en");
    let processor = processors.get(request.language);
    if (!processor) processors.set(request.language, (processor = createMarkdownProcessor(request.language)));
    const file = new VFile({ value: request.text, data: { textName: request.name } });
    const mdast = processor.parse(file);
    const tree = await processor.run(mdast, file);
    const plain = mdast.children
      .map((node) => mdastToString(node, { includeHtml: false }))
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    const messages = file.messages.map((message) => ({
      reason: message.reason,
      line: message.line ?? undefined,
      column: message.column ?? undefined,
      ruleId: message.ruleId ?? undefined,
      note: message.note ?? undefined,
      fatal: message.fatal === true,
    }));
    return { id: request.id, ok: true, tree, plain, messages };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      reason: "error",
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}
