// `hyphen` ships CommonJS folders (hyphen/nl/index.js) that Node's ESM loader
// only reaches with the file name; its types live at @types/hyphen/nl.
declare module "hyphen/nl/index.js" {
  const nl: typeof import("hyphen/nl");
  export default nl;
}
