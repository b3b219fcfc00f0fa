import type { Blockstore } from '../../ipld/blockstore';
import { type CID, cidForBlock } from '../../ipld/cid';
import { IPLD_RAW } from '../../ipld/codecs';
import type { ActorCode } from '../../kernel/actorCode';
import { INVOKE_TYPE } from '../engine/wasmActorCode';
import type { WasmEngine } from '../engine/wasmEngine';
import { moduleError } from '../moduleError';
import { findSyscall, signatureText } from '../syscalls/signatures';
import { validateModule, type WasmModuleInfo } from '../validate';

/** Where installed code goes: the machine's blockstore and code registry, and the engine that runs it. */
export interface CodeTarget {
  readonly store: Blockstore;
  readonly code: { set(code: CID, actor: ActorCode): void };
  readonly wasm: WasmEngine;
}

export interface InstalledActorCode {
  /** CIDv1, raw codec (0x55), blake2b-256 of the module's bytes (spec 7.9). */
  readonly code: CID;
  readonly info: WasmModuleInfo;
  /** Things that load but will not work as the author probably expects. */
  readonly warnings: readonly string[];
}

/** The code CID of a Wasm module: raw codec, blake2b-256 (spec 7.9). */
export const wasmCodeCid = (bytes: Uint8Array): CID => cidForBlock(IPLD_RAW, bytes);

/**
 * Checks that a module can be an FVM actor, beyond what ref-fvm's loader checks, so that a user learns at
 * install time what would otherwise fail on every call: it must export its memory as `memory` (else each
 * call is a fatal error), `invoke` must be `(i32) -> i32`, and every import must be an FVM syscall with its
 * exact signature (else linking fails). A module without `invoke` is accepted with a warning: calling it
 * exits with SYS_INVALID_RECEIVER, as on Filecoin. Throws a WasmModuleError naming the problem.
 */
export function checkActorModule(bytes: Uint8Array): { info: WasmModuleInfo; warnings: string[] } {
  const { info } = validateModule(bytes, { requireActorExports: false });
  if (info.memoryMinPages === undefined) {
    throw moduleError('missing-memory', 'the module does not export its memory as "memory"', 'exports');
  }
  const warnings: string[] = [];
  if (!info.hasInvoke) {
    warnings.push(
      'the module exports no "invoke" function: every call will exit with SYS_INVALID_RECEIVER (5)',
    );
  } else if (info.invokeType !== INVOKE_TYPE) {
    throw moduleError(
      'invalid-invoke',
      `"invoke" has type ${info.invokeType}; an actor's entry point is ${INVOKE_TYPE} (params block → return block)`,
      'exports',
    );
  }
  for (const imp of info.imports) {
    const syscall = findSyscall(imp.module, imp.name);
    if (!syscall) {
      throw moduleError(
        'unsupported-import',
        `the FVM has no syscall ${imp.module}.${imp.name} (see docs/wasm-actors.md for the list)`,
        `import ${imp.module}.${imp.name}`,
      );
    }
    const expected = signatureText(syscall);
    if (imp.type !== expected) {
      throw moduleError(
        'unsupported-import',
        `${imp.module}.${imp.name} is imported as ${imp.type}; the syscall is ${expected}`,
        `import ${imp.module}.${imp.name}`,
      );
    }
  }
  return { info, warnings };
}

/**
 * Installs Wasm actor code: checks it, compiles it (instrumentation errors surface here), stores the bytes
 * under their code CID so the state references a real block, and registers the code so Init's Exec can
 * create actors from it. Installing the same bytes again is harmless.
 */
export function installActorCode(target: CodeTarget, bytes: Uint8Array): InstalledActorCode {
  const { info, warnings } = checkActorModule(bytes);
  const code = wasmCodeCid(bytes);
  const copy = bytes.slice();
  target.wasm.load(code, () => copy);
  target.store.put(code, copy);
  target.code.set(code, target.wasm.actorCode(code, copy));
  return { code, info, warnings };
}
