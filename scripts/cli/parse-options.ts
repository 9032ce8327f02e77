import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../diagnostics/errors.js";
import { alternatives, say } from "../diagnostics/messages.js";
import { closest } from "../diagnostics/suggest.js";
import { checkOutputFolder } from "../output/output-folder-guard.js";
import { FORMATS, type Format } from "../pipeline/formats.js";
import {
  BUILD,
  CHECK,
  DISTRIBUTE,
  PREVIEW,
  VERIFY,
  type CommandDeclaration,
  type OptionDeclaration,
} from "./command-declarations.js";
import { inSpokenLanguage } from "./help.js";

/** The parsed value of one declared option: a flag is a boolean, a repeated option a list. */
type OptionValue<Option extends OptionDeclaration> = Option["kind"] extends "flag"
  ? boolean
  : Option["kind"] extends "repeated"
    ? string[]
    : Option extends { default: string }
      ? string
      : string | undefined;

type OptionValues<Options extends CommandDeclaration["options"]> = {
  -readonly [Name in keyof Options]: OptionValue<Options[Name]>;
};

export interface ParsedArgs<Command extends CommandDeclaration> {
  values: OptionValues<Command["options"]>;
  positionals: string[];
}

/**
 * Parses argv by a command's declaration. Its errors become usage errors that name the command; an
 * unknown option gets the closest declared one as a hint, and the list of the command's options.
 */
export function parseCommand<Command extends CommandDeclaration>(
  command: Command,
  args: readonly string[],
  allowPositionals = false,
): ParsedArgs<Command> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, option] of Object.entries(command.options)) {
    options[name] = {
      type: option.kind === "flag" ? "boolean" : "string",
      multiple: option.kind === "repeated",
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.kind === "flag" ? { default: false } : {}),
      ...(option.kind === "repeated" ? { default: [] } : {}),
      ...(option.default === undefined ? {} : { default: option.default }),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error) {
    throw explained(command, error);
  }
  if (!matchesDeclaration(command, parsed.values))
    throw new Error(`${command.name}: the parsed options do not have the kinds their declaration gives`);
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Whether every declared option was parsed as its kind says: a boolean, a list of strings, a string. */
function matchesDeclaration<Command extends CommandDeclaration>(
  command: Command,
  values: object,
): values is OptionValues<Command["options"]> {
  const parsed = new Map(Object.entries(values));
  return Object.entries(command.options).every(([name, option]) => {
    const value: unknown = parsed.get(name);
    if (option.kind === "flag") return typeof value === "boolean";
    if (option.kind === "repeated") return Array.isArray(value) && value.every((item) => typeof item === "string");
    return typeof value === "string" || (value === undefined && option.default === undefined);
  });
}

/** A parseArgs error as a usage error that names the command, with a hint for an unknown option. */
function explained(command: CommandDeclaration, error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const names = Object.keys(command.options);
  const known = names.map((name) => `--${name}`);
  const option = /option '([^']+)'/.exec(message)?.[1];
  if (option && !known.includes(option.split("=")[0] ?? option)) {
    const refused = command.refused?.[option.replace(/^-+/, "")];
    if (refused) return new UsageError(`${command.name}: ${inSpokenLanguage(refused)}`);
    const suggestion = closest(option.replace(/^-+/, ""), names);
    return new UsageError(
      say("cli.unknownOption", {
        command: command.name,
        option,
        suggestion: suggestion ? say("cli.didYouMeanOption", { option: suggestion }) : "",
        options: known.join(", "),
      }),
    );
  }
  return new UsageError(`${command.name}: ${message}`);
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(say("cli.wholeNumber", { flag, text, min, max }));
  }
  return value;
}

/** --concurrency and --timeout, as build, preview and distribute take them; the timeout in milliseconds. */
function renderLimits(values: { concurrency: string; timeout: string }): { concurrency: number; timeout: number } {
  return {
    concurrency: wholeNumber("--concurrency", values.concurrency, 1, 16),
    timeout: wholeNumber("--timeout", values.timeout, 1, 600) * 1000,
  };
}

const resolved = (cwd: string, file: string | undefined): string | undefined =>
  file === undefined ? undefined : path.resolve(cwd, file);

export interface CheckOptions {
  help: boolean;
  contentDir: string;
  templatesDir: string;
}

