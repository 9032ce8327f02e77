import { markedContentId, PAINTING, type Operation } from "./content-stream.js";

/** How one painting operation of a page is marked: as real content (its MCID), as an artifact, or not at all. */
export type Marking =
  | { kind: "tagged"; mcid: number }
  | { kind: "artifact" }
  | { kind: "untagged" }
  /** An artifact inside tagged content, or tagged content inside an artifact (Matterhorn 01-003, 01-004). */
  | { kind: "artifact-in-tagged" }
  | { kind: "tagged-in-artifact" };

interface Open {
  artifact: boolean;
  mcid: number | undefined;
}

/**
 * Each painting operation's marking, in stream order, with its index in `operations`. A sequence is an artifact
 * when its tag is /Artifact; it is real content when it or a sequence around it carries an MCID.
 */
export function paintingMarkings(operations: readonly Operation[]): { index: number; marking: Marking }[] {
  const stack: Open[] = [];
  const result: { index: number; marking: Marking }[] = [];
  operations.forEach(({ operator, operands }, index) => {
    if (operator === "BMC" || operator === "BDC") {
      stack.push({
        artifact: operands[0] === "/Artifact",
        mcid: operator === "BDC" ? markedContentId(operands[1]) : undefined,
      });
    } else if (operator === "EMC") {
      stack.pop();
    } else if (PAINTING.has(operator)) {
      result.push({ index, marking: markingOf(stack) });
    }
  });
  return result;
}

function markingOf(stack: readonly Open[]): Marking {
  const artifactAt = stack.findIndex((open) => open.artifact);
  const taggedAt = stack.findIndex((open) => open.mcid !== undefined);
  if (artifactAt >= 0 && taggedAt >= 0)
    return artifactAt < taggedAt ? { kind: "tagged-in-artifact" } : { kind: "artifact-in-tagged" };
  if (artifactAt >= 0) return { kind: "artifact" };
  const tagged = stack[taggedAt];
  if (tagged?.mcid !== undefined) return { kind: "tagged", mcid: tagged.mcid };
  return { kind: "untagged" };
}

/** Whether every BMC/BDC of the stream has its EMC and no EMC closes what was not opened. */
export function markedContentBalanced(operations: readonly Operation[]): boolean {
  let depth = 0;
  for (const { operator } of operations) {
    if (operator === "BMC" || operator === "BDC") depth += 1;
    else if (operator === "EMC" && --depth < 0) return false;
  }
  return depth === 0;
}
