import { Address } from '../address';
import { ATTO_PER_FIL } from '../encoding/bigint';
import { MemoryBlockstore, putDagCbor } from '../ipld/blockstore';
import { type CID, cidForBlock } from '../ipld/cid';
import { DAG_CBOR } from '../ipld/codecs';
import { Hamt } from '../ipld/hamt';
import type { ActorId } from '../state/actorState';
import { encodeInitState } from '../state/initState';
import { Manifest } from '../state/manifest';
import {
  BURNT_FUNDS_ACTOR_ID,
  EAM_ACTOR_ID,
  FIRST_NON_SINGLETON_ID,
  INIT_ACTOR_ID,
  REWARD_ACTOR_ID,
  SYSTEM_ACTOR_ID,
} from '../state/singletons';
import { StateTree } from '../state/stateTree';
import { deriveKey, ethAddressOf, f410AddressOf, type KeyPair, secpAddress } from './keys';

/** The playground network's fixed parameters (spec 5.7, 15.3). */
export interface NetworkParams {
  readonly networkName: string;
  /** EIP-155 chain id: Lotus devnets use 31415926. */
  readonly chainId: bigint;
  /** Network version of the builtin-actors v18 bundle whose code CIDs we use. */
  readonly networkVersion: number;
  readonly genesisEpoch: bigint;
  /** Unix seconds at the genesis epoch. */
  readonly genesisTimestamp: bigint;
  readonly blockDelaySeconds: bigint;
  /** attoFIL per gas; 100 is Lotus' minimum base fee. */
  readonly baseFee: bigint;
  readonly circulatingSupply: bigint;
  /** Seed for keys, randomness and tipset CIDs. */
  readonly seed: string;
}

export const DEFAULT_NETWORK: NetworkParams = {
  networkName: 'playground',
  chainId: 31415926n,
  networkVersion: 28,
  genesisEpoch: 1000n,
  genesisTimestamp: 1_767_225_600n, // 2026-01-01T00:00:00Z
  blockDelaySeconds: 30n,
  baseFee: 100n,
  circulatingSupply: 500_000_000n * ATTO_PER_FIL,
  seed: 'fvm-playground',
};

export interface GenesisOptions {
  readonly network?: Partial<NetworkParams>;
  /** How many f1 (secp256k1) and f410 (Ethereum) accounts to fund. */
  readonly secpAccounts?: number;
  readonly ethAccounts?: number;
  /** Balance of each funded account, in attoFIL. */
  readonly accountBalance?: bigint;
}

export interface GenesisAccount {
  readonly kind: 'secp256k1' | 'eth';
  readonly id: ActorId;
  /** f1 for secp256k1 accounts, f410 for Ethereum accounts. */
  readonly address: Address;
  readonly ethAddress: Uint8Array | undefined;
  readonly key: KeyPair;
}

export interface Genesis {
  readonly store: MemoryBlockstore;
  readonly stateRoot: CID;
  readonly manifest: Manifest;
  readonly manifestData: CID;
  readonly emptyArrayCid: CID;
  readonly network: NetworkParams;
  readonly accounts: readonly GenesisAccount[];
}

/**
 * Builds the genesis state (spec 15.3): System, Init, Reward, EAM and burnt-funds actors, and funded
 * accounts whose keys come from the seed. f410 accounts start as Placeholders, as unused Ethereum
 * addresses are on Filecoin; their first message promotes them to EthAccounts (spec 5.2).
 */
export function buildGenesis(options: GenesisOptions = {}): Genesis {
  const network: NetworkParams = { ...DEFAULT_NETWORK, ...options.network };
  const store = new MemoryBlockstore();
  const emptyArrayCid = putDagCbor(store, []);
  const manifest = new Manifest();
  const manifestData = putDagCbor(store, manifest.toData());
  const tree = StateTree.create(store, emptyArrayCid);

  const addressMap = Hamt.create<unknown>(store);
  let nextId = FIRST_NON_SINGLETON_ID;
  const accounts: GenesisAccount[] = [];
  const balance = options.accountBalance ?? 10_000n * ATTO_PER_FIL;

  const put = (
    id: ActorId,
    name: Parameters<Manifest['code']>[0],
    head: CID,
    funds = 0n,
    delegated: Address | null = null,
  ) =>
    tree.setActor(id, {
      code: manifest.code(name),
      head,
      sequence: 0,
      balance: funds,
      delegatedAddress: delegated,
    });

  put(SYSTEM_ACTOR_ID, 'system', putDagCbor(store, [manifestData]));
  put(REWARD_ACTOR_ID, 'reward', emptyArrayCid);
  put(EAM_ACTOR_ID, 'eam', emptyArrayCid);
  put(BURNT_FUNDS_ACTOR_ID, 'account', putDagCbor(store, [Address.newId(BURNT_FUNDS_ACTOR_ID).bytes]));

  for (let i = 0; i < (options.secpAccounts ?? 5); i++) {
    const key = deriveKey(network.seed, 'secp256k1', i);
    const address = secpAddress(key);
    const id = nextId++;
    addressMap.set(address.bytes, id);
    put(id, 'account', putDagCbor(store, [address.bytes]), balance);
    accounts.push({ kind: 'secp256k1', id, address, ethAddress: undefined, key });
  }
  for (let i = 0; i < (options.ethAccounts ?? 5); i++) {
    const key = deriveKey(network.seed, 'eth', i);
    const address = f410AddressOf(key);
    const id = nextId++;
    addressMap.set(address.bytes, id);
    put(id, 'placeholder', emptyArrayCid, balance, address);
    accounts.push({ kind: 'eth', id, address, ethAddress: ethAddressOf(key), key });
  }

  const initHead = putDagCbor(
    store,
    encodeInitState({ addressMap: addressMap.flush(), nextId, networkName: network.networkName }),
  );
  put(INIT_ACTOR_ID, 'init', initHead);
  const stateRoot = tree.flush();
  if (!emptyArrayCid.equals(cidForBlock(DAG_CBOR, new Uint8Array([0x80]))))
    throw new Error('EMPTY_ARR_CID mismatch');
  return { store, stateRoot, manifest, manifestData, emptyArrayCid, network, accounts };
}
