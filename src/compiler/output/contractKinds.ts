import type { ContractKind } from '../types';

/**
 * The kind of every contract declared in a source, read from its text. (The AST says it too, but library
 * ASTs are not requested by default; solc's outputs do not tell an abstract contract from an interface.)
 */
export function contractKindsInSource(source: string): Map<string, ContractKind> {
  const kinds = new Map<string, ContractKind>();
  const code = maskCommentsAndStrings(source);
  const declaration = /\b(?:(abstract)\s+)?(contract|interface|library)\s+([A-Za-z_$][\w$]*)/g;
  for (const match of code.matchAll(declaration)) {
    const kind: ContractKind = match[1] ? 'abstract' : (match[2] as ContractKind);
    kinds.set(match[3]!, kind);
  }
  return kinds;
}

/** The source with comments and string literals blanked out (same length), so only code matches. */
function maskCommentsAndStrings(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    let end = i + 1;
    if (c === '/' && next === '/') {
      const newline = source.indexOf('\n', i);
      end = newline < 0 ? source.length : newline;
    } else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      end = close < 0 ? source.length : close + 2;
    } else if (c === '"' || c === "'") {
      end = i + 1;
      while (end < source.length && source[end] !== c && source[end] !== '\n')
        end += source[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, source.length);
    } else {
      out += c;
      i++;
      continue;
    }
    out += ' '.repeat(end - i);
    i = end;
  }
  return out;
}
