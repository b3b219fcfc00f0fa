import { describe, expect, it } from 'vitest';
import { CodeSourceMap, fileOfLineKey, lineOfLineKey, NO_LINE, SourceTexts } from './codeSourceMap';
import { decodeSourceMap, instructionIndexByPc } from './sourceMap';

describe('decodeSourceMap', () => {
  it('repeats empty and missing fields from the previous entry', () => {
    expect(decodeSourceMap('1:2:0:-;:3;4::1:i;;:::o:2;-1:5:-1')).toEqual([
      { start: 1, length: 2, fileIndex: 0, jump: '-', modifierDepth: 0 },
      { start: 1, length: 3, fileIndex: 0, jump: '-', modifierDepth: 0 },
      { start: 4, length: 3, fileIndex: 1, jump: 'i', modifierDepth: 0 },
      { start: 4, length: 3, fileIndex: 1, jump: 'i', modifierDepth: 0 },
      { start: 4, length: 3, fileIndex: 1, jump: 'o', modifierDepth: 2 },
      { start: -1, length: 5, fileIndex: -1, jump: 'o', modifierDepth: 2 },
    ]);
    expect(decodeSourceMap('')).toEqual([]);
  });

  it('refuses malformed entries', () => {
    expect(() => decodeSourceMap('1:x:0')).toThrow(/bad length/);
    expect(() => decodeSourceMap('1:2:0:q')).toThrow(/bad jump/);
  });
});

describe('instructionIndexByPc', () => {
  it('counts one instruction per opcode with its push data, and marks push data bytes', () => {
    // PUSH1 0x80, PUSH2 0x0102, PUSH0, ADD
    const code = Uint8Array.from([0x60, 0x80, 0x61, 0x01, 0x02, 0x5f, 0x01]);
    expect([...instructionIndexByPc(code)]).toEqual([0, -1, 1, -1, -1, 2, 3]);
  });
});

describe('CodeSourceMap', () => {
  const source = 'contract A {\n  uint x;\n  function f() { x = 1; }\n}\n';
  const sources = new SourceTexts([{ id: 0, path: 'A.sol', content: source }]);
  const at = (text: string) => source.indexOf(text);

  it('maps a pc to its file, line and range, and to a single line key', () => {
    // Three instructions: PUSH1 1 (x = 1), JUMP into a function, STOP in generated code.
    const code = Uint8Array.from([0x60, 0x01, 0x56, 0x00]);
    const map = new CodeSourceMap(code, `${at('x = 1')}:5:0;${at('function')}:23:0:i;0:0:1`, sources);
    expect(map.locationAt(0)).toEqual({
      fileId: 0,
      path: 'A.sol',
      range: expect.objectContaining({ startLine: 3, startColumn: 18, endLine: 3, endColumn: 23 }),
    });
    expect(map.locationAt(1)).toBeUndefined();
    const key = map.lineKeyAt(0);
    expect([fileOfLineKey(key), lineOfLineKey(key)]).toEqual([0, 3]);
    expect(map.jumpAt(2)).toBe('i');
    // File 1 is not a source of the compilation (generated code): no line.
    expect(map.lineKeyAt(3)).toBe(NO_LINE);
    expect(map.lineKeyAt(99)).toBe(NO_LINE);
  });
});
