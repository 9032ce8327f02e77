import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";
import type { PDFObject } from "pdf-lib";
import { ContentStreamError, parseContentStream } from "../pdf/content-stream.js";
import { paintingMarkings } from "../pdf/marked-content.js";
import { pageText } from "../pdf/page-text.js";
import {
  entry,
  isStructureElement,
  nameOf,
  pageContentText,
  resolve,
  streamText,
  structureKids,
} from "../pdf/pdf-objects.js";
import { STANDARD_TYPES } from "../pdf/structure-types.js";

/** One failed condition of the Matterhorn Protocol 1.1, with where and what. */
export interface PdfUaFailure {
  /** The Matterhorn failure condition, e.g. "01-005"; "31" for the font checks of checkpoint 31. */
  condition: string;
  message: string;
}

/**
 * The Matterhorn Protocol 1.1 failure conditions this check tests by machine, each with what it looks for. The
 * conditions that need a person (whether a tag suits its content, whether the reading order is the logical one,
 * whether an alternative text says what the figure shows, colour and contrast) are listed in docs/engineering.md,
 * "Accessibility".
 */
export const CHECKED_CONDITIONS: Readonly<Record<string, string>> = {
  "01-003": "content marked as an artifact inside tagged content",
  "01-004": "tagged content inside content marked as an artifact",
  "01-005": "content neither tagged nor an artifact (an MCID that no structure element holds counts as untagged)",
  "01-007": "MarkInfo with /Suspects true, or not /Marked true",
  "02-001": "a non-standard structure type that the role map does not take to a standard type",
  "02-003": "a circular role mapping",
  "02-004": "a standard structure type that is remapped",
  "06-001": "no XMP metadata stream in the catalog",
  "06-002": "the XMP metadata has no PDF/UA identifier (pdfuaid:part 1)",
  "06-003": "the XMP metadata has no dc:title",
  "07-001": "no DisplayDocTitle in the viewer preferences",
  "07-002": "DisplayDocTitle is false",
  "09-004": "a table element out of place (Table: TR, THead, TBody, TFoot, Caption; TR: TH, TD)",
  "09-005": "a list element out of place (L: LI, Caption, L; LI: Lbl, LBody; Lbl and LBody only in LI)",
  "09-006": "a table of contents element out of place (TOC: TOCI, TOC, Caption; TOCI only in TOC)",
  "10-001": "a character code that no ToUnicode map turns into text",
  "11-001": "no natural language for the page content (the catalog's /Lang)",
  "13-004": "a Figure without alternative text (/Alt) or replacement text (/ActualText)",
  "14-002": "numbered headings whose first is not H1",
  "14-003": "a numbered heading level skipped going down",
  "14-007": "both H and H1–H6 used",
  "28-008": "a page with annotations and no /Tabs",
  "28-009": "a page with annotations whose /Tabs is not /S",
  "28-011": "a link annotation that is not held by a Link structure element",
  "28-012": "a link annotation without /Contents",
  "31": "a font whose program is not embedded",
};

/** Every machine-checkable failure of PDF/UA-1 this check knows, for the PDF's bytes; none means it passes. */
export async function checkPdfUa(bytes: Uint8Array): Promise<PdfUaFailure[]> {
  return (await auditPdf(bytes)).failures;
}

/** What the accessibility report says of a PDF: the check's failures and what a reader's software is told. */
export interface PdfAudit {
  failures: PdfUaFailure[];
  title: string;
  language: string;
  figures: number;
  /** Figures with an alternative or replacement text. */
  figuresWithText: number;
}

/** The PDF/UA-1 check of a PDF, with its title, its language and its figures counted. */
export async function auditPdf(bytes: Uint8Array): Promise<PdfAudit> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const failures = inspect(document);
  const figures = structure(document).elements.filter((element) => element.role === "Figure");
  const language = entry(document, document.catalog, "Lang");
  return {
    failures,
    title: document.getTitle() ?? "",
    language: language instanceof PDFString || language instanceof PDFHexString ? language.decodeText() : "",
    figures: figures.length,
    figuresWithText: figures.filter(
      ({ dict }) => hasText(document, dict, "Alt") || hasText(document, dict, "ActualText"),
    ).length,
  };
}

