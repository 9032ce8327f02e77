import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from "pdf-lib";
import { pageText } from "../pdf/page-text.js";
import { entry, isStructureElement, nameOf, resolve, structureKids } from "../pdf/pdf-objects.js";
import { STANDARD_TYPES } from "../pdf/structure-types.js";

/**
 * Chromium's structure types that ISO 32000-1 does not define (they are PDF 2.0's), each with the standard type
 * PDF/UA-1 readers take it for (Matterhorn 02-001). A type not here stops the finishing step: a new Chromium that
 * writes another one must be mapped by hand, not passed through.
 */
const ROLES: Readonly<Record<string, string>> = {
  Aside: "Sect",
  Strong: "Span",
  Em: "Span",
  Sub: "Span",
  Title: "P",
  FENote: "Note",
  DocumentFragment: "Div",
};

/** A structure type the finishing step does not know how to map to a standard one. */
export class UnmappedStructureTypeError extends Error {
  override readonly name = "UnmappedStructureTypeError";
}

interface Element {
  dict: PDFDict;
  ref: PDFRef;
}

/** The structure tree's root, or undefined when the PDF is not tagged. */
function structureRoot(document: PDFDocument): PDFDict | undefined {
  return document.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
}

/** Every structure element with its reference, depth-first in reading order. */
function elements(document: PDFDocument, root: PDFDict): Element[] {
  const found: Element[] = [];
  const visit = (dict: PDFDict) => {
    for (const { object, ref } of structureKids(document, dict)) {
      if (!ref || !isStructureElement(document, object)) continue;
      found.push({ dict: object, ref });
      visit(object);
    }
  };
  visit(root);
  return found;
}

/** Adds a role map entry for every non-standard type in the tree (PDF/UA-1 7.1-3). */
export function mapRoles(document: PDFDocument): void {
  const root = structureRoot(document);
  if (!root) return;
  const used = new Set(elements(document, root).map(({ dict }) => nameOf(dict.get(PDFName.of("S"))) ?? ""));
  const roleMap = document.context.obj({});
  for (const type of [...used].sort()) {
    if (STANDARD_TYPES.has(type)) continue;
    const role = ROLES[type];
    if (!role)
      throw new UnmappedStructureTypeError(
        `Chromium tagged the document with the structure type /${type}, which PDF/UA-1 does not define; ` +
          "map it to a standard type in scripts/render/pdf-structure.ts",
      );
    roleMap.set(PDFName.of(type), PDFName.of(role));
  }
  if (roleMap.keys().length > 0) root.set(PDFName.of("RoleMap"), roleMap);
}

/**
 * A list item holds a label and a body (ISO 32000-1 Table 336): Chromium puts the item's text (a NonStruct, a Link)
 * straight in the LI, so every run of kids that is not an Lbl or an LBody is wrapped in a new LBody.
 */
export function wrapListBodies(document: PDFDocument): void {
  const root = structureRoot(document);
  if (!root) return;
  for (const { dict, ref } of elements(document, root)) {
    if (nameOf(dict.get(PDFName.of("S"))) !== "LI") continue;
    const kids: PDFObject[] = [];
    let body: PDFObject[] = [];
    const closeBody = () => {
      if (body.length > 0) kids.push(newElement(document, "LBody", ref, dict, body));
      body = [];
    };
    for (const kid of kidList(dict)) {
      const type = kindOfKid(document, kid);
      if (type === "Lbl" || type === "LBody") {
        closeBody();
        kids.push(kid);
      } else {
        body.push(kid);
      }
    }
    closeBody();
    dict.set(PDFName.of("K"), document.context.obj(kids));
  }
}

function kidList(dict: PDFDict): PDFObject[] {
  const kids = dict.get(PDFName.of("K"));
  if (kids instanceof PDFArray) return kids.asArray();
  return kids === undefined ? [] : [kids];
}

function kindOfKid(document: PDFDocument, kid: PDFObject): string | undefined {
  const resolved = resolve(document, kid);
  return resolved instanceof PDFDict ? nameOf(resolved.get(PDFName.of("S"))) : undefined;
}

/** A new structure element of `type` under `parent` holding `kids` (their /P set to it); its page is the parent's. */
function newElement(
  document: PDFDocument,
  type: string,
  parentRef: PDFRef,
  parent: PDFDict,
  kids: readonly PDFObject[],
): PDFRef {
  const dict = document.context.obj({ Type: "StructElem", S: type, P: parentRef });
  const page = parent.get(PDFName.of("Pg"));
  if (page) dict.set(PDFName.of("Pg"), page);
  dict.set(PDFName.of("K"), document.context.obj([...kids]));
  const ref = document.context.register(dict);
  for (const kid of kids) {
    const resolved = resolve(document, kid);
    if (isStructureElement(document, resolved)) resolved.set(PDFName.of("P"), ref);
  }
  return ref;
}

/**
 * Writes the parent tree anew from the structure tree, so that every marked-content sequence and every annotation
 * leads to the element that holds it, after elements were added or moved: for each page (by its /StructParents)
 * the element of each MCID, for each annotation (by its /StructParent) the element of its OBJR.
 */
