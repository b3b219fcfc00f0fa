import type { Abi } from 'viem';
import type { ContractArtifact, LinkReference, StorageLayout } from '../../../compiler/types';
import { invalidInput, notFound } from '../../errors';
import { equalBytes, hexToBytes } from '../../util/bytes';
import { CodeSourceMap, type SourceText, SourceTexts } from '../source/codeSourceMap';

/** What the UI sends the worker after a successful compile: the artifacts and the source texts. */
export interface CompilationInput {
  readonly contracts: readonly ArtifactInput[];
  readonly sources: readonly SourceText[];
}

/** The parts of a compiler artifact the VM side uses (ASTs stay in the UI). */
export type ArtifactInput = Pick<
  ContractArtifact,
  'id' | 'name' | 'file' | 'kind' | 'fromLibrary' | 'abi' | 'creation' | 'runtime' | 'storageLayout'
>;

/** An artifact of a registered compilation, with its code decoded and its source maps built on demand. */
export class RegisteredArtifact {
  /** `<compilation>:<file>:<name>`: stays valid after newer compiles. */
  readonly key: string;
  readonly creationCode: Uint8Array | undefined;
  readonly runtimeCode: Uint8Array | undefined;
  private runtimeMap: CodeSourceMap | undefined;
  private creationMap: CodeSourceMap | undefined;
  /** Runtime byte ranges written at deployment (immutables): ignored when matching deployed code. */
  private readonly immutableRanges: readonly LinkReference[];

  constructor(
    readonly compilationId: number,
    readonly artifact: ArtifactInput,
    readonly sources: SourceTexts,
  ) {
    this.key = `${compilationId}:${artifact.id}`;
    this.creationCode = decodeCode(artifact.creation.object);
    this.runtimeCode = decodeCode(artifact.runtime.object);
    this.immutableRanges = Object.values(artifact.runtime.immutableReferences ?? {}).flat();
  }

  get name(): string {
    return this.artifact.name;
  }

  get abi(): Abi {
    return this.artifact.abi;
  }

  get storageLayout(): StorageLayout {
    return this.artifact.storageLayout;
  }

  sourceMap(kind: 'runtime' | 'creation'): CodeSourceMap | undefined {
    if (kind === 'runtime') {
      if (!this.runtimeCode) return undefined;
      this.runtimeMap ??= new CodeSourceMap(this.runtimeCode, this.artifact.runtime.sourceMap, this.sources);
      return this.runtimeMap;
    }
    if (!this.creationCode) return undefined;
    this.creationMap ??= new CodeSourceMap(this.creationCode, this.artifact.creation.sourceMap, this.sources);
    return this.creationMap;
  }

  /** True when `code` is this artifact's runtime code (immutables may differ). */
  matchesRuntime(code: Uint8Array): boolean {
    const own = this.runtimeCode;
    if (!own || own.length !== code.length || own.length === 0) return false;
    if (this.immutableRanges.length === 0) return equalBytes(own, code);
    const masked = code.slice();
    for (const { start, length } of this.immutableRanges)
      masked.set(own.subarray(start, start + length), start);
    return equalBytes(own, masked);
  }

  /** True when `initcode` is this artifact's creation code followed by constructor arguments. */
  matchesCreation(initcode: Uint8Array): boolean {
    const own = this.creationCode;
    if (!own || own.length === 0 || initcode.length < own.length) return false;
    return equalBytes(own, initcode.subarray(0, own.length));
  }
}

/** Unlinked code (library placeholders `__$…$__`) cannot be decoded, deployed or matched. */
function decodeCode(object: string): Uint8Array | undefined {
  const hex = object.startsWith('0x') ? object.slice(2) : object;
  if (hex.length === 0 || hex.includes('__$')) return undefined;
  return hexToBytes(hex);
}

/** How many compilations are kept: contracts deployed from older ones keep their names and sources. */
const KEPT_COMPILATIONS = 12;

/**
 * The compiler artifacts the worker knows, by compilation. Deployed contracts point at an artifact key;
 * code found on chain (contracts created by contracts) is matched to an artifact by its bytes.
 */
export class ArtifactRegistry {
  private readonly compilations = new Map<number, RegisteredArtifact[]>();
  private nextId = 1;

  add(input: CompilationInput): { compilationId: number; artifacts: RegisteredArtifact[] } {
    if (!Array.isArray(input?.contracts) || !Array.isArray(input?.sources))
      throw invalidInput('a compilation has contracts and sources', 'compilation');
    const compilationId = this.nextId++;
    const sources = new SourceTexts(input.sources);
    const artifacts = input.contracts
      .filter((c) => c.kind === 'contract' || c.kind === 'abstract' || c.kind === 'library')
      .map((c) => new RegisteredArtifact(compilationId, c, sources));
    this.compilations.set(compilationId, artifacts);
    for (const id of this.compilations.keys()) {
      if (this.compilations.size <= KEPT_COMPILATIONS) break;
      this.compilations.delete(id);
    }
    return { compilationId, artifacts };
  }

  get(key: string): RegisteredArtifact | undefined {
    const compilationId = Number(key.slice(0, key.indexOf(':')));
    return this.compilations.get(compilationId)?.find((a) => a.key === key);
  }

  require(key: string, where = 'artifact'): RegisteredArtifact {
    const found = this.get(key);
    if (!found) throw notFound(`no compiled contract ${key}; compile again`, where);
    return found;
  }

  /** Newest first: a contract compiled again matches its latest artifact. */
  private *newestFirst(): Generator<RegisteredArtifact> {
    const ids = [...this.compilations.keys()].sort((a, b) => b - a);
    for (const id of ids) yield* this.compilations.get(id)!;
  }

  matchRuntime(code: Uint8Array): RegisteredArtifact | undefined {
    for (const artifact of this.newestFirst()) if (artifact.matchesRuntime(code)) return artifact;
    return undefined;
  }

  matchCreation(initcode: Uint8Array): RegisteredArtifact | undefined {
    // The longest creation code wins: a contract's code may start with a shorter one's by chance.
    let best: RegisteredArtifact | undefined;
    for (const artifact of this.newestFirst()) {
      if (
        artifact.matchesCreation(initcode) &&
        (!best || artifact.creationCode!.length > best.creationCode!.length)
      )
        best = artifact;
    }
    return best;
  }

  /** The newest artifact with this contract name (live mode redeploys by name). */
  latestByName(name: string, file?: string): RegisteredArtifact | undefined {
    for (const artifact of this.newestFirst()) {
      if (artifact.name === name && (file === undefined || artifact.artifact.file === file)) return artifact;
    }
    return undefined;
  }

  /** Every ABI known, newest first (to decode events and errors of contracts we cannot match). */
  *allAbis(): Generator<{ key: string; abi: Abi }> {
    for (const artifact of this.newestFirst()) yield { key: artifact.key, abi: artifact.abi };
  }
}
