import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, type CommandDeclaration } from "../../scripts/cli/command-declarations.js";
import { commandHelp, MAIN_HELP } from "../../scripts/cli/help.js";
import {
  parseBuildOptions,
  parseDistributeOptions,
  parsePreviewOptions,
  parseVerifyOptions,
} from "../../scripts/cli/parse-options.js";
import { UsageError } from "../../scripts/diagnostics/errors.js";
import { removeTempDirs, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";

let cwd: string;
beforeAll(async () => {
  cwd = await tempDir();
});
afterAll(removeTempDirs);

/** The usage error a parse throws, or a failure when it throws none. */
function usageError(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("expected a usage error");
}

const words = (text: string) => text.split(/\s+/).join(" ");

describe("every command's --help", () => {
  it.each(COMMANDS.map((command) => [command.name, command] as const))(
    "%s --help is its declaration's help, naming every declared option with its text and default",
    async (name, command: CommandDeclaration) => {
      const help = commandHelp(command);
      for (const [option, declared] of Object.entries(command.options)) {
        expect(help).toMatch(new RegExp(`^ {2}(-${declared.short}, )?--${option}\\b`, "m"));
        expect(words(help)).toContain(words(declared.help));
        const fallback = declared.defaultText ?? declared.default;
        if (fallback !== undefined) expect(words(help)).toContain(`${words(declared.help)} (default: ${fallback})`);
      }
      expect(help.split("\n").every((line) => line.length <= 100)).toBe(true);
      const run = await runCli([name, "--help"]);
      expect(run).toEqual({ code: 0, stdout: `${help}\n`, stderr: "" });
    },
  );

  it("the main help lists every command", () => {
    const listed = MAIN_HELP.split("\n").filter((line) => /^ {2}[a-z]+ {2,}/.test(line));
    expect(listed.map((line) => line.trim().split(/ {2,}/))).toEqual(
      COMMANDS.map((command) => [command.name, command.summary]),
    );
  });
});

describe("unknown options", () => {
  it("distribute names the closest option", () => {
    expect(usageError(() => parseDistributeOptions(["--concurency", "4"], cwd))).toBe(
      "distribute: unknown option --concurency; did you mean --concurrency? (options: --help, --content, " +
        "--templates, --out, --concurrency, --timeout, --agencies, --ledger, --icc-profile, --pending, --all, " +
        "--send, --resend-unconfirmed, --confirm, --attach)",
    );
  });

  it("verify names the closest option", () => {
    expect(usageError(() => parseVerifyOptions(["--keyfile", "k.pem", "p.zip"], cwd))).toBe(
      "verify: unknown option --keyfile; did you mean --key-file? (options: --help, --key-file)",
    );
  });

  it("on the command line: exit code 2 and the hint, for distribute and verify", async () => {
    const distribute = await runCli(["distribute", "--pendng"]);
    expect(distribute.code).toBe(2);
    expect(distribute.stderr).toMatch(/^factsheets: distribute: unknown option --pendng; did you mean --pending\? /);
    expect(distribute.stderr).toMatch(/\nRun "factsheets --help" for usage\.\n$/);
    const verify = await runCli(["verify", "--key-fil", "k.pem", "p.zip"]);
    expect(verify.code).toBe(2);
    expect(verify.stderr.split("\n")[0]).toBe(
      "factsheets: verify: unknown option --key-fil; did you mean --key-file? (options: --help, --key-file)",
    );
  });

  it("the preview says its own name, and why it refuses --print", () => {
    expect(usageError(() => parsePreviewOptions(["--prot", "80"], cwd))).toMatch(
      /^preview: unknown option --prot; did you mean --port\? /,
    );
    expect(usageError(() => parsePreviewOptions(["--print"], cwd))).toBe(
      "preview: --print is not available in the preview; run factsheets build --print",
    );
  });
});

describe("declared values", () => {
  it("distribute takes --concurrency and --timeout, by default the build's 2 and 30 s", () => {
    expect(parseDistributeOptions([], cwd)).toMatchObject({ concurrency: 2, timeout: 30_000 });
    expect(parseBuildOptions([], cwd)).toMatchObject({ concurrency: 2, timeout: 30_000 });
    expect(parseDistributeOptions(["--concurrency", "4", "--timeout=90"], cwd)).toMatchObject({
      concurrency: 4,
      timeout: 90_000,
    });
    expect(usageError(() => parseDistributeOptions(["--concurrency", "0"], cwd))).toBe(
      "--concurrency 0: expected a whole number from 1 to 16",
    );
  });

  it("distribute's paths: the agencies and the ledger beside the content unless given", () => {
    const options = parseDistributeOptions(
      ["--content", "c", "--ledger", "l.jsonl", "--confirm", "a", "--confirm", "b"],
      cwd,
    );
    expect(options).toMatchObject({
      contentDir: path.join(cwd, "c"),
      agenciesFile: path.join(cwd, "c", "agencies.yml"),
      ledgerFile: path.join(cwd, "l.jsonl"),
      confirm: ["a", "b"],
      attach: "files",
    });
    expect(parseDistributeOptions([], cwd).ledgerFile).toBeUndefined();
    expect(usageError(() => parseDistributeOptions(["--attach", "tar"], cwd))).toBe(
      "distribute: --attach tar: use files or zip",
    );
  });

  it("the preview's --port is parsed with the other options, in both spellings", () => {
    expect(parsePreviewOptions(["--port=0", "--only", "isis"], cwd)).toMatchObject({ port: 0, only: ["isis"] });
    expect(parsePreviewOptions(["--port", "8080"], cwd).port).toBe(8080);
    expect(parsePreviewOptions([], cwd).port).toBe(4173);
    expect(usageError(() => parsePreviewOptions(["--port", "http"], cwd))).toBe(
      "--port http: expected a whole number from 0 to 65535",
    );
  });

  it("verify takes one package and an optional key", () => {
    expect(parseVerifyOptions(["--key-file", "k.pem", "p.zip"], cwd)).toEqual({
      help: false,
      target: "p.zip",
      targetPath: path.join(cwd, "p.zip"),
      keyFile: path.join(cwd, "k.pem"),
    });
    expect(usageError(() => parseVerifyOptions(["a.zip", "b.zip"], cwd))).toMatch(/^verify: give one package/);
  });
});
