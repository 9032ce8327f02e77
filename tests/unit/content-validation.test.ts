import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadContent } from "../../scripts/content/load-content.js";
import { formatProblems } from "../../scripts/diagnostics/format-problems.js";
import { CONTENT, copyToTemp, FIXTURES, removeTempDirs, ROOT } from "../helpers/paths.js";

afterAll(removeTempDirs);

async function problemsOf(contentDir: string, cwd = ROOT): Promise<string> {
  const result = await loadContent(contentDir);
  return formatProblems(result.files, { cwd, color: false });
}

describe("the real content", () => {
  it("validates, with seven groups in the report's order", async () => {
    const result = await loadContent(CONTENT);
    expect(formatProblems(result.files, { cwd: ROOT, color: false })).toBe("");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.content.groups.map((group) => [
        group.order,
        group.slug,
        group.answers.vulnerability?.step ?? (group.answers.vulnerability ? "no step" : null),
        group.answers.evidence?.step ?? (group.answers.evidence ? "no step" : null),
      ]),
    ).toEqual([
      // No step: the source's words fit none (ISIS and Roma on question 2, the families on question 1).
      [1, "isis", "matig", "no step"],
      [2, "anorexia-nervosa", "licht", "lichte-signalen"],
      [3, "uitbuiting-binnen-families", "no step", "veroordelingen"],
      [4, "roma-kinderen", "hoog", "no step"],
      [5, "productieketens", null, null],
      [6, "lhbt-kinderen", "verhoogd", "geen-bewijs"],
      [7, "syrische-kindbruiden", "redelijk", "geen-signalen"],
    ]);
    expect(result.content.report.questions.map((question) => question.id)).toEqual(["vulnerability", "evidence"]);
    expect(result.content.report.questions[0]?.steps.map((step) => step.id)).toEqual([
      "licht",
      "matig",
      "redelijk",
      "verhoogd",
      "hoog",
    ]);
  });
});

