import { base64pad } from 'multiformats/bases/base64';
import { Address } from '../address';
import type { GasCharge } from '../gas/charge';
import { ErrorNumber } from '../kernel/codes';
import type { CallNode, CallTree } from './callTree';

/** Lotus `ExecutionTrace` JSON (spec 12.3). */
export interface LotusExecutionTrace {
  Msg: {
    From: string;
    To: string;
    Value: string;
    Method: number;
    Params: string;
    ParamsCodec: number;
    GasLimit: number;
    ReadOnly: boolean;
  };
  MsgRct: { ExitCode: number; Return: string; ReturnCodec: number };
  InvokedActor?: {
    Id: number;
    State: {
      Code: { '/': string };
      Head: { '/': string };
      Nonce: number;
      Balance: string;
      DelegatedAddress?: string;
    };
  };
  GasCharges: Array<{ Name: string; tg: number; cg: number; sg: number; tt: number }>;
  Subcalls: LotusExecutionTrace[];
  Logs?: string[];
  IpldOps?: Array<{ Op: 'Get' | 'Put'; Cid: { '/': string }; Size: number }>;
}

/** tg/cg/sg are each rounded up to whole gas independently (spec 12.3). */
const lotusCharge = (charge: GasCharge) => ({
  Name: charge.name,
  tg: Math.ceil((charge.compute + charge.other) / 1000),
  cg: Math.ceil(charge.compute / 1000),
  sg: Math.ceil(charge.other / 1000),
  tt: 0,
});

/** Bytes as Go's encoding/json writes a []byte: standard base64 with padding ('' when there are none). */
const b64 = (bytes: Uint8Array | undefined) => (bytes && bytes.length > 0 ? base64pad.baseEncode(bytes) : '');

/** A CallError closes a node with InsufficientFunds → 6, NotFound → 5, anything else → 10 (spec 12.3). */
function errorExitCode(errno: number): number {
  if (errno === ErrorNumber.InsufficientFunds) return 6;
  if (errno === ErrorNumber.NotFound) return 5;
  return 10;
}

function convert(node: CallNode, extraCharges: GasCharge[]): LotusExecutionTrace {
  const trace: LotusExecutionTrace = {
    Msg: {
      From: Address.newId(node.from).toString(),
      To: node.to.toString(),
      Value: node.value.toString(),
      Method: node.method,
      Params: b64(node.params?.data),
      ParamsCodec: node.params?.codec ?? 0,
      GasLimit: node.gasLimit,
      ReadOnly: node.readOnly,
    },
    MsgRct: {
      ExitCode: node.error ? errorExitCode(node.error.errno) : (node.exitCode ?? 0),
      Return: b64(node.returnBlock?.data),
      ReturnCodec: node.returnBlock?.codec ?? 0,
    },
    GasCharges: [...extraCharges, ...node.gasCharges].map(lotusCharge),
    Subcalls: node.subcalls.map((child) => convert(child, [])),
  };
  if (node.invokedActor) {
    const { id, state } = node.invokedActor;
    trace.InvokedActor = {
      Id: id,
      State: {
        Code: { '/': state.code.toString() },
        Head: { '/': state.head.toString() },
        Nonce: state.sequence,
        Balance: state.balance.toString(),
        ...(state.delegatedAddress ? { DelegatedAddress: state.delegatedAddress.toString() } : {}),
      },
    };
  }
  if (node.logs.length > 0) trace.Logs = [...node.logs];
  if (node.ipldOps.length > 0) {
    trace.IpldOps = node.ipldOps.map((op) => ({ Op: op.op, Cid: { '/': op.cid.toString() }, Size: op.size }));
  }
  return trace;
}

/** The Lotus-shaped trace of a message; the inclusion charge goes on the top-level call. */
export function toLotusTrace(tree: CallTree): LotusExecutionTrace | undefined {
  return tree.root ? convert(tree.root, tree.preCallCharges) : undefined;
}
