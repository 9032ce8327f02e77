import { existsSync } from "node:fs";
import { SetupError } from "../diagnostics/errors.js";
import { fileSha256 } from "../output/file-hash.js";
import { defaultIccProfile, findGhostscript, ghostscriptVersion } from "./pdfx.js";

/** What the print files (--print) are made with: Ghostscript and a CMYK ICC profile. */
export interface PrintSettings {
  ghostscript: string;
  iccProfile: string;
  /** Ghostscript and its version, the profile and the profile's bytes, for the print files' cache keys. */
  identity: string;
}

/**
 * Finds Ghostscript and the ICC profile before anything is read or rendered.
 * A missing one is a problem of the machine's setup (SetupError, exit code 1),
 * said with how to solve it, never a document's failure.
 */
export async function printSettings(iccProfile: string | undefined): Promise<PrintSettings> {
  const ghostscript = findGhostscript();
  if (!ghostscript) {
    throw new SetupError(
      "Ghostscript (gs) was not found (on the PATH, or at FACTSHEETS_GHOSTSCRIPT if set); " +
        "it makes the PDF/X print files.\n" +
        "Install it (Debian/Ubuntu: sudo apt-get install ghostscript, or npm run setup as root) " +
        "or build without --print: the screen outputs do not need it.",
    );
  }
  const profile = iccProfile ?? defaultIccProfile();
  if (!profile) {
    throw new SetupError(
      "no CMYK ICC profile found for the print files; pass one with --icc-profile FILE " +
        "(Ghostscript's iccprofiles/default_cmyk.icc is used when present)",
    );
  }
  if (!existsSync(profile)) {
    throw new SetupError(
      `the ICC profile ${profile} does not exist; pass an existing CMYK profile with --icc-profile FILE`,
    );
  }
  const version = await ghostscriptVersion(ghostscript).catch((error: unknown) => {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new SetupError(
      `Ghostscript (${ghostscript}) did not run (${why}); it makes the PDF/X print files.\n` +
        "Reinstall it (Debian/Ubuntu: sudo apt-get install --reinstall ghostscript) " +
        "or build without --print: the screen outputs do not need it.",
    );
  });
  const identity = `${ghostscript}:${version}:${profile}:${await fileSha256(profile)}`;
  return { ghostscript, iccProfile: profile, identity };
}
