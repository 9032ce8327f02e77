import { describe, expect, it } from "vitest";
import { VFile } from "vfile";
import { createMarkdownProcessor } from "../../scripts/markdown/processor.js";

const processor = createMarkdownProcessor("nl");

async function html(markdown: string): Promise<{ html: string; messages: string[] }> {
  const file = new VFile({ path: "test.md", value: markdown });
  const output = String(await processor.process(file));
  return {
    html: output,
    messages: file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`),
  };
}

describe("the markdown processor", () => {
  it("turns Markdown into HTML with GFM tables and lists", async () => {
    const result = await html("Een **vet** woord.\n\n- een\n- twee\n\n| a | b |\n| - | - |\n| 1 | 2 |\n");
    expect(result.html).toBe(
      "<p>Een <strong>vet</strong> woord.</p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>",
    );
    expect(result.messages).toEqual([]);
  });

  it("never lets raw HTML, scripts or javascript: links through, and reports the HTML", async () => {
    const result = await html(
      'Tekst <img src=x onerror="alert(1)"> en [klik](javascript:alert(1)).\n\n<script>window.pwned = true</script>\n',
    );
    expect(result.html).toBe("<p>Tekst  en <a>klik</a>.</p>");
    expect(result.messages).toEqual(["1:7 markdown/raw-html", "3:1 markdown/raw-html"]);
  });

  it("keeps ordinary links and Handlebars-looking text literal", async () => {
    const result = await html("Zie [de site](https://www.nationaalrapporteur.nl) en {{title}} of {{{bodyHtml}}}.");
    expect(result.html).toBe(
      '<p>Zie <a href="https://www.nationaalrapporteur.nl">de site</a> en {{title}} of {{{bodyHtml}}}.</p>',
    );
  });

  it("inserts Dutch soft hyphens into long words only, never in code or links", async () => {
    const result = await html(
      "Het mensenhandelperspectief en de afhankelijkheidsrelatie, niet `mensenhandelperspectief` of [mensenhandelperspectief](https://x.nl).",
    );
    expect(result.html).toBe(
      '<p>Het men\u00ADsen\u00ADhan\u00ADdel\u00ADper\u00ADspec\u00ADtief en de af\u00ADhan\u00ADke\u00ADlijk\u00ADheids\u00ADre\u00ADla\u00ADtie, niet <code>mensenhandelperspectief</code> of <a href="https://x.nl">mensenhandelperspectief</a>.</p>',
    );
  });

  it("leaves words under ten letters whole", async () => {
    expect((await html("kinderen jongeren")).html).toBe("<p>kinderen jongeren</p>");
  });
});
