import { expect, it } from "vitest";
import { SetupError, UsageError } from "../../scripts/diagnostics/errors.js";
import { OutputLockedError } from "../../scripts/output/output-locked-error.js";
import { OutputWriteError } from "../../scripts/output/output-write-error.js";
import { buildErrorText } from "../../scripts/preview/build-error-text.js";

it("says a known error by its own message", () => {
  expect(buildErrorText(new UsageError("--only x: no group has this slug"))).toBe("--only x: no group has this slug");
  expect(buildErrorText(new SetupError("no browser found"))).toBe("no browser found");
  expect(buildErrorText(new OutputLockedError("another build (process 7) is writing to out"))).toBe(
    "another build (process 7) is writing to out",
  );
  const full = Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
  expect(buildErrorText(new OutputWriteError("out/index.html", full))).toBe(
    "could not write out/index.html: the disk is full (ENOSPC); free some space on it, or build onto another disk " +
      "with --out\nNothing was moved into place: the previous outputs are unchanged.",
  );
});

it("says any other error is unexpected, with its stack and a request to report it", () => {
  const text = buildErrorText(new RangeError("index out of range"));
  expect(text).toMatch(/^unexpected error: RangeError: index out of range\n {4}at /);
  expect(
    text.endsWith(
      "\nThis is a bug in factsheets, not a problem in your content: please report it, with the text above.",
    ),
  ).toBe(true);
  expect(buildErrorText("thrown text")).toBe(
    "unexpected error: thrown text\n" +
      "This is a bug in factsheets, not a problem in your content: please report it, with the text above.",
  );
});
