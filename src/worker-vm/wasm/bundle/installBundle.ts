import { PlaygroundError } from '../../errors';
import type { CID } from '../../ipld/cid';
import type { Manifest } from '../../state/manifest';
import type { CodeTarget } from '../userActors/install';
import { type ActorsBundle, readBundle } from './bundle';

/** What loading a bundle changed. */
export interface BundleReport {
  /** Built-in actors now run from the bundle's Wasm, by name. */
  readonly replaced: ReadonlyArray<{
    readonly name: string;
    /** The code CID the machine's manifest (and so its state) uses for this actor. */
    readonly machineCode: CID;
    /** The module's own code CID; equal to `machineCode` for the real bundle of the same release. */
    readonly bundleCode: CID;
  }>;
  /** Bundle actors the machine's manifest has no entry for (not run, still stored). */
  readonly unused: readonly string[];
}

/**
 * Runs a bundle's Wasm actors in place of the native ones (issue 8, spec 7.9). Each module is registered
 * under the code CID the machine's manifest gives its name (so existing state runs it) and under its own
 * code CID, and its bytes are stored. The manifest itself (type ids, the code CIDs in state) stays the
 * machine's: for the real bundle of the same builtin-actors release both CIDs are the same; a bundle of
 * other modules (e.g. test actors) replaces actors by name. All modules are compiled before anything is
 * registered, so a bad bundle changes nothing.
 */
export function installBundle(
  target: CodeTarget & { readonly manifest: Manifest },
  bundle: ActorsBundle,
): BundleReport {
  for (const actor of bundle.actors) {
    try {
      target.wasm.load(actor.code, () => actor.bytes);
    } catch (error) {
      if (error instanceof PlaygroundError)
        throw new PlaygroundError(error.kind, `actor "${actor.name}": ${error.message}`, 'bundle');
      throw error;
    }
  }
  const replaced: Array<BundleReport['replaced'][number]> = [];
  const unused: string[] = [];
  for (const actor of bundle.actors) {
    target.store.put(actor.code, actor.bytes);
    const code = target.wasm.actorCode(actor.code, actor.bytes);
    target.code.set(actor.code, code);
    const native = target.manifest.actors.find((info) => info.name === actor.name);
    if (!native) {
      unused.push(actor.name);
      continue;
    }
    target.code.set(native.code, target.wasm.actorCode(actor.code, actor.bytes));
    replaced.push({ name: actor.name, machineCode: native.code, bundleCode: actor.code });
  }
  return { replaced, unused };
}

/** Reads a bundle CAR and installs it. */
export function loadBundle(
  target: CodeTarget & { readonly manifest: Manifest },
  car: Uint8Array,
): BundleReport {
  return installBundle(target, readBundle(car));
}
