import { describe, expect, it } from 'vitest';
import { analyzeCode } from './code';
import { gasSchedule } from './gas';
import { createFrame, type ExecuteOptions, runFrame } from './interpreter';
import { FEVM_OPCODES, FEVM_WITH_CALLCODE, Op } from './opcodes';
import { assemble } from './testing/assemble';
import { MockHost } from './testing/mockHost';
import type { EvmMessage } from './types';
import { MAX_WORD } from './words';

const SELF = 0x5e1fn;
const CALLER = 0xca11e4n;

function run(
  source: string | Uint8Array,
  options: Partial<Omit<ExecuteOptions, 'host' | 'message' | 'code'>> & {
    host?: MockHost;
    message?: Partial<EvmMessage>;
  } = {},
) {
  const host = options.host ?? new MockHost();
  const code = typeof source === 'string' ? assemble(source) : source;
  const message: EvmMessage = {
    address: SELF,
    caller: CALLER,
    value: 5n,
    input: new Uint8Array(0),
    isStatic: false,
    depth: 0,
    ...options.message,
  };
  const frame = createFrame({ ...options, host, message, code });
  const result = runFrame(frame);
  return { result, frame, host, top: frame.stack[frame.sp - 1] };
}

/** Runs `source` and returns the single word it leaves on the stack. */
const value = (source: string) => {
  const { result, frame } = run(source);
  expect(result.status).toBe('stop');
  expect(frame.sp).toBe(1);
  return frame.stack[0]!;
};

const hex = (n: bigint) => `0x${n.toString(16)}`;

describe('results and halting', () => {
  it('stops at the end of code with an implicit STOP and empty output', () => {
    const { result } = run('PUSH1 1 PUSH1 2 ADD');
    expect(result).toMatchObject({ status: 'stop', output: new Uint8Array(0), pc: 5 });
    expect(result.error).toBeUndefined();
  });

  it('returns and reverts memory regions', () => {
    const returned = run('PUSH1 0x2a PUSH1 0 MSTORE PUSH1 2 PUSH1 30 RETURN').result;
    expect(returned.status).toBe('return');
    expect([...returned.output]).toEqual([0, 0x2a]);
    const reverted = run('PUSH1 0x07 PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 REVERT').result;
    expect(reverted.status).toBe('revert');
    expect([...reverted.output]).toEqual([7]);
  });

  it('zero-pads PUSH data that runs past the end of code', () => {
    // PUSH4 with only two bytes left: 0xaabb0000.
    const { result, frame } = run(Uint8Array.of(Op.PUSH1 + 3, 0xaa, 0xbb));
    expect(result.status).toBe('stop');
    expect(frame.stack[0]).toBe(0xaabb0000n);
  });

  it('reports the pc of the instruction that ended the frame', () => {
    expect(run('PUSH1 1 PUSH1 1 INVALID').result).toMatchObject({
      status: 'error',
      error: 'InvalidInstruction',
      pc: 4,
    });
  });
});

