import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from "../../scripts/output/content-security-policy.js";
import { cssReferences } from "../../scripts/output/css-references.js";
import { outsideReferences, srcsetUrls } from "../../scripts/output/outside-references.js";
import { secureDocument, SecuredDocument } from "../../scripts/output/secure-document.js";

const META = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;

describe("outside references, from the parsed HTML", () => {
  it.each([
    ['<img/src="http://x/a.png">', "would load http://x/a.png from outside (<img src>)"],
    [
      "<img src=data:image/gif;base64,AA srcset='data:image/gif;base64,AA 1x,http://x/b.png 2x'>",
      "would load http://x/b.png from outside (<img srcset>)",
    ],
    ['<svg><image href="//x/c.png"/></svg>', "would load //x/c.png from outside (<image href>)"],
    ['<svg><use xlink:href="sprite.svg#a"/></svg>', "would load sprite.svg#a from outside (<use xlink:href>)"],
    ['<link rel=preconnect href="https://x">', "would load https://x from outside (<link href>)"],
    ['<base href="https://x/">', "would load https://x/ from outside (<base href>)"],
    [
      '<meta http-equiv="Refresh" content="0;url=https://x">',
      'would navigate away or reload (<meta http-equiv="refresh" content="0;url=https://x">)',
    ],
    ["<script>1</script>", "would run a script (<script>1</script>)"],
    ['<img src="data:," onerror="go()">', '<img onerror="go()">)'],
    ['<a href="#x" ping="https://x/p">x</a>', "would load https://x/p from outside (<a ping>)"],
    ['<p style="background:u\\72l(https://x/e.png)">', "would load https://x/e.png from outside (<p style>)"],
    [
      "<style>@import 'https://x/i.css'; a { background: url( \"img.png\" ) }</style>",
      "would load https://x/i.css from outside (<style>)",
    ],
    ['<video poster="p.jpg"></video>', "would load p.jpg from outside (<video poster>)"],
    ['<object data="data:text/html,x"></object>', 'would embed another document (<object data="data:text/html,x">)'],
    ['<iframe srcdoc="<p>x"></iframe>', "would embed another document (<iframe srcdoc>)"],
  ])("%s", (html, expected) => {
    expect(
      outsideReferences(`<!doctype html><title>t</title>${html}`).some((finding) => finding.endsWith(expected)),
    ).toBe(true);
  });

  it("lets links, data: URLs and references within the document pass", () => {
    const html =
      '<!doctype html><title>t</title><a href="https://www.nationaalrapporteur.nl">r</a>' +
      '<img src="data:image/png;base64,AA" alt=""><svg><use href="#icon"/><rect style="fill:url(#g)"/></svg>' +
      "<style>@font-face{src:url(data:font/woff2;base64,AA)}</style>";
    expect(outsideReferences(html)).toEqual([]);
  });

  it("splits srcset as the standard does: a data: URL may hold commas", () => {
    expect(srcsetUrls("data:image/png;base64,AA,BB 1x, b.png 2x,c.png")).toEqual([
      "data:image/png;base64,AA,BB",
      "b.png",
      "c.png",
    ]);
    expect(cssReferences("/* url(hidden) */ a { b: url('x') image-set(\"y\" 1x) }")).toEqual(["x", "y"]);
  });
});

describe("the house Content-Security-Policy", () => {
  it("replaces whatever policy the template has, after <meta charset>, leaving the rest byte for byte", () => {
    const html =
      '<!doctype html><html><head><meta charset="utf-8">\n' +
      '<meta http-equiv="content-security-policy" content="default-src *"><title>t</title></head></html>';
    expect(withContentSecurityPolicy(html)).toBe(
      `<!doctype html><html><head><meta charset="utf-8">${META}\n<title>t</title></head></html>`,
    );
  });

  it("adds it to a document without a head of its own", () => {
    expect(withContentSecurityPolicy("<!doctype html><p>x</p>")).toBe(`<!doctype html>${META}<p>x</p>`);
  });
});

describe("a secured document", () => {
  it("is made only by secureDocument, only for a document with no findings, and cannot be forged", () => {
    const leaky = secureDocument('<html><head></head><body><img src="https://example.org/x.png"></body></html>');
    expect(leaky.findings).not.toEqual([]);
    expect(leaky.document).toBeUndefined();
    const clean = secureDocument("<html><head></head><body><p>ok</p></body></html>");
    expect(clean.document?.html).toBe(clean.html);
    expect(clean.html).toContain(CONTENT_SECURITY_POLICY);
    // The renderer skips its own check for a SecuredDocument, so none may be made outside secureDocument.
    expect(() => Reflect.construct(SecuredDocument, [Symbol("secured here"), "<p>forged</p>"])).toThrow(
      "only secureDocument makes a SecuredDocument",
    );
  });
});
