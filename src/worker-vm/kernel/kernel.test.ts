import { describe, expect, it } from 'vitest';
import { CodeRegistry, registerNativeActors } from '../actors/registry';
import { Address } from '../address';
import { PlaygroundError } from '../errors';
import { totalOf } from '../gas/charge';
import { OutOfGas } from '../gas/tracker';
import { cidForBlock, decodeDagCbor, encodeDagCbor } from '../ipld/cid';
import { BLAKE2B_256, CBOR, DAG_CBOR, IPLD_RAW, MAX_BLOCK_SIZE } from '../ipld/codecs';
import { deterministicExterns } from '../machine/externs';
import { buildGenesis } from '../machine/genesis';
import { StateTree } from '../state/stateTree';
import { CallManager } from './callManager';
import { ErrorNumber } from './codes';
import { DEFAULT_MACHINE_CONFIG } from './context';
import { SyscallError } from './errors';
import { Kernel } from './kernel';

/** A kernel for actor `receiver` in a fresh genesis, outside any message (for testing single operations). */
function kernelFor(receiver: number, options: { readOnly?: boolean; gas?: number } = {}) {
  const genesis = buildGenesis({ secpAccounts: 2, ethAccounts: 1 });
  const code = new CodeRegistry();
  registerNativeActors(code, genesis.manifest, genesis.emptyArrayCid, genesis.manifestData);
  const tree = StateTree.load(genesis.store, genesis.stateRoot);
  const cm = new CallManager({
    stateTree: tree,
    store: genesis.store,
    manifest: genesis.manifest,
    code,
    network: {
      epoch: 1000n,
      timestamp: 0n,
      baseFee: 100n,
      chainId: 31415926n,
      networkVersion: 28,
      circulatingSupply: 0n,
    },
    externs: deterministicExterns('test'),
    config: DEFAULT_MACHINE_CONFIG,
    gasLimitMilligas: (options.gas ?? 1_000_000_000) * 1000,
    origin: 100,
    originAddress: genesis.accounts[0]!.address,
    nonce: 0,
    effectivePremium: 0n,
    emptyArrayCid: genesis.emptyArrayCid,
  });
  const actor = tree.getActor(receiver)!;
  const kernel = new Kernel(cm, 100, receiver, 2, 0n, options.readOnly ?? false, actor.code);
  return { kernel, cm, genesis };
}

const errno = (work: () => unknown): number => {
  try {
    work();
  } catch (error) {
    if (error instanceof SyscallError) return error.errno;
    throw error;
  }
  throw new Error('expected a syscall error');
};

describe('IPLD block operations (spec 2.4 ipld)', () => {
  it('block_create refuses oversized blocks, unknown codecs and bad DAG-CBOR', () => {
    const { kernel } = kernelFor(100);
    expect(errno(() => kernel.blockCreate(IPLD_RAW, new Uint8Array(MAX_BLOCK_SIZE + 1)))).toBe(
      ErrorNumber.LimitExceeded,
    );
    expect(errno(() => kernel.blockCreate(0x70, new Uint8Array(1)))).toBe(ErrorNumber.IllegalCodec);
    expect(errno(() => kernel.blockCreate(DAG_CBOR, Uint8Array.of(0x82, 0x01)))).toBe(
      ErrorNumber.Serialization,
    );
    expect(kernel.blockCreate(IPLD_RAW, new Uint8Array(MAX_BLOCK_SIZE))).toBe(1);
  });

  it('block_create of a link the invocation cannot reach is NotFound; after block_link it can', () => {
    const { kernel } = kernelFor(100);
    const child = encodeDagCbor([1, 2, 3]);
    const childCid = cidForBlock(DAG_CBOR, child);
    expect(errno(() => kernel.blockCreate(DAG_CBOR, encodeDagCbor([childCid])))).toBe(ErrorNumber.NotFound);
    const id = kernel.blockCreate(DAG_CBOR, child);
    expect(kernel.blockLink(id, BLAKE2B_256, 32).equals(childCid)).toBe(true);
    expect(kernel.blockCreate(DAG_CBOR, encodeDagCbor([childCid]))).toBeGreaterThan(0);
  });

  it('block_link allows only blake2b-256; block_read reports what remains; unknown handles are InvalidHandle', () => {
    const { kernel } = kernelFor(100);
    const id = kernel.blockCreate(CBOR, encodeDagCbor('hello'));
    expect(errno(() => kernel.blockLink(id, 0x12, 32))).toBe(ErrorNumber.IllegalCid);
    expect(errno(() => kernel.blockLink(id, BLAKE2B_256, 20))).toBe(ErrorNumber.IllegalCid);
    expect(kernel.blockRead(id, 0, 3)).toMatchObject({ remaining: 3 });
    expect(kernel.blockRead(id, 2, 10).remaining).toBe(-6);
    expect(kernel.blockRead(id, 100, 4).data.length).toBe(0);
    expect(errno(() => kernel.blockRead(99, 0, 1))).toBe(ErrorNumber.InvalidHandle);
    expect(errno(() => kernel.blockRead(id, 0x7fff_fff0, 0x100))).toBe(ErrorNumber.IllegalArgument);
  });

  it('block_open needs a reachable CID and charges base, scan and open', () => {
    const { kernel, cm } = kernelFor(100);
    const root = kernel.root();
    expect(errno(() => kernel.blockOpen(cidForBlock(DAG_CBOR, encodeDagCbor('elsewhere'))))).toBe(
      ErrorNumber.NotFound,
    );
    const before = cm.trace!.length;
    const opened = kernel.blockOpen(root);
    expect(decodeDagCbor(kernel.blockRead(opened.id, 0, opened.size).data)).toBeInstanceOf(Array);
    const names = cm.trace!.slice(before).flatMap((e) => (e.kind === 'GasCharge' ? [e.charge.name] : []));
    expect(names.slice(0, 3)).toEqual(['OnBlockOpenBase', 'OnScanIpldLinks', 'OnBlockOpen']);
  });
});

