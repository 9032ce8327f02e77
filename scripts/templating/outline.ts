import type { Strings } from "../config/schema.js";
import type { OutlineEntry } from "../render/pdf-outline.js";
import { groupPage, REPORT_PAGES, type ReportDocumentView } from "./report-view.js";
import type { GroupView } from "./view-model.js";

/** The bookmarks of the documents, following the headings the templates print. */

export function groupOutline(view: GroupView, page: number): OutlineEntry {
  const { strings } = view;
  return {
    title: view.title,
    page,
    children: [
      ...view.answers.map((answer) => ({ title: `${strings.question} ${answer.number}: ${answer.title}`, page })),
      { title: strings.recommendations, page },
    ],
  };
}

export function overviewOutline(strings: Strings, page: number): OutlineEntry {
  return { title: strings.overview, page };
}

export function reportOutline(view: ReportDocumentView): OutlineEntry[] {
  const { strings } = view;
  const { cover, contents, introduction, overview } = REPORT_PAGES;
  return [
    { title: view.report.title, page: cover },
    { title: strings.contents, page: contents },
    {
      title: strings.introduction,
      page: introduction,
      children: [{ title: strings.scalesHeading, page: introduction }],
    },
    overviewOutline(strings, overview),
    ...view.groups.map((group, index) => groupOutline(group, groupPage(index))),
  ];
}
