import { type Abi, type AbiFunction, encodeDeployData, encodeFunctionData } from 'viem';
import { formatAbiItem } from 'viem/utils';
import { EvmMethod } from '../actors/evm/methods';
import { Address } from '../address';
import { ethToFilecoin } from '../address/ethereum';
import { parseAnyAddress } from '../address/parseAny';
import { parseFilAmount } from '../encoding/fil';
import { invalidInput, notFound, PlaygroundError } from '../errors';
import { BLOCK_GAS_LIMIT, type Message } from '../executor/message';
import { getDagCbor } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { describeExitCode } from '../kernel/codes';
import { deriveKey, describeKey, f410AddressOf, secpAddress } from '../machine/keys';
import { type AppliedMessage, Machine } from '../machine/machine';
import {
  buildMessage,
  cborBytes,
  decodeCreateReturn,
  estimateGasLimit,
  gasLimitFor,
} from '../scenario/runScenario';
import { decodeEvmState } from '../state/evmState';
import { EAM_ACTOR_ID } from '../state/singletons';
import { diffStates } from '../trace/stateDiff';
import { bytesToHex, hexToBytes } from '../util/bytes';
import { type FormValue, parseAbiArgs } from './abi/abiInput';
import { addressForms } from './addressForms';
import { ArtifactRegistry, type CompilationInput } from './artifacts/artifactRegistry';
import { type IndexedCallTree, indexCallTree } from './callTree/indexedCallTree';
import { MessageDebugger } from './debug/messageDebugger';
import type { Bookkeeping } from './persistence/restoreBookkeeping';
import type { SessionPersistence } from './persistence/sessionPersistence';
import * as workspaceOps from './persistence/sessionWorkspace';
import type { SavedWasm } from './persistence/wasmRecords';
import { type Replay, ReplayCache, replayWithTraces } from './replayCache';
import type {
  AtAddressRequest,
  CreateAccountRequest,
  ReadRequest,
  SessionOptions,
  TxRequest,
} from './requests';
import { FieldsError } from './sessionErrors';
import { SlotNames } from './storage/slotNames';
import type {
  AccountView,
  CallNodeDetail,
  CallTreeOverview,
  ChargeTotalView,
  ContractView,
  DebugInfo,
  GasByLineView,
  MessageKind,
  NavigateAction,
  ReadView,
  StateDiffView,
  StepDetail,
  StepRow,
  TxDetail,
  TxSummary,
} from './views';
import { callNodeDetail, callTreeOverview, chargeTotals, nodeLabel } from './views/callTreeViews';
import { buildStateDiffView } from './views/stateDiffView';
import { readView, txDetail, txSummary } from './views/txViews';
import { createMessageParts, methodNumber, paramsFromJson, type WasmReadRequest } from './wasm/wasmActors';
import { WasmSession } from './wasm/wasmSession';

/** Parses an address field; any problem is reported at the field. */
function addressField(text: string, where: string): Address {
  try {
    return parseAnyAddress(text, where);
  } catch (error) {
    if (error instanceof PlaygroundError && error.where === undefined)
      throw invalidInput(error.message, where);
    throw error;
  }
}

/** The EAM method an account deploys with (spec 9.8): the contract's address derives from the sender. */
const EAM_CREATE_EXTERNAL = 4;
/** Default tip per gas (attoFIL); the fee cap is twice the base fee plus this (as the scenario runner). */
const DEFAULT_PREMIUM = 100n;

export interface AccountEntry {
  readonly label: string;
  readonly kind: 'secp256k1' | 'eth';
  readonly address: Address;
  readonly genesis: boolean;
}

export interface ContractEntry {
  readonly index: number;
  readonly name: string;
  readonly artifactKey: string | null;
  /** The f410 address of an EVM contract (or f0 for an actor without one). */
  readonly address: Address;
  readonly id: number;
  readonly createdBy: number | null;
  readonly source: ContractView['source'];
}

