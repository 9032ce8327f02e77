import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CaseResult } from "./bench-result.js";
import type { BenchRun } from "./bench-run.js";
import { writeEditedDocuments, writeFinalDocuments } from "./final-documents.js";
import { prepareMdToPdf } from "./md-to-pdf-reference.js";
import { measureCommand, median } from "./measure-command.js";
import { measurePreviewRoundTrip } from "./preview-round-trip.js";
import { writeSyntheticContent } from "./synthetic-content.js";
import { atLeastRate, atMostRatio, atMostTime, seconds } from "./targets.js";

/** Issue 13's targets. */
export const TARGET = {
  npmUnchangedMs: 500,
  coldMs: 1200,
  coldOverMdToPdf: 0.5,
  groupPdfsMs: 900,
  oneGroupMs: 800,
  documentsPerSecond: 35,
  syntheticSize: 1000,
  memoryGrowth: 1.2,
  previewMs: 300,
  helpMs: 75,
  unchangedCompiledMs: 340,
} as const;

/** The rows measured before this one, by id: md-to-pdf is the reference of later rows. */
export type Earlier = Readonly<Partial<Record<RowId, CaseResult>>>;

/** One row of issue 13's table: its name, its targets (for a row that cannot be measured), how to measure it. */
export interface Row {
  id: RowId;
  name: string;
  targets: readonly string[];
  measure(bench: BenchRun, earlier: Earlier): Promise<CaseResult>;
}

export type RowId = "mdToPdf" | "cold" | "npmRun" | "groupPdfs" | "oneGroup" | "preview" | "help" | "unchanged";

const nothing = async () => undefined;
const within = (ms: number) => `≤ ${ms / 1000} s`;

/** md-to-pdf's median time, where it was measured. */
function mdToPdfMs(earlier: Earlier): number | undefined {
  const mdToPdf = earlier.mdToPdf;
  return mdToPdf && mdToPdf.runs > 0 ? mdToPdf.wallMs.median : undefined;
}

/** The 7 group PDFs by md-to-pdf: the reference of two targets, so measured first. */
const mdToPdfRow: Row = {
  id: "mdToPdf",
  name: "md-to-pdf, the 7 group PDFs (reference)",
  targets: [],
  async measure(bench) {
    const reference = await prepareMdToPdf(bench.options.root, bench.content, path.join(bench.work, "md-to-pdf"));
    if (!reference.ok) throw new Error(reference.reason);
    return {
      ...(await bench.repeat("md-to-pdf", nothing, reference.command, reference.args)),
      name: this.name,
      note: "md-to-pdf 5 on the same Chromium, the 7 group Markdown files (front matter stripped) in one process",
    };
  },
};

const coldRow: Row = {
  id: "cold",
  name: "cold full build, 17 outputs (compiled CLI)",
  targets: [within(TARGET.coldMs), `≤ ${TARGET.coldOverMdToPdf} × md-to-pdf`],
  async measure(bench, earlier) {
    const clean = () => rm(bench.out, { recursive: true, force: true });
    const measured = await bench.repeat("cold", clean, bench.node, [bench.cli, ...bench.buildArgs]);
    return {
      ...measured,
      name: this.name,
      targets: [
        atMostTime(TARGET.coldMs, measured.wallMs.median),
        atMostRatio(TARGET.coldOverMdToPdf, "md-to-pdf", measured.wallMs.median, mdToPdfMs(earlier)),
      ],
    };
  },
};

const npmRunRow: Row = {
  id: "npmRun",
  name: "npm run build, nothing changed (editors' command)",
  targets: [within(TARGET.npmUnchangedMs)],
  async measure(bench) {
    const measured = await bench.repeat("npm run build", nothing, "npm", ["run", "build", "--", ...bench.buildOptions]);
    return {
      ...measured,
      name: this.name,
      targets: [atMostTime(TARGET.npmUnchangedMs, measured.wallMs.median)],
      note: "npm run build -- --content … --out …, through scripts/launch/run.mjs, npm's own start included",
    };
  },
};