describe('errors (spec 10.3)', () => {
  it('StackUnderflow', () => {
    expect(run('PUSH1 1 ADD').result.error).toBe('StackUnderflow');
    expect(run('DUP1').result.error).toBe('StackUnderflow');
    expect(run('PUSH1 1 SWAP1').result.error).toBe('StackUnderflow');
  });

  it('StackOverflow beyond 1024 items', () => {
    const fill = (n: number) => Uint8Array.from({ length: n }, () => Op.PUSH0);
    expect(run(fill(1024)).result.status).toBe('stop');
    const over = run(fill(1025)).result;
    expect(over).toMatchObject({ status: 'error', error: 'StackOverflow', pc: 1024 });
    expect(run(Uint8Array.from([...fill(1024), Op.DUP1])).result.error).toBe('StackOverflow');
  });

  it('BadJumpDestination: not a JUMPDEST, inside PUSH data, beyond code, huge', () => {
    expect(run('PUSH1 3 JUMP PUSH1 0 JUMPDEST').result.error).toBe('BadJumpDestination');
    // 0x5b inside PUSH2 data is not a destination.
    expect(run('PUSH1 4 JUMP PUSH2 0x5b5b').result.error).toBe('BadJumpDestination');
    expect(run('PUSH1 200 JUMP').result.error).toBe('BadJumpDestination');
    expect(run(`PUSH32 ${hex(MAX_WORD)} JUMP`).result.error).toBe('BadJumpDestination');
    expect(run('PUSH1 1 PUSH1 200 JUMPI').result.error).toBe('BadJumpDestination');
    // A false condition does not check the destination.
    expect(run('PUSH1 0 PUSH1 200 JUMPI').result.status).toBe('stop');
    expect(value('PUSH1 4 JUMP INVALID JUMPDEST PUSH1 9')).toBe(9n);
  });

  it('InvalidInstruction for 0xfe, UndefinedInstruction for unassigned and excluded bytes', () => {
    expect(run('INVALID').result.error).toBe('InvalidInstruction');
    for (const byte of [0x0c, 0x21, 0x49, 0x4a, 0xa5, 0xef, 0xf2, 0xf6, 0xfb]) {
      expect(run(Uint8Array.of(byte)).result.error, `0x${byte.toString(16)}`).toBe('UndefinedInstruction');
    }
  });

  it('undefined wins over stack underflow (CALLCODE on an empty stack)', () => {
    expect(run(Uint8Array.of(Op.CALLCODE)).result.error).toBe('UndefinedInstruction');
    expect(run(Uint8Array.of(Op.CALLCODE), { opcodes: FEVM_WITH_CALLCODE }).result.error).toBe(
      'StackUnderflow',
    );
  });

  it('StaticModeViolation for every state change in a read-only frame', () => {
    const cases = [
      'PUSH1 1 PUSH1 0 SSTORE',
      'PUSH1 1 PUSH1 0 TSTORE',
      'PUSH1 0 PUSH1 0 LOG0',
      'PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 LOG2',
      'PUSH1 0 PUSH1 0 PUSH1 0 CREATE',
      'PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 CREATE2',
      'PUSH1 0 SELFDESTRUCT',
      'PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 1 PUSH1 0xaa PUSH1 0 CALL',
    ];
    for (const source of cases) {
      const { result, host } = run(source, { message: { isStatic: true } });
      expect(result.error, source).toBe('StaticModeViolation');
      expect(
        host.calls.filter((c) => !['sload', 'tload'].includes(c.method)),
        source,
      ).toEqual([]);
      expect(run(source).result.status, source).not.toBe('error');
    }
    // Reads and value-less calls are fine.
    const reads =
      'PUSH1 0 SLOAD PUSH1 0 TLOAD PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xaa PUSH1 0 CALL';
    expect(run(reads, { message: { isStatic: true } }).result.status).toBe('stop');
  });

  it('OutOfGas when the budget goes negative', () => {
    const opcodeCost = new Int32Array(256).fill(1);
    const schedule = gasSchedule({ opcodeCost });
    expect(run('PUSH1 1 PUSH1 2 ADD', { gas: 3, gasSchedule: schedule }).result).toMatchObject({
      status: 'stop',
      gasLeft: 0,
    });
    expect(run('PUSH1 1 PUSH1 2 ADD', { gas: 2, gasSchedule: schedule }).result).toMatchObject({
      status: 'error',
      error: 'OutOfGas',
      pc: 4,
    });
  });
});