export interface MessageRecord {
  /** Replaced by its replay when a message loaded from disk gets its trace back (persistence). */
  applied: AppliedMessage;
  readonly kind: MessageKind;
  /** What was done, in words: `transfer(address,uint256)`, `deploy Token`, `Send`. */
  readonly action: string;
  /** The contract called (for invokes), to decode the return value and reverts. */
  readonly contract: number | null;
  readonly fn: AbiFunction | null;
  /** The artifact deployed (for deploys). */
  readonly artifactKey: string | null;
  deployed: number | null;
  tree: IndexedCallTree | undefined;
}

/** The whole session as the UI shows it after every change. */
export interface SessionState {
  readonly epoch: bigint;
  readonly stateRoot: string;
  readonly baseFee: bigint;
  readonly accounts: readonly AccountView[];
  readonly contracts: readonly ContractView[];
  readonly messages: readonly TxSummary[];
}

/**
 * The playground's session in the VM worker: one machine, the messages applied to it with what they were
 * for, the contracts deployed, the accounts, and the compiler artifacts the UI sent. The UI asks it for
 * views (JSON-safe data, in pages for anything large); traces are recomputed by replay when asked for and
 * kept in a bounded cache, so nothing grows with the length of a trace except while it is looked at.
 */
export class PlaygroundSession {
  readonly registry = new ArtifactRegistry();
  machine: Machine;
  accounts: AccountEntry[] = [];
  contracts: ContractEntry[] = [];
  readonly records: MessageRecord[] = [];
  private readonly replays = new ReplayCache();
  /** Private keys by address (the seed makes them; derived once). */
  private readonly keys = new Map<string, string | null>();
  /** Wasm actors: installed code, actors, read-only invokes, syscall traces, bundles (wasm/). */
  readonly wasm = new WasmSession(this);
  createdAccounts = { secp256k1: 0, eth: 0 };
  /** The open workspace's chain and records (persistence/), when the session works on one. */
  persistence: SessionPersistence | undefined;
  /** Where workspaces are stored (tests set fake-indexeddb); the browser's by default. */
  storageEnv: workspaceOps.PersistenceEnv | undefined;

  constructor(private readonly options: SessionOptions = {}) {
    this.machine = this.freshMachine();
    this.resetBookkeeping();
  }

  private freshMachine(): Machine {
    return Machine.create({
      network: this.options.seed === undefined ? {} : { seed: this.options.seed },
      secpAccounts: this.options.secpAccounts ?? 5,
      ethAccounts: this.options.ethAccounts ?? 5,
    });
  }

  private resetBookkeeping(): void {
    const counters = { secp256k1: 0, eth: 0 };
    this.accounts = this.machine.accounts.map((account) => ({
      label: `${account.kind === 'eth' ? 'eth' : 'f1'} #${counters[account.kind]++}`,
      kind: account.kind,
      address: account.address,
      genesis: true,
    }));
    this.contracts = [];
    this.records.length = 0;
    this.replays.clear();
    this.createdAccounts = { secp256k1: 0, eth: 0 };
  }

  /** Back to genesis (live mode replays on a fresh state); compiled artifacts stay. */
  async reset(): Promise<SessionState> {
    const previous = this.machine;
    if (this.persistence) await this.persistence.resetChain(this);
    else {
      this.machine = this.freshMachine();
      this.resetBookkeeping();
    }
    // Installed Wasm code and a loaded bundle are not state: the fresh chain keeps them.
    this.wasm.carryOver(previous);
    return this.state();
  }

  /** Takes a machine restored from a workspace and what the session kept beside it. */
  adopt(machine: Machine, kept: Bookkeeping): void {
    this.machine = machine;
    this.resetBookkeeping();
    this.accounts.push(...kept.accounts);
    this.contracts = kept.contracts;
    this.records.push(...kept.records);
    this.createdAccounts = kept.created;
  }

