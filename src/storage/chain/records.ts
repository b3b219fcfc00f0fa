import { Address } from '../../worker-vm/address';
import { decodeBigInt, encodeBigInt } from '../../worker-vm/encoding/bigint';
import { malformed, PlaygroundError } from '../../worker-vm/errors';
import type { ApplyResult, Receipt } from '../../worker-vm/executor/applyMessage';
import { encodeMessage, type Message, messageCid } from '../../worker-vm/executor/message';
import type { GasOutputs } from '../../worker-vm/gas/outputs';
import { type CID, decodeDagCbor, encodeDagCbor } from '../../worker-vm/ipld/cid';
import type { BacktraceFrame } from '../../worker-vm/kernel/callManager';
import type { StampedEvent } from '../../worker-vm/kernel/events';
import type { AppliedMessage } from '../../worker-vm/machine/machine';
import type { ScenarioGenesis } from '../../worker-vm/scenario/scenario';
import { asArray, asBytes, asCid, asInt, asRecord, asString, type Fields, onlyKeys, orNull } from './shape';

/**
 * The chain's records, stored as DAG-CBOR bytes (docs/storage.md): the genesis the chain starts from, the
 * head, and one record per applied message. Each carries `v` (its format version); decoding checks every
 * field and throws MalformedData naming the record, so corruption is reported rather than trusted.
 */
export const RECORD_VERSION = 1;

/** Where the machine is: a state root, the clock, how many messages the log holds, and which one `at`. */
export interface ChainHead {
  readonly root: CID;
  readonly epoch: bigint;
  /** Messages in the log (also those on other branches after time travel). */
  readonly messages: number;
  /** The message whose post-state `root` is, or -1 for genesis. */
  readonly at: number;
}

/** An applied message and the message it was applied after (-1: on genesis). */
export interface ChainEntry {
  readonly applied: AppliedMessage;
  readonly parent: number;
}

export interface GenesisRecord {
  readonly genesis: ScenarioGenesis;
  readonly stateRoot: CID;
}

// ---- genesis -------------------------------------------------------------------------------------------

export function genesisToData(record: GenesisRecord): Fields {
  const g = record.genesis;
  const genesis: Fields = {};
  if (g.seed !== undefined) genesis.seed = g.seed;
  if (g.secpAccounts !== undefined) genesis.secpAccounts = g.secpAccounts;
  if (g.ethAccounts !== undefined) genesis.ethAccounts = g.ethAccounts;
  if (g.accountBalance !== undefined) genesis.accountBalance = g.accountBalance;
  return { v: RECORD_VERSION, genesis, stateRoot: record.stateRoot };
}

export function genesisFromData(value: unknown, where = 'genesis record'): GenesisRecord {
  const record = asRecord(value, where);
  onlyKeys(record, ['v', 'genesis', 'stateRoot'], where);
  checkVersion(record, where);
  const g = asRecord(record.genesis, `${where}.genesis`);
  onlyKeys(g, ['seed', 'secpAccounts', 'ethAccounts', 'accountBalance'], `${where}.genesis`);
  const genesis: { -readonly [K in keyof ScenarioGenesis]: ScenarioGenesis[K] } = {};
  if (g.seed !== undefined) genesis.seed = asString(g.seed, `${where}.genesis.seed`, 1000);
  if (g.secpAccounts !== undefined)
    genesis.secpAccounts = asInt(g.secpAccounts, `${where}.genesis.secpAccounts`, 0, 100);
  if (g.ethAccounts !== undefined)
    genesis.ethAccounts = asInt(g.ethAccounts, `${where}.genesis.ethAccounts`, 0, 100);
  if (g.accountBalance !== undefined)
    genesis.accountBalance = asString(g.accountBalance, `${where}.genesis.accountBalance`, 100);
  return { genesis, stateRoot: asCid(record.stateRoot, `${where}.stateRoot`) };
}

// ---- head ----------------------------------------------------------------------------------------------

export function headToData(head: ChainHead): Fields {
  return {
    v: RECORD_VERSION,
    root: head.root,
    epoch: epochToData(head.epoch),
    messages: head.messages,
    at: head.at,
  };
}

export function headFromData(value: unknown, where = 'head record'): ChainHead {
  const record = asRecord(value, where);
  onlyKeys(record, ['v', 'root', 'epoch', 'messages', 'at'], where);
  checkVersion(record, where);
  const messages = asInt(record.messages, `${where}.messages`);
  const at = asInt(record.at, `${where}.at`, -1, messages - 1);
  return {
    root: asCid(record.root, `${where}.root`),
    epoch: BigInt(asInt(record.epoch, `${where}.epoch`)),
    messages,
    at,
  };
}

