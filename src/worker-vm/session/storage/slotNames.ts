import { getDagCbor } from '../../ipld/blockstore';
import type { CID } from '../../ipld/cid';
import { decodeEvmState } from '../../state/evmState';
import type { RegisteredArtifact } from '../artifacts/artifactRegistry';
import { indexCallTree } from '../callTree/indexedCallTree';
import type { MessageDebugger } from '../debug/messageDebugger';
import { calldataOf } from '../labels';
import type { Replay } from '../replayCache';
import type { PlaygroundSession } from '../session';
import { collectTracePreimages, Preimages } from './preimages';
import { StorageDecoder } from './storageDecoder';

/**
 * Storage names for one message: its traced KECCAK256 inputs and candidate keys (calldata words, known
 * account and contract addresses), with one decoder per contract layout, built on first use.
 */
export class SlotNames {
  private readonly preimages = new Preimages();
  private readonly candidates: Uint8Array[];
  private readonly decoders = new Map<string, StorageDecoder>();

  constructor(
    private readonly session: PlaygroundSession,
    replay: Replay,
  ) {
    collectTracePreimages(replay.traces, this.preimages);
    this.candidates = candidateKeys(session, replay);
  }

  decoderFor(artifact: RegisteredArtifact | undefined): StorageDecoder | undefined {
    if (!artifact || artifact.storageLayout.storage.length === 0) return undefined;
    let decoder = this.decoders.get(artifact.key);
    if (!decoder) {
      decoder = new StorageDecoder(artifact.storageLayout, this.preimages, this.candidates);
      this.decoders.set(artifact.key, decoder);
    }
    return decoder;
  }

  /** The artifact whose layout names an actor's storage: the contract list's, or matched by its code. */
  artifactOfActor(id: number, head: CID | undefined): RegisteredArtifact | undefined {
    const key = this.session.contractById(id)?.artifactKey;
    const known = key ? this.session.registry.get(key) : undefined;
    if (known) return known;
    if (!head) return undefined;
    try {
      const evm = decodeEvmState(getDagCbor(this.session.machine.store, head, 'EVM state'));
      const code = this.session.machine.store.get(evm.bytecode);
      return code ? this.session.registry.matchRuntime(code) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A slot's variable name as seen by a debugger frame (the layout of the code that frame runs). */
  nameInFrame(debug: MessageDebugger, frame: number, slot: bigint): string | null {
    return this.decoderFor(debug.sources[frame]?.artifact)?.nameOf(slot) ?? null;
  }
}

/** Words that may be mapping keys: calldata arguments and every address the session knows. */
function candidateKeys(session: PlaygroundSession, replay: Replay): Uint8Array[] {
  const seen = new Set<string>();
  const keys: Uint8Array[] = [];
  const add = (word: Uint8Array) => {
    const key = word.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    keys.push(word);
  };
  const tree = indexCallTree(replay.result.trace ?? []);
  for (const node of tree.nodes) {
    const calldata = calldataOf(node.params);
    for (let at = 4; at + 32 <= calldata.length && keys.length < 256; at += 32)
      add(calldata.slice(at, at + 32));
  }
  const state = session.state();
  for (const entry of [...state.accounts, ...state.contracts]) {
    if (!entry.eth) continue;
    const word = new Uint8Array(32);
    const hex = entry.eth.slice(2);
    for (let i = 0; i < 20; i++) word[12 + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    add(word);
  }
  return keys;
}
