import { z } from "zod";

/**
 * The schemas of the content. Each is also the TypeScript type (`z.infer`),
 * and every field carries a description: the authoring reference in
 * docs/content-schema.md is generated from these (scripts/config/schema-docs.ts,
 * written by scripts/docs/write-schema-docs.ts: `npm run docs`), and
 * validation messages quote them as the "why".
 */

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "slug" })
  .describe("lower-case letters, digits and single hyphens only (a-z, 0-9, -): it becomes a file name");

/** Characters that print nothing and can break a layout or a terminal: C0 and C1 controls except tab and line ends. */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
export const TEXT_ISSUE = { control: "control-character", invisible: "invisible-text" } as const;

/** Text that a reader will see: trimmed, not empty, with something visible and no control character. */
const Text = z
  .string()
  .trim()
  .min(1)
  .refine((text) => !CONTROL_CHARACTER.test(text), { message: TEXT_ISSUE.control })
  .refine((text) => VISIBLE.test(text), { message: TEXT_ISSUE.invisible });

/** The most steps a scale may have: every step is drawn and labelled on a printed page. */
export const MAX_SCALE_STEPS = 10;

export const ScaleStep = z
  .strictObject({
    id: Slug.describe("the identifier that groups use to name this step (a-z, 0-9, -)"),
    label: Text.describe("the word printed in the outputs for this step"),
    phrasings: z
      .array(Text)
      .min(1)
      .describe(
        "the source's own phrasings this step may stand for, e.g. [no evidence, no hard evidence]: a group's `words` " +
          "must contain one of them, so that the step's label never claims more than the source's quoted words",
      ),
  })
  .describe("one step of an ordered scale");
export type ScaleStep = z.infer<typeof ScaleStep>;

/** The most questions a report may ask: every group is shown on every question on one printed page. */
export const MAX_QUESTIONS = 6;

export const Question = z
  .strictObject({
    id: Slug.describe("the identifier the groups answer this question under, in `answers:` (a-z, 0-9, -)"),
    title: Text.describe("the question's short name: the heading of a group's answer on every page"),
    text: Text.describe("the question in full, as the source asks it"),
    axis: Text.optional().describe(
      "optional: how the overview's lead sentence names the question (e.g. `exposure to the risk`); " +
        "the title by default",
    ),
    unanswered: Text.optional().describe(
      "optional: shown where a group has no answer (e.g. `not graded in the source`); " +
        "the strings file's `unanswered` by default",
    ),
    ladder: z
      .boolean()
      .default(true)
      .describe(
        "true (the default) where the editors read the steps as one order, lowest first: the graphic fills every " +
          "step up to the group's. false where the steps are kinds side by side with no order (`no evidence` " +
          "is not less than `light signals`): only the group's own step is marked, and no output says 'step 2 of 4'",
      ),
    phrasings: z
      .array(Text)
      .min(1)
      .optional()
      .describe(
        "optional: the source's ways of speaking of what this question asks, e.g. " +
          "[vulnerability, traffickers … target]; `…` stands for any words between. Every sentence a graded " +
          "answer quotes must contain one, so that a quote that answers another question cannot be shown " +
          "as the answer to this one",
      ),
    steps: z
      .array(ScaleStep)
      .min(2)
      .max(MAX_SCALE_STEPS)
      .describe(
        "the question's scale, lowest first: the order is the editors' reading, not the source's; " +
          "groups answer with these ids",
      ),
  })
  .describe("one question every group is judged on");
export type Question = z.infer<typeof Question>;

/** A BCP 47 language tag as the strings files are named: `nl`, `en`, `en-GB`. */
const Language = z
  .string()
  .regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, { message: "language" })
  .describe(
    "the language of the content as a BCP 47 tag (nl, en, en-GB): it selects templates/strings/<language>.json, " +
      "the hyphenation, the dates and the language of every output",
  );