const groupPdfsRow: Row = {
  id: "groupPdfs",
  name: "the 7 group PDFs only (--groups-only --format pdf)",
  targets: [within(TARGET.groupPdfsMs)],
  async measure(bench, earlier) {
    const groupsOut = path.join(bench.work, "groups-out");
    const build = [bench.cli, "build", "--content", bench.content, "--out", groupsOut];
    const args = [...build, "--groups-only", "--format", "pdf", ...bench.concurrency];
    const measured = await bench.repeat(
      "7 group PDFs",
      () => rm(groupsOut, { recursive: true, force: true }),
      bench.node,
      args,
    );
    const templates = path.join(bench.options.root, "templates");
    const documents = await writeFinalDocuments(bench.content, templates, path.join(bench.work, "documents-7"));
    const floor = await bench.floorOf("7 group PDFs", documents);
    const reference = mdToPdfMs(earlier);
    const overMdToPdf =
      reference === undefined
        ? "md-to-pdf not measured"
        : `${(measured.wallMs.median / reference).toFixed(2)} × md-to-pdf`;
    return {
      ...measured,
      name: this.name,
      documents: documents.count,
      documentsPerSecond: documents.count / (measured.wallMs.median / 1000),
      floor,
      ratioToFloor: measured.wallMs.median / floor.wallMs,
      targets: [atMostTime(TARGET.groupPdfsMs, measured.wallMs.median)],
      note:
        `${overMdToPdf}; ` +
        `floor: bare Puppeteer on the same 7 final HTML documents, ${bench.options.concurrency} pages at once`,
    };
  },
};

const oneGroupRow: Row = {
  id: "oneGroup",
  name: "one group's text edited, then rebuilt",
  targets: [within(TARGET.oneGroupMs)],
  async measure(bench) {
    const isis = path.join(bench.content, "groups", "isis.md");
    const original = await readFile(isis, "utf8");
    const edited = original.replace("weinig bekend", "nog weinig bekend");
    if (edited === original) throw new Error(`${isis} no longer says "weinig bekend": the row would edit nothing`);
    let toggle = false;
    const editOne = async () => {
      toggle = !toggle;
      await writeFile(isis, toggle ? edited : original);
    };
    try {
      // The floor: the documents of the PDFs this edit makes stale (the group's and the whole report's).
      const templates = path.join(bench.options.root, "templates");
      const edit = () => writeFile(isis, edited);
      const documents = await writeEditedDocuments(
        bench.content,
        templates,
        edit,
        path.join(bench.work, "documents-1"),
      );
      await writeFile(isis, original);
      // Start from a complete build of the current text.
      await measureCommand(bench.node, [bench.cli, ...bench.buildArgs], bench.options.root);
      const measured = await bench.repeat("one group", editOne, bench.node, [bench.cli, ...bench.buildArgs]);
      const floor = await bench.floorOf("one group", documents);
      return {
        ...measured,
        name: this.name,
        documents: documents.count,
        floor,
        ratioToFloor: measured.wallMs.median / floor.wallMs,
        targets: [atMostTime(TARGET.oneGroupMs, measured.wallMs.median)],
        note:
          "groups/isis.md edited (a word added, then taken out again), then the whole build; " +
          `floor: bare Puppeteer on the final HTML documents of the PDFs that this edit makes stale ` +
          `(${documents.outputs.join(", ")}), ${bench.options.concurrency} pages at once`,
      };
    } finally {
      await writeFile(isis, original);
    }
  },
};

