import { expect, it } from "vitest";
import { stepTone } from "../../scripts/templating/step-tone.js";

it("spreads a ladder's steps over the five tones, low light and high dark; kinds side by side get one colour", () => {
  const tones = (count: number, ladder: boolean) =>
    Array.from({ length: count }, (_, index) => stepTone(index, count, ladder));
  expect(tones(5, true)).toEqual([1, 2, 3, 4, 5]);
  expect(tones(3, true)).toEqual([1, 3, 5]);
  expect(tones(7, true)).toEqual([1, 2, 2, 3, 4, 4, 5]);
  expect(tones(1, true)).toEqual([5]);
  expect(tones(4, false)).toEqual([0, 0, 0, 0]);
});
