import { execFileSync } from "node:child_process";
import { mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript without declarations (it runs before anything is compiled)
import { ensureBundle } from "../../scripts/launch/bundle.mjs";
import { removeTempDirs, tempDir } from "../helpers/paths.js";

afterAll(removeTempDirs);

/** The editors' `npm run build` bundles the tool only when a source changed, and always when one did. */
describe("the launcher's bundle", () => {
  it("is made once, reused while nothing changes, and made again for any change, even to an older file", async () => {
    const root = await tempDir("factsheets-launch-");
    await mkdir(path.join(root, "scripts"), { recursive: true });
    await writeFile(path.join(root, "package.json"), "{}");
    await writeFile(path.join(root, "package-lock.json"), "{}");
    const source = path.join(root, "scripts", "hello.ts");
    await writeFile(source, 'const word: string = "one";\nconsole.log(word);\n');
    const options = { root, entries: { hello: "scripts/hello.ts" } };
    const run = () =>
      execFileSync(process.execPath, [path.join(root, "dist", "bundle", "hello.js")], { encoding: "utf8" });

    expect(await ensureBundle(options)).toBe(true);
    expect(run()).toBe("one\n");
    expect(await ensureBundle(options)).toBe(false);

    // A checkout can bring a file older than the bundle: it is a change all the same.
    await writeFile(source, 'const word: string = "two";\nconsole.log(word);\n');
    await utimes(source, new Date("2001-01-01"), new Date("2001-01-01"));
    expect(await ensureBundle(options)).toBe(true);
    expect(run()).toBe("two\n");
    expect(await ensureBundle(options)).toBe(false);
    expect(await ensureBundle({ ...options, force: true })).toBe(true);
  });
});