export const Report = z
  .strictObject({
    title: Text.describe("the report's title, printed on every output"),
    subtitle: Text.optional().describe(
      "optional: the report's subtitle, printed under the title. Leave it out unless the source carries it: " +
        "every output presents it as the source's",
    ),
    slug: Slug.describe("the file name of the report as a whole (a-z, 0-9, -)"),
    publisher: Text.describe("who published the report; the PDFs' author"),
    published: z.iso.date().describe("the publication date as YYYY-MM-DD; every output shows it and it dates the PDFs"),
    language: Language,
    website: Text.optional().describe("optional: the publisher's website, printed in the footer"),
    social: Text.nullable().optional().describe("optional: the publisher's social-media handle, or null"),
    keywords: z.array(Text).describe("keywords written into the PDFs' metadata"),
    qualifiers: z
      .array(Text)
      .default([])
      .describe(
        "words that limit what a sentence claims, e.g. [seems, may, on a large scale, specifically]: where the part " +
          "of a quoted sentence that a group's `words` come from carries one, the words must carry it too; where a " +
          "question's `text` carries one, so must its `title` and `axis`. [] by default",
      ),
    introduction: Text.describe("the introduction, in Markdown"),
    questions: z
      .array(Question)
      .min(1)
      .max(MAX_QUESTIONS)
      .describe("the questions every group is judged on, in the order the pages show them"),
    overview: z
      .strictObject({
        x: Slug.describe("the id of the question that runs across the chart"),
        y: Slug.describe("the id of the question that runs up the chart"),
      })
      .optional()
      .describe(
        "optional, for a report of two questions: which question runs across the overview chart and which up; " +
          "by default the first runs up and the second across. Other reports get a table of small scales",
      ),
  })
  .describe("content/report.yml: the report as a whole");
export type Report = z.infer<typeof Report>;

/** Between two pieces of a label taken from different places of the quote. */
export const WORDS_GAP = "…";

const Words = Text.describe(
  "the label printed for the answer, made of the source's own words: one piece of `source` copied exactly, or " +
    "several in their order joined by ` … `. It must contain a phrasing of its step and every qualifier of the " +
    "part of the sentence it comes from",
);
const SourceSentence = Text.describe("a sentence of the body, copied exactly");

export const Answer = z
  .strictObject({
    step: Text.optional().describe(
      "a step id of the question's `steps` in content/report.yml; leave it out where the source's words fit no " +
        "step, and say why in `why`",
    ),
    words: Words,
    source: z
      .union([SourceSentence, z.array(SourceSentence).min(1)])
      .describe("the sentence of the body the answer is taken from, copied exactly; a list where it takes several"),
    why: Text.optional().describe(
      "only for an answer without a step: the editors' reason why the source's words fit no step, printed as theirs",
    ),
  })
  .describe(
    "a group's answer to one question in the source's words, on a step where they fit one; null where the source " +
      "gives none",
  );
export type Answer = z.infer<typeof Answer>;

export const GroupFrontMatter = z
  .strictObject({
    title: Text.describe("the group's name, as the heading of its factsheet"),
    shortTitle: Text.optional().describe(
      "optional: a shorter name for the overview chart; the title is used when it is left out",
    ),
    slug: Slug.describe("the group's file name: output/html/<slug>.html and output/pdf/<slug>.pdf (a-z, 0-9, -)"),
    order: z.int().positive().describe("the group's place in the report (1, 2, 3, …); unique"),
    answers: z
      .record(z.string(), Answer.nullable())
      .describe("the group's answer to every question of content/report.yml, under the question's id; null for none"),
    recommendations: z
      .array(Text)
      .describe("the source's recommendations for this group, each copied exactly; [] where it gives none"),
  })
  .describe("the front matter of a group's Markdown file under content/groups/");
export type GroupFrontMatter = z.infer<typeof GroupFrontMatter>;

