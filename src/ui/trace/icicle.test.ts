import { describe, expect, it } from 'vitest';
import { icicleLayout, visibleRows } from './icicle';

// root(100) ─┬─ a(30) ── a1(10)
//            └─ b(20)
const tree = {
  count: 4,
  parent: [-1, 0, 1, 0],
  depth: [0, 1, 2, 1],
  size: [4, 2, 1, 1],
  inclusiveGas: [100, 30, 10, 20],
  preCallGas: 25,
};

describe('icicleLayout', () => {
  it('gives each call the width of its gas, children from the parent left edge in order', () => {
    expect(icicleLayout(tree)).toEqual([
      { id: -1, depth: 0, x: 0, width: 0.2 },
      { id: 0, depth: 0, x: 0.2, width: 0.8 },
      { id: 1, depth: 1, x: 0.2, width: 0.24 },
      { id: 2, depth: 2, x: 0.2, width: 0.08 },
      { id: 3, depth: 1, x: 0.44, width: 0.16 },
    ]);
  });

  it('leaves out boxes narrower than asked, without moving the others', () => {
    expect(icicleLayout(tree, 0.1).map((r) => [r.id, r.x])).toEqual([
      [-1, 0],
      [0, 0.2],
      [1, 0.2],
      [3, 0.44],
    ]);
  });
});

describe('visibleRows', () => {
  it('skips the subtrees of collapsed nodes', () => {
    expect(visibleRows(4, tree.size, new Set())).toEqual([0, 1, 2, 3]);
    expect(visibleRows(4, tree.size, new Set([1]))).toEqual([0, 1, 3]);
    expect(visibleRows(4, tree.size, new Set([0]))).toEqual([0]);
  });
});