  state(): SessionState {
    return {
      epoch: this.machine.epoch,
      stateRoot: this.machine.stateRoot.toString(),
      baseFee: this.machine.network.baseFee,
      accounts: this.accounts.map((entry) => this.accountView(entry)),
      contracts: workspaceOps.contractsInState(this).map((entry) => this.contractView(entry)),
      messages: this.records.map((record, index) => txSummary(this, record, index)),
    };
  }

  registerCompilation(input: CompilationInput) {
    const { compilationId, artifacts } = this.registry.add(input);
    workspaceOps.compilationRegistered(this, compilationId, input);
    return {
      compilationId,
      artifacts: artifacts.map((a) => ({
        key: a.key,
        name: a.name,
        file: a.artifact.file,
        deployable: !!a.creationCode,
      })),
    };
  }

  // ---- naming ------------------------------------------------------------------------------------

  accountView(entry: AccountEntry): AccountView {
    const forms = addressForms(this.machine, entry.address);
    const id = this.machine.resolve(entry.address);
    const actor = id === undefined ? undefined : this.machine.actor(id);
    return {
      ...forms,
      label: entry.label,
      kind: entry.kind,
      balance: actor?.balance ?? 0n,
      nonce: actor?.sequence ?? 0,
      actorType: actor ? this.actorTypeName(actor.code) : null,
      genesis: entry.genesis,
      privateKey: this.privateKeyOf(entry),
    };
  }

  /**
   * A genesis account's key from the machine; a created account's derived again from its creation number
   * (its place among the created accounts of its kind, which `createAccount` counts) and checked against
   * its address.
   */
  private privateKeyOf(entry: AccountEntry): string | null {
    const text = entry.address.toString();
    const known = this.keys.get(text);
    if (known !== undefined) return known;
    let key = this.machine.accounts.find((a) => a.address.equals(entry.address))?.key;
    if (!key) {
      const created = this.accounts.filter((a) => !a.genesis && a.kind === entry.kind).indexOf(entry);
      const candidate = deriveKey(`${this.machine.network.seed}/created`, entry.kind, created);
      const address = entry.kind === 'eth' ? f410AddressOf(candidate) : secpAddress(candidate);
      if (created >= 0 && address.equals(entry.address)) key = candidate;
    }
    const hex = key ? describeKey(key).privateKey : null;
    this.keys.set(text, hex);
    return hex;
  }

  contractView(entry: ContractEntry): ContractView {
    const artifact = entry.artifactKey ? this.registry.get(entry.artifactKey) : undefined;
    return {
      ...addressForms(this.machine, entry.address, entry.id),
      index: entry.index,
      name: entry.name,
      artifactKey: entry.artifactKey,
      abi: artifact ? (artifact.abi as readonly unknown[]) : null,
      balance: this.machine.actor(entry.id)?.balance ?? 0n,
      createdBy: entry.createdBy,
      source: entry.source,
    };
  }

  contractById(id: number): ContractEntry | undefined {
    return this.contracts.find((c) => c.id === id);
  }

  abiOfActor(id: number | undefined): Abi | undefined {
    if (id === undefined) return undefined;
    const key = this.contractById(id)?.artifactKey;
    return key ? this.registry.get(key)?.abi : undefined;
  }

  /** A code CID's actor type for people: the built-in's name, or a Wasm module's name in the panel. */
  actorTypeName(code: CID): string {
    return this.machine.manifest.nameOf(code) ?? `Wasm: ${this.wasm.nameOf(code.toString())}`;
  }

  /** A short name for an actor: its account label, contract name, or built-in type. */
  actorLabel(id: number | undefined, fallback: string): string {
    if (id === undefined) return fallback;
    const contract = this.contractById(id);
    if (contract) return contract.name;
    const account = this.accounts.find((a) => this.machine.resolve(a.address) === id);
    if (account) return account.label;
    if (id === EAM_ACTOR_ID) return 'EAM';
    if (id === 1) return 'Init';
    if (id === 0) return 'System';
    if (id === 2) return 'Reward';
    if (id === 99) return 'burnt funds';
    return fallback;
  }