// ---- messages ------------------------------------------------------------------------------------------

/** A message record: everything the UI shows about an applied message, except its trace (replayed). */
export function entryToData(entry: ChainEntry): Fields {
  const { applied, parent } = entry;
  const result = applied.result;
  const r = result.receipt;
  return {
    v: RECORD_VERSION,
    index: applied.index,
    parent,
    message: encodeMessage(applied.message),
    chainLength: applied.chainLength,
    epoch: epochToData(applied.epoch),
    before: applied.stateRootBefore,
    after: applied.stateRootAfter,
    receipt: [r.exitCode, r.returnData, r.returnCodec, r.gasUsed, r.eventsRoot],
    gasOutputs: result.gasOutputs ? gasOutputsToData(result.gasOutputs) : null,
    minerPenalty: encodeBigInt(result.minerPenalty),
    events: result.events.map((event) => [
      event.emitter,
      event.entries.map((e) => [e.flags, e.key, e.codec, e.value]),
    ]),
    backtrace: [
      result.backtrace.frames.map((f) => [f.source, f.method, f.exitCode, f.message]),
      result.backtrace.cause ?? null,
    ],
    failure: result.failure ?? null,
    senderId: result.senderId ?? null,
  };
}

const ENTRY_FIELDS = [
  'v',
  'index',
  'parent',
  'message',
  'chainLength',
  'epoch',
  'before',
  'after',
  'receipt',
  'gasOutputs',
  'minerPenalty',
  'events',
  'backtrace',
  'failure',
  'senderId',
];

/** Rebuilds an applied message (without its trace) from its record. */
export function entryFromData(value: unknown, where = 'message record'): ChainEntry {
  const record = asRecord(value, where);
  onlyKeys(record, ENTRY_FIELDS, where);
  checkVersion(record, where);
  const at = (field: string) => `${where}.${field}`;
  const index = asInt(record.index, at('index'));
  const parent = asInt(record.parent, at('parent'), -1, index - 1);
  const message = messageFromBytes(asBytes(record.message, at('message')), at('message'));

  const receiptFields = asArray(record.receipt, at('receipt'));
  if (receiptFields.length !== 5) throw malformed('must have 5 fields', at('receipt'));
  const [exitCode, returnData, returnCodec, gasUsed, eventsRoot] = receiptFields;
  const receipt: Receipt = {
    exitCode: asInt(exitCode, at('receipt.exitCode'), 0, 0xffffffff),
    returnData: asBytes(returnData, at('receipt.returnData')),
    returnCodec: asInt(returnCodec, at('receipt.returnCodec')),
    gasUsed: asInt(gasUsed, at('receipt.gasUsed')),
    eventsRoot: orNull(eventsRoot, (v) => asCid(v, at('receipt.eventsRoot'))),
  };

  const events: StampedEvent[] = asArray(record.events, at('events')).map((item, i) => {
    const [emitter, entries, ...rest] = asArray(item, at(`events[${i}]`));
    if (rest.length > 0) throw malformed('must have 2 fields', at(`events[${i}]`));
    return {
      emitter: asInt(emitter, at(`events[${i}].emitter`)),
      entries: asArray(entries, at(`events[${i}].entries`)).map((e, j) => {
        const w = at(`events[${i}].entries[${j}]`);
        const fields = asArray(e, w);
        if (fields.length !== 4) throw malformed('must have 4 fields', w);
        return {
          flags: asInt(fields[0], `${w}.flags`, 0, 0xff),
          key: asString(fields[1], `${w}.key`),
          codec: asInt(fields[2], `${w}.codec`),
          value: asBytes(fields[3], `${w}.value`),
        };
      }),
    };
  });

  const backtraceFields = asArray(record.backtrace, at('backtrace'));
  if (backtraceFields.length !== 2) throw malformed('must have 2 fields', at('backtrace'));
  const frames: BacktraceFrame[] = asArray(backtraceFields[0], at('backtrace.frames')).map((f, i) => {
    const w = at(`backtrace.frames[${i}]`);
    const fields = asArray(f, w);
    if (fields.length !== 4) throw malformed('must have 4 fields', w);
    return {
      source: asInt(fields[0], `${w}.source`),
      method: asInt(fields[1], `${w}.method`),
      exitCode: asInt(fields[2], `${w}.exitCode`, 0, 0xffffffff),
      message: asString(fields[3], `${w}.message`),
    };
  });
  const cause = orNull(backtraceFields[1], (v) => asString(v, at('backtrace.cause')));

  const result: ApplyResult = {
    receipt,
    gasOutputs: orNull(record.gasOutputs, (v) => gasOutputsFromData(v, at('gasOutputs'))) ?? undefined,
    minerPenalty: bigIntFromData(record.minerPenalty, at('minerPenalty')),
    events,
    trace: undefined,
    backtrace: { frames, cause: cause ?? undefined },
    failure: orNull(record.failure, (v) => asString(v, at('failure'))) ?? undefined,
    senderId: orNull(record.senderId, (v) => asInt(v, at('senderId'))) ?? undefined,
  };
  const applied: AppliedMessage = {
    index,
    cid: messageCid(message),
    message,
    epoch: BigInt(asInt(record.epoch, at('epoch'))),
    result,
    stateRootBefore: asCid(record.before, at('before')),
    stateRootAfter: asCid(record.after, at('after')),
    chainLength: asInt(record.chainLength, at('chainLength')),
  };
  return { applied, parent };
}

