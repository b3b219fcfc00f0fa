/** One box of the icicle chart: a call-tree node (or the inclusion charge, id -1), in fractions of the width. */
export interface IcicleRect {
  id: number;
  depth: number;
  x: number;
  width: number;
}

export interface IcicleInput {
  count: number;
  depth: ArrayLike<number>;
  parent: ArrayLike<number>;
  inclusiveGas: ArrayLike<number>;
  preCallGas: number;
}

/**
 * Lays the call tree out as an icicle chart by gas: the message's gas is the full width, each call takes
 * the width of its inclusive gas, and its sub-calls sit under it from its left edge, in call order (what
 * is left of a call's width on the right is its own gas). The inclusion charge comes first, as its own
 * box. Boxes narrower than `minWidth` are left out (their sub-calls are narrower still).
 */
export function icicleLayout(input: IcicleInput, minWidth = 0): IcicleRect[] {
  const total = input.preCallGas + (input.count > 0 ? input.inclusiveGas[0]! : 0);
  if (total <= 0) return [];
  const rects: IcicleRect[] = [];
  if (input.preCallGas > 0 && input.preCallGas / total >= minWidth)
    rects.push({ id: -1, depth: 0, x: 0, width: input.preCallGas / total });
  // Where the next child of each node starts; nodes arrive in pre-order, parents before children.
  const cursor = new Float64Array(input.count);
  for (let id = 0; id < input.count; id++) {
    const width = input.inclusiveGas[id]! / total;
    const parent = input.parent[id]!;
    const x = parent < 0 ? input.preCallGas / total : cursor[parent]!;
    if (parent >= 0) cursor[parent] = x + width;
    cursor[id] = x;
    if (width >= minWidth && width > 0) rects.push({ id, depth: input.depth[id]!, x, width });
  }
  return rects;
}

/** The rows a collapsible tree shows: every node whose ancestors are all expanded, in order. */
export function visibleRows(
  count: number,
  size: ArrayLike<number>,
  collapsed: ReadonlySet<number>,
): number[] {
  const rows: number[] = [];
  for (let id = 0; id < count; ) {
    rows.push(id);
    id += collapsed.has(id) ? size[id]! : 1;
  }
  return rows;
}
