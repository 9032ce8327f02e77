import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli, type Command } from "../../scripts/cli/run-cli.js";
import { SetupError, UsageError } from "../../scripts/diagnostics/errors.js";

/** Runs `runCli` with one command that throws, and returns the exit code and what it printed to stderr. */
async function failingRun(error: unknown, argv: string[]) {
  const printed: string[] = [];
  vi.spyOn(console, "error").mockImplementation((text: unknown) => void printed.push(String(text)));
  const command: Command = () => Promise.reject(error);
  const code = await runCli(argv, "/", { verify: () => Promise.resolve(command) });
  return { code, stderr: printed.join("\n") };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an error that stops a command", () => {
  it("an unexpected one is said to be a bug, with its stack and the command to report", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'sha256')");
    const result = await failingRun(bug, ["verify", "--key-file", "my key.pem", "out/politie.zip"]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    expect(lines[0]).toBe("factsheets: unexpected error: Cannot read properties of undefined (reading 'sha256')");
    expect(lines[1]).toBe("TypeError: Cannot read properties of undefined (reading 'sha256')");
    expect(lines[2]).toMatch(/^ {4}at /);
    expect(lines.at(-1)).toBe(
      "This is a bug in factsheets, not a problem in your content or your command. Please report it, " +
        "with the command that was run (factsheets verify --key-file 'my key.pem' out/politie.zip) " +
        "and the text above.",
    );
  });

  it("something thrown that is not an Error is reported too", async () => {
    const result = await failingRun("lost", ["verify", "x"]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe("factsheets: unexpected error: lost");
  });

  it("the tool's own kinds keep their messages and exit codes", async () => {
    expect(await failingRun(new UsageError("verify: give one package"), ["verify"])).toEqual({
      code: 2,
      stderr: 'factsheets: verify: give one package\nRun "factsheets --help" for usage.',
    });
    expect(await failingRun(new SetupError("no browser"), ["verify"])).toEqual({
      code: 1,
      stderr: "factsheets: no browser",
    });
  });

  it("an unknown command is wrong usage", async () => {
    const result = await failingRun(new Error("never run"), ["verfiy"]);
    expect(result).toEqual({
      code: 2,
      stderr: 'factsheets: unknown command "verfiy"; the commands are verify\nRun "factsheets --help" for usage.',
    });
  });
});
