/**
 * Every command's options, declared once: `parse-options.ts` parses argv from these declarations and
 * `help.ts` writes each command's `--help` from them.
 */

/** A flag is on or off; a value option takes one value; a repeated value option may be given more than once. */
export type OptionKind = "flag" | "value" | "repeated";

export interface OptionDeclaration {
  readonly kind: OptionKind;
  /** One line for `--help`. */
  readonly help: string;
  /** A value option's default, as it would be written on the command line. */
  readonly default?: string;
  /** The placeholder for the value in `--help`: DIR, FILE, N. */
  readonly value?: string;
  /** The default as `--help` says it, when it is not a literal value (e.g. "<content>/agencies.yml"). */
  readonly defaultText?: string;
  readonly short?: string;
}

export interface CommandDeclaration {
  readonly name: string;
  /** One line for the main help's list of commands. */
  readonly summary: string;
  /** What follows `factsheets <name>` in the usage line. */
  readonly usage: string;
  /** What the command does, for its `--help`. */
  readonly about: string;
  /** Printed after the options in `--help`. */
  readonly notes?: string;
  /** Options the command refuses with a reason of its own instead of "unknown option". */
  readonly refused?: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, OptionDeclaration>>;
}

const help = { kind: "flag", short: "h", help: "show this help" } as const;

const sources = {
  help,
  content: { kind: "value", value: "DIR", default: "content", help: "the content folder: report.yml and groups/*.md" },
  templates: { kind: "value", value: "DIR", default: "templates", help: "the templates folder" },
} as const;

const rendering = {
  out: { kind: "value", value: "DIR", default: "output", help: "the output folder" },
  concurrency: { kind: "value", value: "N", default: "2", help: "documents rendered at once, 1 to 16" },
  timeout: { kind: "value", value: "SECONDS", default: "30", help: "longest time one document may take to render" },
} as const;

/** What the build writes; the preview builds the same way. */
const selection = {
  only: {
    kind: "repeated",
    value: "SLUG",
    help: "build only this group's outputs; repeat for more (the index, overview and report are then left as they are)",
  },
  format: { kind: "repeated", value: "FORMAT", defaultText: "both", help: "html or pdf; repeat for both" },
} as const;

const force = {
  kind: "flag",
  help: "render every output, even those the cache says are current",
} as const;
const groupsOnly = {
  kind: "flag",
  help: "write only the groups' own factsheets and PDFs: no index, overview or whole report",
} as const;

export const BUILD = {
  name: "build",
  summary: "validate the content, then write the HTML factsheets, the index and the PDF infographics",
  usage: "[options]",
  about: `Validates every source, then writes, for every group, output/html/<slug>.html and
output/pdf/<slug>.pdf; and output/index.html, the overview (output/pdf/<name>.pdf, named
by the strings file) and the whole report as output/pdf/<report-slug>.pdf. With --print,
also a print-ready PDF/X twin of every PDF under output/print/. Nothing is written unless
everything validates and renders: a failed build leaves the previous outputs untouched.`,
  options: {
    ...sources,
    out: rendering.out,
    ...selection,
    concurrency: rendering.concurrency,
    timeout: rendering.timeout,
    print: { kind: "flag", help: "also write print files: 3 mm bleed, crop marks, PDF/X-3 in CMYK" },
    force,
    "groups-only": groupsOnly,
    "icc-profile": {
      kind: "value",
      value: "FILE",
      defaultText: "Ghostscript's iccprofiles/default_cmyk.icc",
      help: "the CMYK ICC profile of the print files' output intent",
    },
  },
} as const satisfies CommandDeclaration;

export const CHECK = {
  name: "check",
  summary: "validate the content and the templates only; write nothing",
  usage: "[options]",
  about: `Validates report.yml, every group's file and the templates, fills every template
and checks every document as build does, and reports every problem as
file:line:column. Writes nothing and starts no browser. Exit code 1 if there are problems.`,
  options: sources,
} as const satisfies CommandDeclaration;

