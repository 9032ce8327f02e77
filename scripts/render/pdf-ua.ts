import { PDFBool, PDFDict, PDFName, PDFRef, type PDFDocument } from "pdf-lib";
import { markUntaggedAsArtifacts } from "./pdf-artifacts.js";
import { describeLinks, mapRoles, rebuildParentTree, wrapListBodies } from "./pdf-structure.js";

/** What the XMP metadata says of the document: the same as its document information. */
export interface XmpFields {
  title: string;
  author: string;
  /** The report's subtitle, or null where it has none: the description is then left out. */
  subject: string | null;
  keywords: string[];
  language: string;
  /** YYYY-MM-DD: the content's date, never the clock. */
  date: string;
  producer: string;
}

/**
 * Makes Chromium's tagged PDF conform to PDF/UA-1 (ISO 14289-1), keeping its structure tree as the start: every
 * untagged mark an artifact, every non-standard type role-mapped, list items as Lbl and LBody, every link
 * described, pages tabbing in structure order, XMP metadata that declares PDF/UA-1. Deterministic: the same
 * document gives the same bytes. `scripts/accessibility/pdf-ua-check.ts` checks the result.
 */
export function makePdfUa(document: PDFDocument, fields: XmpFields): void {
  markUntaggedAsArtifacts(document);
  mapRoles(document);
  wrapListBodies(document);
  rebuildParentTree(document);
  describeLinks(document);
  for (const page of document.getPages()) page.node.set(PDFName.of("Tabs"), PDFName.of("S"));
  const markInfo = document.context.obj({ Marked: true });
  document.catalog.set(PDFName.of("MarkInfo"), markInfo);
  const preferences = document.catalog.lookupMaybe(PDFName.of("ViewerPreferences"), PDFDict);
  if (preferences) preferences.set(PDFName.of("DisplayDocTitle"), PDFBool.True);
  else document.catalog.set(PDFName.of("ViewerPreferences"), document.context.obj({ DisplayDocTitle: true }));
  setXmpMetadata(document, fields);
}

/** The catalog's /Metadata: an uncompressed XMP packet, so that any tool can read it. */
function setXmpMetadata(document: PDFDocument, fields: XmpFields): void {
  const stream = document.context.stream(Buffer.from(xmpPacket(fields), "utf8"), { Type: "Metadata", Subtype: "XML" });
  const old = document.catalog.get(PDFName.of("Metadata"));
  if (old instanceof PDFRef) document.context.assign(old, stream);
  else document.catalog.set(PDFName.of("Metadata"), document.context.register(stream));
}

/** The XMP packet: Dublin Core, the PDF and XMP basics, and the PDF/UA identification (part 1). */
export function xmpPacket(fields: XmpFields): string {
  const date = `${fields.date}T00:00:00Z`;
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `<rdf:Description rdf:about=""`,
    `  xmlns:dc="http://purl.org/dc/elements/1.1/"`,
    `  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`,
    `  xmlns:xmp="http://ns.adobe.com/xap/1.0/"`,
    `  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">`,
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(fields.title)}</dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.author)}</rdf:li></rdf:Seq></dc:creator>`,
    ...(fields.subject === null ? [] : [`<dc:description>${alt(fields.subject)}</dc:description>`]),
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(fields.language)}</rdf:li></rdf:Bag></dc:language>`,
    `<pdf:Keywords>${escapeXml(fields.keywords.join(" "))}</pdf:Keywords>`,
    `<pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>factsheets</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdfuaid:part>1</pdfuaid:part>`,
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
