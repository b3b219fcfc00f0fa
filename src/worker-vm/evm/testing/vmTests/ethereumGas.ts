import { type GasSchedule, gasSchedule, wordsFor } from '../../gas';
import { Op } from '../../opcodes';

/**
 * An Ethereum gas schedule: the Frontier-era costs the classic VMTests' `gas` fields were filled with
 * (EXP 10 per exponent byte, SLOAD 50, BALANCE/EXTCODE* 20, CALL 40), with Constantinople-era prices for
 * the later opcodes, expressed through the core's gas hook. The core itself has no Ethereum gas; this exists so the fixture
 * runner can tell apart outcomes that only Ethereum gas explains (out of gas, GAS opcode results) from
 * real mismatches. Dynamic parts the hook cannot express (SSTORE, LOG data, CALL value, new accounts,
 * memory) are charged by the VMTests host.
 */
const STATIC_COSTS: Array<[number, number]> = [
  [Op.STOP, 0],
  [Op.ADD, 3],
  [Op.MUL, 5],
  [Op.SUB, 3],
  [Op.DIV, 5],
  [Op.SDIV, 5],
  [Op.MOD, 5],
  [Op.SMOD, 5],
  [Op.ADDMOD, 8],
  [Op.MULMOD, 8],
  [Op.EXP, 10],
  [Op.SIGNEXTEND, 5],
  [Op.LT, 3],
  [Op.GT, 3],
  [Op.SLT, 3],
  [Op.SGT, 3],
  [Op.EQ, 3],
  [Op.ISZERO, 3],
  [Op.AND, 3],
  [Op.OR, 3],
  [Op.XOR, 3],
  [Op.NOT, 3],
  [Op.BYTE, 3],
  [Op.SHL, 3],
  [Op.SHR, 3],
  [Op.SAR, 3],
  [Op.CLZ, 5],
  [Op.KECCAK256, 30],
  [Op.ADDRESS, 2],
  [Op.BALANCE, 20],
  [Op.ORIGIN, 2],
  [Op.CALLER, 2],
  [Op.CALLVALUE, 2],
  [Op.CALLDATALOAD, 3],
  [Op.CALLDATASIZE, 2],
  [Op.CALLDATACOPY, 3],
  [Op.CODESIZE, 2],
  [Op.CODECOPY, 3],
  [Op.GASPRICE, 2],
  [Op.EXTCODESIZE, 20],
  [Op.EXTCODECOPY, 20],
  [Op.RETURNDATASIZE, 2],
  [Op.RETURNDATACOPY, 3],
  [Op.EXTCODEHASH, 400],
  [Op.BLOCKHASH, 20],
  [Op.COINBASE, 2],
  [Op.TIMESTAMP, 2],
  [Op.NUMBER, 2],
  [Op.PREVRANDAO, 2],
  [Op.GASLIMIT, 2],
  [Op.CHAINID, 2],
  [Op.SELFBALANCE, 5],
  [Op.BASEFEE, 2],
  [Op.POP, 2],
  [Op.MLOAD, 3],
  [Op.MSTORE, 3],
  [Op.MSTORE8, 3],
  [Op.SLOAD, 50],
  [Op.SSTORE, 0],
  [Op.JUMP, 8],
  [Op.JUMPI, 10],
  [Op.PC, 2],
  [Op.MSIZE, 2],
  [Op.GAS, 2],
  [Op.JUMPDEST, 1],
  [Op.TLOAD, 100],
  [Op.TSTORE, 100],
  [Op.MCOPY, 3],
  [Op.PUSH0, 2],
  [Op.CREATE, 32000],
  [Op.CALL, 40],
  [Op.CALLCODE, 40],
  [Op.RETURN, 0],
  [Op.DELEGATECALL, 40],
  [Op.CREATE2, 32000],
  [Op.STATICCALL, 40],
  [Op.REVERT, 0],
  [Op.SELFDESTRUCT, 0],
];

export const ETHEREUM_GAS: GasSchedule = (() => {
  const opcodeCost = new Int32Array(256);
  for (const [op, cost] of STATIC_COSTS) opcodeCost[op] = cost;
  for (let op = Op.PUSH1; op <= Op.SWAP16; op++) opcodeCost[op] = 3;
  for (let n = 0; n <= 4; n++) opcodeCost[Op.LOG0 + n] = 375 * (n + 1);
  // INVALID consumes everything that is left; a budget never exceeds 2^31 here in practice.
  opcodeCost[Op.INVALID] = 0x7fffffff;
  return gasSchedule({ opcodeCost, keccakPerWord: 6, copyPerWord: 3, expPerByte: 10 });
})();

export const ETHEREUM_DYNAMIC = {
  sstoreSet: 20_000,
  sstoreReset: 5_000,
  logDataByte: 8,
  callValue: 9_000,
  callStipend: 2_300,
  newAccount: 25_000,
  create2HashWord: 6,
};

/** Total Ethereum memory cost of `bytes` of memory (3 per word plus words^2/512). */
export function memoryCost(bytes: number): number {
  const words = wordsFor(bytes);
  return 3 * words + Math.floor((words * words) / 512);
}
