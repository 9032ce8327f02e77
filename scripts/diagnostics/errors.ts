/** Wrong use of the command line: exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The content or the templates have problems; they were already reported: exit code 1. */
export class ContentProblemsError extends Error {
  override readonly name = "ContentProblemsError";
}

/** Rendering a document failed; the message names the document and the cause: exit code 1. */
export class RenderError extends Error {
  override readonly name = "RenderError";
}

/** The machine lacks a tool (a browser); the message says how to get it: exit code 1. */
export class SetupError extends Error {
  override readonly name = "SetupError";
}
