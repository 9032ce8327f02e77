/** The languages the tool speaks to its users in; a report in any other language is spoken to in English. */
export const MESSAGE_LANGUAGES = ["nl", "en"] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

const isMessageLanguage = (code: string): code is MessageLanguage => MESSAGE_LANGUAGES.some((known) => known === code);

/** A language code (`nl`, `nl-BE`, `nl_NL.UTF-8`) as one the tool speaks, or undefined. */
export function messageLanguageOf(code: string | undefined): MessageLanguage | undefined {
  const primary = (code ?? "").toLowerCase().split(/[-_.@]/)[0] ?? "";
  return isMessageLanguage(primary) ? primary : undefined;
}

/** Before any content is read: the environment's language (LC_ALL, LC_MESSAGES, LANG), else English. */
export function environmentLanguage(environment: NodeJS.ProcessEnv = process.env): MessageLanguage {
  const set = [environment.LC_ALL, environment.LC_MESSAGES, environment.LANG].find(
    (value) => value !== undefined && value !== "",
  );
  return messageLanguageOf(set) ?? "en";
}

let current: MessageLanguage = environmentLanguage();

/**
 * The language every message is said in from now on. Set by a command from `--lang`, then from the
 * content's own `language` once report.yml is read: the people who edit a Dutch report read Dutch.
 */
export function speak(language: MessageLanguage): void {
  current = language;
}

export function spokenLanguage(): MessageLanguage {
  return current;
}

/** Texts written in English beside the code (field descriptions, help) in each other language, keyed by the English. */
export type Translations = Readonly<Record<MessageLanguage, Readonly<Record<string, string>> | undefined>>;

/** An English text in the language spoken now (or the one given): its translation, or itself where there is none. */
export function translated(
  translations: Translations,
  english: string,
  language: MessageLanguage = spokenLanguage(),
): string {
  return translations[language]?.[english] ?? english;
}
