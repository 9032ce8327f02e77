import { z } from "zod";
import { Agencies, GroupFrontMatter, Report, SmtpConfig, Strings } from "./schema.js";
import { type AnySchema, describe, unwrap } from "./schema-walk.js";

function typeOf(schema: AnySchema): string {
  const { inner, nullable, optional } = unwrap(schema);
  let type = "value";
  if (inner instanceof z.ZodISODate) type = "date (YYYY-MM-DD)";
  else if (inner instanceof z.ZodString) type = "text";
  else if (inner instanceof z.ZodNumber) type = "whole number";
  else if (inner instanceof z.ZodEnum)
    type = `one of ${inner.options.map((option) => `\`${String(option)}\``).join(", ")}`;
  else if (inner instanceof z.ZodObject) type = "fields";
  else if (inner instanceof z.ZodRecord) type = "fields, one per id";
  else if (inner instanceof z.ZodArray) type = `list of ${typeOf(inner.element)}`;
  return `${type}${nullable ? ", or null" : ""}${optional ? " (optional)" : ""}`;
}

/** The object schema a field holds, directly or as the element of a list. */
function objectOf(schema: AnySchema): { object: z.ZodObject | undefined; list: boolean } {
  const { inner } = unwrap(schema);
  if (inner instanceof z.ZodObject) return { object: inner, list: false };
  if (inner instanceof z.ZodArray) {
    const element = unwrap(inner.element).inner;
    if (element instanceof z.ZodObject) return { object: element, list: true };
  }
  return { object: undefined, list: false };
}

function row(name: string, field: AnySchema): string {
  const text = describe(field) ?? "";
  return `| \`${name}\` | ${typeOf(field)} | ${text.replaceAll("|", "\\|")} |`;
}

function rows(schema: AnySchema, prefix: string): string[] {
  const { inner } = unwrap(schema);
  // A record (a group's `answers`): one entry per id, each of the value's shape.
  if (inner instanceof z.ZodRecord) {
    const name = `${prefix}<id>`;
    return [row(name, inner.valueType), ...rows(inner.valueType, `${name}.`)];
  }
  const { object } = objectOf(schema);
  if (!object) return [];
  return Object.entries(object.shape).flatMap(([key, field]: [string, AnySchema]) => {
    const name = `${prefix}${key}${objectOf(field).list ? "[]" : ""}`;
    return [row(name, field), ...rows(field, `${name}.`)];
  });
}

function section(title: string, schema: AnySchema): string {
  return [
    `## ${title}`,
    "",
    describe(schema) ?? "",
    "",
    "| field | type | meaning |",
    "| --- | --- | --- |",
    ...rows(schema, ""),
    "",
  ].join("\n");
}

/** The authoring reference, generated from the schemas so it can never drift from them. */
export function schemaDocs(): string {
  return [
    "# Content reference",
    "",
    "Generated from `scripts/config/schema.ts` by `npm run docs`; do not edit by hand.",
    "Every field is required unless it says optional; " +
      "where a field may be `null`, write `null` rather than leaving it out.",
    "",
    section("The report: content/report.yml", Report),
    section("A group: the front matter of content/groups/<slug>.md", GroupFrontMatter),
    section("The distribution list: content/agencies.yml", Agencies),
    section("Template labels: templates/strings/<language>.json", Strings),
    section("The mail server's settings: ~/.config/factsheets/smtp.yml (FACTSHEETS_SMTP_CONFIG)", SmtpConfig),
  ].join("\n");
}