export const PREVIEW = {
  name: "preview",
  summary: "build, serve the outputs on 127.0.0.1 and rebuild and reload on every save",
  usage: "[options]",
  about: `Builds, then serves the output folder on http://127.0.0.1:PORT/ (never another
interface) and watches the content and templates folders. Every save rebuilds only
what changed, with the browser kept open, and reloads the open tabs. Content problems
show in the terminal and as an overlay in the page; the last good outputs stay served.
Stop with Ctrl+C.`,
  refused: { print: "--print is not available in the preview; run factsheets build --print" },
  options: {
    ...sources,
    out: rendering.out,
    port: { kind: "value", value: "N", default: "4173", help: "the port, 0 for any free one" },
    ...selection,
    concurrency: rendering.concurrency,
    timeout: rendering.timeout,
    force,
    "groups-only": groupsOnly,
    "icc-profile": { kind: "value", value: "FILE", help: "taken as build takes it; the preview writes no print files" },
  },
} as const satisfies CommandDeclaration;

export const DISTRIBUTE = {
  name: "distribute",
  summary: "build, then write one package (files, manifest, zip) per agency",
  usage: "[options]",
  about: `Validates the distribution list (content/agencies.yml), builds what the agencies need
(the ordinary incremental build; print files when an agency wants them), then writes,
for each agency, output/distribution/<id>/ with its files, manifest.json (per file:
group, grade, bytes, SHA-256), manifest.json.sha256 and, when FACTSHEETS_SIGNING_KEY_FILE is
set, manifest.json.sig; and output/distribution/<id>.zip of it all.
The whole run holds the ledger's lock (<ledger>.lock); a lock left by a killed run is taken over.`,
  options: {
    ...sources,
    ...rendering,
    agencies: { kind: "value", value: "FILE", defaultText: "<content>/agencies.yml", help: "the distribution list" },
    ledger: {
      kind: "value",
      value: "FILE",
      defaultText: "<content>/distribution-ledger.jsonl",
      help: "the ledger of sendings",
    },
    "icc-profile": { kind: "value", value: "FILE", help: "the CMYK ICC profile of print files" },
    pending: { kind: "flag", help: "only list the agencies whose latest received files are outdated" },
    all: { kind: "flag", help: "prepare (and send) packages for every agency, not only pending ones" },
    send: {
      kind: "flag",
      help:
        "send each package by SMTP (settings from FACTSHEETS_SMTP_* variables) to the recipients that have " +
        "not accepted the current files; without it, a dry run that says what would go to whom",
    },
    "resend-unconfirmed": {
      kind: "flag",
      help:
        "with --send: send again the messages the ledger announces with no answer from the server " +
        "(a run killed mid-send); without it they are only listed",
    },
    confirm: {
      kind: "repeated",
      value: "ID",
      help:
        "record that the mail server's log shows the unconfirmed message with this Message-ID as accepted; " +
        "repeat for more",
    },
    attach: {
      kind: "value",
      value: "WHAT",
      default: "files",
      help: "files (the PDFs/HTML and the manifest) or zip",
    },
  },
} as const satisfies CommandDeclaration;

export const VERIFY = {
  name: "verify",
  summary: "check a package (folder or zip) against its manifest",
  usage: "[options] <package-folder-or-zip>",
  about: `Streams every file through SHA-256 against the package's manifest.json and reports missing,
changed, extra (at any depth, symbolic links included) and duplicate zip entries; no file is
read beyond its size in the manifest. The manifest itself is checked against
manifest.json.sha256 and, with a key, against its Ed25519 signature manifest.json.sig: then
an unsigned or wrongly signed package fails.`,
  notes: `Prints the manifest's SHA-256, to compare with the one in the cover e-mail.
Exit code 0 when everything matches, 1 otherwise.`,
  options: {
    help,
    "key-file": {
      kind: "value",
      value: "FILE",
      defaultText: "FACTSHEETS_VERIFY_KEY_FILE",
      help: "the office's Ed25519 public key (PEM)",
    },
  },
} as const satisfies CommandDeclaration;

/** Every command, in the order the main help lists them. */
export const COMMANDS: readonly CommandDeclaration[] = [BUILD, CHECK, PREVIEW, DISTRIBUTE, VERIFY];