describe('memory (spec 10.3)', () => {
  it('grows to multiples of 32 bytes (MSIZE)', () => {
    expect(value('PUSH1 0xff PUSH1 42 MSTORE8 MSIZE')).toBe(64n);
    expect(value('PUSH1 0xff PUSH1 12 MSTORE MSIZE')).toBe(64n);
    expect(value('PUSH1 32 MLOAD POP MSIZE')).toBe(64n);
    expect(value('MSIZE')).toBe(0n);
  });

  it('MSTORE/MLOAD/MSTORE8 are big-endian and exact', () => {
    expect(value(`PUSH32 ${hex(MAX_WORD - 5n)} PUSH1 7 MSTORE PUSH1 7 MLOAD`)).toBe(MAX_WORD - 5n);
    expect(value('PUSH2 0x1234 PUSH1 0 MSTORE8 PUSH1 0 MLOAD')).toBe(0x34n << 248n);
  });

  it('offsets and sizes must fit u32; offset + size must not overflow u32', () => {
    expect(run('PUSH5 0x0100000000 MLOAD').result.error).toBe('IllegalMemoryAccess');
    expect(run('PUSH4 0xffffffe1 MLOAD').result.error).toBe('IllegalMemoryAccess');
    expect(run('PUSH5 0x0100000000 PUSH1 0 RETURN').result.error).toBe('IllegalMemoryAccess');
    expect(run('PUSH1 2 PUSH4 0xffffffff RETURN').result.error).toBe('IllegalMemoryAccess');
    expect(run('PUSH4 0xffffffff PUSH1 0 PUSH1 1 CALLDATACOPY').result.error).toBe('IllegalMemoryAccess');
    // In range for u32 but beyond the default 512 MiB cap: no 4 GiB allocation is attempted.
    expect(run('PUSH4 0xffffffff PUSH1 0 PUSH1 0 CALLDATACOPY').result.error).toBe('MemoryLimitExceeded');
  });

  it('a zero size touches nothing, whatever the offset', () => {
    const { result, frame } = run(`PUSH1 0 PUSH32 ${hex(MAX_WORD)} RETURN`);
    expect(result.status).toBe('return');
    expect(frame.memorySize).toBe(0);
    expect(value(`PUSH1 0 PUSH32 ${hex(MAX_WORD)} PUSH1 0 CALLDATACOPY MSIZE`)).toBe(0n);
  });

  it('fails with MemoryLimitExceeded past the host-chosen cap', () => {
    expect(run('PUSH1 1 PUSH2 0x1000 MSTORE8', { maxMemory: 4096 }).result.error).toBe('MemoryLimitExceeded');
    expect(run('PUSH1 1 PUSH2 0x0fff MSTORE8', { maxMemory: 4096 }).result.status).toBe('stop');
  });

  it('reports growth to the host, which may charge for it', () => {
    const host = new MockHost();
    const growth: Array<[number, number]> = [];
    host.memoryGrown = (frame, oldSize, newSize) => {
      growth.push([oldSize, newSize]);
      frame.gasLeft -= newSize - oldSize;
    };
    const { result } = run('PUSH1 1 PUSH1 0 MSTORE PUSH1 1 PUSH1 40 MSTORE8 PUSH1 0 MLOAD', {
      host,
      gas: 1000,
    });
    expect(result).toMatchObject({ status: 'stop', gasLeft: 1000 - 64 });
    expect(growth).toEqual([
      [0, 32],
      [32, 64],
    ]);
    expect(run('PUSH1 1 PUSH2 0x0400 MSTORE', { host, gas: 1000 }).result.error).toBe('OutOfGas');
  });

  it('MCOPY copies overlapping regions exactly and expands memory', () => {
    const { frame } = run(
      'PUSH8 0x0102030405060708 PUSH1 0 MSTORE PUSH1 8 PUSH1 24 PUSH1 26 MCOPY PUSH1 8 PUSH1 26 PUSH1 100 MCOPY',
    );
    const memory = frame.memoryBytes();
    expect([...memory.subarray(24, 36)]).toEqual([1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0]);
    expect([...memory.subarray(100, 108)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(frame.memorySize).toBe(128);
  });
});

describe('calldata, code and return data', () => {
  const input = Uint8Array.from({ length: 40 }, (_, i) => i + 1);

  it('CALLDATALOAD zero-pads past the end; huge offsets read zero', () => {
    expect(run('PUSH1 20 CALLDATALOAD', { message: { input } }).top).toBe(
      BigInt(
        `0x${Array.from({ length: 20 }, (_, i) => (i + 21).toString(16).padStart(2, '0')).join('')}${'00'.repeat(12)}`,
      ),
    );
    expect(run(`PUSH32 ${hex(MAX_WORD)} CALLDATALOAD`, { message: { input } }).top).toBe(0n);
    expect(run('CALLDATASIZE', { message: { input } }).top).toBe(40n);
  });

  it('CALLDATACOPY/CODECOPY zero-fill beyond the data', () => {
    const { frame } = run('PUSH1 8 PUSH1 36 PUSH1 0 CALLDATACOPY PUSH1 4 PUSH1 3 PUSH1 16 CODECOPY', {
      message: { input },
    });
    const memory = frame.memoryBytes();
    expect([...memory.subarray(0, 8)]).toEqual([37, 38, 39, 40, 0, 0, 0, 0]);
    // Code: 60 08 60 24 60 00 37 ...; from offset 3: 24 60 00 37.
    expect([...memory.subarray(16, 20)]).toEqual([0x24, 0x60, 0x00, 0x37]);
    expect(value('CODESIZE')).toBe(1n);
  });

  it('RETURNDATACOPY past the return data is an IllegalMemoryAccess (even with size 0)', () => {
    const host = new MockHost();
    host.onCall = () => ({ success: true, output: Uint8Array.of(9, 8, 7) });
    const call = 'PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xaa PUSH1 0 CALL POP';
    expect(run(`${call} PUSH1 3 PUSH1 0 PUSH1 0 RETURNDATACOPY RETURNDATASIZE`, { host }).top).toBe(3n);
    expect(run(`${call} PUSH1 3 PUSH1 1 PUSH1 0 RETURNDATACOPY`, { host }).result.error).toBe(
      'IllegalMemoryAccess',
    );
    expect(run(`${call} PUSH1 0 PUSH1 4 PUSH1 0 RETURNDATACOPY`, { host }).result.error).toBe(
      'IllegalMemoryAccess',
    );
    expect(run(`${call} PUSH1 0 PUSH1 3 PUSH1 0 RETURNDATACOPY`, { host }).result.status).toBe('stop');
  });
});

describe('host interaction', () => {
  it('reads context lazily from the host', () => {
    const host = new MockHost();
    const read = (op: string) => run(op, { host }).top;
    expect(read('ADDRESS')).toBe(SELF);
    expect(read('CALLER')).toBe(CALLER);
    expect(read('CALLVALUE')).toBe(5n);
    expect(read('ORIGIN')).toBe(host.context.origin);
    expect(read('GASPRICE')).toBe(3n);
    expect(read('COINBASE')).toBe(host.context.coinbase);
    expect(read('TIMESTAMP')).toBe(1234n);
    expect(read('NUMBER')).toBe(99n);
    expect(read('PREVRANDAO')).toBe(0x5eedn);
    expect(read('GASLIMIT')).toBe(10_000_000_000n);
    expect(read('CHAINID')).toBe(314n);
    expect(read('BASEFEE')).toBe(100n);
    expect(read('SELFBALANCE')).toBe(2000n);
    expect(read('GAS')).toBe(777n);
    expect(read('PUSH1 7 BLOCKHASH')).toBe(0xb10c0007n);
    expect(read('PUSH1 7 BALANCE')).toBe(1000n);
    expect(read('PUSH1 7 EXTCODESIZE')).toBe(4n);
    expect(read('PUSH1 7 EXTCODEHASH')).toBe(0xabcdefn);
  });

  it('masks address arguments to 160 bits', () => {
    const host = new MockHost();
    run(`PUSH32 ${hex(MAX_WORD)} BALANCE`, { host });
    expect(host.calls[0]).toEqual({ method: 'balance', args: [(1n << 160n) - 1n] });
  });

  it('SLOAD/SSTORE/TLOAD/TSTORE go to the host', () => {
    const host = new MockHost();
    const { top } = run('PUSH1 9 PUSH1 1 SSTORE PUSH1 8 PUSH1 2 TSTORE PUSH1 2 TLOAD PUSH1 1 SLOAD ADD', {
      host,
    });
    expect(top).toBe(17n);
    expect(host.storage.get(1n)).toBe(9n);
    expect(host.transient.get(2n)).toBe(8n);
  });

  it('LOGn passes topics in order and a copy of the data', () => {
    const host = new MockHost();
    run('PUSH1 0xab PUSH1 0 MSTORE8 PUSH1 3 PUSH1 2 PUSH1 1 PUSH1 2 PUSH1 0 LOG3', { host });
    expect(host.logs).toEqual([{ topics: [1n, 2n, 3n], data: Uint8Array.of(0xab, 0) }]);
  });

  it('CALL: input region in, output region gets min(outSize, returndata) bytes, the rest untouched', () => {
    const host = new MockHost();
    host.onCall = () => ({ success: false, output: Uint8Array.of(1, 2, 3) });
    // Fill 0..63 with 0xff, call with input [32, 36) and output [8, 16).
    const source = `PUSH32 ${hex(MAX_WORD)} DUP1 PUSH1 0 MSTORE PUSH1 32 MSTORE
      PUSH1 8 PUSH1 8 PUSH1 4 PUSH1 32 PUSH1 7 PUSH2 0xbeef PUSH1 50 CALL`;
    const { frame, top } = run(source, { host });
    expect(top).toBe(0n);
    expect(host.calls.at(-1)).toEqual({
      method: 'call',
      args: [{ kind: 'CALL', to: 0xbeefn, value: 7n, input: Uint8Array.of(255, 255, 255, 255), gas: 50n }],
    });
    const memory = frame.memoryBytes();
    expect([...memory.subarray(8, 16)]).toEqual([1, 2, 3, 255, 255, 255, 255, 255]);
    expect([...frame.returnData]).toEqual([1, 2, 3]);
  });

  it('CALL expands memory over the output region even when nothing is copied', () => {
    const { frame } = run('PUSH1 32 PUSH2 0x0100 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xaa PUSH1 0 CALL');
    expect(frame.memorySize).toBe(0x120);
  });

  it('DELEGATECALL and STATICCALL carry no value; CALLCODE only in its opcode set', () => {
    const host = new MockHost();
    run('PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xaa PUSH1 9 DELEGATECALL', { host });
    run('PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xbb PUSH1 9 STATICCALL', { host });
    run('PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 3 PUSH1 0xcc PUSH1 9 CALLCODE', {
      host,
      opcodes: FEVM_WITH_CALLCODE,
    });
    expect(host.calls.map((c) => c.args[0])).toEqual([
      { kind: 'DELEGATECALL', to: 0xaan, value: 0n, input: new Uint8Array(0), gas: 9n },
      { kind: 'STATICCALL', to: 0xbbn, value: 0n, input: new Uint8Array(0), gas: 9n },
      { kind: 'CALLCODE', to: 0xccn, value: 3n, input: new Uint8Array(0), gas: 9n },
    ]);
  });

  it('CREATE/CREATE2: return data cleared first, revert data kept on failure, address pushed on success', () => {
    const host = new MockHost();
    const setReturnData = 'PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xaa PUSH1 0 CALL POP';
    host.onCall = () => ({ success: true, output: Uint8Array.of(1, 2) });
    host.onCreate = () => ({ address: 0x1234n, output: Uint8Array.of(5, 5, 5) });
    const ok = run(
      `${setReturnData} PUSH1 0x11 PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 PUSH1 4 CREATE RETURNDATASIZE`,
      { host },
    );
    expect(ok.frame.stackItems()).toEqual([0x1234n, 0n]);
    expect(host.calls.at(-1)).toEqual({
      method: 'create',
      args: [{ kind: 'CREATE', value: 4n, initcode: Uint8Array.of(0x11) }],
    });
    host.onCreate = () => ({ address: null, output: Uint8Array.of(5, 5, 5) });
    const failed = run(`${setReturnData} PUSH1 0x77 PUSH1 0 PUSH1 0 PUSH1 0 CREATE2 RETURNDATASIZE`, {
      host,
    });
    expect(failed.frame.stackItems()).toEqual([0n, 3n]);
    expect(host.calls.at(-1)).toEqual({
      method: 'create',
      args: [{ kind: 'CREATE2', value: 0n, initcode: new Uint8Array(0), salt: 0x77n }],
    });
  });

  it('SELFDESTRUCT tells the host and stops successfully', () => {
    const host = new MockHost();
    const { result } = run('PUSH1 0x42 SELFDESTRUCT PUSH1 1', { host });
    expect(result).toMatchObject({ status: 'stop', pc: 2 });
    expect(host.calls).toEqual([{ method: 'selfDestruct', args: [0x42n] }]);
  });

  it('a host lowering the budget below zero ends the frame with OutOfGas', () => {
    const host = new MockHost();
    host.onCall = (_request, frame) => {
      frame.gasLeft -= 100;
      return { success: true, output: new Uint8Array(0) };
    };
    const source = 'PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0xaa PUSH1 0 CALL';
    expect(run(source, { host, gas: 100 }).result.status).toBe('stop');
    expect(run(source, { host, gas: 99 }).result.error).toBe('OutOfGas');
  });
});

describe('gas budget hook', () => {
  it('charges each executed opcode from the table, and per-unit costs for size-dependent work', () => {
    const opcodeCost = new Int32Array(256);
    opcodeCost[Op.PUSH1] = 2;
    opcodeCost[Op.KECCAK256] = 30;
    const schedule = gasSchedule({
      opcodeCost,
      keccakPerWord: 6,
      keccakPerByte: 1,
      copyPerWord: 3,
      expPerByte: 50,
    });
    // 3 PUSH1 (6) + KECCAK256 of 33 bytes (30 + 2 words * 6 + 33) = 81.
    expect(run('PUSH1 33 PUSH1 0 KECCAK256', { gas: 1000, gasSchedule: schedule }).result.gasLeft).toBe(
      1000 - 4 - 75,
    );
    // EXP with a two-byte exponent: 2 PUSH1-equivalents (PUSH2 costs 0 here) + 2 * 50.
    expect(run('PUSH2 0x0100 PUSH1 3 EXP', { gas: 1000, gasSchedule: schedule }).result.gasLeft).toBe(
      1000 - 2 - 100,
    );
    // CALLDATACOPY of 40 bytes: 3 PUSH1 + 2 words * 3.
    expect(
      run('PUSH1 40 PUSH1 0 PUSH1 0 CALLDATACOPY', { gas: 1000, gasSchedule: schedule }).result.gasLeft,
    ).toBe(1000 - 6 - 6);
  });

  it('with an all-zero table and no budget, gas costs nothing', () => {
    const { result } = run('PUSH1 1 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 KECCAK256');
    expect(result.gasLeft).toBe(Number.POSITIVE_INFINITY);
  });

  describe('KECCAK256 through the host', () => {
    it('asks a host with a keccak256 hook for every region, the empty one too, and uses its answer', () => {
      const host = new MockHost();
      const regions: number[][] = [];
      host.keccak256 = (frame, data) => {
        regions.push([...data]);
        frame.gasLeft -= 7;
        return 0x1234n + BigInt(data.length);
      };
      const { result, frame } = run(
        'PUSH1 0xab PUSH1 0 MSTORE8 PUSH1 2 PUSH1 0 KECCAK256 PUSH1 0 PUSH1 9 KECCAK256',
        {
          host,
          gas: 100,
        },
      );
      expect(result.status).toBe('stop');
      expect(regions).toEqual([[0xab, 0], []]);
      expect(frame.stackItems()).toEqual([0x1236n, 0x1234n]);
      expect(result.gasLeft).toBe(100 - 14);
    });

    it('stops with OutOfGas when the host charges more than is left', () => {
      const host = new MockHost();
      host.keccak256 = (frame) => {
        frame.gasLeft -= 1000;
        return 0n;
      };
      const { result } = run('PUSH1 0 PUSH1 0 KECCAK256', { host, gas: 100 });
      expect(result).toMatchObject({ status: 'error', error: 'OutOfGas' });
    });

    it('without the hook the core hashes itself', () => {
      expect(value('PUSH1 0 PUSH1 0 KECCAK256')).toBe(
        0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n,
      );
    });
  });
});

describe('opcode sets and code analysis', () => {
  it('the FEVM set is exactly spec 10.3', () => {
    const defined = [...FEVM_OPCODES.keys()].filter((op) => FEVM_OPCODES[op] === 1);
    const expected = [
      ...range(0x00, 0x0b),
      ...range(0x10, 0x1e),
      0x20,
      ...range(0x30, 0x48),
      ...range(0x50, 0xa4),
      0xf0,
      0xf1,
      0xf3,
      0xf4,
      0xf5,
      0xfa,
      0xfd,
      0xfe,
      0xff,
    ];
    expect(defined).toEqual(expected);
  });

  it('jump destinations skip PUSH data, including a truncated PUSH at the end', () => {
    const info = analyzeCode(assemble('JUMPDEST PUSH2 0x5b5b JUMPDEST PUSH32 0x5b'));
    expect([...info.jumpdests.keys()].filter((i) => info.jumpdests[i] === 1)).toEqual([0, 4]);
    const truncated = analyzeCode(Uint8Array.of(Op.PUSH1 + 2, Op.JUMPDEST));
    expect([...truncated.jumpdests]).toEqual([0, 0]);
  });

  it('a CodeInfo can be reused across runs (cached push values)', () => {
    const info = analyzeCode(assemble('PUSH32 0x0102 PUSH1 3 ADD'));
    expect(run(info.code).top).toBe(0x105n);
    const host = new MockHost();
    const frame = createFrame({
      host,
      message: { address: 1n, caller: 2n, value: 0n, input: new Uint8Array(0), isStatic: false, depth: 0 },
      code: info,
    });
    runFrame(frame);
    expect(frame.stack[0]).toBe(0x105n);
    expect(info.pushValues[0]).toBe(0x0102n);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
