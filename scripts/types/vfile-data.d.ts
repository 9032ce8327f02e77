export {};

declare module "vfile" {
  interface DataMap {
    /** How problems in a Markdown text name it: "a group's text", "the introduction". */
    textName: string;
  }
}
