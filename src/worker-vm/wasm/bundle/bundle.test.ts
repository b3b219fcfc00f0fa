import { readFileSync } from 'node:fs';
import * as CarBufferWriter from '@ipld/car/buffer-writer';
import { describe, expect, it } from 'vitest';
import { Address } from '../../address';
import { PlaygroundError } from '../../errors';
import type { Message } from '../../executor/message';
import { cidForBlock, encodeDagCbor } from '../../ipld/cid';
import { DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import { type AppliedMessage, Machine } from '../../machine/machine';
import { buildCallTree, type CallNode } from '../../trace/callTree';
import { message } from '../testing/actors.node';
import { wat } from '../testing/wat.node';
import { readBundle, writeBundle } from './bundle';
import { installBundle, loadBundle } from './installBundle';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../tests/fixtures/wasm/${name}`, import.meta.url), 'utf8');

/** A CAR written by hand, for the malformed cases writeBundle cannot produce. */
function car(
  roots: ReturnType<typeof cidForBlock>[],
  blocks: Array<{ cid: ReturnType<typeof cidForBlock>; bytes: Uint8Array }>,
) {
  const size =
    CarBufferWriter.headerLength({ roots }) +
    blocks.reduce((sum, block) => sum + CarBufferWriter.blockLength(block), 0);
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots });
  for (const block of blocks) writer.write(block);
  return writer.close();
}

const dagBlock = (value: unknown) => {
  const bytes = encodeDagCbor(value);
  return { cid: cidForBlock(DAG_CBOR, bytes), bytes };
};

describe('bundle CARs (spec 7.9)', () => {
  it('writes and reads back the builtin-actors-bundler layout: root [1, manifest], manifest [[name, code]], modules', async () => {
    const placeholder = await wat(fixture('placeholder.wat'));
    const account = await wat(fixture('account.wat'));
    const bytes = writeBundle([
      { name: 'account', bytes: account },
      { name: 'placeholder', bytes: placeholder },
    ]);
    const bundle = readBundle(bytes);
    expect(bundle.actors.map((a) => [a.typeId, a.name])).toEqual([
      [1, 'account'],
      [2, 'placeholder'],
    ]);
    expect(bundle.actors[0]!.code.equals(cidForBlock(IPLD_RAW, account))).toBe(true);
    expect(bundle.actors[1]!.info.memoryMinPages).toBe(16);
    const manifest = dagBlock([
      ['account', cidForBlock(IPLD_RAW, account)],
      ['placeholder', cidForBlock(IPLD_RAW, placeholder)],
    ]);
    expect(bundle.manifestData.equals(manifest.cid)).toBe(true);
    expect(bundle.root.equals(dagBlock([1, manifest.cid]).cid)).toBe(true);
  });

  it('refuses malformed bundles with typed errors that say where', async () => {
    const module = await wat(fixture('placeholder.wat'));
    const code = { cid: cidForBlock(IPLD_RAW, module), bytes: module };
    const manifest = dagBlock([['placeholder', code.cid]]);
    const root = dagBlock([1, manifest.cid]);
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['not a CAR', new Uint8Array([1, 2, 3]), /not a CAR/],
      ['two roots', car([root.cid, manifest.cid], [root, manifest, code]), /one root/],
      [
        'version 2',
        car([dagBlock([2, manifest.cid]).cid], [dagBlock([2, manifest.cid]), manifest, code]),
        /version 2/,
      ],
      ['a missing module', car([root.cid], [root, manifest]), /is not in the CAR/],
      [
        'bytes that do not hash to the CID',
        car(
          [root.cid],
          [
            root,
            manifest,
            { cid: code.cid, bytes: module.map((b, i) => (i === module.length - 1 ? b ^ 1 : b)) },
          ],
        ),
        /do not hash/,
      ],
      [
        'a duplicate name',
        (() => {
          const m = dagBlock([
            ['placeholder', code.cid],
            ['placeholder', code.cid],
          ]);
          const r = dagBlock([1, m.cid]);
          return car([r.cid], [r, m, code]);
        })(),
        /appears twice/,
      ],
      [
        'a DAG-CBOR code CID',
        (() => {
          const bad = { cid: cidForBlock(DAG_CBOR, module), bytes: module };
          const m = dagBlock([['placeholder', bad.cid]]);
          const r = dagBlock([1, m.cid]);
          return car([r.cid], [r, m, bad]);
        })(),
        /raw \+ blake2b-256/,
      ],
    ];
    for (const [what, bytes, message] of cases) {
      expect(() => readBundle(bytes), what).toThrow(PlaygroundError);
      expect(() => readBundle(bytes), what).toThrow(message);
    }
    // A module that is no actor: the error names it.
    const notAnActor = writeBundle([
      { name: 'account', bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) },
    ]);
    expect(() => readBundle(notAnActor)).toThrow(/actor "account": .*does not export its memory/);
  });

  it('installs by name in place of the native actors, keeping the machine manifest; unknown names are reported', async () => {
    const machine = Machine.create();
    const report = loadBundle(
      machine,
      writeBundle([
        { name: 'placeholder', bytes: await wat(fixture('placeholder.wat')) },
        { name: 'counter', bytes: await wat(fixture('placeholder.wat').replace('16)', '1)')) },
      ]),
    );
    expect(report.replaced.map((r) => r.name)).toEqual(['placeholder']);
    expect(report.replaced[0]!.machineCode.equals(machine.manifest.code('placeholder'))).toBe(true);
    expect(report.replaced[0]!.bundleCode.equals(machine.manifest.code('placeholder'))).toBe(false);
    expect(report.unused).toEqual(['counter']);
    expect(machine.store.has(report.replaced[0]!.bundleCode)).toBe(true);
  });
});

describe('a synthetic bundle replacing native actors gives the same receipts (issue 8)', () => {
  /**
   * The same messages on a machine with the native Account and Placeholder and on one running the bundle's
   * Wasm versions: an account created by a send (its constructor runs from the system actor), PubkeyAddress,
   * an exported method, an unknown internal method, a plain transfer, a call to a placeholder.
   */
  async function run(bundle: boolean) {
    const machine = Machine.create();
    if (bundle) {
      installBundle(
        machine,
        readBundle(
          writeBundle([
            { name: 'account', bytes: await wat(fixture('account.wat')) },
            { name: 'placeholder', bytes: await wat(fixture('placeholder.wat')) },
          ]),
        ),
      );
    }
    const [a, b] = machine.accounts;
    const eth = machine.accounts.find((x) => x.kind === 'eth')!;
    const fresh = Address.newSecp256k1(new Uint8Array(65).fill(7).map((x, i) => (i === 0 ? 4 : x)));
    const applied: AppliedMessage[] = [];
    const push = (m: Message) => {
      applied.push(machine.applyMessage(m));
    };
    push(message(machine, fresh, 0, undefined, { value: 1000n }));
    push(message(machine, fresh, 2, undefined, { from: b!.address }));
    push(message(machine, b!.address, 2, undefined, { from: a!.address }));
    push(message(machine, b!.address, 0x1000001, undefined, { from: a!.address }));
    push(message(machine, b!.address, 3, undefined, { from: a!.address }));
    push(message(machine, b!.address, 2, new Uint8Array([0x80]), { from: a!.address }));
    push(message(machine, eth.address, 5, undefined, { from: a!.address, value: 3n }));
    return { machine, applied };
  }

  /** Every charge of a call tree but `wasm_exec`, as [call path, name, compute, other]. */
  function chargesWithoutExec(node: CallNode | undefined, path = 'root'): unknown[] {
    if (!node) return [];
    return [
      ...node.gasCharges.filter((c) => c.name !== 'wasm_exec').map((c) => [path, c.name, c.compute, c.other]),
      ...node.subcalls.flatMap((child, i) => chargesWithoutExec(child, `${path}.${i}`)),
      ['exit', path, node.exitCode, node.error?.errno],
    ];
  }

  const execTotal = (node: CallNode | undefined): number =>
    node
      ? node.gasCharges.filter((c) => c.name === 'wasm_exec').reduce((s, c) => s + c.compute, 0) +
        node.subcalls.reduce((s, c) => s + execTotal(c), 0)
      : 0;

  it('exit codes, return data, events and state roots are identical; gas differs by the Wasm execution only', async () => {
    const native = await run(false);
    const wasm = await run(true);
    expect(wasm.applied.map((a) => a.result.receipt.exitCode)).toEqual([0, 0, 0, 0, 22, 16, 0]);
    native.applied.forEach((n, i) => {
      const w = wasm.applied[i]!;
      const { gasUsed: nativeGas, ...nativeReceipt } = n.result.receipt;
      const { gasUsed: wasmGas, ...wasmReceipt } = w.result.receipt;
      expect(wasmReceipt, `message ${i}`).toEqual(nativeReceipt);
      expect(w.stateRootAfter.equals(n.stateRootAfter), `state after message ${i}`).toBe(true);
      const nativeTree = buildCallTree(n.result.trace ?? []);
      const wasmTree = buildCallTree(w.result.trace ?? []);
      expect(chargesWithoutExec(wasmTree.root), `charges of message ${i}`).toEqual(
        chargesWithoutExec(nativeTree.root),
      );
      // The receipts' gas differs by what Wasm execution is charged (metered vs our estimate), up to rounding.
      const execDifference = (execTotal(wasmTree.root) - execTotal(nativeTree.root)) / 1000;
      expect(Math.abs(wasmGas - nativeGas - execDifference), `gas of message ${i}`).toBeLessThan(1);
    });
    // PubkeyAddress returned the address, CBOR-encoded, from the Wasm account too.
    expect(wasm.applied[2]!.result.receipt.returnData).toEqual(
      encodeDagCbor(wasm.machine.accounts[1]!.address.bytes),
    );
  });
});
