// Loaded with `node --import` into a CLI child: on exit, prints its peak resident memory (KiB) on stderr.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `max-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
