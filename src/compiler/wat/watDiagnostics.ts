import { SourcePositions } from '../output/positions';
import type { DiagnosticLocation } from '../types';
import type { WasmDiagnostic } from './wasmResult';

/**
 * wabt reports problems as text: a heading (`parseWat failed:`), then per problem
 * `file:line:column: error: message`, the source line, and a caret line (`^^^^`) under the range.
 * Lines are 1-based; columns are 1-based bytes of the line (wabt reads UTF-8), turned here into UTF-16
 * columns for Monaco. The caret line gives the range's width.
 */
export function parseWabtErrors(text: string, file: string, source: string): WasmDiagnostic[] {
  const positions = new SourcePositions(source);
  const lineStarts = lineStartBytes(source, positions);
  const lines = text.split('\n');
  const out: WasmDiagnostic[] = [];
  const heading = /^(.*):(\d+):(\d+): (error|warning): (.*)$/;
  for (let i = 0; i < lines.length; i++) {
    const match = heading.exec(lines[i]!);
    if (!match) continue;
    const line = Number(match[2]);
    const column = Number(match[3]);
    const severity = match[4] === 'warning' ? 'warning' : 'error';
    const caret = lines[i + 2] ?? '';
    const width = /^\s*\^+\s*$/.test(caret) ? caret.trim().length : 1;
    const diagnostic: WasmDiagnostic = {
      severity,
      origin: 'wabt',
      type: 'WatError',
      message: match[5]!,
    };
    const lineStart = lineStarts[line - 1];
    if (lineStart !== undefined) {
      const startByte = lineStart + column - 1;
      const location: DiagnosticLocation = {
        file,
        range: positions.rangeFromBytes(startByte, startByte + width),
      };
      diagnostic.location = location;
    }
    out.push(diagnostic);
  }
  if (out.length === 0 && text.trim() !== '') {
    out.push({ severity: 'error', origin: 'wabt', type: 'WatError', message: text.trim() });
  }
  return out;
}

/** The UTF-8 byte offset where each line of `text` starts. */
function lineStartBytes(text: string, positions: SourcePositions): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    starts.push(positions.byteOfChar(at + 1));
  }
  return starts;
}
