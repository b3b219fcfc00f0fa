import { describe, expect, it } from 'vitest';
import { PARAM_NAMES } from './paramNames';
import { SYSCALLS } from './signatures';

describe('syscall parameter names', () => {
  it('name every parameter of every linked syscall (the out-pointer aside), and nothing else', () => {
    for (const s of SYSCALLS) {
      const names = PARAM_NAMES[`${s.module}.${s.name}`];
      const expected = s.params.length - (s.kind === 'value' ? 1 : 0);
      expect(names, `${s.module}.${s.name}`).toHaveLength(expected);
    }
    expect(Object.keys(PARAM_NAMES).sort()).toEqual(SYSCALLS.map((s) => `${s.module}.${s.name}`).sort());
  });
});
