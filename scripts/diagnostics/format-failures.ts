/** A document that failed to render, and why. */
export interface RenderFailureText {
  document: string;
  message: string;
}

/** Each failure as `✗ document` followed by its message, indented; the mark only when asked. */
export function formatFailures(failures: readonly RenderFailureText[], mark: string): string {
  return failures
    .map((failure) => `${mark}${failure.document}\n  ${failure.message.replaceAll("\n", "\n  ")}`)
    .join("\n");
}
