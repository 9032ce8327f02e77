import path from "node:path";
import { UsageError } from "../diagnostics/errors.js";
import { verifyPackage } from "../distribution/verify-package.js";
import { VERIFY_HELP } from "./help.js";

/** `factsheets verify <zip-or-folder>`: exit 0 when every file matches its manifest, 1 otherwise. */
export async function verifyCommand(args: readonly string[], cwd: string): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(VERIFY_HELP);
    return 0;
  }
  const [target, ...rest] = args;
  if (!target || rest.length > 0 || target.startsWith("-")) throw new UsageError("verify: give one package, a folder or a zip: factsheets verify output/distribution/politie.zip");
  const resolved = path.resolve(cwd, target);
  let verification;
  try {
    verification = await verifyPackage(resolved);
  } catch (error) {
    console.error(`factsheets: cannot read the package ${target}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  for (const line of verification.lines) console.error(line);
  if (verification.manifestSha256) console.log(`manifest SHA-256: ${verification.manifestSha256}`);
  console.log(verification.ok ? `${target}: every file matches its manifest.` : `${target}: ${verification.lines.length} ${verification.lines.length === 1 ? "problem" : "problems"}.`);
  return verification.ok ? 0 : 1;
}
