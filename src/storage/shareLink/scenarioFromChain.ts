import * as dagCbor from '@ipld/dag-cbor';
import { EvmMethod } from '../../worker-vm/actors/evm/methods';
import { type Address, Protocol } from '../../worker-vm/address';
import { ethToFilecoin } from '../../worker-vm/address/ethereum';
import { invalidInput } from '../../worker-vm/errors';
import { chainLength, type Message } from '../../worker-vm/executor/message';
import type { AppliedMessage } from '../../worker-vm/machine/machine';
import { decodeCreateReturn } from '../../worker-vm/scenario/runScenario';
import type { Scenario, ScenarioStep } from '../../worker-vm/scenario/scenario';
import { EAM_ACTOR_ID } from '../../worker-vm/state/singletons';
import { bytesToHex, hexToBytes } from '../../worker-vm/util/bytes';
import type { ChainStore } from '../chain/chainStore';
import { installedCodes } from '../chain/installedCode';

/** EAM CreateExternal and EVM InvokeContract: what the runner's deploy and invoke steps call (runScenario.ts). */
const EAM_CREATE_EXTERNAL = 4;
const INVOKE_CONTRACT = EvmMethod.InvokeContract;
/** The runner's default tip per gas; its default fee cap is twice the base fee plus the tip. */
const RUNNER_DEFAULT_PREMIUM = 100n;

/**
 * The scenario that rebuilds a chain's current state: the messages from genesis to the head (the branch
 * the user is on after time travel), as runner steps, with the epochs advanced where the chain advanced
 * them. Every field the runner would otherwise choose (gas limit, fees when they differ from its
 * defaults) is written out, so the replay applies byte-identical messages and lands on the same state.
 * What the format cannot say (a message sent with a nonce other than the sender's next, a clock moved
 * backwards, a custom inclusion length) is refused with a message: export a file instead.
 */
export interface ScenarioOptions {
  /**
   * Names for contracts by the message that deployed them (the workspace's deployed contracts): later
   * steps then call `Counter` rather than a 44-character address. Unnamed deploys get `contract1`, ….
   */
  readonly contractNames?: ReadonlyMap<number, string>;
  /** Names of installed Wasm modules by code CID (the Wasm panel's labels): their installActor steps carry them. */
  readonly moduleNames?: Readonly<Record<string, string>>;
}

/**
 * What sharing reads of a chain: the machine, the genesis, the head and the branch to it. A `ChainStore`
 * is one; the IDE session's in-memory chain (no time travel, nothing persisted) can be adapted to it.
 */
export type ShareableChain = Pick<ChainStore, 'machine' | 'genesis' | 'head' | 'pathTo'>;

export function scenarioFromChain(chain: ShareableChain, options: ScenarioOptions = {}): Scenario {
  const machine = chain.machine;
  const steps: ScenarioStep[] = [];
  const names = new Names(chain, options.contractNames ?? new Map());
  // Installed Wasm code first: installing changes no state, and creating actors from it needs it.
  const installed = installedCodes(machine);
  const codeTexts = new Set(installed.map(([cid]) => cid.toString()));
  for (const [cid, bytes] of installed) {
    const name = options.moduleNames?.[cid.toString()];
    // createActor steps name code by CID; a label that is some module's CID would take its place.
    const named = name !== undefined && !codeTexts.has(name) ? { name } : {};
    steps.push({ kind: 'installActor', ...named, wasm: base64(bytes) });
  }
  let epoch = machine.network.genesisEpoch;
  const advanceTo = (target: bigint, what: string) => {
    if (target < epoch)
      throw invalidInput(
        `${what} happened at epoch ${target}, before epoch ${epoch}: a scenario cannot move the clock back`,
        'share link',
      );
    if (target > epoch) steps.push({ kind: 'advanceEpochs', count: Number(target - epoch) });
    epoch = target;
  };
  for (const { applied } of chain.pathTo()) {
    advanceTo(applied.epoch, `message ${applied.index}`);
    steps.push(stepOf(chain, applied, names));
  }
  advanceTo(chain.head.epoch, 'the head');
  const genesis = chain.genesis.genesis;
  return { version: 1, ...(Object.keys(genesis).length > 0 ? { genesis: { ...genesis } } : {}), steps };
}

