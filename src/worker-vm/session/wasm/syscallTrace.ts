import { errorNumberName } from '../../kernel/codes';
import type { ExecutionEvent } from '../../kernel/executionEvents';
import { bytesToHex } from '../../util/bytes';
import { PARAM_NAMES } from '../../wasm/syscalls/paramNames';
import { findSyscall } from '../../wasm/syscalls/signatures';
import type { SyscallRow, SyscallTraceView } from './wasmViews';

/** Charges of the Wasm code itself: what ran since the last sync, synced at the start of each syscall. */
const EXECUTION_CHARGES = new Set(['wasm_exec', 'wasm_memory_grow']);

interface OpenSyscall {
  row: MutableRow;
  /** Milligas charged in the whole message when the syscall began. */
  startTotal: number;
  /** Still before OnSyscall: wasm_exec charges then belong to the code that ran before the call. */
  beforeOnSyscall: boolean;
}

type MutableRow = { -readonly [K in Exclude<keyof SyscallRow, 'charges' | 'calls'>]: SyscallRow[K] } & {
  charges: Array<{ name: string; gas: number }>;
  calls: number[];
};

/**
 * `ret=0x400 id=1 offset=0 buf_off=0x1d90 buf_len=1`: the arguments as the actor passed them, named after
 * the spec (PARAM_NAMES); offsets and large numbers in hex, i64s as decimal.
 */
function argumentsText(module: string, name: string, args: readonly (number | bigint)[]): string {
  const signature = findSyscall(module, name);
  const outPointer = signature?.kind === 'value' ? 1 : 0;
  const names = PARAM_NAMES[`${module}.${name}`] ?? [];
  return args
    .map((arg, i) => {
      if (i < outPointer) return `ret=0x${arg.toString(16)}`;
      const label = names[i - outPointer];
      const hex = typeof arg === 'number' && (arg > 0xffff || (label?.endsWith('_off') ?? false));
      const text = typeof arg === 'bigint' ? `${arg}` : hex ? `0x${arg.toString(16)}` : `${arg}`;
      return label ? `${label}=${text}` : text;
    })
    .join(' ');
}

/**
 * The syscalls of a message's Wasm actors in execution order, from the events a traced replay records
 * (`Syscall` / `SyscallReturn` around each call, see wasm/syscalls/syscallTrace.ts): for each, the node it
 * ran in, its arguments, the Wasm execution synced at it, its own gas and charges, its error number and
 * result, and the calls made inside it (a send), so the UI can nest rows by call.
 */
export function buildSyscallTrace(
  message: number,
  events: readonly ExecutionEvent[],
  labelOf: (node: number) => string,
): SyscallTraceView {
  const rows: MutableRow[] = [];
  const open: OpenSyscall[] = [];
  const callStack: number[] = [];
  const tailExec = new Map<number, number>();
  const wasmNodes: Array<{ node: number; depth: number }> = [];
  let nodes = 0;
  let total = 0;
  for (const event of events) {
    const node = callStack[callStack.length - 1] ?? -1;
    switch (event.kind) {
      case 'Call': {
        const id = nodes++;
        const inner = open[open.length - 1];
        if (inner && inner.row.node === node) inner.row.calls.push(id);
        callStack.push(id);
        break;
      }
      case 'CallReturn':
      case 'CallError':
        callStack.pop();
        break;
      case 'GasCharge': {
        const gas = event.charge.compute + event.charge.other;
        total += gas;
        const inner = open[open.length - 1];
        if (!inner || inner.row.node !== node) {
          // Outside any syscall of this node: instantiation, or the code after the last syscall.
          if (EXECUTION_CHARGES.has(event.charge.name)) tailExec.set(node, (tailExec.get(node) ?? 0) + gas);
          break;
        }
        if (event.charge.name === 'OnSyscall') inner.beforeOnSyscall = false;
        if (inner.beforeOnSyscall && EXECUTION_CHARGES.has(event.charge.name)) {
          inner.row.execGas += gas;
          break;
        }
        const last = inner.row.charges.find((c) => c.name === event.charge.name);
        if (last) last.gas += gas;
        else inner.row.charges.push({ name: event.charge.name, gas });
        break;
      }
      case 'Syscall': {
        if (!wasmNodes.some((entry) => entry.node === node))
          wasmNodes.push({ node, depth: callStack.length - 1 });
        const row: MutableRow = {
          index: rows.length,
          node,
          depth: callStack.length - 1,
          name: `${event.module}.${event.name}`,
          args: argumentsText(event.module, event.name, event.args),
          execGas: 0,
          gas: 0,
          charges: [],
          errno: null,
          outcome: '',
          result: null,
          calls: [],
        };
        rows.push(row);
        open.push({ row, startTotal: total, beforeOnSyscall: true });
        break;
      }
      case 'SyscallReturn': {
        const done = open.pop();
        if (!done) break;
        const { row } = done;
        row.gas = total - done.startTotal - row.execGas;
        row.errno = event.errno;
        row.outcome =
          event.errno === null
            ? (event.unwound ?? 'unwound')
            : event.errno === 0
              ? 'Ok'
              : `${errorNumberName(event.errno)} (${event.errno})`;
        row.result = event.result ? `0x${bytesToHex(event.result)}` : null;
        break;
      }
    }
  }
  return {
    message,
    rows,
    invocations: wasmNodes.map(({ node, depth }) => ({
      node,
      depth,
      label: labelOf(node),
      tailExecGas: tailExec.get(node) ?? 0,
    })),
  };
}
