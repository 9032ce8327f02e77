#!/usr/bin/env node
import { trace } from "../diagnostics/trace.js";
import { runCli } from "./run-cli.js";

trace("cli: started");

// A closed pipe (`factsheets build | head`) must not crash a build half-way: stop printing, keep building.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

process.exitCode = await runCli(process.argv.slice(2), process.cwd());
