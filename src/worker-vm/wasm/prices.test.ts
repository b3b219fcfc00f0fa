import { describe, expect, it } from 'vitest';
import { FC, OP_COUNT, OPS, Op } from './binary/opcodes';
import { instructionCost, memoryGrowMilligas, memoryInitMilligas, tableInitMilligas } from './prices';

describe('Wasm instruction prices (FIP-0032 as ref-fvm prices them)', () => {
  it('makes control, drop and nop free', () => {
    for (const op of [Op.Nop, Op.Block, Op.Loop, Op.Unreachable, Op.Return, Op.Else, Op.End, Op.Drop]) {
      expect(instructionCost(op)).toEqual({ kind: 'fixed', milligas: 0 });
    }
  });

  it('charges 4 gas for every other plain instruction', () => {
    const fixed: number[] = [
      Op.Br,
      Op.BrIf,
      Op.If,
      Op.BrTable,
      Op.Call,
      Op.CallIndirect,
      Op.I32Const,
      Op.I64Const,
      Op.LocalGet,
    ];
    fixed.push(
      Op.GlobalSet,
      Op.Select,
      Op.I32Load,
      Op.I64Store32,
      Op.MemorySize,
      Op.TableGet,
      Op.TableSet,
      Op.TableSize,
    );
    fixed.push(
      Op.DataDrop,
      Op.ElemDrop,
      Op.I64ExtendI32U,
      0xc4 /* i64.extend32_s */,
      FC + 7 /* i64.trunc_sat_f64_u */,
    );
    for (const op of fixed) expect(instructionCost(op)).toEqual({ kind: 'fixed', milligas: 4000 });
    // Every accepted instruction has a price or is explicitly unsupported.
    for (let op = 0; op < OP_COUNT; op++)
      if (OPS[op]) expect(instructionCost(op).kind).toMatch(/fixed|linear|unsupported/);
  });

  it('prices bulk memory and table instructions linearly: 0.4 gas per byte, 3.2 per element, 26,214.4 per page', () => {
    for (const op of [Op.MemoryCopy, Op.MemoryFill, Op.MemoryInit])
      expect(instructionCost(op)).toEqual({ kind: 'linear', base: 4000, perUnit: 400 });
    for (const op of [Op.TableCopy, Op.TableInit, Op.TableFill, Op.TableGrow]) {
      expect(instructionCost(op)).toEqual({ kind: 'linear', base: 4000, perUnit: 3200 });
    }
    expect(instructionCost(Op.MemoryGrow)).toEqual({ kind: 'linear', base: 4000, perUnit: 26_214_400 });
  });

  it('refuses reference instructions', () => {
    for (const op of [Op.RefNull, Op.RefIsNull, Op.RefFunc])
      expect(instructionCost(op).kind).toBe('unsupported');
  });

  it('prices instance initialisation as the spec works it out (17 pages, 486 elements)', () => {
    expect(memoryInitMilligas(17)).toBe(445_644_800); // 445,644.8 gas
    expect(tableInitMilligas(486)).toBe(1_555_200); // 1,555.2 gas
    expect(memoryGrowMilligas(65536)).toBe(26_214_400);
  });
});
