import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { hasCommand } from "../setup/install-system-packages.js";

const run = promisify(execFile);

export interface PdfxOptions {
  /** The Ghostscript executable (findGhostscript). */
  ghostscript: string;
  /** A CMYK ICC profile: the output intent, and the space colours are converted to. */
  iccProfile: string;
  /** The output condition the profile describes, e.g. "FOGRA39" or "Custom". */
  outputCondition: string;
  title: string;
  /** The content's date (YYYY-MM-DD) for CreationDate and ModDate: never the clock. */
  date: string;
  timeout: number;
}

/** Ghostscript's own CMYK profile, shipped with Debian's `ghostscript` package: the default output intent. */
export function defaultIccProfile(): string | undefined {
  const root = "/usr/share/ghostscript";
  if (!existsSync(root)) return undefined;
  for (const version of readdirSync(root).sort().reverse()) {
    const candidate = path.join(root, version, "iccprofiles", "default_cmyk.icc");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Ghostscript's executable: FACTSHEETS_GHOSTSCRIPT if set, else `gs` on the PATH; undefined when there is none. */
export function findGhostscript(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.FACTSHEETS_GHOSTSCRIPT;
  if (configured) return existsSync(configured) ? configured : undefined;
  return hasCommand("gs") ? "gs" : undefined;
}

/**
 * Ghostscript's version, as `gs --version` prints it: part of the print files' keys, so that an upgraded
 * Ghostscript makes them again. Rejects when it does not run.
 */
export async function ghostscriptVersion(ghostscript: string): Promise<string> {
  const { stdout } = await run(ghostscript, ["--version"], { timeout: 10_000 });
  return stdout.trim();
}

function pdfDate(date: string): string {
  return `D:${date.replaceAll("-", "")}000000Z`;
}

/** A PostScript string literal: parentheses and backslashes escaped. */
function psString(text: string): string {
  return `(${text.replace(/[\\()]/g, (character) => `\\${character}`)})`;
}

/**
 * Converts a PDF to PDF/X-3 with Ghostscript: colours to CMYK through the
 * ICC profile, which is embedded as the output intent. Text stays text and
 * fonts stay embedded; TrimBox and BleedBox are kept.
 */
export async function toPdfx(input: Uint8Array, options: PdfxOptions): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "factsheets-pdfx-"));
  try {
    const source = path.join(dir, "in.pdf");
    const target = path.join(dir, "out.pdf");
    const definitions = path.join(dir, "pdfx-def.ps");
    await writeFile(source, input);
    await writeFile(
      definitions,
      [
        "%!",
        `[ /GTS_PDFXVersion (PDF/X-3:2002) /Title ${psString(options.title)} /Trapped /False ` +
          `/CreationDate ${psString(pdfDate(options.date))} ` +
          `/ModDate ${psString(pdfDate(options.date))} /DOCINFO pdfmark`,
        `/ICCProfile ${psString(options.iccProfile)} def`,
        "[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark",
        "[{icc_PDFX} << /N 4 >> /PUT pdfmark",
        "[{icc_PDFX} ICCProfile (r) file /PUT pdfmark",
        "[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark",
        "[{OutputIntent_PDFX} <<",
        "  /Type /OutputIntent /S /GTS_PDFX",
        `  /OutputCondition ${psString(options.outputCondition)}`,
        `  /OutputConditionIdentifier ${psString(options.outputCondition)}`,
        `  /Info ${psString(path.basename(options.iccProfile))}`,
        "  /RegistryName (http://www.color.org)",
        "  /DestOutputProfile {icc_PDFX}",
        ">> /PUT pdfmark",
        "[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark",
        "",
      ].join("\n"),
    );
    await run(
      options.ghostscript,
      [
        "-dBATCH",
        "-dNOPAUSE",
        "-dQUIET",
        "-dSAFER",
        `--permit-file-read=${options.iccProfile}`,
        "-sDEVICE=pdfwrite",
        "-dPDFX=true",
        "-dCompatibilityLevel=1.4",
        "-sColorConversionStrategy=CMYK",
        "-sProcessColorModel=DeviceCMYK",
        `-sOutputICCProfile=${options.iccProfile}`,
        "-dEmbedAllFonts=true",
        "-dSubsetFonts=true",
        "-dAutoRotatePages=/None",
        `-sOutputFile=${target}`,
        definitions,
        source,
      ],
      { timeout: options.timeout },
    );
    return await readFile(target);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
