import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfFonts, pdfInfo, pdfText } from "../helpers/pdf.js";
import { removeTempDirs, snapshotTree, tempDir } from "../helpers/paths.js";
import { runCli, type CliRun } from "../helpers/run-cli.js";
import { execFileSync } from "node:child_process";

const MM = 72 / 25.4;
let out: string;
let run: CliRun;

beforeAll(async () => {
  out = await tempDir();
  run = await runCli(["build", "--print", "--format", "pdf", "--out", out]);
});
afterAll(removeTempDirs);

/** `pdfinfo -box` boxes as [x0, y0, x1, y1] in points. */
function boxes(file: string): Record<string, number[]> {
  const text = execFileSync("pdfinfo", ["-box", file], { encoding: "utf8" });
  return Object.fromEntries(
    [...text.matchAll(/^(\w+Box):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/gm)].map((match) => [
      match[1],
      match.slice(2).map(Number),
    ]),
  );
}

describe("build --print", () => {
  it("keeps a text layer without soft hyphens where Ghostscript keeps text", async () => {
    const files = Object.keys(await snapshotTree(out)).filter((file) => file.startsWith("print/"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = pdfText(path.join(out, file));
      expect(text, file).toContain("Zicht op kwetsbaarheid");
      expect(text.includes("\u00AD"), `a soft hyphen in ${file}`).toBe(false);
    }
    expect(pdfText(path.join(out, "print", "roma-kinderen.pdf"))).toContain("voor mensenhandel");
  });

  it("writes a print twin of every PDF", async () => {
    expect(run.code).toBe(0);
    const files = Object.keys(await snapshotTree(out)).filter((file) => file.startsWith("print/"));
    const screen = Object.keys(await snapshotTree(out)).filter((file) => file.startsWith("pdf/"));
    expect(files.sort()).toEqual(screen.map((file) => file.replace(/^pdf\//, "print/")).sort());
    expect(files).toHaveLength(9);
  });

  it("sets the TrimBox to A4 inside a BleedBox 3 mm larger on every side, inside room for crop marks", () => {
    for (const name of ["roma-kinderen", "overzicht", "zicht-op-kwetsbaarheid"]) {
      const box = boxes(path.join(out, "print", `${name}.pdf`));
      const [tx0 = 0, ty0 = 0, tx1 = 0, ty1 = 0] = box.TrimBox ?? [];
      const [bx0 = 0, by0 = 0, bx1 = 0, by1 = 0] = box.BleedBox ?? [];
      const [mx0 = 0, my0 = 0, mx1 = 0, my1 = 0] = box.MediaBox ?? [];
      expect((tx1 - tx0) / MM).toBeCloseTo(210, 0);
      expect((ty1 - ty0) / MM).toBeCloseTo(297, 0);
      for (const bleed of [tx0 - bx0, ty0 - by0, bx1 - tx1, by1 - ty1]) expect(bleed / MM).toBeCloseTo(3, 1);
      for (const room of [bx0 - mx0, by0 - my0, mx1 - bx1, my1 - by1]) expect(room / MM).toBeGreaterThanOrEqual(9);
    }
  });

  it("makes PDF/X-3 with a CMYK output intent, text that stays text and fonts that stay embedded", async () => {
    const file = path.join(out, "print", "roma-kinderen.pdf");
    const bytes = (await readFile(file)).toString("latin1");
    expect(bytes).toContain("/GTS_PDFXVersion(PDF/X-3:2002)");
    expect(bytes).toMatch(/\/OutputIntents\s*\[/);
    expect(bytes).toMatch(/\/S\s*\/GTS_PDFX/);
    expect(bytes).not.toMatch(/\/DeviceRGB/);
    expect(pdfText(file)).toContain("Roma-kinderen");
    expect(pdfText(file)).toContain("op de schaal van de redactie: hoog, stap 5 van 5");
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font.embedded).toBe(true);
    expect(pdfInfo(file).CreationDate).toMatch(/Apr 14 00:00:00 2016/);
  });

  it("keeps the whole report's pages in the print file", () => {
    expect(pdfInfo(path.join(out, "print", "zicht-op-kwetsbaarheid.pdf")).Pages).toBe("11");
  });

  it("says clearly that Ghostscript is missing, a setup problem found before anything is rendered", async () => {
    const dir = await tempDir();
    const result = await runCli(["build", "--print", "--out", dir], undefined, {
      FACTSHEETS_GHOSTSCRIPT: "/nonexistent/gs",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        "factsheets: Ghostscript (gs) was not found (on the PATH, or at FACTSHEETS_GHOSTSCRIPT if set); it makes the PDF/X print files.",
        "Install it (Debian/Ubuntu: sudo apt-get install ghostscript, or npm run setup as root) or build without --print: the screen outputs do not need it.",
        "",
      ].join("\n"),
    );
    expect(await snapshotTree(dir)).toEqual({});
  });
});

describe("the Ghostscript that makes the print files", () => {
  const realGs = execFileSync("sh", ["-c", "command -v gs"], { encoding: "utf8" }).trim();
  /** A Ghostscript that says it is `version` and otherwise is the real one. */
  async function ghostscriptAt(file: string, version: string): Promise<void> {
    const script = `#!/bin/sh\nif [ "$1" = "--version" ]; then echo ${version}; exit 0; fi\nexec ${realGs} "$@"\n`;
    await writeFile(file, script, { mode: 0o755 });
  }

  it("upgraded, makes the print files again, and only those", async () => {
    const gs = path.join(await tempDir(), "gs");
    const folder = await tempDir();
    const printBuild = () =>
      runCli(["build", "--print", "--format", "pdf", "--out", folder], undefined, { FACTSHEETS_GHOSTSCRIPT: gs });
    await ghostscriptAt(gs, "10.00.0");
    expect((await printBuild()).code).toBe(0);
    expect((await printBuild()).stdout).toMatch(/^Niets opnieuw te maken in .+: 18 bestanden ongewijzigd/m);
    await ghostscriptAt(gs, "10.05.1");
    const upgraded = await printBuild();
    expect(upgraded.code).toBe(0);
    expect(upgraded.stdout).toMatch(/^9 bestanden opnieuw gemaakt in .+, 9 ongewijzigd, 0 verwijderd, in /m);
    const rebuilt = upgraded.stdout.split("\n").filter((line) => line.startsWith("✓ "));
    expect(rebuilt.map((line) => line.split(" ")[1]?.split("/")[0])).toEqual(Array(9).fill("print"));
  });

  it("that does not run is a setup problem, said before anything is written", async () => {
    const gs = path.join(await tempDir(), "gs");
    await writeFile(gs, "#!/bin/sh\necho broken >&2\nexit 3\n", { mode: 0o755 });
    const folder = await tempDir();
    const result = await runCli(["build", "--print", "--out", folder], undefined, { FACTSHEETS_GHOSTSCRIPT: gs });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^factsheets: Ghostscript \\(${gs}\\) did not run \\(Command failed: ${gs} --version\\); ` +
          "it makes the PDF/X print files\\.\nReinstall it ",
      ),
    );
    expect(await snapshotTree(folder)).toEqual({});
  });
});
