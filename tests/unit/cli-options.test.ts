import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { COMMANDS, type CommandDeclaration } from "../../scripts/cli/command-declarations.js";
import { commandHelp, HELP_TRANSLATIONS, helpFor, mainHelp } from "../../scripts/cli/help.js";
import { speak } from "../../scripts/diagnostics/language.js";
import {
  parseBuildOptions,
  parseDistributeOptions,
  parsePreviewOptions,
  parseVerifyOptions,
} from "../../scripts/cli/parse-options.js";
import { UsageError } from "../../scripts/diagnostics/errors.js";
import { removeTempDirs, ROOT, tempDir } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { startTraced } from "../helpers/strace.js";

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

/** The part of a bundle file's source map that names the sources it was made from. */
const SourceMap = z.object({ sources: z.array(z.string()) });

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
      // On the command line, in the language of the report in ./content: Dutch (verify speaks LANG's: English).
      speak(name === "verify" ? "en" : "nl");
      const dutch = commandHelp(command);
      speak("en");
      expect(dutch).toContain(`${name === "verify" ? "Usage" : "Gebruik"}: factsheets ${name} `);
      expect(dutch.split("\n").every((line) => line.length <= 100)).toBe(true);
      const run = await runCli([name, "--help"]);
      expect(run).toEqual({ code: 0, stdout: `${dutch}\n`, stderr: "" });
    },
  );

  it("has every text of the declarations and the main help in Dutch, and no other", () => {
    const texts = new Set<string>([
      "factsheets: Markdown sources to HTML factsheets and PDF infographics",
      "Usage",
      "Commands",
      "Options",
      "show help (also after a command: factsheets build --help)",
      "show the version",
      "Exit codes: 0 success, 1 content problems or a failed render, 2 wrong usage.",
      "default",
    ]);
    for (const command of COMMANDS) {
      for (const text of [command.summary, command.about, command.notes, ...Object.values(command.refused ?? {})])
        if (text !== undefined) texts.add(text);
      for (const option of Object.values(command.options)) {
        texts.add(option.help);
        if (option.defaultText !== undefined) texts.add(option.defaultText);
      }
    }
    expect(Object.keys(HELP_TRANSLATIONS.nl ?? {}).sort()).toEqual([...texts].sort());
    speak("nl");
    expect(mainHelp().split("\n").slice(0, 3)).toEqual([
      "factsheets: van Markdown-bronnen naar HTML-factsheets en PDF-infographics",
      "",
      "Gebruik: factsheets <command> [options]",
    ]);
    speak("en");
  });

  it("is answered from the declarations alone, with the same text and exit code as the command's own parser", () => {
    expect(helpFor([])).toEqual({ text: mainHelp(), exitCode: 2 });
    for (const word of ["-h", "--help", "help"])
      expect(helpFor([word, "build"])).toEqual({ text: mainHelp(), exitCode: 0 });
    for (const command of COMMANDS)
      for (const flag of ["--help", "-h"]) {
        expect(helpFor([command.name, flag])).toEqual({ text: commandHelp(command), exitCode: 0 });
        expect(command.options.help).toMatchObject({ kind: "flag", short: "h" });
      }
    // Anything else is the command's: its parser checks every option, and answers --help among others.
    for (const argv of [
      ["build"],
      ["build", "--help", "--out"],
      ["build", "--out", "x", "--help"],
      ["bogus", "--help"],
    ])
      expect(helpFor(argv)).toBeUndefined();
    expect(parseBuildOptions(["--out", "x", "--help"], cwd).help).toBe(true);
  });

  it.each([[["--help"]], [[]], [["build", "--help"]], [["verify", "-h"]]])(
    "factsheets %j loads only the entry, the help and the declarations: no command, no error class",
    async (args: string[]) => {
      const log = path.join(await tempDir(), "strace.log");
      const run = await startTraced(["-e", "trace=openat"], args, {}, log).done;
      expect(run.code).toBe(args.length === 0 ? 2 : 0);
      const bundle = path.join(ROOT, "dist", "bundle");
      const opened = new Set(
        (await readFile(log, "utf8"))
          .split("\n")
          .filter((line) => !line.includes(" = -1 "))
          .flatMap((line) => /"([^"]+\.js)"/.exec(line)?.[1] ?? [])
          .filter((file) => path.dirname(file) === bundle),
      );
      const sources = new Set<string>();
      for (const file of opened) {
        const map = SourceMap.parse(JSON.parse(await readFile(`${file}.map`, "utf8")));
        for (const source of map.sources) sources.add(path.relative(ROOT, path.resolve(bundle, source)));
      }
      // And what tells the language to speak: the report's, read from its report.yml, or LANG's.
      expect([...sources].sort()).toEqual([
        "scripts/cli/command-declarations.ts",
        "scripts/cli/command-line-language.ts",
        "scripts/cli/factsheets.ts",
        "scripts/cli/help.nl.json",
        "scripts/cli/help.ts",
        "scripts/content/content-language.ts",
        "scripts/diagnostics/language.ts",
        "scripts/diagnostics/trace.ts",
      ]);
    },
  );

  it("the main help lists every command", () => {
    const listed = mainHelp()
      .split("\n")
      .filter((line) => /^ {2}[a-z]+ {2,}/.test(line));
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
    expect(distribute.stderr).toMatch(/^factsheets: distribute: onbekende optie --pendng; bedoelt u --pending\? /);
    expect(distribute.stderr).toMatch(/\nZie "factsheets --help" voor het gebruik\.\n$/);
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