  // ---- requests ----------------------------------------------------------------------------------

  private sender(text: string, where = 'from'): Address {
    const address = addressField(text, where);
    const id = this.machine.resolve(address);
    if (id === undefined)
      throw invalidInput(`${text.trim()} has no actor in this state: fund it first`, where);
    const type = this.machine.manifest.nameOf(this.machine.actor(id)!.code);
    if (type !== 'account' && type !== 'ethaccount' && type !== 'placeholder')
      throw invalidInput(
        `${text.trim()} is a ${type ?? 'non-account'} actor; only accounts send messages`,
        where,
      );
    return address;
  }

  private contractEntry(index: number): ContractEntry {
    const entry = this.contracts[index];
    if (!entry) throw notFound(`there is no contract #${index}`, 'contract');
    return entry;
  }

  private functionOf(entry: ContractEntry, signature: string): { fn: AbiFunction; abi: Abi } {
    const abi = entry.artifactKey ? this.registry.get(entry.artifactKey)?.abi : undefined;
    if (!abi) throw notFound(`${entry.name} has no ABI here; use raw calldata`, 'function');
    const fn = abi.find(
      (item): item is AbiFunction => item.type === 'function' && formatAbiItem(item) === signature,
    );
    if (!fn) throw notFound(`${entry.name} has no function ${signature}`, 'function');
    return { fn, abi };
  }

  private encodeArgs(params: AbiFunction['inputs'], args: readonly FormValue[]): unknown[] {
    const parsed = parseAbiArgs(params, args, { resolve: (address) => this.machine.resolve(address) });
    if (!parsed.ok) throw new FieldsError(parsed.errors, 'args.');
    return parsed.args;
  }

  private value(text: string | undefined): bigint {
    return text === undefined || text.trim() === '' ? 0n : parseFilAmount(text, 'value');
  }

  private hexField(text: string, where: string): Uint8Array {
    const body = text.trim().replace(/^0x/i, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(body))
      throw invalidInput('not hex bytes: 0x followed by pairs of hex digits', where);
    return hexToBytes(body);
  }

