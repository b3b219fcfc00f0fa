/**
 * Finds the import directives of a Solidity source without a full parser. It skips comments and string
 * literals, so `// import "x";` or `"import"` inside a string are not imports, and it understands every
 * form of the directive:
 *
 *   import "path";                 import "path" as Name;
 *   import * as Name from "path";  import { A, B as C } from "path";
 *
 * A directive that is cut off or malformed is left to solc, which reports it with its own parser error.
 */
export interface ImportDirective {
  /** The path as written, escapes decoded. */
  path: string;
  /** UTF-16 index of `import` and just past the closing `;` (or the path, when `;` is missing). */
  start: number;
  end: number;
}

export function parseImports(source: string): ImportDirective[] {
  const imports: ImportDirective[] = [];
  const length = source.length;
  let i = 0;
  // Whether the previous significant character lets a keyword start here (no identifier or `.` before it).
  let atWordBoundary = true;
  while (i < length) {
    const code = source.charCodeAt(i);
    if (code === SLASH && source.charCodeAt(i + 1) === SLASH) {
      i = skipLineComment(source, i);
      continue;
    }
    if (code === SLASH && source.charCodeAt(i + 1) === STAR) {
      i = skipBlockComment(source, i);
      continue;
    }
    if (code === QUOTE || code === APOSTROPHE) {
      i = readString(source, i).end;
      atWordBoundary = true;
      continue;
    }
    if (isIdentifierStart(code)) {
      const wordEnd = scanIdentifier(source, i);
      if (atWordBoundary && wordEnd - i === 6 && source.startsWith('import', i)) {
        const directive = readDirective(source, i, wordEnd);
        if (directive) {
          imports.push(directive);
          i = directive.end;
          atWordBoundary = true;
          continue;
        }
      }
      i = wordEnd;
      atWordBoundary = false;
      continue;
    }
    // `x.import` would be a member access, not a directive; whitespace keeps the boundary as it was.
    if (!isWhitespace(code)) atWordBoundary = code !== DOT;
    i++;
  }
  return imports;
}

/** Reads the rest of a directive after `import`; undefined when it is not a complete one. */
function readDirective(source: string, start: number, afterKeyword: number): ImportDirective | undefined {
  let i = skipTrivia(source, afterKeyword);
  let path: string | undefined;
  const code = source.charCodeAt(i);
  if (code === QUOTE || code === APOSTROPHE) {
    // import "path" [as Name];
    const literal = readString(source, i);
    if (!literal.closed) return undefined;
    path = literal.value;
    i = literal.end;
  } else {
    // import * as Name from "path";  |  import { ... } from "path";  |  import Name from "path";
    while (i < source.length) {
      i = skipTrivia(source, i);
      const c = source.charCodeAt(i);
      if (c === SEMICOLON || Number.isNaN(c)) return undefined;
      if (c === QUOTE || c === APOSTROPHE) return undefined;
      if (isIdentifierStart(c)) {
        const wordEnd = scanIdentifier(source, i);
        const word = source.slice(i, wordEnd);
        i = wordEnd;
        if (word === 'from') {
          i = skipTrivia(source, i);
          const q = source.charCodeAt(i);
          if (q !== QUOTE && q !== APOSTROPHE) return undefined;
          const literal = readString(source, i);
          if (!literal.closed) return undefined;
          path = literal.value;
          i = literal.end;
          break;
        }
        continue;
      }
      i++;
    }
  }
  if (path === undefined) return undefined;
  // Up to the terminating semicolon (skipping an `as Name`), so the range covers the whole directive.
  let end = i;
  let j = i;
  while (j < source.length) {
    j = skipTrivia(source, j);
    const c = source.charCodeAt(j);
    if (c === SEMICOLON) {
      end = j + 1;
      break;
    }
    if (isIdentifierStart(c)) {
      j = scanIdentifier(source, j);
      continue;
    }
    break;
  }
  return { path, start, end };
}

function skipTrivia(source: string, from: number): number {
  let i = from;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (isWhitespace(code)) i++;
    else if (code === SLASH && source.charCodeAt(i + 1) === SLASH) i = skipLineComment(source, i);
    else if (code === SLASH && source.charCodeAt(i + 1) === STAR) i = skipBlockComment(source, i);
    else break;
  }
  return i;
}

function skipLineComment(source: string, from: number): number {
  const newline = source.indexOf('\n', from + 2);
  return newline < 0 ? source.length : newline + 1;
}

function skipBlockComment(source: string, from: number): number {
  const close = source.indexOf('*/', from + 2);
  return close < 0 ? source.length : close + 2;
}

/** Reads a string literal starting at its opening quote, decoding the escapes solc allows. */
function readString(source: string, from: number): { value: string; end: number; closed: boolean } {
  const quote = source.charCodeAt(from);
  let value = '';
  let i = from + 1;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === quote) return { value, end: i + 1, closed: true };
    if (code === 10) break; // solc does not allow a raw newline in a string
    if (code === BACKSLASH) {
      const next = source[i + 1] ?? '';
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (next === 'x') {
        value += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (next === 'u') {
        value += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (next === '\n') {
        i += 2;
      } else {
        value += next;
        i += 2;
      }
      continue;
    }
    value += source[i];
    i++;
  }
  return { value, end: i, closed: false };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

function scanIdentifier(source: string, from: number): number {
  let i = from + 1;
  while (i < source.length && isIdentifierPart(source.charCodeAt(i))) i++;
  return i;
}

const SLASH = 47;
const STAR = 42;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const SEMICOLON = 59;
const DOT = 46;

const isWhitespace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
const isIdentifierStart = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
const isIdentifierPart = (code: number) => isIdentifierStart(code) || (code >= 48 && code <= 57);