export function rebuildParentTree(document: PDFDocument): void {
  const root = structureRoot(document);
  if (!root) return;
  const byPage = new Map<number, PDFRef[]>();
  const byObject = new Map<number, PDFRef>();
  const visit = (dict: PDFDict, ref: PDFRef | undefined, page: PDFObject | undefined) => {
    const ownPage = dict.get(PDFName.of("Pg")) ?? page;
    for (const { object, ref: kidRef } of structureKids(document, dict)) {
      if (ref && object instanceof PDFNumber) addContent(document, byPage, ownPage, object.asNumber(), ref);
      else if (ref && object instanceof PDFDict && nameOf(entry(document, object, "Type")) === "MCR")
        addContent(
          document,
          byPage,
          object.get(PDFName.of("Pg")) ?? ownPage,
          numberOf(object.get(PDFName.of("MCID"))),
          ref,
        );
      else if (ref && object instanceof PDFDict && nameOf(entry(document, object, "Type")) === "OBJR") {
        const annotation = entry(document, object, "Obj");
        const key = annotation instanceof PDFDict ? numberOf(annotation.get(PDFName.of("StructParent"))) : undefined;
        if (key !== undefined) byObject.set(key, ref);
      } else if (kidRef && isStructureElement(document, object)) visit(object, kidRef, ownPage);
    }
  };
  visit(root, undefined, undefined);
  const nums: PDFObject[] = [];
  const keys = [...new Set([...byPage.keys(), ...byObject.keys()])].sort((a, b) => a - b);
  for (const key of keys) {
    const content = byPage.get(key);
    const element = byObject.get(key);
    // An MCID that no element holds (none here: the check reports it) is a null in its page's array.
    if (content) nums.push(PDFNumber.of(key), document.context.obj(Array.from(content, (ref) => ref ?? PDFNull)));
    else if (element) nums.push(PDFNumber.of(key), element);
  }
  const tree = document.context.obj({ Nums: nums });
  const old = root.get(PDFName.of("ParentTree"));
  if (old instanceof PDFRef) document.context.assign(old, tree);
  else root.set(PDFName.of("ParentTree"), document.context.register(tree));
  root.set(PDFName.of("ParentTreeNextKey"), PDFNumber.of((keys.at(-1) ?? -1) + 1));
}

function numberOf(object: PDFObject | undefined): number | undefined {
  return object instanceof PDFNumber ? object.asNumber() : undefined;
}

function addContent(
  document: PDFDocument,
  byPage: Map<number, PDFRef[]>,
  page: PDFObject | undefined,
  mcid: number | undefined,
  element: PDFRef,
): void {
  const pageDict = resolve(document, page);
  const key = pageDict instanceof PDFDict ? numberOf(pageDict.get(PDFName.of("StructParents"))) : undefined;
  if (key === undefined || mcid === undefined) return;
  const list = byPage.get(key) ?? [];
  list[mcid] = element;
  byPage.set(key, list);
}

/**
 * Gives every link annotation a /Contents (PDF/UA-1 7.18.5, Matterhorn 28-012): the text of the Link element that
 * holds it, as a screen reader would read the link, or, for a link with no text, where it leads.
 */
export function describeLinks(document: PDFDocument): void {
  const root = structureRoot(document);
  if (!root) return;
  const texts = new Map<string, Map<number, string>>();
  const textOf = (page: PDFObject | undefined): Map<number, string> => {
    const key = page?.toString() ?? "";
    let known = texts.get(key);
    if (!known) {
      const found = document.getPages().find((candidate) => candidate.ref.toString() === key);
      known = found ? pageText(document, found).byMcid : new Map<number, string>();
      texts.set(key, known);
    }
    return known;
  };
  for (const { dict } of elements(document, root)) {
    if (nameOf(dict.get(PDFName.of("S"))) !== "Link") continue;
    const text = elementText(document, dict, dict.get(PDFName.of("Pg")), textOf)
      .replace(/\s+/g, " ")
      .trim();
    for (const { object } of structureKids(document, dict)) {
      if (!(object instanceof PDFDict) || nameOf(entry(document, object, "Type")) !== "OBJR") continue;
      const annotation = entry(document, object, "Obj");
      if (annotation instanceof PDFDict)
        annotation.set(PDFName.of("Contents"), PDFHexString.fromText(text || target(document, annotation)));
    }
  }
}

/** The text of an element's marked content, in order, through its descendants. */
function elementText(
  document: PDFDocument,
  dict: PDFDict,
  page: PDFObject | undefined,
  textOf: (page: PDFObject | undefined) => Map<number, string>,
): string {
  const ownPage = dict.get(PDFName.of("Pg")) ?? page;
  // Each piece apart: a link's parts stand in boxes of their own (a section's title and its page number).
  const pieces: string[] = [];
  for (const { object } of structureKids(document, dict)) {
    if (object instanceof PDFNumber) pieces.push(textOf(ownPage).get(object.asNumber()) ?? "");
    else if (isStructureElement(document, object)) pieces.push(elementText(document, object, ownPage, textOf));
  }
  return pieces.join(" ");
}

/** Where a link leads: its URI, or the name of its destination in the document. */
function target(document: PDFDocument, annotation: PDFDict): string {
  const action = entry(document, annotation, "A");
  const uri = action instanceof PDFDict ? entry(document, action, "URI") : undefined;
  if (uri instanceof PDFString) return uri.decodeText();
  return nameOf(annotation.get(PDFName.of("Dest"))) ?? "";
}