  /** Turns a request into a message draft (gas limit still to be set) and what it is for. */
  private prepare(request: TxRequest): {
    draft: Message;
    kind: MessageKind;
    action: string;
    contract: number | null;
    fn: AbiFunction | null;
    artifactKey: string | null;
  } {
    const from = this.sender(request.from);
    const value = this.value(request.value);
    let to: Address;
    let method: number;
    let params: Uint8Array;
    let kind: MessageKind = 'invoke';
    let action: string;
    let contract: number | null = null;
    let fn: AbiFunction | null = null;
    let artifactKey: string | null = null;
    switch (request.kind) {
      case 'deploy': {
        const artifact = this.registry.require(request.artifactKey, 'artifact');
        if (!artifact.creationCode)
          throw invalidInput(
            `${artifact.name} has no deployable bytecode (abstract, or unlinked libraries)`,
            'artifact',
          );
        const constructorItem = artifact.abi.find((item) => item.type === 'constructor');
        const args = this.encodeArgs(constructorItem?.inputs ?? [], request.args);
        const bytecode = `0x${bytesToHex(artifact.creationCode)}` as const;
        const initcode = encodeDeployData({ abi: artifact.abi, bytecode, args });
        to = Address.newId(EAM_ACTOR_ID);
        method = EAM_CREATE_EXTERNAL;
        params = cborBytes(hexToBytes(initcode.slice(2)));
        kind = 'deploy';
        action = `deploy ${artifact.name}`;
        artifactKey = artifact.key;
        break;
      }
      case 'invoke': {
        const entry = this.contractEntry(request.contract);
        const found = this.functionOf(entry, request.function);
        const args = this.encodeArgs(found.fn.inputs, request.args);
        const calldata = encodeFunctionData({ abi: [found.fn], functionName: found.fn.name, args });
        to = entry.address;
        method = EvmMethod.InvokeContract;
        params = cborBytes(hexToBytes(calldata.slice(2)));
        action = request.function;
        contract = entry.index;
        fn = found.fn;
        break;
      }
      case 'raw': {
        to = addressField(request.to, 'to');
        method = EvmMethod.InvokeContract;
        params = cborBytes(this.hexField(request.calldata, 'calldata'));
        const id = this.machine.resolve(to);
        const entry = id === undefined ? undefined : this.contractById(id);
        contract = entry?.index ?? null;
        action = 'raw calldata';
        break;
      }
      case 'wasmCreate': {
        const parts = createMessageParts(this.machine, request.code, request.params);
        to = parts.to;
        method = parts.method;
        params = parts.params;
        kind = 'wasm';
        action = `create ${this.wasm.nameOf(parts.code.toString())}`;
        break;
      }
      case 'wasmInvoke': {
        to = addressField(request.to, 'to');
        method = methodNumber(request.method);
        params = paramsFromJson(request.params);
        kind = 'wasm';
        action = `method ${method}`;
        break;
      }
      case 'send': {
        to = addressField(request.to, 'to');
        method = request.method ?? 0;
        if (!Number.isSafeInteger(method) || method < 0)
          throw invalidInput('a method number is a whole number', 'method');
        params = request.params ? this.hexField(request.params, 'params') : new Uint8Array(0);
        kind = 'send';
        action = method === 0 ? 'Send' : `method ${method}`;
        break;
      }
    }
    const draft: Message = {
      ...buildMessage(this.machine, from, to, method, params, value, BLOCK_GAS_LIMIT),
      gasFeeCap: this.machine.network.baseFee * 2n + DEFAULT_PREMIUM,
      gasPremium: DEFAULT_PREMIUM,
    };
    return { draft, kind, action, contract, fn, artifactKey };
  }

  private gasLimit(request: TxRequest, draft: Message): number {
    const limit = request.gasLimit;
    if (limit === undefined || limit === null) return estimateGasLimit(this.machine, draft);
    if (!Number.isSafeInteger(limit) || limit <= 0 || limit > BLOCK_GAS_LIMIT)
      throw invalidInput(`a gas limit is a whole number from 1 to ${BLOCK_GAS_LIMIT}`, 'gasLimit');
    return limit;
  }

  /** A dry run: what the message would use, and the limit the form would get (+25%). */
  estimate(request: TxRequest): { gasLimit: number; gasUsed: number; exitCode: number; exitName: string } {
    const { draft } = this.prepare(request);
    const dry = this.machine.call({ ...draft, gasLimit: BLOCK_GAS_LIMIT }, 'explicit');
    return {
      gasLimit: gasLimitFor(dry.receipt.gasUsed),
      gasUsed: dry.receipt.gasUsed,
      exitCode: dry.receipt.exitCode,
      exitName: describeExitCode(dry.receipt.exitCode).name,
    };
  }

  submit(request: TxRequest): TxDetail {
    this.persistence?.assertWritable();
    const prepared = this.prepare(request);
    const gasLimit = this.gasLimit(request, prepared.draft);
    const applied = this.machine.applyMessage({ ...prepared.draft, gasLimit });
    const record: MessageRecord = {
      applied,
      kind: prepared.kind,
      action: prepared.action,
      contract: prepared.contract,
      fn: prepared.fn,
      artifactKey: prepared.artifactKey,
      deployed: null,
      tree: undefined,
    };
    this.records.push(record);
    this.noteNewContracts(record);
    this.persistence?.sessionChanged(this);
    return txDetail(this, record, this.records.length - 1);
  }

