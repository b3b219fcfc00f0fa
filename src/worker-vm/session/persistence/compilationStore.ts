import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex } from '../../util/bytes';
import type { CompilationInput } from '../artifacts/artifactRegistry';
import { COMPILATION_KEY_PREFIX, type StoredArtifactRef } from './sessionMeta';

/**
 * The compiler outputs the session's contracts and messages were built from, by content hash, so the
 * debugger, the state diff's variable names and the forms work on old messages after a reload even when
 * the files changed since. Only compilations something refers to are stored (each once); the registry's
 * own compilation numbers are per worker and are mapped to hashes here.
 */
export class CompilationIndex {
  /** Registry compilation number → its input and hash (computed when first needed). */
  private readonly registered = new Map<number, { input: CompilationInput; hash?: string }>();
  private readonly byHash = new Map<string, number>();
  /** Hashes already on disk. */
  readonly stored = new Set<string>();

  note(compilationId: number, input: CompilationInput, hash?: string): void {
    this.registered.set(compilationId, { input, hash });
    if (hash) this.byHash.set(hash, compilationId);
  }

  /** The registry number of a compilation known by its hash. */
  idOf(hash: string): number | undefined {
    return this.byHash.get(hash);
  }

  /** The stored reference of a registry artifact key (`<n>:<file>:<Contract>`). */
  refOf(artifactKey: string | null): StoredArtifactRef | null {
    if (artifactKey === null) return null;
    const colon = artifactKey.indexOf(':');
    const entry = this.registered.get(Number(artifactKey.slice(0, colon)));
    if (!entry) return null;
    entry.hash ??= compilationHash(entry.input);
    this.byHash.set(entry.hash, Number(artifactKey.slice(0, colon)));
    return { compilation: entry.hash, id: artifactKey.slice(colon + 1) };
  }

  /** The registry key of a stored reference, when that compilation is registered in this worker. */
  keyOf(ref: StoredArtifactRef | null): string | null {
    if (ref === null) return null;
    const id = this.byHash.get(ref.compilation);
    return id === undefined ? null : `${id}:${ref.id}`;
  }

  /** Records to write for the references given that are not on disk yet: `[key, JSON text]`. */
  unsaved(refs: Iterable<StoredArtifactRef | null>): Array<[string, string]> {
    return this.records(refs, false);
  }

  /** The records of every compilation the references name (an export carries them all). */
  records(refs: Iterable<StoredArtifactRef | null>, includeStored = true): Array<[string, string]> {
    const puts: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const ref of refs) {
      if (!ref || seen.has(ref.compilation) || (!includeStored && this.stored.has(ref.compilation))) continue;
      const id = this.byHash.get(ref.compilation);
      const entry = id === undefined ? undefined : this.registered.get(id);
      if (!entry) continue;
      seen.add(ref.compilation);
      puts.push([`${COMPILATION_KEY_PREFIX}${ref.compilation}`, JSON.stringify(entry.input)]);
    }
    return puts;
  }
}

/** 128 bits of blake2b-256 over the compilation's JSON: names it across reloads. */
export function compilationHash(input: CompilationInput): string {
  return bytesToHex(blake2b(new TextEncoder().encode(JSON.stringify(input)), { dkLen: 32 }).subarray(0, 16));
}
