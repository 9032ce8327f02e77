#!/usr/bin/env node
import { trace } from "../diagnostics/trace.js";
import { reportError, runCli } from "./run-cli.js";

trace("cli: started");

// A closed pipe (`factsheets build | head`) must not crash a build half-way: stop printing, keep building.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

// An error thrown outside a command's own flow (a timer, a file watcher's callback) is reported like any other.
const argv = process.argv.slice(2);
const crash = (error: unknown) => process.exit(reportError(error, argv));
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

process.exitCode = await runCli(argv, process.cwd());
