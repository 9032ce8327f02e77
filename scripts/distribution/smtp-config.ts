import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { VFile } from "vfile";
import { SmtpConfig } from "../config/schema.js";
import { readYamlFile } from "../content/read-yaml-file.js";
import { problem } from "../diagnostics/messages.js";
import { addProblem } from "../diagnostics/problem.js";
import { isInside, resolvedPath } from "../output/output-folder-guard.js";
import type { SmtpSettings } from "./send-package.js";

/** The variable that names the sender's settings file. */
export const SMTP_CONFIG_VARIABLE = "FACTSHEETS_SMTP_CONFIG";

export type SmtpSettingsResult =
  | { kind: "settings"; settings: SmtpSettings }
  | { kind: "missing"; missing: string[]; file: string }
  | { kind: "problems"; files: VFile[] };

/**
 * The sender's settings file: the one FACTSHEETS_SMTP_CONFIG names (it must exist), else
 * ~/.config/factsheets/smtp.yml (or under XDG_CONFIG_HOME) where there is one. Never a file in the content folder:
 * a password must not travel with the report's sources.
 */
export function smtpConfigFile(env: NodeJS.ProcessEnv): { file: string; required: boolean } {
  const named = env[SMTP_CONFIG_VARIABLE];
  if (named) return { file: path.resolve(named), required: true };
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return { file: path.join(base, "factsheets", "smtp.yml"), required: false };
}

/**
 * The SMTP settings for --send: the environment's FACTSHEETS_SMTP_* variables, each before the same field of the
 * settings file. A settings file with problems is reported like the content (file:line:column, why, fix).
 */
export async function loadSmtpSettings(
  contentDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SmtpSettingsResult> {
  const { file: filePath, required } = smtpConfigFile(env);
  // Resolved through every link: a link in the content folder to the file, or from it into the folder, is inside.
  if (isInside(resolvedPath(filePath), resolvedPath(contentDir))) {
    const file = new VFile({ path: filePath });
    addProblem(file, { ...problem("smtp/config-in-content", { content: contentDir }), place: { line: 1, column: 1 } });
    return { kind: "problems", files: [file] };
  }
  const config = await readConfig(filePath, required);
  if (config.kind === "problems") return config;
  const fromFile = config.settings;
  const host = env.FACTSHEETS_SMTP_HOST || fromFile.host;
  const from = env.FACTSHEETS_SMTP_FROM || fromFile.from;
  if (!host || !from) {
    const missing = [
      ...(host ? [] : ["FACTSHEETS_SMTP_HOST (host)"]),
      ...(from ? [] : ["FACTSHEETS_SMTP_FROM (from)"]),
    ];
    return { kind: "missing", missing, file: filePath };
  }
  const secure = env.FACTSHEETS_SMTP_SECURE ? env.FACTSHEETS_SMTP_SECURE === "true" : (fromFile.secure ?? false);
  return {
    kind: "settings",
    settings: {
      host,
      port: env.FACTSHEETS_SMTP_PORT ? Number(env.FACTSHEETS_SMTP_PORT) : (fromFile.port ?? 587),
      secure,
      user: env.FACTSHEETS_SMTP_USER || fromFile.user,
      pass: env.FACTSHEETS_SMTP_PASS || fromFile.pass,
      from,
    },
  };
}

/** The settings file's fields; none where an optional file is not there. */
async function readConfig(
  filePath: string,
  required: boolean,
): Promise<{ kind: "settings"; settings: SmtpConfig } | { kind: "problems"; files: VFile[] }> {
  // The usual place may hold no file: then the environment alone gives the settings. A file named is required.
  if (!required && !(await stat(filePath).catch(() => undefined))) return { kind: "settings", settings: {} };
  const { file, data } = await readYamlFile(filePath, SmtpConfig);
  return data ? { kind: "settings", settings: data } : { kind: "problems", files: [file] };
}
