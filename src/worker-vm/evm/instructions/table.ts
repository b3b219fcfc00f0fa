import type { EvmFrame } from '../frame';
import { Op, type OpcodeSet, STACK_GROWTH, STACK_IN } from '../opcodes';
import * as arith from './arithmetic';
import * as bits from './bitwise';
import * as ctx from './context';
import * as control from './control';
import { keccak256 } from './hash';
import { makeLog } from './log';
import * as mem from './memory';
import { makeDup, makePush, makeSwap, pop, push0 } from './stack';
import * as storage from './storage';
import { makeCall, makeCreate, selfdestruct } from './system';

export type Handler = (f: EvmFrame) => void;

/** What the loop needs per opcode set: a handler and the stack bounds for every byte. */
export interface InstructionTable {
  readonly handlers: readonly Handler[];
  /** Stack items required (0 for undefined bytes, so UndefinedInstruction wins over StackUnderflow). */
  readonly stackIn: Uint8Array;
  /** Net stack growth (0 for undefined bytes). */
  readonly stackGrowth: Int8Array;
}

/** Every instruction this core implements, by byte. Which of them run is decided by the opcode set. */
const IMPLEMENTED: Array<[number, Handler]> = [
  [Op.STOP, control.stop],
  [Op.ADD, arith.add],
  [Op.MUL, arith.mul],
  [Op.SUB, arith.sub],
  [Op.DIV, arith.div],
  [Op.SDIV, arith.sdiv],
  [Op.MOD, arith.mod],
  [Op.SMOD, arith.smod],
  [Op.ADDMOD, arith.addmod],
  [Op.MULMOD, arith.mulmod],
  [Op.EXP, arith.exp],
  [Op.SIGNEXTEND, arith.signextend],
  [Op.LT, bits.lt],
  [Op.GT, bits.gt],
  [Op.SLT, bits.slt],
  [Op.SGT, bits.sgt],
  [Op.EQ, bits.eq],
  [Op.ISZERO, bits.iszero],
  [Op.AND, bits.and],
  [Op.OR, bits.or],
  [Op.XOR, bits.xor],
  [Op.NOT, bits.not],
  [Op.BYTE, bits.byte],
  [Op.SHL, bits.shl],
  [Op.SHR, bits.shr],
  [Op.SAR, bits.sar],
  [Op.CLZ, bits.clz],
  [Op.KECCAK256, keccak256],
  [Op.ADDRESS, ctx.address],
  [Op.BALANCE, ctx.balance],
  [Op.ORIGIN, ctx.origin],
  [Op.CALLER, ctx.caller],
  [Op.CALLVALUE, ctx.callvalue],
  [Op.CALLDATALOAD, ctx.calldataload],
  [Op.CALLDATASIZE, ctx.calldatasize],
  [Op.CALLDATACOPY, ctx.calldatacopy],
  [Op.CODESIZE, ctx.codesize],
  [Op.CODECOPY, ctx.codecopy],
  [Op.GASPRICE, ctx.gasprice],
  [Op.EXTCODESIZE, ctx.extcodesize],
  [Op.EXTCODECOPY, ctx.extcodecopy],
  [Op.RETURNDATASIZE, ctx.returndatasize],
  [Op.RETURNDATACOPY, ctx.returndatacopy],
  [Op.EXTCODEHASH, ctx.extcodehash],
  [Op.BLOCKHASH, ctx.blockhash],
  [Op.COINBASE, ctx.coinbase],
  [Op.TIMESTAMP, ctx.timestamp],
  [Op.NUMBER, ctx.number],
  [Op.PREVRANDAO, ctx.prevrandao],
  [Op.GASLIMIT, ctx.gaslimit],
  [Op.CHAINID, ctx.chainid],
  [Op.SELFBALANCE, ctx.selfbalance],
  [Op.BASEFEE, ctx.basefee],
  [Op.POP, pop],
  [Op.MLOAD, mem.mload],
  [Op.MSTORE, mem.mstore],
  [Op.MSTORE8, mem.mstore8],
  [Op.SLOAD, storage.sload],
  [Op.SSTORE, storage.sstore],
  [Op.JUMP, control.jump],
  [Op.JUMPI, control.jumpi],
  [Op.PC, control.pc],
  [Op.MSIZE, mem.msize],
  [Op.GAS, ctx.gas],
  [Op.JUMPDEST, control.jumpdest],
  [Op.TLOAD, storage.tload],
  [Op.TSTORE, storage.tstore],
  [Op.MCOPY, mem.mcopy],
  [Op.PUSH0, push0],
  [Op.CREATE, makeCreate('CREATE')],
  [Op.CALL, makeCall('CALL')],
  [Op.CALLCODE, makeCall('CALLCODE')],
  [Op.RETURN, control.ret],
  [Op.DELEGATECALL, makeCall('DELEGATECALL')],
  [Op.CREATE2, makeCreate('CREATE2')],
  [Op.STATICCALL, makeCall('STATICCALL')],
  [Op.REVERT, control.revert],
  [Op.INVALID, control.invalid],
  [Op.SELFDESTRUCT, selfdestruct],
];
for (let n = 1; n <= 32; n++) IMPLEMENTED.push([Op.PUSH0 + n, makePush(n)]);
for (let n = 1; n <= 16; n++) IMPLEMENTED.push([Op.DUP1 + n - 1, makeDup(n)]);
for (let n = 1; n <= 16; n++) IMPLEMENTED.push([Op.SWAP1 + n - 1, makeSwap(n)]);
for (let n = 0; n <= 4; n++) IMPLEMENTED.push([Op.LOG0 + n, makeLog(n)]);

const tables = new WeakMap<OpcodeSet, InstructionTable>();

/** The instruction table for an opcode set (built once per set object). */
export function instructionTable(opcodes: OpcodeSet): InstructionTable {
  let table = tables.get(opcodes);
  if (table === undefined) {
    const handlers: Handler[] = new Array<Handler>(256).fill(control.undefinedInstruction);
    const stackIn = new Uint8Array(256);
    const stackGrowth = new Int8Array(256);
    for (const [op, handler] of IMPLEMENTED) {
      if (opcodes[op] !== 1) continue;
      handlers[op] = handler;
      stackIn[op] = STACK_IN[op]!;
      stackGrowth[op] = STACK_GROWTH[op]!;
    }
    table = { handlers, stackIn, stackGrowth };
    tables.set(opcodes, table);
  }
  return table;
}
