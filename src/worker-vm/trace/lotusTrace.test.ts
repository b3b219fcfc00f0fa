import { describe, expect, it } from 'vitest';
import { Address } from '../address';
import { cidForBlock } from '../ipld/cid';
import { IPLD_RAW } from '../ipld/codecs';
import { ErrorNumber } from '../kernel/codes';
import type { ExecutionEvent } from '../kernel/executionEvents';
import { buildCallTree } from './callTree';
import { toLotusTrace } from './lotusTrace';

const raw = (...bytes: number[]) => ({ codec: IPLD_RAW, data: new Uint8Array(bytes), links: [] });
const cid = cidForBlock(IPLD_RAW, new Uint8Array([7]));
const call = (to: number, method: number): ExecutionEvent => ({
  kind: 'Call',
  from: 101,
  to: Address.newId(to),
  method,
  params: undefined,
  value: 0n,
  gasLimit: 500,
  readOnly: true,
});

describe('toLotusTrace (spec 12.3)', () => {
  it('shapes Msg, MsgRct, InvokedActor, GasCharges, Subcalls, Logs and IpldOps as Lotus does', () => {
    const events: ExecutionEvent[] = [
      // Before the first call: the message's inclusion charge, which Lotus puts on the top-level call.
      { kind: 'GasCharge', charge: { name: 'OnChainMessage', compute: 38_863_000, other: 1_000_000 } },
      {
        kind: 'Call',
        from: 100,
        to: Address.newId(101),
        method: 2,
        params: raw(1, 2),
        value: 5n,
        gasLimit: 1_000_000,
        readOnly: false,
      },
      {
        kind: 'InvokeActor',
        id: 101,
        state: { code: cid, head: cid, sequence: 3, balance: 42n, delegatedAddress: null },
      },
      // 1.5 gas of compute and 0.001 of storage: each column rounds up on its own.
      { kind: 'GasCharge', charge: { name: 'OnSomething', compute: 1500, other: 1 } },
      { kind: 'Ipld', op: 'Get', cid, size: 1 },
      { kind: 'Log', message: 'hello' },
      call(999, 3),
      { kind: 'CallError', errno: ErrorNumber.NotFound, message: 'no actor', fatal: false },
      call(102, 0),
      { kind: 'CallError', errno: ErrorNumber.InsufficientFunds, message: 'poor', fatal: false },
      call(102, 4),
      { kind: 'CallError', errno: ErrorNumber.LimitExceeded, message: 'too deep', fatal: false },
      call(102, 5),
      { kind: 'CallReturn', exitCode: 16, returnBlock: undefined },
      { kind: 'CallReturn', exitCode: 0, returnBlock: raw(9) },
    ];
    const trace = toLotusTrace(buildCallTree(events))!;
    expect(trace.Msg).toEqual({
      From: 'f0100',
      To: 'f0101',
      Value: '5',
      Method: 2,
      Params: 'AQI=',
      ParamsCodec: IPLD_RAW,
      GasLimit: 1_000_000,
      ReadOnly: false,
    });
    expect(trace.MsgRct).toEqual({ ExitCode: 0, Return: 'CQ==', ReturnCodec: IPLD_RAW });
    expect(trace.InvokedActor).toEqual({
      Id: 101,
      State: { Code: { '/': cid.toString() }, Head: { '/': cid.toString() }, Nonce: 3, Balance: '42' },
    });
    expect(trace.GasCharges).toEqual([
      { Name: 'OnChainMessage', tg: 39_863, cg: 38_863, sg: 1000, tt: 0 },
      { Name: 'OnSomething', tg: 2, cg: 2, sg: 1, tt: 0 },
    ]);
    expect(trace.Logs).toEqual(['hello']);
    expect(trace.IpldOps).toEqual([{ Op: 'Get', Cid: { '/': cid.toString() }, Size: 1 }]);
    // Calls that could not be dispatched close with NotFound → 5, InsufficientFunds → 6, else → 10;
    // a call that ran keeps its exit code. Sub-calls carry no inclusion charge.
    expect(trace.Subcalls.map((s) => [s.Msg.To, s.Msg.ReadOnly, s.MsgRct.ExitCode])).toEqual([
      ['f0999', true, 5],
      ['f0102', true, 6],
      ['f0102', true, 10],
      ['f0102', true, 16],
    ]);
    expect(trace.Subcalls.every((s) => s.GasCharges.length === 0 && s.InvokedActor === undefined)).toBe(true);
  });
});