function inspect(document: PDFDocument): PdfUaFailure[] {
  const failures: PdfUaFailure[] = [];
  const fail = (condition: string, message: string) => failures.push({ condition, message });
  checkCatalog(document, fail);
  const tree = structure(document);
  checkRoles(tree, fail);
  checkNesting(tree, fail);
  checkHeadings(tree, fail);
  for (const element of tree.elements)
    if (
      element.role === "Figure" &&
      !hasText(document, element.dict, "Alt") &&
      !hasText(document, element.dict, "ActualText")
    )
      fail("13-004", "a Figure has no /Alt and no /ActualText");
  checkContent(document, tree, fail);
  checkAnnotations(document, tree, fail);
  checkFonts(document, fail);
  return failures;
}

type Fail = (condition: string, message: string) => void;

interface Element {
  dict: PDFDict;
  /** Its type after the role map; undefined when the map does not end in a standard type. */
  role: string | undefined;
  type: string;
  parent: Element | undefined;
  kids: Element[];
}

interface Structure {
  elements: Element[];
  /** For each page (by reference text) the MCIDs that a structure element holds. */
  mcids: Map<string, Set<number>>;
  /** The annotations (by reference text) held by an OBJR, with the element holding each. */
  objects: Map<string, Element>;
  roleMap: Map<string, string>;
}

function structure(document: PDFDocument): Structure {
  const root = document.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  const roleMap = new Map<string, string>();
  const map = root ? entry(document, root, "RoleMap") : undefined;
  if (map instanceof PDFDict)
    for (const [key, value] of map.entries()) roleMap.set(key.decodeText(), nameOf(resolve(document, value)) ?? "");
  const result: Structure = { elements: [], mcids: new Map(), objects: new Map(), roleMap };
  const addMcid = (page: PDFObject | undefined, mcid: number) => {
    const key = page?.toString() ?? "";
    const set = result.mcids.get(key) ?? new Set<number>();
    set.add(mcid);
    result.mcids.set(key, set);
  };
  const visit = (dict: PDFDict, parent: Element | undefined, page: PDFObject | undefined, seen: Set<PDFDict>) => {
    const ownPage = dict.get(PDFName.of("Pg")) ?? page;
    for (const { object } of structureKids(document, dict)) {
      if (object instanceof PDFNumber && parent) addMcid(ownPage, object.asNumber());
      else if (object instanceof PDFDict && nameOf(entry(document, object, "Type")) === "MCR") {
        const mcid = entry(document, object, "MCID");
        if (mcid instanceof PDFNumber) addMcid(object.get(PDFName.of("Pg")) ?? ownPage, mcid.asNumber());
      } else if (object instanceof PDFDict && nameOf(entry(document, object, "Type")) === "OBJR" && parent) {
        result.objects.set(object.get(PDFName.of("Obj"))?.toString() ?? "", parent);
      } else if (isStructureElement(document, object) && !seen.has(object)) {
        seen.add(object);
        const type = nameOf(object.get(PDFName.of("S"))) ?? "";
        const element: Element = { dict: object, type, role: roleOf(type, roleMap), parent, kids: [] };
        parent?.kids.push(element);
        result.elements.push(element);
        visit(object, element, ownPage, seen);
      }
    }
  };
  if (root) visit(root, undefined, undefined, new Set());
  return result;
}

/** The standard type a type stands for through the role map; undefined for a circle or a dead end. */
function roleOf(type: string, roleMap: Map<string, string>): string | undefined {
  const seen = new Set<string>();
  let current = type;
  while (!STANDARD_TYPES.has(current)) {
    if (seen.has(current)) return undefined;
    seen.add(current);
    const next = roleMap.get(current);
    if (next === undefined) return undefined;
    current = next;
  }
  return current;
}

