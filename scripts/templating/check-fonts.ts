import type { VFile } from "vfile";
import { problem } from "../diagnostics/messages.js";
import { addProblem, type Point } from "../diagnostics/problem.js";

/** The families every browser has under these names: never missing. */
const GENERIC = new Set([
  "serif",
  "sans-serif",
  "monospace",
  "cursive",
  "fantasy",
  "system-ui",
  "ui-serif",
  "ui-sans-serif",
  "ui-monospace",
  "ui-rounded",
  "math",
  "emoji",
  "fangsong",
  "inherit",
  "initial",
  "unset",
  "revert",
  "revert-layer",
]);

/** `font-family: …`, a custom property named for a font (`--font: …`), or `@font-face { font-family: … }`. */
const DECLARATION =
  /(@font-face\s*\{[^}]*?)?(?:^|[;{\s"'])(font-family|--font[\w-]*)\s*:\s*((?:"[^"\n]*"|'[^'\n]*'|[^;}"'\n<])*)/g;

/**
 * The typefaces the templates name, checked before anything renders: a family the tool does not bundle (and no
 * @font-face of the templates declares) would be replaced by the browser without a word, and the text, set in
 * another font, would then run past its page in every document, which blames the content. Each such family is a
 * problem at its place in the style sheet or template.
 */
export function checkFonts(files: readonly VFile[], bundled: readonly string[]): void {
  const uses = files.flatMap((file) => familiesIn(file));
  const declared = new Set([...bundled, ...uses.filter((use) => use.declares).map((use) => use.family)]);
  const available = [...declared].map((family) => `"${family}"`).join(", ");
  for (const use of uses) {
    if (use.declares || declared.has(use.family)) continue;
    addProblem(use.file, { ...problem("template/missing-font", { family: use.family, available }), place: use.place });
  }
}

interface FamilyUse {
  file: VFile;
  family: string;
  place: Point;
  /** Named by an @font-face rule: the family is declared there, not used. */
  declares: boolean;
}

function familiesIn(file: VFile): FamilyUse[] {
  const text = String(file.value);
  const uses: FamilyUse[] = [];
  for (const match of text.matchAll(DECLARATION)) {
    const [whole, fontFace, , value = ""] = match;
    // The value's own text, as written: its place is where the declaration's value starts.
    const valueStart = match.index + whole.length - value.length;
    for (const { family, offset } of familyNames(value)) {
      uses.push({ file, family, place: pointOf(text, valueStart + offset), declares: fontFace !== undefined });
    }
  }
  return uses;
}

/** The family names of a font-family value, each with its offset in the value; generic names and var() left out. */
function familyNames(value: string): { family: string; offset: number }[] {
  const names: { family: string; offset: number }[] = [];
  for (const part of value.matchAll(/[^,]+/g)) {
    const raw = part[0];
    const lead = raw.length - raw.trimStart().length;
    const name = raw.trim().replace(/\s*!important$/, "");
    if (name === "" || /^var\(|^\{\{/.test(name)) continue;
    const unquoted = name.replace(/^(["'])(.*)\1$/, "$2").trim();
    if (GENERIC.has(unquoted.toLowerCase())) continue;
    names.push({ family: unquoted, offset: part.index + lead });
  }
  return names;
}

function pointOf(text: string, offset: number): Point {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
