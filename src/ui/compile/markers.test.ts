import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourceRange } from '../../compiler/types';
import { markersForFile } from './markers';

const range = (startLine: number, startColumn: number, endLine: number, endColumn: number): SourceRange => ({
  startLine,
  startColumn,
  endLine,
  endColumn,
  startByte: 0,
  endByte: 0,
});

describe('markersForFile', () => {
  const diagnostics: Diagnostic[] = [
    {
      severity: 'error',
      origin: 'solc',
      type: 'DeclarationError',
      code: '1686',
      message: 'Function defined twice.',
      location: { file: 'A.sol', range: range(5, 5, 5, 30) },
      secondaryLocations: [
        { file: 'A.sol', range: range(6, 5, 6, 30), message: 'Other declaration is here:' },
      ],
    },
    {
      severity: 'warning',
      origin: 'solc',
      type: 'Warning',
      message: 'Unused variable.',
      location: { file: 'B.sol', range: range(2, 1, 2, 4) },
    },
    {
      severity: 'error',
      origin: 'service',
      type: 'TooLarge',
      message: 'Too big.',
      location: { file: 'A.sol', range: range(1, 1, 1, 1) },
    },
    { severity: 'info', origin: 'service', type: 'NothingToCompile', message: 'Nothing.' },
  ];

  it('keeps the diagnostics of one file, with editor ranges, codes and secondary places in the message', () => {
    expect(markersForFile(diagnostics, 'A.sol')).toEqual([
      {
        severity: 'error',
        code: '1686',
        message: 'Function defined twice.\nOther declaration is here: A.sol:6:5',
        startLineNumber: 5,
        startColumn: 5,
        endLineNumber: 5,
        endColumn: 30,
      },
      // An empty range is widened to one character so it can be seen.
      {
        severity: 'error',
        message: 'Too big.',
        startLineNumber: 1,
        startColumn: 1,
        endLineNumber: 1,
        endColumn: 2,
      },
    ]);
    expect(markersForFile(diagnostics, 'B.sol').map((m) => m.severity)).toEqual(['warning']);
    expect(markersForFile(diagnostics, 'C.sol')).toEqual([]);
  });
});
