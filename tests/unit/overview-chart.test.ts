import { describe, expect, it } from "vitest";
import { loadContent, type Content } from "../../scripts/content/load-content.js";
import { loadTemplates } from "../../scripts/templating/load-templates.js";
import { fit, overviewChart, wrap } from "../../scripts/templating/overview-chart.js";
import { CONTENT, TEMPLATES } from "../helpers/paths.js";

async function realContent(): Promise<{ content: Content; strings: Awaited<ReturnType<typeof stringsOf>> }> {
  const loaded = await loadContent(CONTENT);
  if (!loaded.ok) throw new Error("the real content must load");
  return { content: loaded.content, strings: await stringsOf() };
}

async function stringsOf() {
  const templates = await loadTemplates(TEMPLATES, "nl");
  if (!templates.ok) throw new Error("the templates must load");
  return templates.templates.strings;
}

/** Where each group's point sits: [row label, column label], or ["panel", its answer across] beside the rows. */
function placement(chart: ReturnType<typeof overviewChart>): Record<number, [string, string]> {
  return Object.fromEntries(
    chart.points.map((point) => {
      if (point.cx >= chart.panel.x) return [point.number, ["panel", point.notes.map((note) => note.text).join(" ")]];
      const row = chart.rows.find((band) => point.cy >= band.start && point.cy <= band.start + band.size);
      const column = chart.columns.find((band) => point.cx >= band.start && point.cx <= band.start + band.size);
      return [point.number, [row?.label ?? "?", column?.label ?? "?"]];
    }),
  );
}

describe("the overview chart", () => {
  it("places every group on both questions: no step across in the lane column, no step up in the panel beside", async () => {
    const { content, strings } = await realContent();
    const chart = overviewChart(content.report, content.groups, strings);
    expect(chart.rows.map((row) => [row.label, row.lane])).toEqual([
      ["hoog", false],
      ["verhoogd", false],
      ["redelijk", false],
      ["matig", false],
      ["licht", false],
    ]);
    expect(chart.columns.map((column) => [column.label, column.lane])).toEqual([
      ["geen signalen", false],
      ["geen (hard) bewijs", false],
      ["lichte signalen", false],
      ["veroordelingen", false],
      ["zonder stap (vraag 2)", true],
    ]);
    expect(placement(chart)).toEqual({
      1: ["matig", "zonder stap (vraag 2)"],
      2: ["licht", "lichte signalen"],
      3: ["panel", "Vraag 2: veroordelingen"],
      4: ["hoog", "zonder stap (vraag 2)"],
      5: ["panel", "Vraag 2: niet beoordeeld in de bron"],
      6: ["verhoogd", "geen (hard) bewijs"],
      7: ["redelijk", "geen signalen"],
    });
    // The panel stands beside the rows, right of the plot and from its top: never below the lowest step.
    expect(chart.panel.x).toBeGreaterThan(chart.axisWidth + chart.plotWidth);
    expect(chart.panel.lines.map((line) => line.text).join(" ")).toBe("zonder stap (vraag 1)");
    const licht = chart.rows.at(-1)!;
    for (const point of chart.points.filter((candidate) => candidate.cx >= chart.panel.x)) {
      expect(point.cy).toBeLessThan(licht.start + licht.size);
    }
  });

  it("shows an eighth group and a changed step with no change to code or templates", async () => {
    const { content, strings } = await realContent();
    const roma = content.groups.find((group) => group.slug === "roma-kinderen");
    const answer = roma?.answers.vulnerability;
    if (!roma || !answer) throw new Error("Roma-kinderen is graded");
    const groups = [
      ...content.groups.map((group) =>
        group === roma
          ? { ...roma, answers: { ...roma.answers, vulnerability: { ...answer, step: "verhoogd" } } }
          : group,
      ),
      {
        ...roma,
        order: 8,
        slug: "achtste",
        title: "Een achtste groep",
        answers: { vulnerability: { ...answer, step: "licht" }, evidence: null },
      },
    ];
    const chart = overviewChart(content.report, groups, strings);
    expect(placement(chart)[4]).toEqual(["verhoogd", "zonder stap (vraag 2)"]);
    expect(placement(chart)[8]).toEqual(["licht", "zonder stap (vraag 2)"]);
    expect(chart.alt).toContain("8. Een achtste groep: Vraag 1: licht; Vraag 2: niet beoordeeld in de bron.");
  });

  it("stacks groups that share a cell without overlap, and grows the row to hold them", async () => {
    const { content, strings } = await realContent();
    const clones = [1, 2, 3, 4].map((n) => ({
      ...content.groups[3]!,
      order: 10 + n,
      slug: `kloon-${n}`,
      title: `Kloon ${n} met een lange naam die wordt afgebroken`,
    }));
    const chart = overviewChart(content.report, [...content.groups, ...clones], strings);
    const inCell = chart.points
      .filter((point) => [4, 11, 12, 13, 14].includes(point.number))
      .sort((a, b) => a.cy - b.cy);
    for (let index = 1; index < inCell.length; index += 1) {
      const previous = inCell[index - 1]!;
      const current = inCell[index]!;
      expect(current.lines[0]!.y - previous.lines.at(-1)!.y).toBeGreaterThanOrEqual(18);
    }
    const hoog = chart.rows[0]!;
    for (const point of inCell) for (const line of point.lines) expect(line.y).toBeLessThan(hoog.start + hoog.size);
  });

  it("wraps labels at word boundaries", () => {
    expect(wrap("Illegaal in Nederland verblijvende kinderen", 16)).toEqual([
      "Illegaal in",
      "Nederland",
      "verblijvende",
      "kinderen",
    ]);
    expect(wrap("Roma-kinderen", 16)).toEqual(["Roma-kinderen"]);
  });

  it("never cuts a word: a long one breaks only after its own hyphen, or stands whole on its line, set smaller", () => {
    expect(wrap("Kinderen die moeten werken in productieketens", 11)).toEqual([
      "Kinderen",
      "die moeten",
      "werken in",
      "productieketens",
    ]);
    expect(wrap("Syrische-kindbruidenkwestie", 12)).toEqual(["Syrische-", "kindbruidenkwestie"]);
    expect(fit("werken in", 11)).toEqual({ text: "werken in", fontSize: undefined });
    expect(fit("productieketens", 11)).toEqual({ text: "productieketens", fontSize: 13.2 });
  });
});