  /** Adds the contracts a message created: the deployed one by its artifact, others by their code. */
  private noteNewContracts(record: MessageRecord): void {
    const { applied } = record;
    if (applied.result.receipt.exitCode !== 0) return;
    const index = this.records.indexOf(record);
    if (record.kind === 'deploy') {
      const created = decodeCreateReturn(applied.result.receipt.returnData);
      const artifact = record.artifactKey ? this.registry.get(record.artifactKey) : undefined;
      record.deployed = this.addContract({
        name: artifact?.name ?? 'contract',
        artifactKey: record.artifactKey,
        address: ethToFilecoin(hexToBytes(created.ethAddress.slice(2))),
        id: created.id,
        createdBy: index,
        source: 'deployed',
      });
    }
    const diff = diffStates(
      this.machine.store,
      this.machine.manifest,
      applied.stateRootBefore,
      applied.stateRootAfter,
    );
    for (const change of diff.actors) {
      if (change.kind !== 'added' || !change.after || !this.machine.manifest.is(change.after.code, 'evm'))
        continue;
      if (this.contractById(change.id)) continue;
      const artifact = this.matchDeployedCode(change.id);
      this.addContract({
        name: artifact ? artifact.name : `EVM f0${change.id}`,
        artifactKey: artifact?.key ?? null,
        address: change.after.delegatedAddress ?? Address.newId(change.id),
        id: change.id,
        createdBy: index,
        source: 'created',
      });
    }
  }

  private matchDeployedCode(id: number) {
    const code = this.deployedCode(id);
    return code ? this.registry.matchRuntime(code) : undefined;
  }

  /** An EVM actor's bytecode in the current state. */
  deployedCode(id: number): Uint8Array | undefined {
    const actor = this.machine.actor(id);
    if (!actor || !this.machine.manifest.is(actor.code, 'evm')) return undefined;
    try {
      const evm = decodeEvmState(getDagCbor(this.machine.store, actor.head, 'EVM state'));
      return this.machine.store.get(evm.bytecode);
    } catch {
      // A contract still being constructed has no EVM state yet.
      return undefined;
    }
  }

  private addContract(entry: Omit<ContractEntry, 'index'>): number {
    const index = this.contracts.length;
    this.contracts.push({ ...entry, index });
    return index;
  }

  read(request: ReadRequest): ReadView {
    const from = request.from ? this.sender(request.from) : this.machine.accounts[0]!.address;
    let to: Address;
    let calldata: Uint8Array;
    let fn: AbiFunction | undefined;
    let abi: Abi | undefined;
    if (request.kind === 'invoke') {
      const entry = this.contractEntry(request.contract);
      const found = this.functionOf(entry, request.function);
      const args = this.encodeArgs(found.fn.inputs, request.args);
      calldata = hexToBytes(
        encodeFunctionData({ abi: [found.fn], functionName: found.fn.name, args }).slice(2),
      );
      to = entry.address;
      fn = found.fn;
      abi = found.abi;
    } else {
      to = addressField(request.to, 'to');
      calldata = this.hexField(request.calldata, 'calldata');
      abi = this.abiOfActor(this.machine.resolve(to));
    }
    const message = buildMessage(
      this.machine,
      from,
      to,
      EvmMethod.InvokeContract,
      cborBytes(calldata),
      0n,
      BLOCK_GAS_LIMIT,
    );
    const result = this.machine.call(message);
    return readView(this, result, fn, abi);
  }

  createAccount(request: CreateAccountRequest): TxDetail {
    const amount = parseFilAmount(request.amount, 'amount');
    const funder = this.sender(request.funder, 'funder');
    const index = this.createdAccounts[request.kind]++;
    const key = deriveKey(`${this.machine.network.seed}/created`, request.kind, index);
    const address = request.kind === 'eth' ? f410AddressOf(key) : secpAddress(key);
    const detail = this.submit({
      kind: 'send',
      from: funder.toString(),
      to: address.toString(),
      value: `${amount}`,
    });
    if (detail.exitCode === 0) {
      const genesisCount = this.machine.accounts.filter((a) => a.kind === request.kind).length;
      this.accounts.push({
        label: `${request.kind === 'eth' ? 'eth' : 'f1'} #${genesisCount + index}`,
        kind: request.kind,
        address,
        genesis: false,
      });
      this.persistence?.sessionChanged(this);
    } else {
      this.createdAccounts[request.kind]--;
    }
    return detail;
  }

