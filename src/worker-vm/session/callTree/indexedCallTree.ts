import type { GasCharge } from '../../gas/charge';
import type { ExecutionEvent } from '../../kernel/executionEvents';
import { buildCallTree, type CallNode, type CallTree } from '../../trace/callTree';

/**
 * The call tree of one message with every node numbered in execution (depth-first) order, and the
 * per-node figures the views need as flat columns: parent, depth, subtree size, own and inclusive gas.
 * Built once per message; views then read pages of it by node number.
 */
export interface IndexedCallTree {
  readonly tree: CallTree;
  /** Nodes in depth-first pre-order: node 0 is the message's call. */
  readonly nodes: readonly CallNode[];
  readonly parent: Int32Array;
  readonly depth: Uint16Array;
  /** Nodes in the subtree, the node included: node i's descendants are i+1 … i+size-1. */
  readonly size: Uint32Array;
  /** Milligas charged by the node itself, and by it and all its sub-calls. */
  readonly ownGas: Float64Array;
  readonly inclusiveGas: Float64Array;
  /** Milligas charged before the first call (inclusion). */
  readonly preCallGas: number;
  /** The node whose invocation ran each EVM step trace. */
  readonly nodeOfTrace: ReadonlyMap<number, number>;
}

const chargeTotal = (charges: readonly GasCharge[]) => {
  let total = 0;
  for (const charge of charges) total += charge.compute + charge.other;
  return total;
};

export function indexCallTree(events: readonly ExecutionEvent[]): IndexedCallTree {
  const tree = buildCallTree(events);
  const nodes: CallNode[] = [];
  const parents: number[] = [];
  const depths: number[] = [];
  // Iterative: a message may nest calls 1024 deep.
  const pending: Array<{ node: CallNode; parent: number; depth: number }> = [];
  if (tree.root) pending.push({ node: tree.root, parent: -1, depth: 0 });
  while (pending.length > 0) {
    const { node, parent, depth } = pending.pop()!;
    const id = nodes.length;
    nodes.push(node);
    parents.push(parent);
    depths.push(depth);
    for (let i = node.subcalls.length - 1; i >= 0; i--)
      pending.push({ node: node.subcalls[i]!, parent: id, depth: depth + 1 });
  }
  const count = nodes.length;
  const parent = Int32Array.from(parents);
  const depth = Uint16Array.from(depths);
  const size = new Uint32Array(count).fill(1);
  const ownGas = new Float64Array(count);
  const inclusiveGas = new Float64Array(count);
  const nodeOfTrace = new Map<number, number>();
  for (let id = 0; id < count; id++) {
    const node = nodes[id]!;
    ownGas[id] = chargeTotal(node.gasCharges);
    inclusiveGas[id] = ownGas[id]!;
    for (const frame of node.evmFrames) nodeOfTrace.set(frame.traceId, id);
  }
  // Children come after their parent in pre-order, so one backward pass sums subtrees.
  for (let id = count - 1; id > 0; id--) {
    const p = parent[id]!;
    size[p]! += size[id]!;
    inclusiveGas[p]! += inclusiveGas[id]!;
  }
  return {
    tree,
    nodes,
    parent,
    depth,
    size,
    ownGas,
    inclusiveGas,
    preCallGas: chargeTotal(tree.preCallCharges),
    nodeOfTrace,
  };
}

/** The direct children of a node, by number. */
export function childrenOf(indexed: IndexedCallTree, id: number): number[] {
  const children: number[] = [];
  const end = id + indexed.size[id]!;
  for (let child = id + 1; child < end; child += indexed.size[child]!) children.push(child);
  return children;
}

/** Totals by charge name for one node's own charges (a node may hold thousands of syscall charges). */
export function chargesByName(
  charges: readonly GasCharge[],
): Array<{ name: string; compute: number; other: number; count: number; estimated: boolean }> {
  const byName = new Map<
    string,
    { name: string; compute: number; other: number; count: number; estimated: boolean }
  >();
  for (const charge of charges) {
    let entry = byName.get(charge.name);
    if (!entry) {
      entry = { name: charge.name, compute: 0, other: 0, count: 0, estimated: false };
      byName.set(charge.name, entry);
    }
    entry.compute += charge.compute;
    entry.other += charge.other;
    entry.count++;
    entry.estimated ||= charge.estimated === true;
  }
  return [...byName.values()];
}
