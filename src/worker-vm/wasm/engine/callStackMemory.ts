import { WASM_PAGE_SIZE } from '../prices';
import { MAX_MEMORY_PAGES } from '../validate';

/** The most memory the instances of one call stack may hold together, tables at 8 bytes per element (spec 6.8). */
export const MAX_CALL_STACK_MEMORY_BYTES = 2 * 1024 ** 3;

/** A live instance's share of the call stack's memory. */
interface LiveInstance {
  readonly memory: WebAssembly.Memory;
  readonly tableBytes: number;
}

/**
 * The memory of the actor instances alive on the call stack (spec 6.8): at most 512 MiB per instance and
 * 2 GiB for the whole stack. Each instance's memory is created here (the engine imports it into the
 * module) with a maximum that leaves the stack within 2 GiB given what its callers hold; callers cannot
 * grow while a callee runs, so `memory.grow` past the budget returns -1 exactly where wasmtime's limiter
 * refuses it. A callee's memory is released when it returns.
 */
export class CallStackMemory {
  private readonly live: LiveInstance[] = [];

  /** Bytes held by the live instances. */
  get usedBytes(): number {
    let total = 0;
    for (const instance of this.live) total += instance.memory.buffer.byteLength + instance.tableBytes;
    return total;
  }

  get depth(): number {
    return this.live.length;
  }

  /**
   * Creates the memory of a new instance: `minPages` now, growable up to its declared maximum, 8192 pages
   * and what the stack has left. Throws a RangeError when even `minPages` does not fit (the instantiation
   * then fails, as under wasmtime).
   */
  allocate(minPages: number, maxPages: number | undefined, tableBytes: number): WebAssembly.Memory {
    const free = MAX_CALL_STACK_MEMORY_BYTES - this.usedBytes - tableBytes;
    const budgetPages = Math.max(0, Math.floor(free / WASM_PAGE_SIZE));
    const maximum = Math.min(maxPages ?? MAX_MEMORY_PAGES, MAX_MEMORY_PAGES, budgetPages);
    if (minPages > maximum) {
      throw new RangeError(
        `memory limit: ${minPages} pages do not fit (this instance may have ${maximum}; the call stack holds ${this.usedBytes} of ${MAX_CALL_STACK_MEMORY_BYTES} bytes)`,
      );
    }
    return new WebAssembly.Memory({ initial: minPages, maximum });
  }

  enter(memory: WebAssembly.Memory, tableBytes: number): void {
    this.live.push({ memory, tableBytes });
  }

  /** Releases the most recent instance (instances live and die in stack order). */
  leave(memory: WebAssembly.Memory): void {
    const top = this.live.pop();
    if (top?.memory !== memory) throw new Error('call stack memory released out of order');
  }
}
