import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian packages the tool and its tests need, with the command each provides. */
export const SYSTEM_PACKAGES = [
  { name: "chromium", provides: "chromium", purpose: "renders the PDF infographics" },
  {
    name: "poppler-utils",
    provides: "pdfinfo",
    purpose: "reads PDFs back in the tests (pdfinfo, pdffonts, pdftotext, pdftoppm)",
  },
  { name: "ghostscript", provides: "gs", purpose: "makes the PDF/X print files (build --print)" },
  {
    name: "strace",
    provides: "strace",
    purpose: "slows chosen system calls in the fault tests, to kill a build at the worst moment",
  },
] as const;

export function hasCommand(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && existsSync("/etc/debian_version") && hasCommand("apt-get");
}

/** Installs Debian packages with apt-get; only called as root on Debian or Ubuntu. */
export function aptInstall(names: readonly string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...names], { stdio: "inherit", env });
}
