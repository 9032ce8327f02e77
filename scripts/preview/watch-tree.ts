import { watch, type FSWatcher } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Watches every folder under the roots, one non-recursive watcher each.
 * Node 20's recursive watcher on Linux follows files, so it loses a file
 * that an editor saves by writing a new file and renaming it over the old
 * one (sed -i, vim, many IDEs); a folder's own watcher sees those renames.
 * Folders created later are picked up on the next event.
 */
export async function watchTree(
  roots: readonly string[],
  onChange: (file: string) => void,
): Promise<{ close(): void }> {
  const watchers = new Map<string, FSWatcher>();

  const add = async (dir: string): Promise<void> => {
    if (watchers.has(dir)) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    try {
      const watcher = watch(dir, (_event, name) => {
        onChange(path.join(dir, name ?? ""));
        void add(dir).then(() => rescan(dir));
      });
      watcher.on("error", () => {
        watcher.close();
        watchers.delete(dir);
      });
      watchers.set(dir, watcher);
    } catch {
      return;
    }
    await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => add(path.join(dir, entry.name))));
  };

  const rescan = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => add(path.join(dir, entry.name))));
  };

  await Promise.all(roots.map(add));
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
