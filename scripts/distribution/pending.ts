import { WHOLE_REPORT } from "./package-files.js";

export interface SentFiles {
  files: readonly { path: string; group: string | null; kind: string; sha256: string }[];
}

export interface PackageFacts extends SentFiles {
  agency: string;
}

export type Pending =
  | { agency: string; state: "never" }
  | { agency: string; state: "changed"; groups: string[] }
  | { agency: string; state: "current" };

const fileKey = (file: { group: string | null; kind: string }) => `${file.group ?? WHOLE_REPORT}|${file.kind}`;

/**
 * Whether a recipient holds the current files: never received anything, or
 * which groups (or the whole report, `WHOLE_REPORT`) differ from what it last received.
 */
export function pendingOf(current: PackageFacts, received: SentFiles | undefined): Pending {
  if (!received) return { agency: current.agency, state: "never" };
  const before = new Map(received.files.map((file) => [fileKey(file), file.sha256]));
  const now = new Map(current.files.map((file) => [fileKey(file), file.sha256]));
  const groups = new Set<string>();
  for (const [key, sha] of now) if (before.get(key) !== sha) groups.add(key.split("|")[0] ?? "");
  for (const key of before.keys()) if (!now.has(key)) groups.add(key.split("|")[0] ?? "");
  if (groups.size === 0) return { agency: current.agency, state: "current" };
  return { agency: current.agency, state: "changed", groups: [...groups].sort() };
}

/** One agency's state from its recipients' states: never when none has received anything, else the union. */
export function agencyPending(current: PackageFacts, states: readonly Pending[]): Pending {
  if (states.length > 0 && states.every((state) => state.state === "never"))
    return { agency: current.agency, state: "never" };
  const groups = new Set<string>();
  for (const state of states) {
    if (state.state === "changed") for (const group of state.groups) groups.add(group);
    if (state.state === "never") for (const file of current.files) groups.add(file.group ?? WHOLE_REPORT);
  }
  if (groups.size === 0) return { agency: current.agency, state: "current" };
  return { agency: current.agency, state: "changed", groups: [...groups].sort() };
}