/** The Filecoin message wire form `[version, to, from, sequence, value, gas_limit, fee_cap, premium, method, params]`. */
export function messageFromBytes(bytes: Uint8Array, where = 'message'): Message {
  const fields = asArray(decodeDagCbor(bytes, where), where);
  if (fields.length !== 10) throw malformed('a message has 10 fields', where);
  const [version, to, from, sequence, value, gasLimit, feeCap, premium, method, params] = fields;
  if (version !== 0) throw malformed('version must be 0', `${where}.version`);
  const message: Message = {
    version: 0,
    to: addressFromData(to, `${where}.to`),
    from: addressFromData(from, `${where}.from`),
    sequence: asInt(sequence, `${where}.sequence`),
    value: bigIntFromData(value, `${where}.value`),
    gasLimit: asInt(gasLimit, `${where}.gasLimit`),
    gasFeeCap: bigIntFromData(feeCap, `${where}.gasFeeCap`),
    gasPremium: bigIntFromData(premium, `${where}.gasPremium`),
    method: asInt(method, `${where}.method`),
    params: asBytes(params, `${where}.params`),
  };
  return message;
}

// ---- encoding helpers ----------------------------------------------------------------------------------

export const encodeRecord = (data: Fields): Uint8Array => encodeDagCbor(data);

/** Decodes stored record bytes; anything else (a value written by something else) is malformed. */
export function decodeRecord(value: unknown, where: string): unknown {
  if (!(value instanceof Uint8Array)) throw malformed('is not a stored record (bytes expected)', where);
  return decodeDagCbor(value, where);
}

function checkVersion(record: Fields, where: string): void {
  if (record.v !== RECORD_VERSION) {
    throw malformed(
      typeof record.v === 'number' && record.v > RECORD_VERSION
        ? `was written by a newer version of the playground (record version ${record.v})`
        : 'has no valid version',
      where,
    );
  }
}

function epochToData(epoch: bigint): number {
  if (epoch < 0n || epoch > BigInt(Number.MAX_SAFE_INTEGER))
    throw malformed(`epoch ${epoch} is out of range`, 'epoch');
  return Number(epoch);
}

const GAS_OUTPUT_FIELDS = [
  'baseFeeBurn',
  'overEstimationBurn',
  'minerPenalty',
  'minerTip',
  'refund',
  'gasRefund',
  'gasBurned',
] as const;

function gasOutputsToData(outputs: GasOutputs): Uint8Array[] {
  return GAS_OUTPUT_FIELDS.map((name) => encodeBigInt(outputs[name]));
}

function gasOutputsFromData(value: unknown, where: string): GasOutputs {
  const fields = asArray(value, where);
  if (fields.length !== GAS_OUTPUT_FIELDS.length)
    throw malformed(`must have ${GAS_OUTPUT_FIELDS.length} fields`, where);
  const out = {} as GasOutputs;
  GAS_OUTPUT_FIELDS.forEach((name, i) => {
    out[name] = bigIntFromData(fields[i], `${where}.${name}`);
  });
  return out;
}

function bigIntFromData(value: unknown, where: string): bigint {
  return decodeBigInt(asBytes(value, where), where);
}

function addressFromData(value: unknown, where: string): Address {
  try {
    return Address.fromBytes(asBytes(value, where));
  } catch (error) {
    if (error instanceof PlaygroundError && error.where === where) throw error;
    throw malformed(error instanceof Error ? error.message : String(error), where);
  }
}
