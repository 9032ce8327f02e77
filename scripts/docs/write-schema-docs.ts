#!/usr/bin/env node
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { schemaDocs } from "../config/schema-docs.js";
import { PROJECT_ROOT } from "../config/tool-version.js";

/** `npm run docs`: regenerates docs/content-schema.md from the zod schemas. */
const target = path.join(PROJECT_ROOT, "docs", "content-schema.md");
await writeFile(target, schemaDocs());
console.log(`Wrote ${target}`);
