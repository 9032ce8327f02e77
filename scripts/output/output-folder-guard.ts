import { realpathSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "../diagnostics/errors.js";
import { say } from "../diagnostics/messages.js";

/** A path with every symbolic link resolved, as far as it exists; the rest is appended as given. */
export function resolvedPath(target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      if (current === path.dirname(current)) return absolute;
      missing.push(path.basename(current));
    }
  }
}

/** The home folders of this machine: $HOME, this user's, and every user's in /etc/passwd. */
function homeFolders(): string[] {
  const homes = [os.homedir(), process.env.HOME ?? ""];
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) homes.push(line.split(":")[5] ?? "");
  } catch {
    // no /etc/passwd (Windows): $HOME and os.homedir() are enough
  }
  return [...new Set(homes.filter((home) => home !== "" && home !== "/" && path.isAbsolute(home)).map(resolvedPath))];
}

/** Whether `child` is `parent` or inside it (both resolved paths). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Refuses an output folder a build must never write into: the root folder,
 * a home folder, or a folder inside (or equal to) the content or templates
 * folder. A build writes, replaces and removes files there; in the content
 * folder its CHANGES.md would be read as content and break every later check.
 */
export function checkOutputFolder(outDir: string, contentDir: string, templatesDir: string): void {
  const out = resolvedPath(outDir);
  if (out === path.parse(out).root) throw new UsageError(say("cli.outRoot", { out: outDir }));
  if (homeFolders().includes(out)) throw new UsageError(say("cli.outHome", { out: outDir }));
  for (const [name, dir] of [
    ["content", contentDir],
    ["templates", templatesDir],
  ] as const) {
    if (isInside(out, resolvedPath(dir))) {
      const values = { out: outDir, name: say(`cli.folder.${name}`), dir };
      throw new UsageError(say(out === resolvedPath(dir) ? "cli.outIsSource" : "cli.outInsideSource", values));
    }
  }
}
