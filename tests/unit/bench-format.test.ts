import { describe, expect, it } from "vitest";
import type { BenchResult } from "../../scripts/bench/bench-result.js";
import { formatResults } from "../../scripts/bench/format-results.js";
import { atLeastRate, atMostRatio, atMostTime, metLabel } from "../../scripts/bench/targets.js";

describe("the bench's targets", () => {
  it("meets a time target at the limit and misses it above", () => {
    expect(atMostTime(500, 500)).toEqual({ target: "≤ 0.5 s", measured: "0.500 s", met: true });
    expect(atMostTime(500, 500.1)).toEqual({ target: "≤ 0.5 s", measured: "0.500 s", met: false });
    expect(atMostTime(75, 80, { keep: true })).toEqual({ target: "keep ≤ 0.075 s", measured: "0.080 s", met: false });
  });

  it("evaluates a ratio to a reference, and says so when the reference was not measured", () => {
    expect(atMostRatio(0.5, "md-to-pdf", 1200, 2520)).toEqual({
      target: "≤ 0.5 × md-to-pdf",
      measured: "0.48 ×",
      met: true,
    });
    expect(atMostRatio(0.5, "md-to-pdf", 1880, 2520)).toEqual({
      target: "≤ 0.5 × md-to-pdf",
      measured: "0.75 ×",
      met: false,
    });
    const missing = atMostRatio(0.5, "md-to-pdf", 1200, undefined);
    expect(missing).toEqual({ target: "≤ 0.5 × md-to-pdf", measured: "md-to-pdf not measured", met: undefined });
    expect(metLabel(missing)).toBe("?");
  });

  it("evaluates a rate from below", () => {
    expect(atLeastRate(35, "docs/s", 18.5)).toEqual({ target: "≥ 35 docs/s", measured: "18.5 docs/s", met: false });
    expect(atLeastRate(35, "docs/s", 35)).toEqual({ target: "≥ 35 docs/s", measured: "35.0 docs/s", met: true });
  });
});

describe("the bench's table", () => {
  it("puts every target beside its case, one line each, with the load, notes, where the floor's time goes, the count met and the machine", () => {
    const result: BenchResult = {
      date: "2026-11-29T12:00:00.000Z",
      machine: { cpus: 2, memoryGiB: 24, node: "v20.20.2", loadAverage: { start: [1, 0.5, 0.25], end: [2, 1, 0.5] } },
      cases: [
        {
          name: "cold full build",
          runs: 3,
          wallMs: { median: 1880, min: 1800, max: 2000 },
          peakRssMiB: { median: 512.4, max: 530 },
          targets: [atMostTime(1200, 1880), atMostRatio(0.5, "md-to-pdf", 1880, 2520)],
          loadAtStart: 0.5,
        },
        {
          name: "1,000 groups",
          runs: 3,
          wallMs: { median: 40_000, min: 39_000, max: 41_000 },
          peakRssMiB: { median: 800, max: 810 },
          documents: 1000,
          documentsPerSecond: 25,
          floor: {
            wallMs: 20_000,
            peakRssMiB: 700,
            documentsPerSecond: 50,
            launchMs: 450,
            firstOnPageMs: 400,
            reusedPageMs: 38,
            slowestMs: 612,
          },
          loadAtStart: 1.25,
          ratioToFloor: 2,
          targets: [atLeastRate(35, "docs/s", 25)],
        },
        {
          name: "preview",
          runs: 0,
          wallMs: { median: Number.NaN, min: Number.NaN, max: Number.NaN },
          targets: [{ target: "≤ 0.3 s", measured: "not measured", met: undefined }],
          note: "not measured: no browser",
        },
        {
          name: "help",
          runs: 3,
          wallMs: { median: 70, min: 60, max: 90 },
          peakRssMiB: { median: 8, max: 9 },
          targets: [atMostTime(75, 70, { keep: true })],
        },
      ],
    };
    expect(formatResults(result)).toBe(
      [
        "case             runs  median    min … max            peak memory  docs/s  floor                       × floor  target             measured      met  load",
        "---------------  ----  --------  -------------------  -----------  ------  --------------------------  -------  -----------------  ------------  ---  ----",
        "cold full build  3     1.880 s   1.800 s … 2.000 s    512 MiB                                                   ≤ 1.2 s            1.880 s       NO   0.5",
        "                                                                                                                ≤ 0.5 × md-to-pdf  0.75 ×        NO",
        "1,000 groups     3     40.000 s  39.000 s … 41.000 s  800 MiB      25.0    20.000 s (50.0/s, 700 MiB)  2.00     ≥ 35 docs/s        25.0 docs/s   NO   1.3",
        "preview          0     –         – … –                                                                          ≤ 0.3 s            not measured  ?",
        "help             3     0.070 s   0.060 s … 0.090 s    8 MiB                                                     keep ≤ 0.075 s     0.070 s       yes",
        "",
        "1,000 groups, floor: Chromium's launch 0.450 s; a document (setContent to PDF bytes, median) 0.400 s first on a new page, 0.038 s on a reused one, the slowest 0.612 s",
        "preview: not measured: no browser",
        "",
        "targets met: 1 of 5 (1 not measured)",
        "machine: 2 cores, 24 GiB, Node v20.20.2; load average 1.00 0.50 0.25 at the start, 2.00 1.00 0.50 at the end",
        "wall time of the whole process, median of the runs; peak memory (PSS) of the whole process tree, Chromium included; load: the 1-minute load average when the case started",
      ].join("\n"),
    );
  });
});
