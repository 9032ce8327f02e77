import { describe, expect, it } from "vitest";
import { nearestSentence, sentencesOf } from "../../scripts/content/nearest-sentence.js";

const TEXT =
  "Roma-kinderen kennen een hoge kwetsbaarheid voor mensenhandel. De laatste jaren zijn in Nederland diverse " +
  "veroordelingen gevolgd voor familieleden die hun kinderen strafbare feiten lieten plegen.\nToch wordt in deze " +
  "zaken niet altijd de relatie met mensenhandel gelegd.";

describe("the sentence a quote that is not in the text comes nearest to", () => {
  it("splits the text into its sentences", () => {
    expect(sentencesOf(TEXT)).toHaveLength(3);
  });

  it("names the sentence and the words where the quote and the text part", () => {
    expect(nearestSentence("Roma-kinderen kennen een zeer hoge kwetsbaarheid voor mensenhandel.", TEXT)).toEqual({
      sentence: "Roma-kinderen kennen een hoge kwetsbaarheid voor mensenhandel.",
      quoted: "een zeer hoge kwetsbaarheid",
      text: "een hoge kwetsbaarheid",
    });
    expect(nearestSentence("Toch wordt in deze zaken niet altijd de relatie met mensenhandel gelegd", TEXT)).toEqual({
      sentence: "Toch wordt in deze zaken niet altijd de relatie met mensenhandel gelegd.",
      quoted: "mensenhandel gelegd",
      text: "mensenhandel gelegd.",
    });
  });

  it("offers none where no sentence is near: a quote from another group's text", () => {
    expect(nearestSentence("Syrische kindbruiden kennen een redelijke kwetsbaarheid.", TEXT)).toBeUndefined();
  });
});
