import { describe, expect, it } from 'vitest';
import { contractKindsInSource } from './contractKinds';

describe('contractKindsInSource', () => {
  it('reads every kind of declaration and ignores comments and strings', () => {
    const source = `
      // contract Commented {}
      /* interface AlsoCommented {} */
      abstract contract Base { string s = "library InString"; }
      interface IThing {}
      library Lib {}
      contract Main is Base, IThing {}
    `;
    expect(Object.fromEntries(contractKindsInSource(source))).toEqual({
      Base: 'abstract',
      IThing: 'interface',
      Lib: 'library',
      Main: 'contract',
    });
  });
});