export const Strings = z
  .strictObject({
    question: z.string().min(1).describe("the word before a question's number"),
    recommendations: z.string().min(1).describe("heading of the recommendations"),
    noRecommendations: z.string().min(1).describe("shown where the source gives no recommendation"),
    unanswered: z
      .string()
      .min(1)
      .describe("shown where the source gives a group no answer, unless the question says its own words"),
    sourceQuote: z.string().min(1).describe("label of the quoted source sentence"),
    ladderPlace: z
      .string()
      .min(1)
      .describe("'on the editors' scale: {label}, step {step} of {steps}': where an answer stands on an ordered scale"),
    categoryPlace: z
      .string()
      .min(1)
      .describe("'the editors' kind of answer: {label}': where an answer stands among kinds with no order"),
    noStep: z.string().min(1).describe("said of an answer in the source's words that fit no step"),
    whyNoStep: z
      .string()
      .min(1)
      .describe("'no step; the editors' note:': before the editors' reason why an answer has no step"),
    scaleLabel: z.string().min(1).describe("the accessible name of a scale graphic"),
    categoriesLabel: z.string().min(1).describe("the accessible name of a graphic of kinds of answer with no order"),
    allGroups: z.string().min(1).describe("link back to the overview"),
    infographicPdf: z.string().min(1).describe("link to a group's PDF infographic"),
    factsheet: z.string().min(1).describe("link to a group's HTML factsheet"),
    group: z.string().min(1).describe("column heading: the group"),
    introduction: z.string().min(1).describe("heading of the introduction"),
    about: z.string().min(1).describe("heading of the report's introduction on a group's infographic"),
    groups: z.string().min(1).describe("heading of the list of groups"),
    published: z.string().min(1).describe("label before the publication date"),
    pageOf: z.string().min(1).describe("'page {page} of {pages}': the running footer"),
    contents: z.string().min(1).describe("heading of the table of contents"),
    overview: z.string().min(1).describe("heading of the overview chart"),
    overviewFile: Slug.describe("the overview PDF's file name, without .pdf: output/pdf/<overviewFile>.pdf"),
    overviewLead: z
      .string()
      .min(1)
      .describe(
        "'all groups on the two questions: {y} (up) and {x} (across)': under the heading of a two-question chart",
      ),
    overviewLeadTable: z
      .string()
      .min(1)
      .describe("'all groups on the {count} questions: a row per group, a column per question': under the table"),
    legendNumber: z.string().min(1).describe("legend: what the number in a point means"),
    legendLane: z.string().min(1).describe("the legend of the hatched lanes: the groups with no step"),
    lane: z.string().min(1).describe("'no step (question {number})': the heading of a chart's lane"),
    scalesHeading: z.string().min(1).describe("heading of the scales' explanation in the introduction"),
    scaleNotes: z
      .strictObject({
        heading: z.string().min(1).describe("heading of the notes on reading the scales, on every output"),
        ladder: z
          .string()
          .min(1)
          .describe(
            "'question {number}: the source uses these words but does not rank them; the order is the editors' " +
              "reading': said of an ordered scale",
          ),
        categories: z
          .string()
          .min(1)
          .describe("'question {number}: neither the source nor the editors rank these words': said of kinds"),
        noStep: z.string().min(1).describe("'question {number}, no step: {groups}': the groups without a step"),
        noStepCount: z
          .string()
          .min(1)
          .describe("'question {number}, no step: {count} groups': said instead where they are too many to name"),
        allSteps: z.string().min(1).describe("'question {number}: every group has a step'"),
        ownWords: z.string().min(1).describe("'{group} (in the source's own words)': a group whose words fit no step"),
        unanswered: z.string().min(1).describe("'{group} ({unanswered})': a group the source gives no answer"),
      })
      .describe("the notes every output carries on how to read its scales"),
    footnotes: z
      .strictObject({
        label: z.string().min(1).describe("heading of a text's footnotes"),
        back: z
          .string()
          .min(1)
          .describe("'back to reference {number}': the accessible name of a note's link back to the text"),
        backText: z.string().min(1).describe("the visible text of a note's link back to the text"),
      })
      .describe("the words of footnotes in the content's Markdown"),
    accessibility: z
      .strictObject({
        file: z.string().min(1).describe("the accessibility report's file name without .md, e.g. 'accessibility'"),
        heading: z.string().min(1).describe("heading of the accessibility report"),
        intro: z.string().min(1).describe("what the report is and which checks it lists"),
        columns: z
          .strictObject({
            file: z.string().min(1).describe("the file"),
            kind: z.string().min(1).describe("the kind of file and its standard"),
            title: z.string().min(1).describe("the title a reader's software announces"),
            language: z.string().min(1).describe("the declared language"),
            figures: z.string().min(1).describe("figures with an alternative text"),
            result: z.string().min(1).describe("the machine check's result"),
          })
          .describe("the report's table columns"),
        pdf: z.string().min(1).describe("the kind of a screen PDF, with its standard (PDF/UA-1)"),
        html: z.string().min(1).describe("the kind of an HTML output, with its standard (WCAG 2.1 AA)"),
        figuresOf: z.string().min(1).describe("'{count} of {total}': figures with an alternative text"),
        passed: z.string().min(1).describe("the result of a file the machine check found nothing in"),
        failedOne: z.string().min(1).describe("'1 finding': the result of a file with one finding"),
        failed: z.string().min(1).describe("'{count} findings': the result of a file with more findings"),
        notChecked: z.string().min(1).describe("the result of a file not checked (built with --format html alone)"),
        findings: z.string().min(1).describe("heading of the findings, file by file"),
        human: z.string().min(1).describe("heading of what a person must still check"),
        humanChecks: z.array(z.string().min(1)).min(1).describe("what a person must still check, one item each"),
        exempt: z.string().min(1).describe("said of the print files: not checked, for the printer only"),
      })
      .describe("the words of the accessibility report (output/<file>.md)"),
    changes: z
      .strictObject({
        heading: z.string().min(1).describe("heading of output/CHANGES.md"),
        firstBuild: z.string().min(1).describe("said when there is no previous build to compare with"),
        none: z.string().min(1).describe("said when no group changed"),
        added: z.string().min(1).describe("a group that is new"),
        removed: z.string().min(1).describe("a group that is gone"),
        title: z.string().min(1).describe("the word for a changed title"),
        answer: z.string().min(1).describe("'question {number}: {from} → {to}': a changed answer"),
        text: z.string().min(1).describe("'{added} words added, {removed} removed': a changed text"),
        recommendations: z.string().min(1).describe("'recommendations: {from} → {to}': changed recommendations"),
      })
      .describe("the words of the change report"),
    distribution: z
      .strictObject({
        subject: z.string().min(1).describe("'{title}: files for {agency}': the cover e-mail's subject"),
        greeting: z
          .string()
          .min(1)
          .describe("'Dear Sir or Madam,': the cover text's first line ({agency} may name the agency)"),
        intro: z.string().min(1).describe("'the files, for {agency}, of the report {title} ({date}) of {publisher}'"),
        groupsLead: z
          .string()
          .min(1)
          .describe(
            "'the groups, with the source's answer to each question:' before the list of groups and their answers",
          ),
        wholeReport: z.string().min(1).describe("said when the package holds the whole report"),
        wholeReportName: z.string().min(1).describe("the whole report, where changed groups are named"),
        first: z.string().min(1).describe("said to an agency that never received a package"),
        changed: z.string().min(1).describe("'changed since your last copy: {groups}'"),
        unchanged: z.string().min(1).describe("said when nothing changed since the agency's last copy"),
        checksum: z.string().min(1).describe("'the manifest's SHA-256: {sha256}'"),
        checksumHelp: z.string().min(1).describe("what the agency can do with the checksum"),
        signed: z.string().min(1).describe("said when the manifest is signed: check it with the office's public key"),
        closing: z.string().min(1).describe("the closing words before the publisher's name"),
        fileNames: z
          .strictObject({
            infographic: z.string().min(1).describe("a group's infographic PDF"),
            print: z.string().min(1).describe("a group's print-ready PDF"),
            factsheet: z.string().min(1).describe("a group's HTML factsheet"),
            report: z.string().min(1).describe("the whole report's PDF"),
          })
          .describe("the word for each kind of file in a package's file names: `<report>_<group>_<word>_<date>.pdf`"),
      })
      .describe("the words of the cover e-mail that goes with each package"),
  })
  .describe("templates/strings/<language>.json: the fixed words of the templates");