/** The content and templates folders, resolved against the working directory. */
function sourceFolders(values: { content: string; templates: string }, cwd: string) {
  return { contentDir: path.resolve(cwd, values.content), templatesDir: path.resolve(cwd, values.templates) };
}

export function parseCheckOptions(args: readonly string[], cwd: string): CheckOptions {
  const { values } = parseCommand(CHECK, args);
  return { help: values.help, ...sourceFolders(values, cwd) };
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

function formatsOf(names: readonly string[]): Format[] {
  const formats: Format[] = [];
  for (const format of names) {
    const known = FORMATS.find((candidate) => candidate === format);
    if (!known) throw new UsageError(say("cli.unknownFormat", { format, formats: alternatives(FORMATS) }));
    if (!formats.includes(known)) formats.push(known);
  }
  return formats.length > 0 ? formats : [...FORMATS];
}

/** The options build and preview share: all of build's but --print, which the preview refuses. */
type SharedBuildValues = Omit<OptionValues<typeof BUILD.options>, "print">;

/** The build's options from the values build and preview share; the output folder is checked unless --help. */
function buildOptionsOf(values: SharedBuildValues, print: boolean, cwd: string): BuildCliOptions {
  const folders = sourceFolders(values, cwd);
  const outDir = path.resolve(cwd, values.out);
  const formats = formatsOf(values.format);
  if (!values.help) checkOutputFolder(outDir, folders.contentDir, folders.templatesDir);
  return {
    help: values.help,
    ...folders,
    outDir,
    only: values.only,
    formats,
    ...renderLimits(values),
    print,
    force: values.force,
    groupsOnly: values["groups-only"],
    iccProfile: resolved(cwd, values["icc-profile"]),
  };
}

export function parseBuildOptions(args: readonly string[], cwd: string): BuildCliOptions {
  const { values } = parseCommand(BUILD, args);
  return buildOptionsOf(values, values.print, cwd);
}

export interface PreviewCliOptions extends BuildCliOptions {
  port: number;
}

export function parsePreviewOptions(args: readonly string[], cwd: string): PreviewCliOptions {
  const { values } = parseCommand(PREVIEW, args);
  return { ...buildOptionsOf(values, false, cwd), port: wholeNumber("--port", values.port, 0, 65535) };
}

export interface DistributeCliOptions {
  help: boolean;
  contentDir: string;
  templatesDir: string;
  outDir: string;
  agenciesFile: string;
  /** The ledger file, when given; by default the distribution's own file beside the content. */
  ledgerFile: string | undefined;
  iccProfile: string | undefined;
  pendingOnly: boolean;
  all: boolean;
  send: boolean;
  resendUnconfirmed: boolean;
  confirm: string[];
  attach: "files" | "zip";
  concurrency: number;
  timeout: number;
}

export function parseDistributeOptions(args: readonly string[], cwd: string): DistributeCliOptions {
  const { values } = parseCommand(DISTRIBUTE, args);
  const attach = values.attach;
  if (!values.help && attach !== "files" && attach !== "zip")
    throw new UsageError(say("cli.attach", { attach: String(attach) }));
  if (!values.help && values["resend-unconfirmed"] && !values.send) throw new UsageError(say("cli.resendWithoutSend"));
  return {
    help: values.help,
    ...sourceFolders(values, cwd),
    outDir: path.resolve(cwd, values.out),
    agenciesFile: path.resolve(cwd, values.agencies ?? path.join(values.content, "agencies.yml")),
    ledgerFile: resolved(cwd, values.ledger),
    iccProfile: resolved(cwd, values["icc-profile"]),
    pendingOnly: values.pending,
    all: values.all,
    send: values.send,
    resendUnconfirmed: values["resend-unconfirmed"],
    confirm: values.confirm,
    attach: attach === "zip" ? "zip" : "files",
    ...renderLimits(values),
  };
}

export type VerifyCliOptions =
  | { help: true }
  | {
      help: false;
      /** The package folder or zip as given, for messages. */
      target: string;
      targetPath: string;
      keyFile: string | undefined;
    };

export function parseVerifyOptions(args: readonly string[], cwd: string): VerifyCliOptions {
  const { values, positionals } = parseCommand(VERIFY, args, true);
  if (values.help) return { help: true };
  const [target, ...rest] = positionals;
  if (!target || rest.length > 0) throw new UsageError(say("cli.verifyOnePackage"));
  return { help: false, target, targetPath: path.resolve(cwd, target), keyFile: resolved(cwd, values["key-file"]) };
}
