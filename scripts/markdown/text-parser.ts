import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Root } from "hast";
import { PROJECT_ROOT } from "../config/tool-version.js";

/** The longest one text may take to parse, and the most memory its parse may use. */
export const PARSE_BUDGET = { milliseconds: 5000, megabytes: 512 } as const;

export interface TextRequest {
  id: number;
  text: string;
  /** How problems name the text: "a group's text", "the introduction". */
  name: string;
  /** The text's language, for its hyphenation. */
  language: string;
}

export interface TextMessage {
  reason: string;
  line: number | undefined;
  column: number | undefined;
  ruleId: string | undefined;
  note: string | undefined;
  fatal: boolean;
}

export type ParsedText =
  | { id: number; ok: true; tree: Root; plain: string; messages: TextMessage[] }
  | { id: number; ok: false; reason: "time" | "memory" | "error"; detail: string };

/**
 * Parses Markdown in a thread of its own, one text at a time, each within
 * PARSE_BUDGET: a text that takes longer is stopped (the thread is ended and
 * a new one started for the next text), and one that needs more memory ends
 * its thread. Either way the text is refused with a message; the build never
 * stalls on it. Close it when done.
 */
export class TextParser {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private next = 0;

  /**
   * Starts the thread at once (or takes the one `prestartParser` started), so that it loads while the files are
   * read.
   */
  constructor() {
    this.worker = prestarted ?? startWorker();
    prestarted = undefined;
  }

  parse(text: string, name: string, language: string): Promise<ParsedText> {
    const key = `${language}\0${name}\0${text}`;
    const known = between?.take(key);
    if (known) return Promise.resolve(known);
    const result = this.queue.then(() => this.parseNow(text, name, language));
    this.queue = result.catch(() => undefined);
    return result.then((parsed) => {
      if (parsed.ok) between?.keep(key, parsed);
      return parsed;
    });
  }

  /** Ends the thread; between builds (keepBetweenBuilds) it is kept, idle, for the next parser. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (between && worker && !prestarted) {
      prestarted = worker;
      // A kept thread that ends meanwhile (out of memory, killed) is not handed to the next parser.
      if (!watched.has(worker)) {
        watched.add(worker);
        worker.once("exit", () => {
          if (prestarted === worker) prestarted = undefined;
        });
      }
      between.nextBuild();
      return;
    }
    between?.nextBuild();
    await worker?.terminate();
  }

  private parseNow(text: string, name: string, language: string): Promise<ParsedText> {
    const id = (this.next += 1);
    const worker = (this.worker ??= startWorker());
    return new Promise<ParsedText>((resolve) => {
      const finish = (answer: ParsedText) => {
        // An idle thread must not keep the process alive.
        worker.unref();
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(answer);
      };
      const replace = () => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      };
      const onMessage = (answer: ParsedText) => {
        if (answer.id === id) finish(answer);
      };
      const onError = (error: Error) => {
        replace();
        const memory = "code" in error && error.code === "ERR_WORKER_OUT_OF_MEMORY";
        finish({ id, ok: false, reason: memory ? "memory" : "error", detail: error.message });
      };
      const onExit = () => {
        replace();
        finish({ id, ok: false, reason: "error", detail: "the parser stopped" });
      };
      const timer = setTimeout(() => {
        replace();
        finish({ id, ok: false, reason: "time", detail: `more than ${PARSE_BUDGET.milliseconds / 1000} s` });
      }, PARSE_BUDGET.milliseconds);
      worker.ref();
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ id, text, name, language } satisfies TextRequest);
    });
  }
}

let prestarted: Worker | undefined;

/**
 * What a process that builds again and again (the preview) keeps between builds: the texts parsed by the last
 * build and this one, by their words, name and language (a text's tree depends on nothing else; its users copy
 * before they change it, markdown/footnotes.ts). A text no build used for a whole build is forgotten.
 */
class ParsedBetweenBuilds {
  private last = new Map<string, ParsedText>();
  private current = new Map<string, ParsedText>();

  take(key: string): ParsedText | undefined {
    const known = this.current.get(key) ?? this.last.get(key);
    if (known) this.current.set(key, known);
    return known;
  }

  keep(key: string, parsed: ParsedText): void {
    this.current.set(key, parsed);
  }

  nextBuild(): void {
    this.last = this.current;
    this.current = new Map();
  }
}

let between: ParsedBetweenBuilds | undefined;
/** The threads kept between builds whose end is watched. */
const watched = new WeakSet<Worker>();

/**
 * For a process that builds again on every save: the parser's thread is kept between builds (its start-up is a
 * fresh JavaScript engine loading the Markdown stack), and a text parsed by the last build is not parsed again.
 */
export function keepParserBetweenBuilds(): void {
  between ??= new ParsedBetweenBuilds();
}

/**
 * Starts the parser's thread before the rest of the build is even loaded:
 * its start-up (a fresh JavaScript engine loading the Markdown stack) then
 * runs on the other core while the main thread loads its own modules. The
 * next TextParser takes it; an idle thread never keeps the process alive.
 */
export function prestartParser(): void {
  prestarted ??= startWorker();
}

function startWorker(): Worker {
  const worker = new Worker(workerFile(), {
    resourceLimits: { maxOldGenerationSizeMb: PARSE_BUDGET.megabytes, maxYoungGenerationSizeMb: 32, stackSizeMb: 16 },
  });
  // Idle until asked: a thread that is not parsing must not keep the process alive.
  worker.unref();
  return worker;
}

/**
 * The worker's script: beside this module in the bundle (dist/bundle/), or,
 * when this module runs from its TypeScript source (the tests), the bundled
 * one (`npm test` bundles first).
 */
function workerFile(): string {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), "parse-worker.js");
  return existsSync(beside) ? beside : path.join(PROJECT_ROOT, "dist", "bundle", "parse-worker.js");
}