export type Strings = z.infer<typeof Strings>;

export const DistributionFormat = z
  .enum(["pdf", "print", "html", "report"])
  .describe(
    "pdf: the screen infographics; print: the print-ready PDF/X files; html: the factsheets; " +
      "report: the whole report as one PDF",
  );
export type DistributionFormat = z.infer<typeof DistributionFormat>;

export const Agency = z
  .strictObject({
    id: Slug.describe("the agency's identifier: its package folder and zip are named after it (a-z, 0-9, -)"),
    name: z.string().trim().min(1).describe("the agency's name, as in the cover e-mail"),
    email: z.array(z.email()).min(1).describe("one or more e-mail addresses that receive the package"),
    groups: z
      .union([z.literal("all"), z.array(Slug).min(1)])
      .describe("`all`, or a list of group slugs that must exist in content/groups/"),
    formats: z.array(DistributionFormat).min(1).describe("which outputs the agency receives"),
  })
  .describe("one agency on the distribution list");
export type Agency = z.infer<typeof Agency>;

export const Agencies = z
  .strictObject({
    agencies: z.array(Agency).min(1).describe("the agencies, each with its groups and formats"),
  })
  .describe("content/agencies.yml: who receives which groups, in which formats");
export type Agencies = z.infer<typeof Agencies>;

export const SmtpConfig = z
  .strictObject({
    host: z.string().min(1).optional().describe("the mail server's name or address, e.g. smtp.example.org"),
    port: z.int().min(1).max(65535).optional().describe("the mail server's port: 587 by default, 465 with `secure`"),
    secure: z.boolean().optional().describe("true for implicit TLS (port 465); false (the default) for STARTTLS"),
    user: z.string().min(1).optional().describe("the user name to log in with, if the server asks for one"),
    pass: z.string().min(1).optional().describe("the password that goes with `user`"),
    from: z.string().min(1).optional().describe("the sender of the e-mails, e.g. Office <office@example.org>"),
  })
  .describe(
    "the mail server's settings for distribute --send, in a file of the sender's own (never in the content " +
      "folder): FACTSHEETS_SMTP_CONFIG, else ~/.config/factsheets/smtp.yml; the environment's FACTSHEETS_SMTP_* " +
      "variables go before it",
  );
export type SmtpConfig = z.infer<typeof SmtpConfig>;
