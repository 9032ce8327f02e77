/** How many tones a ladder's steps are drawn in (templates/styles/base.css: --tone-1 … --tone-5). */
export const TONES = 5;

/**
 * The tone a step is filled with when reached: on a ladder, lighter for a lower step and darker for a higher one,
 * spread over the tones whatever the number of steps (1 … TONES), so that "hoog" never looks like "licht"; on a
 * question of kinds side by side, which has no order, 0: the one colour of the house (--brand).
 */
export function stepTone(index: number, count: number, ladder: boolean): number {
  if (!ladder) return 0;
  if (count <= 1) return TONES;
  return 1 + Math.round((index * (TONES - 1)) / (count - 1));
}
