import { EvmMethod } from '../../actors/evm/methods';
import { Address } from '../../address';
import { CID, decodeDagCbor } from '../../ipld/cid';
import type { Block } from '../../kernel/blocks';
import { describeExitCode, ErrorNumber, errorNumberName } from '../../kernel/codes';
import { totalsByName } from '../../trace/callTree';
import { bytesToHex } from '../../util/bytes';
import { functionOfCalldata, signatureOf } from '../abi/decode';
import { chargesByName, type IndexedCallTree } from '../callTree/indexedCallTree';
import type { MessageDebugger } from '../debug/messageDebugger';
import { CONSOLE_FILECOIN_ADDRESS, methodName } from '../labels';
import type { PlaygroundSession } from '../session';
import type { CallNodeDetail, CallTreeOverview, ChargeTotalView } from '../views';

/** A CallError closes a node with 6 (insufficient funds), 5 (not found) or 10, as Lotus traces do. */
function errorExitCode(errno: number): number {
  if (errno === ErrorNumber.InsufficientFunds) return 6;
  if (errno === ErrorNumber.NotFound) return 5;
  return 10;
}

function nodeExitCode(tree: IndexedCallTree, id: number): number {
  const node = tree.nodes[id]!;
  if (node.error) return errorExitCode(node.error.errno);
  return node.exitCode ?? -1;
}

function actorTypeOf(session: PlaygroundSession, tree: IndexedCallTree, id: number): string | null {
  const invoked = tree.nodes[id]!.invokedActor;
  return invoked ? session.actorTypeName(invoked.state.code) : null;
}

/** For a DELEGATECALL (InvokeContractDelegate): the contract whose code runs and the function it runs. */
function delegateLabel(session: PlaygroundSession, params: Block | undefined): string {
  try {
    const [cid, input] = decodeDagCbor<[unknown, Uint8Array]>(params!.data);
    const code = session.machine.store.get(CID.asCID(cid)!);
    const artifact = code ? session.registry.matchRuntime(code) : undefined;
    const fn = artifact && input instanceof Uint8Array ? functionOfCalldata(artifact.abi, input) : undefined;
    return `delegatecall → ${artifact?.name ?? 'code'}${fn ? `.${signatureOf(fn)}` : ''}`;
  } catch {
    return 'InvokeContractDelegate';
  }
}

/** `Counter.increment()`, `EAM.CreateExternal`, `eth #0.Send`, `console.log`. */
export function nodeLabel(session: PlaygroundSession, tree: IndexedCallTree, id: number): string {
  const node = tree.nodes[id]!;
  if (node.to.equals(CONSOLE_FILECOIN_ADDRESS)) return 'console.log';
  const invokedId = node.invokedActor?.id;
  const target = session.actorLabel(invokedId, node.to.toString());
  if (node.method === EvmMethod.InvokeContractDelegate)
    return `${target}.${delegateLabel(session, node.params)}`;
  const method = methodName(
    actorTypeOf(session, tree, id),
    node.method,
    node.params,
    session.abiOfActor(invokedId),
    node.to,
  );
  return `${target}.${method}`;
}

export function callTreeOverview(session: PlaygroundSession, index: number): CallTreeOverview {
  const tree = session.callTreeOf(index);
  const count = tree.nodes.length;
  const exitCode = new Int32Array(count);
  const labels: string[] = [];
  for (let id = 0; id < count; id++) {
    exitCode[id] = nodeExitCode(tree, id);
    labels.push(nodeLabel(session, tree, id));
  }
  return {
    count,
    parent: tree.parent,
    depth: tree.depth,
    size: tree.size,
    ownGas: tree.ownGas,
    inclusiveGas: tree.inclusiveGas,
    exitCode,
    labels,
    preCallGas: tree.preCallGas,
    gasUsed: session.record(index).applied.result.receipt.gasUsed,
  };
}

export function callNodeDetail(session: PlaygroundSession, index: number, id: number): CallNodeDetail {
  const tree = session.callTreeOf(index);
  const node = tree.nodes[id];
  if (!node) throw new RangeError(`message ${index} has no call node ${id}`);
  const invokedId = node.invokedActor?.id;
  const actorType = actorTypeOf(session, tree, id);
  const exit = node.error ? errorExitCode(node.error.errno) : node.exitCode;
  // Step counts and the debugger link exist only once the message was replayed with step traces.
  const debug = session.cachedReplay(index)?.derived.get('debugger') as MessageDebugger | undefined;
  const frame = debug?.timeline.frames.find((f) => f.nodeId === id);
  const charges = chargesByName(
    id === 0 ? [...tree.tree.preCallCharges, ...node.gasCharges] : node.gasCharges,
  );
  return {
    id,
    from: Address.newId(node.from).toString(),
    to: node.to.toString(),
    toLabel: session.actorLabel(invokedId, node.to.toString()),
    actorType,
    method: node.method,
    methodName: methodName(actorType, node.method, node.params, session.abiOfActor(invokedId), node.to),
    value: node.value,
    gasLimit: node.gasLimit,
    readOnly: node.readOnly,
    exitCode: exit ?? null,
    exitName: exit === undefined ? null : describeExitCode(exit).name,
    error: node.error ? `${errorNumberName(node.error.errno)}: ${node.error.message}` : null,
    ownGas: tree.ownGas[id]!,
    inclusiveGas: tree.inclusiveGas[id]!,
    inclusionGas: id === 0 ? tree.preCallGas : 0,
    charges: charges.map((c) => ({ ...c, total: c.compute + c.other })),
    params: `0x${bytesToHex(node.params?.data ?? new Uint8Array(0))}`,
    returnData: `0x${bytesToHex(node.returnBlock?.data ?? new Uint8Array(0))}`,
    logs: node.logs,
    evmSteps: frame && debug ? debug.traces[frame.traceId]!.stepCount : 0,
    firstStep: frame ? frame.firstStep : null,
  };
}

/** Totals by charge name over the message, largest first. */
export function chargeTotals(tree: IndexedCallTree): ChargeTotalView[] {
  return [...totalsByName(tree.tree)]
    .map(([name, t]) => ({
      name,
      compute: t.compute,
      other: t.other,
      total: t.compute + t.other,
      count: t.count,
      estimated: t.estimated,
    }))
    .sort((a, b) => b.total - a.total);
}
