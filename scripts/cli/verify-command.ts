import path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../diagnostics/errors.js";
import { errorText } from "../distribution/distribution-error.js";
import { verifyKey } from "../distribution/manifest-signature.js";
import { verifyPackage } from "../distribution/verify-package.js";
import { VERIFY_HELP } from "./help.js";

/** `factsheets verify [--key-file FILE] <zip-or-folder>`: exit 0 when every entry matches its manifest, 1 otherwise. */
export async function verifyCommand(args: readonly string[], cwd: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h", default: false }, "key-file": { type: "string" } },
    });
  } catch (error) {
    throw new UsageError(`verify: ${errorText(error)}`);
  }
  if (parsed.values.help) {
    console.log(VERIFY_HELP);
    return 0;
  }
  const [target, ...rest] = parsed.positionals;
  if (!target || rest.length > 0)
    throw new UsageError(
      "verify: give one package, a folder or a zip: factsheets verify output/distribution/politie.zip",
    );
  const keyFile = parsed.values["key-file"];
  const key = await verifyKey(keyFile === undefined ? undefined : path.resolve(cwd, keyFile));
  let verification;
  try {
    verification = await verifyPackage(path.resolve(cwd, target), key);
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