describe("problems in the content", () => {
  it("reports every problem of every file at once, at the YAML node, with why and fix", async () => {
    expect(await problemsOf(path.join(FIXTURES, "bad-content"))).toBe(
      [
        'tests/fixtures/bad-content/groups/isis.md:8:12: error: YAML syntax error: the quote " opened here is never closed [yaml/missing-char]',
        "  why: the front matter and report.yml must be valid YAML before their fields can be read",
        "  fix: check the indentation and the colon after the field name; text with a colon in it goes between quotes",
        "tests/fixtures/bad-content/groups/leeg.md:10:1: error: the group's text is empty [content/empty-body]",
        "  why: every factsheet shows the group's text from the source; an empty one would be published blank",
        "  fix: write the group's text from the source after the closing `---` line",
        'tests/fixtures/bad-content/groups/lhbt-kinderen.md:4:8: error: `order` must be a whole number, but it is the text "two" [schema/wrong-type]',
        "  why: `order` is the group's place in the report (1, 2, 3, …); unique",
        "  fix: write a whole number, e.g. `order: 3`",
        "tests/fixtures/bad-content/groups/lhbt-kinderen.md:7:5: error: unknown field `answers.vulnerability.stpe` [schema/unknown-field]",
        "  why: `answers.vulnerability` may only have the fields `step`, `words`, `source`, `why`",
        "  fix: did you mean `step`? Rename the field",
        'tests/fixtures/bad-content/groups/roma-kinderen.md:3:7: error: the slug "roma-kinderen" is also used by lhbt-kinderen.md [content/duplicate-slug]',
        "  why: the slug names the group's output files, so two groups with one slug would overwrite each other",
        "  fix: give this group its own slug",
        'tests/fixtures/bad-content/groups/roma-kinderen.md:7:11: error: unknown step "hoogg" in the answer to `vulnerability` [content/unknown-step]',
        "  why: a step must be one of the steps of the question `vulnerability` in report.yml: licht, matig, redelijk, verhoogd, hoog",
        '  fix: did you mean "hoog"? Write `step: hoog`',
        "tests/fixtures/bad-content/groups/roma-kinderen.md:11:5: error: missing field `answers.evidence.words` [schema/missing-field]",
        "  why: `answers.evidence.words` is required: the label printed for the answer, made of the source's own words: " +
          "one piece of `source` copied exactly, or several in their order joined by ` … `. It must contain a phrasing " +
          "of its step and every qualifier of the part of the sentence it comes from",
        "  fix: add `words:` here",
        'tests/fixtures/bad-content/groups/syrische-kindbruiden.md:3:7: error: `slug` "Syrische/kindbruiden" is not a valid slug [schema/invalid-slug]',
        "  why: `slug` is the group's file name: output/html/<slug>.html and output/pdf/<slug>.pdf (a-z, 0-9, -)",
        "  fix: write it as `syrische-kindbruiden`",
        "tests/fixtures/bad-content/groups/syrische-kindbruiden.md:9:13: error: `answers.vulnerability.source` is not a sentence of the group's text [content/quote-not-in-text]",
        "  why: every answer must be traceable to the sentence of the source it comes from, so the quote must match the text exactly",
        "  fix: copy the sentence from the text below the front matter, or correct the text if the quote is right",
        "9 errors, 0 warnings",
      ].join("\n"),
    );
  });

  it("points a misspelt step in the real content at its line and column", async () => {
    const dir = await copyToTemp(CONTENT);
    const file = path.join(dir, "groups", "roma-kinderen.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("step: hoog", "step: hoogg"));
    expect(await problemsOf(dir, dir)).toBe(
      [
        'groups/roma-kinderen.md:7:11: error: unknown step "hoogg" in the answer to `vulnerability` [content/unknown-step]',
        "  why: a step must be one of the steps of the question `vulnerability` in report.yml: licht, matig, redelijk, verhoogd, hoog",
        '  fix: did you mean "hoog"? Write `step: hoog`',
        "1 error, 0 warnings",
      ].join("\n"),
    );
  });

  it("reads files with a byte-order mark and CRLF line endings as if they were plain", async () => {
    const dir = await copyToTemp(CONTENT);
    const file = path.join(dir, "groups", "isis.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, `\uFEFF${text.replaceAll("\n", "\r\n")}`);
    const result = await loadContent(dir);
    expect(formatProblems(result.files, { cwd: dir, color: false })).toBe("");
    expect(result.ok).toBe(true);
  });

  it("reports a file that is not UTF-8 at the first bad byte", async () => {
    const dir = await copyToTemp(CONTENT);
    await writeFile(path.join(dir, "groups", "latin1.md"), Buffer.from("---\ntitle: Caf\xe9\n---\n", "latin1"));
    expect(await problemsOf(dir, dir)).toBe(
      [
        "groups/latin1.md:2:11: error: the file is not valid UTF-8 (byte 0xe9 at byte 14) [source/encoding]",
        "  why: sources must be UTF-8 so that letters such as ë and ï come out right",
        "  fix: save the file as UTF-8 in your editor (often 'Save with encoding' → UTF-8)",
        "1 error, 0 warnings",
      ].join("\n"),
    );
  });

  it("refuses images and raw HTML in a group's text, at their position", async () => {
    const dir = await copyToTemp(CONTENT);
    const file = path.join(dir, "groups", "isis.md");
    await appendFile(file, "\n![kaart](https://example.org/kaart.png)\n\n<script>alert(1)</script>\n");
    expect(await problemsOf(dir, dir)).toBe(
      [
        'groups/isis.md:25:1: error: image "https://example.org/kaart.png" cannot be used in a group\'s text [markdown/image]',
        "  why: factsheets carry no images of their own yet, and an image from a web address would be fetched while rendering, which is never allowed",
        "  fix: remove the image; ask the designer to add graphics to the templates instead",
        'groups/isis.md:27:1: error: raw HTML "<script>alert(1)</script>" in a group\'s text [markdown/raw-html]',
        "  why: HTML in the content is removed from every output, so it would silently disappear",
        "  fix: write the text as Markdown (e.g. *emphasis*, **strong**, lists) and remove the HTML tags",
        "2 errors, 0 warnings",
      ].join("\n"),
    );
  });

  it("says where the groups should be when there are none", async () => {
    const dir = await copyToTemp(CONTENT);
    await rm(path.join(dir, "groups"), { recursive: true });
    await mkdir(path.join(dir, "groups"));
    const text = await problemsOf(dir, dir);
    expect(text.split("\n")[0]).toBe(
      `report.yml:1:1: error: no group files found in ${path.join(dir, "groups")} [content/no-groups]`,
    );
  });
});
