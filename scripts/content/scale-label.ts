import type { ScaleStep } from "../config/schema.js";

/** The printed label of a scale step, given its id; the id itself if the scale lacks it. */
export function stepLabel(steps: readonly ScaleStep[], id: string): string {
  return steps.find((step) => step.id === id)?.label ?? id;
}

/** A group's grade as printed: its step's label, or the "not graded in the source" words. */
export function gradeLabel(steps: readonly ScaleStep[], grade: string | undefined, notGraded: string): string {
  return grade ? stepLabel(steps, grade) : notGraded;
}