describe('self, actor and event operations', () => {
  it('mutations are refused in read-only calls', () => {
    const { kernel } = kernelFor(100, { readOnly: true });
    expect(errno(() => kernel.setRoot(kernel.root()))).toBe(ErrorNumber.ReadOnly);
    expect(errno(() => kernel.selfDestruct(true))).toBe(ErrorNumber.ReadOnly);
    expect(errno(() => kernel.emitEvent([], 0, 0))).toBe(ErrorNumber.ReadOnly);
    expect(errno(() => kernel.send(Address.newId(101), 0, 0, 1n, undefined, 0n))).toBe(ErrorNumber.ReadOnly);
  });

  it('only the Init actor may create actors', () => {
    const { kernel, genesis } = kernelFor(100);
    expect(errno(() => kernel.createActor(500, genesis.manifest.code('account'), null))).toBe(
      ErrorNumber.Forbidden,
    );
  });

  it('events are validated after being charged', () => {
    const { kernel, cm } = kernelFor(100);
    const entry = { flags: 3, key: 't1', codec: IPLD_RAW, value: new Uint8Array(32) };
    kernel.emitEvent([entry], 2, 32);
    expect(cm.events.events).toHaveLength(1);
    expect(errno(() => kernel.emitEvent([{ ...entry, flags: 4 }], 2, 32))).toBe(ErrorNumber.IllegalArgument);
    expect(errno(() => kernel.emitEvent([{ ...entry, codec: DAG_CBOR }], 2, 32))).toBe(
      ErrorNumber.IllegalCodec,
    );
    expect(errno(() => kernel.emitEvent([{ ...entry, key: 'k'.repeat(32) }], 32, 32))).toBe(
      ErrorNumber.LimitExceeded,
    );
    expect(errno(() => kernel.emitEvent(new Array(256).fill(entry), 512, 8192))).toBe(
      ErrorNumber.LimitExceeded,
    );
    expect(errno(() => kernel.emitEvent([{ ...entry, value: new Uint8Array(8193) }], 2, 8193))).toBe(
      ErrorNumber.LimitExceeded,
    );
    expect(cm.events.events).toHaveLength(1);
  });

  it('hash: known codes charge per byte; unknown codes are IllegalArgument', () => {
    const { kernel, cm } = kernelFor(100);
    expect(kernel.hash(0x1b, new Uint8Array(10))).toHaveLength(32);
    const last = cm.trace!.at(-1);
    expect(last?.kind === 'GasCharge' && totalOf(last.charge)).toBe(330_000);
    expect(errno(() => kernel.hash(0x99, new Uint8Array(1)))).toBe(ErrorNumber.IllegalArgument);
  });
});

describe('randomness and tipsets (spec 2.4, 13 item 13)', () => {
  it('a future epoch runs out of gas instead of failing', () => {
    const { kernel } = kernelFor(100);
    expect(kernel.getChainRandomness(999n)).toHaveLength(32);
    expect(() => kernel.getBeaconRandomness(1001n)).toThrow(OutOfGas);
  });

  it('tipset CIDs exist only for past epochs', () => {
    const { kernel } = kernelFor(100);
    expect(kernel.tipsetCid(999n).code).toBe(DAG_CBOR);
    expect(errno(() => kernel.tipsetCid(1000n))).toBe(ErrorNumber.IllegalArgument);
    expect(errno(() => kernel.tipsetCid(-1n))).toBe(ErrorNumber.IllegalArgument);
  });
});

describe('typed errors for malformed input', () => {
  it('bad CBOR bytes are MalformedData', () => {
    expect(() => decodeDagCbor(Uint8Array.of(0xff, 0x00))).toThrow(PlaygroundError);
    try {
      decodeDagCbor(Uint8Array.of(0xff));
    } catch (error) {
      expect((error as PlaygroundError).kind).toBe('MalformedData');
    }
  });
});
