import { z } from "zod";

/** Any zod schema, as the walkers below take it. */
export type AnySchema = z.core.$ZodType;

/** A schema without its nullable and optional wrappers, and which of them it had. */
export function unwrap(schema: AnySchema): { inner: AnySchema; nullable: boolean; optional: boolean } {
  let inner = schema;
  let nullable = false;
  let optional = false;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
    nullable ||= inner instanceof z.ZodNullable;
    optional ||= inner instanceof z.ZodOptional;
    inner = inner.unwrap();
  }
  return { inner, nullable, optional };
}

/** A field's description (`.describe()`): its own, or else that of the schema it wraps. */
export function describe(schema: AnySchema | undefined): string | undefined {
  if (!schema) return undefined;
  const description = (candidate: AnySchema) => z.globalRegistry.get(candidate)?.description;
  return description(schema) ?? description(unwrap(schema).inner);
}

/** The schema of the value at `path`, walking objects, records, arrays and nullables. */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const key of path) {
    const inner: AnySchema | undefined = current && unwrap(current).inner;
    if (inner instanceof z.ZodObject && typeof key === "string") current = inner.shape[key];
    else if (inner instanceof z.ZodRecord && typeof key === "string") current = inner.valueType;
    else if (inner instanceof z.ZodArray) current = inner.element;
    else return undefined;
  }
  return current;
}