  atAddress(request: AtAddressRequest): ContractView {
    const address = addressField(request.address, 'address');
    const id = this.machine.resolve(address);
    if (id === undefined) throw notFound(`no actor has the address ${request.address.trim()}`, 'address');
    const actor = this.machine.actor(id)!;
    if (!this.machine.manifest.is(actor.code, 'evm'))
      throw invalidInput(
        `${request.address.trim()} is a ${this.machine.manifest.nameOf(actor.code) ?? 'non-EVM'} actor, not a contract`,
        'address',
      );
    const artifact = this.registry.require(request.artifactKey, 'artifact');
    this.persistence?.assertWritable();
    const existing = this.contractById(id);
    if (existing?.artifactKey === artifact.key) return this.contractView(existing);
    if (existing) {
      // Listed already (deployed here, or created by a contract) under another ABI or none: it takes the
      // chosen one, as a proxy takes its implementation's. Views derived with the old one start over.
      const entry = { ...existing, name: artifact.name, artifactKey: artifact.key };
      this.contracts[existing.index] = entry;
      this.forgetDerivedViews();
      this.persistence?.sessionChanged(this);
      return this.contractView(entry);
    }
    const index = this.addContract({
      name: artifact.name,
      artifactKey: artifact.key,
      address: actor.delegatedAddress ?? Address.newId(id),
      id,
      createdBy: null,
      source: 'at-address',
    });
    this.persistence?.sessionChanged(this);
    return this.contractView(this.contracts[index]!);
  }

  // ---- messages and their views ------------------------------------------------------------------

  record(index: number): MessageRecord {
    const record = this.records[index];
    if (!record) throw notFound(`there is no message #${index}`, 'message');
    this.persistence?.ensureTrace(this, index);
    return record;
  }

  callTreeOf(index: number): IndexedCallTree {
    const record = this.record(index);
    record.tree ??= indexCallTree(
      record.applied.result.trace ?? this.persistence?.differing.get(index) ?? [],
    );
    return record.tree;
  }

  replay(index: number): Replay {
    const record = this.record(index);
    return this.replays.get(index, () => replayWithTraces(this.machine, record.applied));
  }

  /** The replay if it is already in memory (views that only enrich with it do not force one). */
  cachedReplay(index: number): Replay | undefined {
    return this.replays.peek(index);
  }

  /** Views derived from replays (debuggers, storage names) start over: contracts got other artifacts. */
  forgetDerivedViews(): void {
    for (let i = 0; i < this.records.length; i++) this.cachedReplay(i)?.derived.clear();
  }

  debuggerOf(index: number): MessageDebugger {
    const replay = this.replay(index);
    let debug = replay.derived.get('debugger') as MessageDebugger | undefined;
    if (!debug) {
      const tree = indexCallTree(replay.result.trace ?? []);
      debug = new MessageDebugger(
        index,
        tree,
        replay.traces,
        this.registry,
        (node) => nodeLabel(this, tree, node),
        replay.result.receipt.gasUsed,
      );
      replay.derived.set('debugger', debug);
    }
    return debug;
  }

  slotNames(index: number): SlotNames {
    const replay = this.replay(index);
    let names = replay.derived.get('slotNames') as SlotNames | undefined;
    if (!names) {
      names = new SlotNames(this, replay);
      replay.derived.set('slotNames', names);
    }
    return names;
  }

  message(index: number): TxDetail {
    return txDetail(this, this.record(index), index);
  }

