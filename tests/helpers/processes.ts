import { readdirSync, readFileSync } from "node:fs";

/** The fields of /proc/<pid>/stat after the command name (state, parent id, …); throws if the process is gone. */
function statFields(pid: string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

export interface ProcessInfo {
  pid: number;
  cmdline: string;
}

/** Every live descendant of `root` (children, their children, …), read from /proc. */
export function descendants(root: number): ProcessInfo[] {
  const children = new Map<number, number[]>();
  const commands = new Map<number, string>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const [state, parentField] = statFields(name);
      if (state === "Z") continue;
      const parent = Number(parentField);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
      commands.set(Number(name), readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ").trim());
    } catch {
      // the process ended while we read it
    }
  }
  const found: ProcessInfo[] = [];
  const visit = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      found.push({ pid: child, cmdline: commands.get(child) ?? "" });
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Whether the process exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    return statFields(String(pid))[0] !== "Z";
  } catch {
    return false;
  }
}

/** Waits until `condition` holds, checking every 50 ms; false if it did not within `limit` ms. */
export async function eventually(condition: () => boolean | Promise<boolean>, limit: number): Promise<boolean> {
  for (const end = Date.now() + limit; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (await condition()) return true;
  }
  return condition();
}