function stepOf(chain: ShareableChain, applied: AppliedMessage, names: Names): ScenarioStep {
  const { message, index } = applied;
  const where = `message ${index}`;
  if (applied.chainLength !== chainLength(message))
    throw invalidInput(
      `${where} was charged for a custom message length, which a scenario cannot say`,
      'share link',
    );
  const tree = chain.machine.treeAt(applied.stateRootBefore);
  const senderId = tree.lookupId(message.from);
  const expectedNonce = senderId === undefined ? 0 : (tree.getActor(senderId)?.sequence ?? 0);
  if (message.sequence !== expectedNonce) {
    throw invalidInput(
      `${where} was sent with nonce ${message.sequence} while the sender was at ${expectedNonce}; a scenario always uses the next nonce`,
      'share link',
    );
  }

  const fields = messageFields(chain, message, names);
  const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`;
  const wrapped = cborWrappedBytes(message.params);
  if (isIdAddress(message.to, EAM_ACTOR_ID) && message.method === EAM_CREATE_EXTERNAL && wrapped) {
    const name = names.deployed(applied);
    return { kind: 'deploy', ...(name ? { name } : {}), ...fields, bytecode: hex(wrapped) };
  }
  if (message.method === INVOKE_CONTRACT && wrapped)
    return { kind: 'invoke', ...fields, to: names.of(message.to), calldata: hex(wrapped) };
  return {
    kind: 'send',
    ...fields,
    to: names.of(message.to),
    ...(message.method === 0 ? {} : { method: message.method }),
    ...(message.params.length === 0 ? {} : { params: hex(message.params) }),
  };
}

/** Sender, value, gas limit, and fees only where they differ from the runner's defaults. */
function messageFields(chain: ShareableChain, message: Message, names: Names) {
  const baseFee = chain.machine.network.baseFee;
  const defaultCap = baseFee * 2n + message.gasPremium;
  return {
    from: names.of(message.from, false),
    ...(message.value === 0n ? {} : { value: message.value.toString() }),
    gasLimit: message.gasLimit,
    ...(message.gasFeeCap === defaultCap ? {} : { gasFeeCap: message.gasFeeCap.toString() }),
    ...(message.gasPremium === RUNNER_DEFAULT_PREMIUM ? {} : { gasPremium: message.gasPremium.toString() }),
  };
}

/**
 * How the scenario names addresses: genesis accounts by the runner's aliases (`secp:0`, `eth:1`), contracts
 * deployed earlier in the scenario by their deploy `name` (the runner maps it to the contract's f410
 * address, so only that exact address is replaced), anything else by its address.
 */
class Names {
  private readonly contracts = new Map<string, string>();
  private readonly taken = new Set<string>();
  private unnamed = 0;

  constructor(
    private readonly chain: ShareableChain,
    private readonly wanted: ReadonlyMap<number, string>,
  ) {}

  of(address: Address, contracts = true): string {
    const accounts = this.chain.machine.accounts;
    for (const kind of ['secp256k1', 'eth'] as const) {
      const index = accounts.filter((a) => a.kind === kind).findIndex((a) => a.address.equals(address));
      if (index >= 0) return `${kind === 'eth' ? 'eth' : 'secp'}:${index}`;
    }
    const text = address.toString();
    return (contracts && this.contracts.get(text)) || text;
  }

  /** A name for a successful deploy (for later steps to call), or undefined if it created nothing. */
  deployed(applied: AppliedMessage): string | undefined {
    const receipt = applied.result.receipt;
    if (receipt.exitCode !== 0) return undefined;
    let f410: string;
    try {
      f410 = ethToFilecoin(hexToBytes(decodeCreateReturn(receipt.returnData).ethAddress.slice(2))).toString();
    } catch {
      return undefined;
    }
    let name = this.wanted.get(applied.index);
    // A name must not read as an address or alias (the runner looks names up first).
    if (
      !name ||
      !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ||
      /^[ft][0-4]/i.test(name) ||
      this.taken.has(name)
    ) {
      do name = `contract${++this.unnamed}`;
      while (this.taken.has(name));
    }
    this.taken.add(name);
    this.contracts.set(f410, name);
    return name;
  }
}

/** The bytes inside params that are exactly the runner's CBOR wrapping of bytes (`cborBytes`). */
function cborWrappedBytes(params: Uint8Array): Uint8Array | undefined {
  if (params.length === 0) return params;
  try {
    const inner = dagCbor.decode(params);
    if (!(inner instanceof Uint8Array) || inner.length === 0) return undefined;
    const again = dagCbor.encode(inner);
    return again.length === params.length && again.every((b, i) => b === params[i]) ? inner : undefined;
  } catch {
    return undefined;
  }
}

/** Standard base64 (what the runner's installActor reads besides hex): a third shorter than hex. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(binary);
}

function isIdAddress(address: Address, id: number): boolean {
  return address.protocol === Protocol.ID && address.id === BigInt(id);
}
