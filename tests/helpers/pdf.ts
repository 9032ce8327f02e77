import { execFileSync } from "node:child_process";

/** `pdfinfo` fields as a record. */
export function pdfInfo(file: string): Record<string, string> {
  const text = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.includes(":"))
      .map((line) => {
        const index = line.indexOf(":");
        return [line.slice(0, index).trim(), line.slice(index + 1).trim()];
      }),
  );
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

/** `pdffonts` rows. */
export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    // name, type (one or two words), encoding, emb, sub, uni, object, ID
    const [emb] = columns.slice(-5);
    return { name: columns[0] ?? "", type: columns.slice(1, -6).join(" "), embedded: emb === "yes" };
  });
}

/** The PDF's text (or one page's) as poppler extracts it, white space collapsed (soft hyphens are not hidden). */
export function pdfText(file: string, page?: number): string {
  return pdfLines(file, page).replace(/\s+/g, " ");
}

/** The PDF's text (or one page's) as poppler extracts it, with its line breaks. */
export function pdfLines(file: string, page?: number): string {
  const pages = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync("pdftotext", ["-enc", "UTF-8", ...pages, file, "-"], { encoding: "utf8" });
}