function checkCatalog(document: PDFDocument, fail: Fail): void {
  const catalog = document.catalog;
  const markInfo = catalog.lookupMaybe(PDFName.of("MarkInfo"), PDFDict);
  if (markInfo?.get(PDFName.of("Suspects")) === PDFBool.True) fail("01-007", "MarkInfo has /Suspects true");
  if (markInfo?.get(PDFName.of("Marked")) !== PDFBool.True) fail("01-007", "MarkInfo does not say /Marked true");
  const metadata = entry(document, catalog, "Metadata");
  if (!(metadata instanceof PDFStream)) {
    fail("06-001", "the catalog has no XMP metadata stream");
  } else {
    const xmp = Buffer.from(streamText(metadata), "latin1").toString("utf8");
    if (!/<pdfuaid:part>\s*1\s*<\/pdfuaid:part>|pdfuaid:part\s*=\s*["']1["']/.test(xmp))
      fail("06-002", "the XMP metadata does not declare pdfuaid:part 1");
    if (!/<dc:title>[\s\S]*?<rdf:li[^>]*>[^<\s][^<]*<\/rdf:li>[\s\S]*?<\/dc:title>/.test(xmp))
      fail("06-003", "the XMP metadata has no dc:title");
  }
  const preferences = catalog.lookupMaybe(PDFName.of("ViewerPreferences"), PDFDict);
  const display = preferences?.get(PDFName.of("DisplayDocTitle"));
  if (display === undefined) fail("07-001", "the viewer preferences have no DisplayDocTitle");
  else if (display !== PDFBool.True) fail("07-002", "DisplayDocTitle is not true");
  const language = entry(document, catalog, "Lang");
  const text = language instanceof PDFString || language instanceof PDFHexString ? language.decodeText().trim() : "";
  if (text === "") fail("11-001", "the catalog has no /Lang");
  if (!catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict)) fail("01-005", "the document has no structure tree");
}

function checkRoles(tree: Structure, fail: Fail): void {
  for (const [type, target] of tree.roleMap) {
    if (STANDARD_TYPES.has(type)) fail("02-004", `the standard type /${type} is remapped to /${target}`);
    else if (reachesItself(type, tree.roleMap)) fail("02-003", `the role map goes round in a circle from /${type}`);
  }
  const reported = new Set<string>();
  for (const { type, role } of tree.elements) {
    if (role !== undefined || reported.has(type) || reachesItself(type, tree.roleMap)) continue;
    reported.add(type);
    fail("02-001", `the structure type /${type} is not standard and the role map does not take it to one`);
  }
}

function reachesItself(type: string, roleMap: Map<string, string>): boolean {
  const seen = new Set<string>();
  let current: string | undefined = type;
  while (current !== undefined && !STANDARD_TYPES.has(current)) {
    if (seen.has(current)) return true;
    seen.add(current);
    current = roleMap.get(current);
  }
  return false;
}

const CHILDREN: Readonly<Record<string, { condition: string; allowed: readonly string[] }>> = {
  L: { condition: "09-005", allowed: ["LI", "Caption", "L"] },
  LI: { condition: "09-005", allowed: ["Lbl", "LBody"] },
  Table: { condition: "09-004", allowed: ["TR", "THead", "TBody", "TFoot", "Caption"] },
  THead: { condition: "09-004", allowed: ["TR"] },
  TBody: { condition: "09-004", allowed: ["TR"] },
  TFoot: { condition: "09-004", allowed: ["TR"] },
  TR: { condition: "09-004", allowed: ["TH", "TD"] },
  TOC: { condition: "09-006", allowed: ["TOCI", "TOC", "Caption"] },
};

const PARENTS: Readonly<Record<string, { condition: string; allowed: readonly string[] }>> = {
  LI: { condition: "09-005", allowed: ["L"] },
  Lbl: { condition: "09-005", allowed: ["LI", "BibEntry", "Note"] },
  LBody: { condition: "09-005", allowed: ["LI"] },
  TR: { condition: "09-004", allowed: ["Table", "THead", "TBody", "TFoot"] },
  TH: { condition: "09-004", allowed: ["TR"] },
  TD: { condition: "09-004", allowed: ["TR"] },
  TOCI: { condition: "09-006", allowed: ["TOC"] },
};

function checkNesting(tree: Structure, fail: Fail): void {
  for (const element of tree.elements) {
    const rule = element.role ? CHILDREN[element.role] : undefined;
    if (rule)
      for (const kid of element.kids)
        if (!kid.role || !rule.allowed.includes(kid.role))
          fail(rule.condition, `/${element.type} holds /${kid.type}; it may hold only ${rule.allowed.join(", ")}`);
    const up = element.role ? PARENTS[element.role] : undefined;
    const parentRole = element.parent?.role;
    if (up && (!parentRole || !up.allowed.includes(parentRole)))
      fail(
        up.condition,
        `/${element.type} stands in /${element.parent?.type ?? "the root"}; it belongs in ${up.allowed.join(", ")}`,
      );
  }
}

function checkHeadings(tree: Structure, fail: Fail): void {
  const levels = tree.elements.flatMap(({ role }) => (role && /^H[1-6]$/.test(role) ? [Number(role.slice(1))] : []));
  if (levels.length > 0 && tree.elements.some(({ role }) => role === "H"))
    fail("14-007", "the document uses both H and H1–H6");
  if (levels.length > 0 && levels[0] !== 1) fail("14-002", `the first numbered heading is H${levels[0]}, not H1`);
  levels.forEach((level, index) => {
    const before = levels[index - 1];
    if (before !== undefined && level > before + 1)
      fail("14-003", `an H${level} follows an H${before}: H${before + 1} is skipped`);
  });
}

function hasText(document: PDFDocument, dict: PDFDict, key: string): boolean {
  const value = entry(document, dict, key);
  return (value instanceof PDFString || value instanceof PDFHexString) && value.decodeText().trim() !== "";
}

function checkContent(document: PDFDocument, tree: Structure, fail: Fail): void {
  document.getPages().forEach((page, index) => {
    const where = `page ${index + 1}`;
    let operations;
    try {
      operations = parseContentStream(pageContentText(document, page));
    } catch (error) {
      if (!(error instanceof ContentStreamError)) throw error;
      fail("01-005", `${where}: the content cannot be read (${error.message})`);
      return;
    }
    const held = tree.mcids.get(page.ref.toString()) ?? new Set<number>();
    const counts = { "01-003": 0, "01-004": 0, "01-005": 0 };
    const orphans = new Set<number>();
    for (const { marking } of paintingMarkings(operations)) {
      if (marking.kind === "untagged") counts["01-005"] += 1;
      else if (marking.kind === "artifact-in-tagged") counts["01-003"] += 1;
      else if (marking.kind === "tagged-in-artifact") counts["01-004"] += 1;
      else if (marking.kind === "tagged" && !held.has(marking.mcid)) orphans.add(marking.mcid);
    }
    if (counts["01-005"] > 0)
      fail("01-005", `${where}: ${counts["01-005"]} painting operators are neither tagged nor artifacts`);
    if (counts["01-003"] > 0)
      fail("01-003", `${where}: ${counts["01-003"]} painting operators are artifacts inside tagged content`);
    if (counts["01-004"] > 0)
      fail("01-004", `${where}: ${counts["01-004"]} painting operators are tagged inside an artifact`);
    if (orphans.size > 0)
      fail(
        "01-005",
        `${where}: the marked content ${[...orphans].sort((a, b) => a - b).join(", ")} is held by no structure element`,
      );
    const unmapped = pageText(document, page).unmapped;
    if (unmapped.length > 0)
      fail("10-001", `${where}: ${unmapped.length} character codes have no Unicode (font ${unmapped[0]?.font ?? ""})`);
  });
}

function checkAnnotations(document: PDFDocument, tree: Structure, fail: Fail): void {
  document.getPages().forEach((page, index) => {
    const where = `page ${index + 1}`;
    const annotations = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    if (!annotations || annotations.size() === 0) return;
    const tabs = page.node.get(PDFName.of("Tabs"));
    if (tabs === undefined) fail("28-008", `${where} has annotations and no /Tabs`);
    else if (nameOf(tabs) !== "S") fail("28-009", `${where} has /Tabs ${String(tabs)}, not /S`);
    for (const item of annotations.asArray()) {
      const annotation = resolve(document, item);
      if (!(annotation instanceof PDFDict) || nameOf(annotation.get(PDFName.of("Subtype"))) !== "Link") continue;
      const holder = item instanceof PDFRef ? tree.objects.get(item.toString()) : undefined;
      if (holder?.role !== "Link") fail("28-011", `${where}: a link annotation is not held by a Link element`);
      if (!hasText(document, annotation, "Contents")) fail("28-012", `${where}: a link annotation has no /Contents`);
    }
  });
}

function checkFonts(document: PDFDocument, fail: Fail): void {
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || nameOf(object.get(PDFName.of("Type"))) !== "FontDescriptor") continue;
    if (!["FontFile", "FontFile2", "FontFile3"].some((key) => object.has(PDFName.of(key))))
      fail("31", `the font ${nameOf(object.get(PDFName.of("FontName"))) ?? "?"} is not embedded`);
  }
}
