/** Text in an ANSI colour (an SGR code: "31" red, "33" yellow, "2" dim) when `color` is on; as it is otherwise. */
export function paint(color: boolean, code: string, text: string): string {
  return color ? `\u001B[${code}m${text}\u001B[0m` : text;
}
