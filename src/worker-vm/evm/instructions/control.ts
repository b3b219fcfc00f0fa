import type { EvmFrame } from '../frame';
import { Status } from '../frame';
import { memoryRegion, regionBytes } from '../memory';

export function stop(f: EvmFrame): void {
  f.status = Status.Stop;
}

export function jump(f: EvmFrame): void {
  const destination = f.stack[--f.sp]!;
  jumpTo(f, destination);
}

export function jumpi(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  if (s[sp]! !== 0n) jumpTo(f, s[sp + 1]!);
}

function jumpTo(f: EvmFrame, destination: bigint): void {
  const jumpdests = f.codeInfo.jumpdests;
  // Compare with a constant first: building BigInt(jumpdests.length) on every jump would allocate.
  if (destination > 0xffffffffn || Number(destination) >= jumpdests.length) {
    f.fail('BadJumpDestination');
    return;
  }
  const target = Number(destination);
  if (jumpdests[target] !== 1) {
    f.fail('BadJumpDestination');
    return;
  }
  f.pc = target;
}

export function pc(f: EvmFrame): void {
  f.stack[f.sp++] = BigInt(f.pc - 1);
}

export function jumpdest(_f: EvmFrame): void {}

export function ret(f: EvmFrame): void {
  end(f, Status.Return);
}

export function revert(f: EvmFrame): void {
  end(f, Status.Revert);
}

function end(f: EvmFrame, status: number): void {
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  if (!memoryRegion(f, s[sp + 1]!, s[sp]!)) return;
  f.output = regionBytes(f);
  f.status = status;
}

/** 0xFE, the designated invalid instruction. */
export function invalid(f: EvmFrame): void {
  f.fail('InvalidInstruction');
}

/** Any byte that is not an instruction in the frame's opcode set. */
export function undefinedInstruction(f: EvmFrame): void {
  f.fail('UndefinedInstruction');
}
