import { cidKey } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import type { ActorCode, ActorCodeRegistry } from '../kernel/actorCode';
import type { BuiltinActorName, Manifest } from '../state/manifest';
import { accountActor } from './account';
import { eamActor } from './eam';
import { ethAccountActor } from './ethAccount';
import { evmActor } from './evm/evmActor';
import { initActor } from './init';
import { type NativeActorDefinition, nativeActor } from './native';
import { placeholderActor } from './placeholder';
import { rewardActor } from './reward';
import { systemActor } from './system';

/**
 * Code CID → runnable code. Built-in actors run natively by default; a loaded bundle or user Wasm code can
 * register code for a CID, replacing the native actor (issue: Wasm actors).
 */
export class CodeRegistry implements ActorCodeRegistry {
  private readonly codes = new Map<string, ActorCode>();

  get(code: CID): ActorCode | undefined {
    return this.codes.get(cidKey(code));
  }

  set(code: CID, actor: ActorCode): void {
    this.codes.set(cidKey(code), actor);
  }

  has(code: CID): boolean {
    return this.codes.has(cidKey(code));
  }
}

/** Registers our native built-in actors under the manifest's code CIDs. */
export function registerNativeActors(
  registry: CodeRegistry,
  manifest: Manifest,
  emptyArrayCid: CID,
  manifestData: CID,
  extra: Partial<
    Record<
      BuiltinActorName,
      NativeActorDefinition | ((info: import('../state/manifest').BuiltinActorInfo) => ActorCode)
    >
  > = {},
): void {
  const definitions: Partial<Record<BuiltinActorName, NativeActorDefinition>> = {
    system: systemActor(emptyArrayCid, manifestData),
    init: initActor(emptyArrayCid),
    account: accountActor(emptyArrayCid),
    ethaccount: ethAccountActor,
    eam: eamActor,
    reward: rewardActor,
  };
  for (const info of manifest.actors) {
    if (info.name === 'placeholder') {
      registry.set(info.code, placeholderActor(info));
      continue;
    }
    if (info.name === 'evm' && !extra.evm) {
      registry.set(info.code, evmActor(info));
      continue;
    }
    const custom = extra[info.name];
    if (typeof custom === 'function') registry.set(info.code, custom(info));
    else {
      const definition = custom ?? definitions[info.name];
      if (definition) registry.set(info.code, nativeActor(definition, info));
    }
  }
}
