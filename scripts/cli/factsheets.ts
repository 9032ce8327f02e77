#!/usr/bin/env node
import { trace } from "../diagnostics/trace.js";
import { speakCommandLineLanguage } from "./command-line-language.js";
import { helpFor } from "./help.js";

trace("cli: started");

// A closed pipe (`factsheets build | head`) must not crash a build half-way: stop printing, keep building.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

const argv = process.argv.slice(2);
// Once, before anything is said (the help included): the language of the report the command works on.
await speakCommandLineLanguage(argv, process.cwd());
// Help is answered from the declarations alone: no command and no error class is loaded for it.
const help = helpFor(argv);
if (help) {
  console.log(help.text);
  process.exitCode = help.exitCode;
} else {
  const { reportError, runCli } = await import("./run-cli.js");
  // An error thrown outside a command's own flow (a timer, a file watcher's callback) is reported like any other.
  const crash = (error: unknown) => process.exit(reportError(error, argv));
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  process.exitCode = await runCli(argv, process.cwd());
}
