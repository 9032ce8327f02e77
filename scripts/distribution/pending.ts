import type { LedgerEntry } from "./ledger.js";

export interface PackageFacts {
  agency: string;
  files: { path: string; group: string | null; kind: string; sha256: string }[];
}

export type Pending = { agency: string; state: "never" } | { agency: string; state: "changed"; groups: string[] } | { agency: string; state: "current" };

/**
 * Whether an agency holds the current files: never received anything, or
 * which groups (or "rapport") differ from what it last received.
 */
export function pendingOf(current: PackageFacts, received: LedgerEntry | undefined): Pending {
  if (!received) return { agency: current.agency, state: "never" };
  const key = (file: { group: string | null; kind: string }) => `${file.group ?? "rapport"}|${file.kind}`;
  const before = new Map(received.files.map((file) => [key(file), file.sha256]));
  const now = new Map(current.files.map((file) => [key(file), file.sha256]));
  const groups = new Set<string>();
  for (const [fileKey, sha] of now) if (before.get(fileKey) !== sha) groups.add(fileKey.split("|")[0] ?? "");
  for (const fileKey of before.keys()) if (!now.has(fileKey)) groups.add(fileKey.split("|")[0] ?? "");
  return groups.size === 0 ? { agency: current.agency, state: "current" } : { agency: current.agency, state: "changed", groups: [...groups].sort() };
}
