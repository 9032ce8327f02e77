#!/usr/bin/env node
import { writeFile } from "node:fs/promises";
import { schemaDocs } from "../config/schema-docs.js";

/** `npm run docs`: regenerates docs/content-schema.md from the zod schemas. */
const target = new URL("../../../docs/content-schema.md", import.meta.url);
await writeFile(target, schemaDocs());
console.log(`Wrote ${target.pathname}`);
