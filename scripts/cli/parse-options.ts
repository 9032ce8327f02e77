import path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../diagnostics/errors.js";
import { FORMATS, type Format } from "../pipeline/formats.js";

export interface CheckOptions {
  help: boolean;
  contentDir: string;
  templatesDir: string;
}

export interface BuildCliOptions extends CheckOptions {
  outDir: string;
  only: string[];
  formats: Format[];
  concurrency: number;
  timeout: number;
}


const shared = {
  help: { type: "boolean", short: "h", default: false },
  content: { type: "string", default: "content" },
  templates: { type: "string", default: "templates" },
} as const;

export function parseCheckOptions(args: readonly string[], cwd: string): CheckOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: shared, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return { help: values.help, contentDir: path.resolve(cwd, values.content), templatesDir: path.resolve(cwd, values.templates) };
}

export function parseBuildOptions(args: readonly string[], cwd: string): BuildCliOptions {
  const options = {
    ...shared,
    out: { type: "string", default: "output" },
    only: { type: "string", multiple: true },
    format: { type: "string", multiple: true },
    concurrency: { type: "string", default: "2" },
    timeout: { type: "string", default: "30" },
  } as const;
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const formats: Format[] = [];
  for (const format of values.format ?? []) {
    const known = FORMATS.find((candidate) => candidate === format);
    if (!known) throw new UsageError(`--format ${format}: unknown format; use ${FORMATS.join(" or ")}`);
    if (!formats.includes(known)) formats.push(known);
  }
  return {
    help: values.help,
    contentDir: path.resolve(cwd, values.content),
    templatesDir: path.resolve(cwd, values.templates),
    outDir: path.resolve(cwd, values.out),
    only: values.only ?? [],
    formats: formats.length > 0 ? formats : [...FORMATS],
    concurrency: wholeNumber("--concurrency", values.concurrency, 1, 16),
    timeout: wholeNumber("--timeout", values.timeout, 1, 600) * 1000,
  };
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} ${text}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}