  callTree(index: number): CallTreeOverview {
    return callTreeOverview(this, index);
  }

  callNode(index: number, node: number): CallNodeDetail {
    return callNodeDetail(this, index, node);
  }

  gasTotals(index: number): ChargeTotalView[] {
    return chargeTotals(this.callTreeOf(index));
  }

  debugInfo(index: number): DebugInfo {
    return this.debuggerOf(index).info();
  }

  debugRows(index: number, start: number, count: number): StepRow[] {
    return this.debuggerOf(index).rows(start, count);
  }

  debugStep(index: number, step: number, memoryOffset = 0): StepDetail {
    const debug = this.debuggerOf(index);
    if (debug.totalSteps === 0) throw notFound('this message ran no EVM code', 'step');
    const names = this.slotNames(index);
    return debug.detail(step, memoryOffset, (frame, slot) => names.nameInFrame(debug, frame, slot));
  }

  debugNavigate(index: number, from: number, action: NavigateAction): number {
    return this.debuggerOf(index).navigate(from, action);
  }

  debugSource(index: number, file: number): { path: string; content: string } {
    const entry = this.debuggerOf(index).files.list[file];
    if (!entry) throw notFound(`no source #${file} in this message`, 'file');
    return { path: entry.path, content: entry.content };
  }

  gasByLine(index: number): GasByLineView {
    return this.debuggerOf(index).gasByLine();
  }

  stateDiff(index: number): StateDiffView {
    return buildStateDiffView(this, index);
  }

  // ---- Wasm actors (wasm/wasmSession.ts) -----------------------------------------------------------

  /** Installs a Wasm actor module (bytes from a compile or a file); `name` labels it in the panel. */
  installWasm(bytes: Uint8Array, name?: string) {
    return this.wasm.install(bytes, name);
  }

  /** Installed modules, the actors running them, and the loaded bundle. */
  wasmOverview() {
    return this.wasm.overview();
  }

  /** A read-only invoke with JSON params (an implicit message). */
  readWasm(request: WasmReadRequest) {
    return this.wasm.read(request);
  }

  /** A message's Wasm syscalls in order, nested by call (the debugger's view of Wasm actors). */
  syscallTrace(index: number) {
    this.record(index);
    return this.wasm.syscallTrace(index);
  }

  /** Loads a builtin-actors bundle CAR (spec 7.9) in place of the native actors, saved with the workspace. */
  async loadBundle(car: Uint8Array) {
    const view = this.wasm.loadBundle(car);
    await this.wasm.saveBundle();
    return view;
  }

  /** The workspace's saved bundle and module names, put back after it was opened (persistence/). */
  restoreWasm(saved: SavedWasm): string[] {
    return this.wasm.restore(saved);
  }

  savedWasm(): SavedWasm {
    return this.wasm.saved();
  }

  // ---- the workspace (persistence/sessionWorkspace.ts) -------------------------------------------

  openWorkspace(id: string) {
    return workspaceOps.openWorkspace(this, id);
  }

  closeWorkspace() {
    return workspaceOps.closeWorkspace(this);
  }

  workspaceStatus() {
    return workspaceOps.workspaceStatus(this);
  }

  settledStatus() {
    return workspaceOps.settledStatus(this);
  }

  chainInfo() {
    return workspaceOps.chainInfo(this);
  }

  restoreTo(at: number) {
    return workspaceOps.restoreTo(this, at);
  }

  advanceEpochs(count: number) {
    return workspaceOps.advanceEpochs(this, count);
  }

  traceOrigin(index: number) {
    this.record(index);
    return workspaceOps.traceOrigin(this, index);
  }

  followWriter() {
    return workspaceOps.followWriter(this);
  }

  awaitWriter() {
    return workspaceOps.awaitWriter(this);
  }

  takeOver() {
    return workspaceOps.takeOver(this);
  }

  retrySave() {
    return workspaceOps.retrySave(this);
  }
}
