/**
 * The text form of arrays and tuples in call forms: `[1, 2, 3]`, `["a, b", "c"]`, `[[1, 2], [3]]`, or
 * `(0xab, 5)` for a tuple. Elements are bare words or double-quoted strings (with `\"` and `\\`); numbers
 * stay text, so large integers never pass through a float.
 */
export type ListItem = string | ListItem[];

export class ListSyntaxError extends Error {}

export function parseList(text: string): ListItem[] {
  const parser = new ListParser(text);
  parser.skipSpace();
  const list = parser.list();
  parser.skipSpace();
  if (!parser.atEnd()) throw new ListSyntaxError(`unexpected "${parser.rest()}" after the closing bracket`);
  return list;
}

const OPEN_TO_CLOSE: Record<string, string> = { '[': ']', '(': ')' };

class ListParser {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.at, this.at + 20);
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  list(): ListItem[] {
    const open = this.text[this.at];
    const close = open === undefined ? undefined : OPEN_TO_CLOSE[open];
    if (!close) throw new ListSyntaxError('a list starts with [ (or ( for a tuple)');
    this.at++;
    const items: ListItem[] = [];
    this.skipSpace();
    if (this.text[this.at] === close) {
      this.at++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.item());
      this.skipSpace();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === close) {
        this.at++;
        return items;
      }
      throw new ListSyntaxError(
        next === undefined ? `missing "${close}" at the end` : `expected "," or "${close}"`,
      );
    }
  }

  private item(): ListItem {
    const c = this.text[this.at];
    if (c === '[' || c === '(') return this.list();
    if (c === '"') return this.quoted();
    const start = this.at;
    while (this.at < this.text.length && !/[,\])[("]/.test(this.text[this.at]!)) this.at++;
    const word = this.text.slice(start, this.at).trim();
    if (word.length === 0) throw new ListSyntaxError('an element is empty');
    return word;
  }

  private quoted(): string {
    this.at++;
    let out = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at++]!;
      if (c === '"') return out;
      if (c === '\\') {
        const escaped = this.text[this.at++];
        if (escaped === undefined) break;
        out += escaped === 'n' ? '\n' : escaped;
      } else out += c;
    }
    throw new ListSyntaxError('a quoted string is not closed');
  }
}
