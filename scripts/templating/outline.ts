import type { Strings } from "../config/schema.js";
import type { OutlineEntry } from "../render/pdf-outline.js";
import type { ReportDocumentView } from "./report-view.js";
import type { GroupView } from "./view-model.js";

/** The bookmarks of the documents, following the headings the templates print. */

export function groupOutline(view: GroupView, page: number): OutlineEntry {
  const { strings } = view;
  return {
    title: view.title,
    page,
    children: [
      { title: `${strings.question} 1: ${strings.vulnerability}`, page },
      { title: `${strings.question} 2: ${strings.evidence}`, page },
      { title: strings.recommendations, page },
    ],
  };
}

export function overviewOutline(strings: Strings, page: number): OutlineEntry {
  return { title: strings.overview, page };
}

export function reportOutline(view: ReportDocumentView): OutlineEntry[] {
  const { strings } = view;
  const firstGroupPage = view.pages - view.groups.length + 1;
  return [
    { title: view.report.title, page: 1 },
    { title: strings.contents, page: 2 },
    { title: strings.introduction, page: 3, children: [{ title: strings.scalesHeading, page: 3 }] },
    overviewOutline(strings, 4),
    ...view.groups.map((group, index) => groupOutline(group, firstGroupPage + index)),
  ];
}
