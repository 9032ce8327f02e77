import { describe, expect, it } from "vitest";
import { keepParserBetweenBuilds, TextParser, type ParsedText } from "../../scripts/markdown/text-parser.js";

/** One build's parse of the texts, by a parser of its own as loadContent has. */
async function buildParses(...texts: string[]): Promise<ParsedText[]> {
  const parser = new TextParser();
  try {
    return await Promise.all(texts.map((text) => parser.parse(text, "a group's text", "nl")));
  } finally {
    await parser.close();
  }
}

const plain = (parsed: ParsedText | undefined) => (parsed?.ok ? parsed.plain : parsed?.detail);

describe("the Markdown parser between builds", () => {
  it("parses every text anew in a process that builds once", async () => {
    const [first] = await buildParses("Een tekst over *mensen*.");
    const [second] = await buildParses("Een tekst over *mensen*.");
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });

  it("in the preview, parses only the texts that changed since the last build, and forgets texts no longer used", async () => {
    keepParserBetweenBuilds();
    const kept = "Een tekst die blijft, met een voetnoot.[^1]\n\n[^1]: De noot.";
    const edited = "Een tekst die *verandert*.";
    const [keptFirst, editedFirst] = await buildParses(kept, edited);
    const [keptSecond, editedSecond] = await buildParses(kept, edited.replace("verandert", "veranderde"));
    // The same words: the same parse, problems and all; other words: a parse of their own.
    expect(keptSecond).toBe(keptFirst);
    expect(editedSecond).not.toBe(editedFirst);
    expect(plain(editedSecond)).toBe("Een tekst die veranderde.");
    // A text that a whole build did not use is parsed again when it comes back.
    await buildParses(kept);
    await buildParses(kept);
    const [editedAgain] = await buildParses(edited);
    expect(editedAgain).not.toBe(editedFirst);
    expect(plain(editedAgain)).toBe("Een tekst die verandert.");
  });

  it("in the preview, keeps a text's problems with it: a text parsed once reports them in every build", async () => {
    keepParserBetweenBuilds();
    const broken = "Een plaatje: ![kaart](https://example.org/kaart.png)";
    const [first] = await buildParses(broken);
    const [second] = await buildParses(broken);
    expect(second).toBe(first);
    expect(first?.ok && first.messages.map((message) => message.ruleId)).toEqual(
      second?.ok && second.messages.map((message) => message.ruleId),
    );
    expect(first?.ok ? first.messages.length : 0).toBeGreaterThan(0);
  });
});