const previewRow: Row = {
  id: "preview",
  name: "preview: save a group file → the open tab shows it",
  targets: [within(TARGET.previewMs)],
  async measure(bench) {
    const previewContent = path.join(bench.work, "preview-content");
    await cp(path.join(bench.options.root, "content"), previewContent, { recursive: true });
    const { times, rebuildMs } = await measurePreviewRoundTrip({
      root: bench.options.root,
      cli: bench.cli,
      contentDir: previewContent,
      outDir: path.join(bench.work, "preview-out"),
      runs: bench.options.runs,
      onProgress: bench.options.onProgress,
    });
    const wall = median(times);
    return {
      name: this.name,
      runs: times.length,
      wallMs: { median: wall, min: Math.min(...times), max: Math.max(...times) },
      targets: [atMostTime(TARGET.previewMs, wall)],
      note:
        "factsheets preview on 127.0.0.1, html/isis.html open in a Chromium tab (Puppeteer); " +
        "from the save of groups/isis.md to the reloaded tab's load event with the new sentence in it" +
        (rebuildMs.length > 0
          ? `; of which the preview's rebuild (as it prints it) ${seconds(median(rebuildMs))}, median`
          : ""),
    };
  },
};

const helpRow: Row = {
  id: "help",
  name: "factsheets --help (compiled)",
  targets: [`keep ${within(TARGET.helpMs)}`],
  async measure(bench) {
    const measured = await bench.repeat("help", nothing, bench.node, [bench.cli, "--help"]);
    return {
      ...measured,
      name: this.name,
      targets: [atMostTime(TARGET.helpMs, measured.wallMs.median, { keep: true })],
    };
  },
};

const unchangedRow: Row = {
  id: "unchanged",
  name: "rebuild, nothing changed (compiled CLI)",
  targets: [`keep ${within(TARGET.unchangedCompiledMs)}`],
  async measure(bench) {
    await measureCommand(bench.node, [bench.cli, ...bench.buildArgs], bench.options.root);
    const measured = await bench.repeat("unchanged", nothing, bench.node, [bench.cli, ...bench.buildArgs]);
    return {
      ...measured,
      name: this.name,
      targets: [atMostTime(TARGET.unchangedCompiledMs, measured.wallMs.median, { keep: true })],
    };
  },
};

/** The rows in the order they are measured (md-to-pdf first: it is the reference of later rows). */
export const ROWS: readonly Row[] = [
  mdToPdfRow,
  coldRow,
  npmRunRow,
  groupPdfsRow,
  oneGroupRow,
  previewRow,
  helpRow,
  unchangedRow,
];

/** A synthetic report of `size` groups: its group PDFs built, against the floor on the same documents. */
export function syntheticRow(size: number): Omit<Row, "id"> {
  return {
    name: `synthetic report, ${size} groups, PDFs`,
    targets: size === TARGET.syntheticSize ? [`≥ ${TARGET.documentsPerSecond} docs/s`] : [],
    async measure(bench) {
      const dir = path.join(bench.work, `synthetic-${size}`);
      try {
        return { ...(await measureSynthetic(bench, dir, size)), name: this.name };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

async function measureSynthetic(bench: BenchRun, dir: string, size: number): Promise<CaseResult> {
  const content = path.join(dir, "content");
  const out = path.join(dir, "out");
  await writeSyntheticContent(bench.content, content, size);
  const templates = path.join(bench.options.root, "templates");
  const documents = await writeFinalDocuments(content, templates, path.join(dir, "documents"));
  const args = [bench.cli, "build", "--content", content, "--out", out, "--format", "pdf", "--groups-only"];
  const clean = () => rm(out, { recursive: true, force: true });
  const measured = await bench.repeat(`${size} groups`, clean, bench.node, [...args, ...bench.concurrency]);
  const floor = await bench.floorOf(`${size} groups`, documents);
  const documentsPerSecond = documents.count / (measured.wallMs.median / 1000);
  return {
    ...measured,
    documents: documents.count,
    documentsPerSecond,
    floor,
    ratioToFloor: measured.wallMs.median / floor.wallMs,
    targets:
      size === TARGET.syntheticSize ? [atLeastRate(TARGET.documentsPerSecond, "docs/s", documentsPerSecond)] : [],
  };
}
