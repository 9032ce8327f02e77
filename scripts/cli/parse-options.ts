import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import { UsageError } from "../diagnostics/errors.js";
import { checkOutputFolder } from "../output/output-folder-guard.js";
import { closest } from "../diagnostics/suggest.js";
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
  print: boolean;
  iccProfile: string | undefined;
  force: boolean;
  groupsOnly: boolean;
}

const shared = {
  help: { type: "boolean", short: "h", default: false },
  content: { type: "string", default: "content" },
  templates: { type: "string", default: "templates" },
} as const;

export function parseCheckOptions(args: readonly string[], cwd: string): CheckOptions {
  const { values } = parseOrExplain("check", args, shared);
  return {
    help: values.help,
    contentDir: path.resolve(cwd, values.content),
    templatesDir: path.resolve(cwd, values.templates),
  };
}

export function parseBuildOptions(args: readonly string[], cwd: string): BuildCliOptions {
  const options = {
    ...shared,
    out: { type: "string", default: "output" },
    only: { type: "string", multiple: true },
    format: { type: "string", multiple: true },
    concurrency: { type: "string", default: "2" },
    timeout: { type: "string", default: "30" },
    print: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    "groups-only": { type: "boolean", default: false },
    "icc-profile": { type: "string" },
  } as const;
  const { values } = parseOrExplain("build", args, options);
  const formats: Format[] = [];
  for (const format of values.format ?? []) {
    const known = FORMATS.find((candidate) => candidate === format);
    if (!known) throw new UsageError(`--format ${format}: unknown format; use ${FORMATS.join(" or ")}`);
    if (!formats.includes(known)) formats.push(known);
  }
  const contentDir = path.resolve(cwd, values.content);
  const templatesDir = path.resolve(cwd, values.templates);
  if (!values.help) checkOutputFolder(path.resolve(cwd, values.out), contentDir, templatesDir);
  return {
    help: values.help,
    contentDir,
    templatesDir,
    outDir: path.resolve(cwd, values.out),
    only: values.only ?? [],
    formats: formats.length > 0 ? formats : [...FORMATS],
    concurrency: wholeNumber("--concurrency", values.concurrency, 1, 16),
    timeout: wholeNumber("--timeout", values.timeout, 1, 600) * 1000,
    print: values.print,
    force: values.force,
    groupsOnly: values["groups-only"],
    iccProfile: values["icc-profile"] === undefined ? undefined : path.resolve(cwd, values["icc-profile"]),
  };
}

/** parseArgs, with its errors turned into usage errors that name the command and its options. */
function parseOrExplain<Options extends ParseArgsOptionsConfig>(
  command: string,
  args: readonly string[],
  options: Options,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    const known = Object.keys(options).map((name) => `--${name}`);
    const option = /option '([^']+)'/.exec(error instanceof Error ? error.message : "")?.[1];
    if (option && !known.includes(option.split("=")[0] ?? option)) {
      const suggestion = closest(option.replace(/^-+/, ""), Object.keys(options));
      throw new UsageError(
        `${command}: unknown option ${option}${suggestion ? `; did you mean --${suggestion}?` : ""} (options: ${known.join(", ")})`,
      );
    }
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} ${text}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export interface PreviewCliOptions extends BuildCliOptions {
  port: number;
}

export function parsePreviewOptions(args: readonly string[], cwd: string): PreviewCliOptions {
  const portIndex = args.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
  let port = "4173";
  const rest = [...args];
  if (portIndex >= 0) {
    const arg = rest[portIndex] ?? "";
    const [value, count] = arg.includes("=") ? [arg.slice("--port=".length), 1] : [rest[portIndex + 1] ?? "", 2];
    port = value;
    rest.splice(portIndex, count);
  }
  if (rest.includes("--print"))
    throw new UsageError("preview: --print is not available in the preview; run factsheets build --print");
  return { ...parseBuildOptions(rest, cwd), port: wholeNumber("--port", port, 0, 65535) };
}
