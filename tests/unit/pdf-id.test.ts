import { describe, expect, it } from "vitest";
import { replaceDocumentId } from "../../scripts/render/pdf-id.js";

const id = "5763D4729446D38813A8E50255DEF481";
const trailer = (ids: string) =>
  Buffer.from(
    `%PDF-1.3\n1 0 obj << >> endobj\nxref\ntrailer\n<< /Size 50 /Root 1 0 R\n/ID ${ids}\n>>\nstartxref\n173439\n%%EOF\n`,
    "latin1",
  );

describe("the fixed /ID of Ghostscript's print files", () => {
  it.each([
    ["hex strings", "[<2829D4FEB9787D121459EA499BBFC7B6><2829D4FEB9787D121459EA499BBFC7B6>]"],
    ["literal strings with escapes", "[(agWHi\\005X\\353h;\\251@J\\373\\3242)(agWHi\\005X\\353h;\\251@J\\373\\3242)]"],
    ["literal strings with an escaped parenthesis", "[(a\\)bcdefghijklmnop)(a\\)bcdefghijklmnop)]"],
  ])("replaces %s in the trailer with the same fixed /ID, whatever their length", (_label, ids) => {
    const output = Buffer.from(replaceDocumentId(trailer(ids), id)).toString("latin1");
    expect(output).toBe(Buffer.from(trailer("[(5763D4729446D388)(5763D4729446D388)]")).toString("latin1"));
  });

  it("pads an /ID before the cross-reference table to its old length, so no offset moves", () => {
    const input = Buffer.from(
      "%PDF-1.3\n1 0 obj << /ID [<2829D4FEB9787D121459EA499BBFC7B6><2829D4FEB9787D121459EA499BBFC7B6>] >> endobj\nxref\ntrailer\n<< >>\n",
      "latin1",
    );
    const output = replaceDocumentId(input, id);
    expect(output.length).toBe(input.length);
    expect(Buffer.from(output).toString("latin1")).toMatch(
      /\/ID \[\(5763D4729446D388\)\(5763D4729446D388\)\] {32} >> endobj/,
    );
  });

  it("refuses a file without an /ID instead of writing one with a random /ID", () => {
    expect(() => replaceDocumentId(Buffer.from("trailer\n<< /Size 1 >>\n"), id)).toThrow(
      "the PDF has no /ID to replace",
    );
  });
});
