import type { Kernel } from '../../kernel/kernel';
import { ActorMemory } from './actorMemory';
import type { SyscallContext } from './framing';
import { actorImports } from './modules/actor';
import { cryptoImports } from './modules/crypto';
import { debugImports } from './modules/debug';
import { eventImports } from './modules/event';
import { gasImports } from './modules/gas';
import { ipldImports } from './modules/ipld';
import { networkImports } from './modules/network';
import { randImports } from './modules/rand';
import { selfImports } from './modules/self';
import { sendImports } from './modules/send';
import { vmImports } from './modules/vm';
import { traceSyscalls } from './syscallTrace';

/**
 * The syscall import object for one actor instance (spec 2.4): every module and function in
 * `signatures.ts`, bound to the invocation's kernel and the instance's memory. The engine adds the gas
 * counter global and the memory itself. Replays for the debugger get the calls traced (syscallTrace.ts).
 */
export function syscallImports(
  kernel: Kernel,
  memory: WebAssembly.Memory,
): Record<string, Record<string, (...args: never) => number>> {
  const ctx: SyscallContext = { kernel, memory: new ActorMemory(memory) };
  const imports = {
    vm: vmImports(ctx),
    network: networkImports(ctx),
    ipld: ipldImports(ctx),
    self: selfImports(ctx),
    actor: actorImports(ctx),
    crypto: cryptoImports(ctx),
    rand: randImports(ctx),
    gas: gasImports(ctx),
    send: sendImports(ctx),
    event: eventImports(ctx),
    debug: debugImports(ctx),
  };
  // The debugger's syscall trace, only in replays that record step traces (see syscallTrace.ts).
  const callManager = kernel.callManager;
  return callManager.setup.evmTraces && callManager.trace
    ? traceSyscalls(callManager, memory, imports)
    : imports;
}
