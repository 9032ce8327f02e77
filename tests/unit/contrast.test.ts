import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEMPLATES } from "../helpers/paths.js";

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

async function palette(): Promise<Record<string, string>> {
  const css = await readFile(path.join(TEMPLATES, "styles", "base.css"), "utf8");
  return Object.fromEntries(
    [...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((match) => [match[1] ?? "", match[2] ?? ""]),
  );
}

describe("the palette in templates/styles/base.css", () => {
  it.each([
    ["ink", "#ffffff"],
    ["muted", "#ffffff"],
    ["muted", "brand-soft"],
    ["brand", "#ffffff"],
    ["brand", "brand-soft"],
    ["accent", "callout"],
    ["ink", "callout"],
    ["#ffffff", "brand"],
    ["muted", "#f3f5f7"],
  ])("text %s on %s has a contrast of at least 4.5:1 (WCAG 1.4.3)", async (text, background) => {
    const colours = await palette();
    const resolve = (name: string) => (name.startsWith("#") ? name : (colours[name] ?? "missing"));
    expect(contrast(resolve(text), resolve(background))).toBeGreaterThanOrEqual(4.5);
  });

  // The group's step is marked by a pointer in --ink above it, not by the accent outline alone,
  // which is too close to --brand to tell apart in greyscale.
  it.each([
    ["step-edge", "#ffffff"],
    ["step-edge", "brand-soft"],
    ["brand", "#ffffff"],
    ["brand", "brand-soft"],
    ["accent", "brand-soft"],
    ["ink", "brand-soft"],
  ])("graphic part %s against %s has a contrast of at least 3:1 (WCAG 1.4.11)", async (part, background) => {
    const colours = await palette();
    const resolve = (name: string) => (name.startsWith("#") ? name : (colours[name] ?? "missing"));
    expect(contrast(resolve(part), resolve(background))).toBeGreaterThanOrEqual(3);
  });

  it("each tone of a ladder's steps stands out from the page and the panel by 4.5:1, and darkens step by step", async () => {
    const colours = await palette();
    const tones = [1, 2, 3, 4, 5].map((tone) => colours[`tone-${tone}`] ?? "missing");
    for (const tone of tones) {
      expect(contrast(tone, "#ffffff")).toBeGreaterThanOrEqual(4.5);
      expect(contrast(tone, colours["brand-soft"] ?? "missing")).toBeGreaterThanOrEqual(3);
    }
    const luminances = tones.map(luminance);
    expect(luminances).toEqual([...luminances].sort((a, b) => b - a));
    // Next steps differ by at least 1.2:1 between themselves: told apart by lightness, as in greyscale print.
    for (const [index, tone] of tones.slice(1).entries())
      expect(contrast(tone, tones[index] ?? "missing")).toBeGreaterThanOrEqual(1.2);
  });
});
