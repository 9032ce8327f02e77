export const MAIN_HELP = `factsheets: Markdown sources to HTML factsheets and PDF infographics

Usage: factsheets <command> [options]

Commands:
  build    validate the content, then write the HTML factsheets, the index and the PDF infographics
  check    validate the content and the templates only; write nothing
  preview  build, serve the outputs on 127.0.0.1 and rebuild and reload on every save
  distribute  build, then write one package (files, manifest, zip) per agency
  verify   check a package (folder or zip) against its manifest

Options:
  -h, --help     show help (also after a command: factsheets build --help)
  -v, --version  show the version

Exit codes: 0 success, 1 content problems or a failed render, 2 wrong usage.`;

const SHARED_OPTIONS = `  --content DIR      the content folder: report.yml and groups/*.md   (default: content)
  --templates DIR    the templates folder                              (default: templates)`;

export const BUILD_HELP = `Usage: factsheets build [options]

Validates every source, then writes, for every group, output/html/<slug>.html and
output/pdf/<slug>.pdf; and output/index.html, output/pdf/overzicht.pdf and the whole
report as output/pdf/<report-slug>.pdf. With --print, also a print-ready PDF/X twin of
every PDF under output/print/. Nothing is written unless everything validates and
renders: a failed build leaves the previous outputs untouched.

Options:
${SHARED_OPTIONS}
  --out DIR          the output folder                                  (default: output)
  --only SLUG        build only this group's outputs; repeat for more (the index,
                     overview and report are then left as they are)
  --format FORMAT    html or pdf; repeat for both                       (default: both)
  --concurrency N    documents rendered at once, 1 to 16                (default: 2)
  --timeout SECONDS  longest time one document may take to render       (default: 30)
  --force            render every output, even those the cache says are current
  --groups-only      write only the groups' own factsheets and PDFs: no index,
                     overview or whole report
  --print            also write print files: 3 mm bleed, crop marks, PDF/X-3 in CMYK
  --icc-profile FILE the CMYK ICC profile of the print files' output intent
                     (default: Ghostscript's iccprofiles/default_cmyk.icc)
  -h, --help         show this help`;

export const CHECK_HELP = `Usage: factsheets check [options]

Validates report.yml, every group's file and the templates, and reports every
problem as file:line:column. Writes nothing. Exit code 1 if there are problems.

Options:
${SHARED_OPTIONS}
  -h, --help         show this help`;

export const PREVIEW_HELP = `Usage: factsheets preview [options]

Builds, then serves the output folder on http://127.0.0.1:PORT/ (never another
interface) and watches the content and templates folders. Every save rebuilds only
what changed, with the browser kept open, and reloads the open tabs. Content problems
show in the terminal and as an overlay in the page; the last good outputs stay served.
Stop with Ctrl+C.

Options:
${SHARED_OPTIONS}
  --out DIR          the output folder                                  (default: output)
  --port N           the port, 0 for any free one                       (default: 4173)
  --concurrency N    documents rendered at once, 1 to 16                (default: 2)
  --timeout SECONDS  longest time one document may take to render       (default: 30)
  -h, --help         show this help`;

export const DISTRIBUTE_HELP = `Usage: factsheets distribute [options]

Validates the distribution list (content/agencies.yml), builds what the agencies need
(the ordinary incremental build; print files when an agency wants them), then writes,
for each agency, output/distribution/<id>/ with its files, manifest.json (per file:
group, grade, bytes, SHA-256), manifest.json.sha256 and, when FACTSHEETS_SIGNING_KEY_FILE is
set, manifest.json.sig; and output/distribution/<id>.zip of it all.
The whole run holds the ledger's lock (<ledger>.lock); a lock left by a killed run is taken over.

Options:
${SHARED_OPTIONS}
  --out DIR          the output folder                                  (default: output)
  --agencies FILE    the distribution list                   (default: <content>/agencies.yml)
  --ledger FILE      the ledger of sendings        (default: <content>/distribution-ledger.jsonl)
  --pending          only list the agencies whose latest received files are outdated
  --all              prepare (and send) packages for every agency, not only pending ones
  --send             send each package by SMTP (settings from FACTSHEETS_SMTP_* variables) to the
                     recipients that have not accepted the current files; without it, a dry run
                     that says what would go to whom
  --resend-unconfirmed  with --send: send again the messages the ledger announces with no answer
                     from the server (a run killed mid-send); without it they are only listed
  --confirm ID       record that the mail server's log shows the unconfirmed message with this
                     Message-ID as accepted; repeat for more
  --attach WHAT      files (the PDFs/HTML and the manifest) or zip     (default: files)
  --icc-profile FILE the CMYK ICC profile of print files
  -h, --help         show this help`;

export const VERIFY_HELP = `Usage: factsheets verify [--key-file FILE] <package-folder-or-zip>

Streams every file through SHA-256 against the package's manifest.json and reports missing,
changed, extra (at any depth, symbolic links included) and duplicate zip entries; no file is
read beyond its size in the manifest. The manifest itself is checked against
manifest.json.sha256 and, with a key, against its Ed25519 signature manifest.json.sig: then
an unsigned or wrongly signed package fails.

Options:
  --key-file FILE    the office's Ed25519 public key (PEM)  (default: FACTSHEETS_VERIFY_KEY_FILE)
Prints the manifest's SHA-256, to compare with the one in the cover e-mail.
Exit code 0 when everything matches, 1 otherwise.`;
