import { errorText } from "../distribution/distribution-error.js";
import { verifyKey } from "../distribution/manifest-signature.js";
import { verifyPackage } from "../distribution/verify-package.js";
import { VERIFY } from "./command-declarations.js";
import { commandHelp } from "./help.js";
import { parseVerifyOptions } from "./parse-options.js";

/** `factsheets verify [--key-file FILE] <zip-or-folder>`: exit 0 when every entry matches its manifest, 1 otherwise. */
export async function verifyCommand(args: readonly string[], cwd: string): Promise<number> {
  const options = parseVerifyOptions(args, cwd);
  if (options.help) {
    console.log(commandHelp(VERIFY));
    return 0;
  }
  const { target } = options;
  const key = await verifyKey(options.keyFile);
  let verification;
  try {
    verification = await verifyPackage(options.targetPath, key);
  } catch (error) {
    console.error(
      `factsheets: ${target}: cannot read the package: ${errorText(error)}\n` +
        "  fix: give a package folder or zip as distribute writes it",
    );
    return 1;
  }
  for (const line of verification.lines) console.error(line);
  if (verification.manifestSha256) console.log(`manifest SHA-256: ${verification.manifestSha256}`);
  const signed = key && verification.ok ? ", signed with the given key" : "";
  console.log(
    verification.ok
      ? `${target}: every file matches its manifest${signed}.`
      : `${target}: ${verification.lines.length} ${verification.lines.length === 1 ? "problem" : "problems"}.`,
  );
  return verification.ok ? 0 : 1;
}
