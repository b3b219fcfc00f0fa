import { cidKey } from '../ipld/blockstore';
import { type CID, parseCid } from '../ipld/cid';

/**
 * The built-in actors of builtin-actors **v18.0.0** (mainnet bundle, network version 28), by type id
 * (spec 7.8, Appendix A). We use the real code CIDs so that our state tree is layout-compatible with
 * Filecoin's and a real bundle can replace our native actors by code CID.
 *
 * `minMemoryPages` and `minTableElements` are the real modules' minimums. Every invocation of a built-in
 * actor pays `wasm_memory_init` for its minimum memory (spec 6.7), and our native actors charge the same
 * so their invocation cost matches the real one. The table minimum is informational: ref-fvm charges
 * `wasm_table_init` only for a table exported as `table`, and built-in actors export theirs as
 * `__indirect_function_table`.
 */
export interface BuiltinActorInfo {
  readonly typeId: number;
  readonly name: BuiltinActorName;
  readonly code: CID;
  readonly minMemoryPages: number;
  readonly minTableElements: number;
}

export type BuiltinActorName =
  | 'system'
  | 'init'
  | 'cron'
  | 'account'
  | 'storagepower'
  | 'storageminer'
  | 'storagemarket'
  | 'paymentchannel'
  | 'multisig'
  | 'reward'
  | 'verifiedregistry'
  | 'datacap'
  | 'placeholder'
  | 'evm'
  | 'eam'
  | 'ethaccount';

export const BUILTIN_ACTORS_RELEASE = 'builtin-actors v18.0.0 (mainnet, NV28)';

const table: Array<[BuiltinActorName, string, number, number]> = [
  ['system', 'bafk2bzaceb6wbrd6oqnplfdawnu6n27gwwajtfj4xjq3k54uq77ynniniyzce', 17, 189],
  ['init', 'bafk2bzacedrpq4kw6x7cq72w4g4fw56wj6ml4b3doeay6jyivm4dhkxijbe62', 17, 311],
  ['cron', 'bafk2bzaceakrzoywbqj4wrjyo33azrpozkn2rwb7qidfmsda42zpyqmiohn7o', 17, 261],
  ['account', 'bafk2bzacebt5o43hdveql4tqrnr7bg62by3d336ddsfl3l72xedhlsrbe6nia', 17, 320],
  ['storagepower', 'bafk2bzaced6wh6odb572jjegr6vxoukzfblp7vogipaub5rsljbpo5mo35a5i', 17, 396],
  ['storageminer', 'bafk2bzacead23tnh3ywx2cwudftngssfjgptsvr3nao7xv6mcfot7gvju4bak', 18, 478],
  ['storagemarket', 'bafk2bzacedddzlqirkt63auacz4eogkswfjhbayc4mlrsvsxix4kbnj22mjmy', 17, 392],
  ['paymentchannel', 'bafk2bzacebuw6l22xfht4gv4q5ltk66sy6ibp6ou63wvy6zaiyzievu3cl4v2', 17, 330],
  ['multisig', 'bafk2bzacecgyiuanstjcdo43xkax274hmyyfiw7ju44uvcyreayonp7r3fmls', 17, 335],
  ['reward', 'bafk2bzacec53jz3itt55424ebyn2ea3rc62zvyyrnscx3gkv4ulw2hholxiii', 17, 268],
  ['verifiedregistry', 'bafk2bzacebnep6ruikyegl6jo6jdd7dmrk2vrk4xmywoq2g6ps5tmvutu3zbe', 17, 325],
  ['datacap', 'bafk2bzacedc2r4rf2cnofn5zhnxawhkn445hqgiptfsd4746ejnkmga4uz2ze', 17, 355],
  ['placeholder', 'bafk2bzacedfvut2myeleyq67fljcrw4kkmn5pb5dpyozovj7jpoez5irnc3ro', 16, 1],
  ['evm', 'bafk2bzacea57ib7fosqleehx5z6uvockk3xk5wqycmge5m4rfq4ptr7xrkfsi', 17, 486],
  ['eam', 'bafk2bzacec4bwptvkfvc22s2pqm4zdv77aorypuykq33dwlbmguc5tlpsuexw', 17, 136],
  ['ethaccount', 'bafk2bzacecb3ebhbvmyaf5lhvdolndxfckuoxugs6hswoapxwacye7hax75ou', 17, 77],
];

export const BUILTIN_ACTORS: readonly BuiltinActorInfo[] = table.map(
  ([name, cid, pages, elements], index) => ({
    typeId: index + 1,
    name,
    code: parseCid(cid),
    minMemoryPages: pages,
    minTableElements: elements,
  }),
);

/** The manifest's data CID in the real v18 mainnet bundle (Appendix A); our encoding must reproduce it. */
export const V18_MANIFEST_DATA_CID = 'bafy2bzacea275suujjuaddglc2kbbgracldjbbs5cjys6zsivcswubv5x7es4';

/**
 * Lookups between names, type ids and code CIDs for one manifest. A loaded bundle (issue: Wasm actors)
 * may bring different code CIDs; the kernel always asks the manifest, never the table above.
 */
export class Manifest {
  private readonly byCode = new Map<string, BuiltinActorInfo>();
  private readonly byName = new Map<BuiltinActorName, BuiltinActorInfo>();

  constructor(readonly actors: readonly BuiltinActorInfo[] = BUILTIN_ACTORS) {
    for (const actor of actors) {
      this.byCode.set(cidKey(actor.code), actor);
      this.byName.set(actor.name, actor);
    }
  }

  code(name: BuiltinActorName): CID {
    const actor = this.byName.get(name);
    if (!actor) throw new Error(`the manifest has no ${name} actor`);
    return actor.code;
  }

  /** Type id (1-based position) of a code CID, or 0 when it is not a built-in actor (spec 7.8). */
  typeOf(code: CID): number {
    return this.byCode.get(cidKey(code))?.typeId ?? 0;
  }

  infoOf(code: CID): BuiltinActorInfo | undefined {
    return this.byCode.get(cidKey(code));
  }

  nameOf(code: CID): BuiltinActorName | undefined {
    return this.byCode.get(cidKey(code))?.name;
  }

  is(code: CID, name: BuiltinActorName): boolean {
    return this.byCode.get(cidKey(code))?.name === name;
  }

  codeForType(typeId: number): CID | undefined {
    return this.actors[typeId - 1]?.code;
  }

  /** The manifest data block: a DAG-CBOR list of `[name, code CID]` in type order (spec 7.8, 7.9). */
  toData(): Array<[string, CID]> {
    return this.actors.map((actor) => [actor.name, actor.code]);
  }
}
