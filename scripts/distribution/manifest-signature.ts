import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DistributionError, errorText } from "./distribution-error.js";

/** The office's Ed25519 private key (PEM file) that `distribute` signs manifests with; never committed. */
const SIGNING_KEY_FILE_VARIABLE = "FACTSHEETS_SIGNING_KEY_FILE";
/** The office's published Ed25519 public key (PEM file) that `verify` checks signatures with. */
const VERIFY_KEY_FILE_VARIABLE = "FACTSHEETS_VERIFY_KEY_FILE";
/** The shared HMAC key of earlier versions: no longer used, and refused so that nobody relies on it. */
const OLD_HMAC_KEY_VARIABLE = "FACTSHEETS_SIGNING_KEY";

const PREFIX = "ed25519 ";
const KEYS_FIX = 'see docs/engineering.md, "Signatures": openssl genpkey -algorithm ed25519 -out office-private.pem';

async function readKey(file: string, kind: "private" | "public"): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new DistributionError(
      file,
      `cannot read the ${kind} key: ${errorText(error)}`,
      "packages are signed and checked with it",
      `give the path of the office's ${kind} key (PEM); ${KEYS_FIX}`,
    );
  }
  let key: KeyObject;
  try {
    // A private key also yields its public key, so verify accepts either.
    key = kind === "private" ? createPrivateKey(text) : createPublicKey(text);
  } catch (error) {
    throw new DistributionError(
      file,
      `this is not a PEM ${kind} key: ${errorText(error)}`,
      "packages are signed and checked with it",
      KEYS_FIX,
    );
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new DistributionError(
      file,
      `this is a ${key.asymmetricKeyType ?? "symmetric"} key, not an Ed25519 key`,
      "manifests are signed with Ed25519",
      KEYS_FIX,
    );
  }
  return key;
}

function refuseOldKey(env: NodeJS.ProcessEnv, use: string): void {
  if (!env[OLD_HMAC_KEY_VARIABLE]) return;
  throw new DistributionError(
    OLD_HMAC_KEY_VARIABLE,
    "this shared HMAC key is no longer used",
    "anyone who can check an HMAC signature can also forge one; manifests are now signed with Ed25519, and " +
      "agencies check them with the office's public key, which cannot sign",
    `unset ${OLD_HMAC_KEY_VARIABLE} and ${use}`,
  );
}

/** The private key `distribute` signs with, from FACTSHEETS_SIGNING_KEY_FILE, or undefined for unsigned packages. */
export async function signingKey(env: NodeJS.ProcessEnv = process.env): Promise<KeyObject | undefined> {
  refuseOldKey(env, `set ${SIGNING_KEY_FILE_VARIABLE} to the office's Ed25519 private key file`);
  const file = env[SIGNING_KEY_FILE_VARIABLE];
  return file ? readKey(file, "private") : undefined;
}

/** The public key `verify` checks with: --key-file, else FACTSHEETS_VERIFY_KEY_FILE, else none. */
export async function verifyKey(
  keyFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeyObject | undefined> {
  refuseOldKey(env, `give the office's Ed25519 public key with --key-file or ${VERIFY_KEY_FILE_VARIABLE}`);
  const file = keyFile ?? env[VERIFY_KEY_FILE_VARIABLE];
  return file ? readKey(file, "public") : undefined;
}

/** The text of manifest.json.sig: `ed25519 <base64 signature of the manifest's bytes>`. */
export function signManifest(manifest: Buffer | string, key: KeyObject): string {
  return `${PREFIX}${sign(null, Buffer.from(manifest), key).toString("base64")}\n`;
}

/** Whether `signature` (the text of manifest.json.sig) is the key's signature of the manifest. */
export function signatureMatches(manifest: Buffer, signature: string, key: KeyObject): boolean {
  const text = signature.trim();
  if (!text.startsWith(PREFIX)) return false;
  const bytes = Buffer.from(text.slice(PREFIX.length), "base64");
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  try {
    return verify(null, manifest, publicKey, bytes);
  } catch {
    return false;
  }
}
