import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Address } from '../../address';
import { encodeBigInt } from '../../encoding/bigint';
import { PlaygroundError } from '../../errors';
import { CID, cidForBlock, decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import { Machine } from '../../machine/machine';
import { scenarioReport } from '../../scenario/report';
import { runScenario } from '../../scenario/runScenario';
import { parseScenario } from '../../scenario/scenario';
import { buildCallTree } from '../../trace/callTree';
import { diffStates } from '../../trace/stateDiff';
import { bytesToHex } from '../../util/bytes';
import { invokeActor } from '../testing/actors.node';
import { wat } from '../testing/wat.node';
import { decodeExecReturn, execParams, INIT_ADDRESS, INIT_EXEC_METHOD } from './exec';
import { decodeReturnValue, encodeJsonParams, ipldToJson, jsonToIpld } from './ipldJson';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../tests/fixtures/wasm/${name}`, import.meta.url), 'utf8');

describe('installing Wasm actor code', () => {
  it('stores the module under CIDv1 raw + blake2b-256, registers it, and describes it; installing again is harmless', async () => {
    const machine = Machine.create();
    const bytes = await wat(fixture('counter.wat'));
    const installed = machine.installActor(bytes);
    expect(installed.code.equals(cidForBlock(IPLD_RAW, bytes))).toBe(true);
    expect(installed.code.code).toBe(0x55);
    expect(machine.store.get(installed.code)).toEqual(bytes);
    expect(machine.code.has(installed.code)).toBe(true);
    expect(installed.warnings).toEqual([]);
    expect(installed.info.exports.map((e) => e.name)).toEqual(['memory', 'invoke']);
    expect(installed.info.imports.map((i) => `${i.module}.${i.name}`)).toContain('ipld.block_link');
    const seen: string[] = [];
    machine.onCodeInstalled = (code) => seen.push(code.toString());
    expect(machine.installActor(bytes).code.equals(installed.code)).toBe(true);
    expect(seen).toEqual([installed.code.toString()]);
  });
});

describe('JSON params (docs/wasm-actors.md)', () => {
  it('maps plain JSON and the DAG-JSON and playground forms to IPLD', () => {
    const cid = cidForBlock(DAG_CBOR, new Uint8Array([0x80]));
    const value = jsonToIpld({
      n: 5,
      s: 'text',
      list: [true, null],
      link: { '/': cid.toString() },
      bytes: { '/': { bytes: 'AQID' } },
      hex: { $hex: '0x0a0b' },
      big: { $int: '18446744073709551615' },
      amount: { $bigint: '-1000' },
      to: { $address: 'f01234' },
    }) as Record<string, unknown>;
    expect(value.n).toBe(5);
    expect(CID.asCID(value.link)?.equals(cid)).toBe(true);
    expect(value.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(value.hex).toEqual(new Uint8Array([10, 11]));
    expect(value.big).toBe(2n ** 64n - 1n);
    expect(value.amount).toEqual(encodeBigInt(-1000n));
    expect(value.to).toEqual(Address.newId(1234).bytes);
    // Through DAG-CBOR and back to JSON: links and bytes in DAG-JSON form, big integers as $int.
    const json = ipldToJson(decodeDagCbor(encodeDagCbor(value)));
    expect(json).toMatchObject({
      link: { '/': cid.toString() },
      bytes: { '/': { bytes: 'AQID' } },
      big: { $int: '18446744073709551615' },
    });
  });

  it('refuses what JSON cannot carry exactly, naming where', () => {
    expect(() => encodeJsonParams({ a: [1, 2.5] })).toThrow(PlaygroundError);
    expect(() => encodeJsonParams({ a: [1, 2.5] })).toThrow(/params\.a\[1\]/);
    expect(() => encodeJsonParams(2 ** 60)).toThrow(/\$int/);
    expect(() => encodeJsonParams({ $hex: 'xyz' })).toThrow(/hex/);
    expect(() => encodeJsonParams({ '/': 'not-a-cid' })).toThrow(PlaygroundError);
    expect(() => encodeJsonParams({ $address: 'f9nope' })).toThrow(PlaygroundError);
  });

  it('decodes return values for reading: CBOR as JSON, raw bytes, and hex for what does not decode', () => {
    expect(decodeReturnValue(new Uint8Array(0), CBOR)).toBeNull();
    expect(decodeReturnValue(encodeDagCbor([1, 'a']), CBOR)).toEqual([1, 'a']);
    expect(decodeReturnValue(new Uint8Array([1, 2]), IPLD_RAW)).toEqual({ '/': { bytes: 'AQI' } });
    expect(decodeReturnValue(new Uint8Array([0xff]), CBOR)).toEqual({ $hex: '0xff' });
  });
});

describe('a user actor end to end: the counter fixture', () => {
  it('is created through Init Exec, keeps DAG-CBOR state, takes JSON params and returns CBOR', async () => {
    const machine = Machine.create();
    const { code } = machine.installActor(await wat(fixture('counter.wat')));
    const from = machine.accounts[0]!.address;
    const message = (to: Address, method: number, params: Uint8Array) => ({
      version: 0 as const,
      from,
      to,
      sequence: machine.nonceOf(from),
      value: 0n,
      gasLimit: 1_000_000_000,
      gasFeeCap: 0n,
      gasPremium: 0n,
      method,
      params,
    });
    const exec = machine.applyMessage(message(INIT_ADDRESS, INIT_EXEC_METHOD, execParams(code)));
    expect(exec.result.receipt.exitCode).toBe(0);
    const { idAddress, robustAddress } = decodeExecReturn(exec.result.receipt.returnData);
    expect(robustAddress.protocol).toBe(2);
    expect(machine.resolve(robustAddress)).toBe(machine.resolve(idAddress));
    const id = machine.resolve(idAddress)!;
    expect(machine.actor(id)!.code.equals(code)).toBe(true);

    const first = invokeActor(machine, idAddress, 2, encodeJsonParams(5));
    expect(decodeReturnValue(first.result.receipt.returnData, first.result.receipt.returnCodec)).toBe(5);
    const second = invokeActor(machine, idAddress, 2, encodeJsonParams(30));
    expect(decodeReturnValue(second.result.receipt.returnData, second.result.receipt.returnCodec)).toBe(35);
    expect(buildCallTree(second.result.trace ?? []).root?.logs).toEqual(['incremented']);
    const read = invokeActor(machine, idAddress, 3);
    expect(decodeReturnValue(read.result.receipt.returnData, read.result.receipt.returnCodec)).toBe(35);
    // The state diff shows the actor's new head: [35].
    const diff = diffStates(machine.store, machine.manifest, second.stateRootBefore, second.stateRootAfter);
    const changed = JSON.stringify(diff, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(changed).toContain(cidForBlock(DAG_CBOR, encodeDagCbor([35])).toString());
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(encodeDagCbor([35]));
    // A count past 255 is refused by the actor (USR_ILLEGAL_ARGUMENT) and changes nothing.
    const tooMuch = invokeActor(machine, idAddress, 2, encodeJsonParams(250));
    expect(tooMuch.result.receipt.exitCode).toBe(16);
    expect(tooMuch.stateRootAfter.equals(tooMuch.stateRootBefore)).toBe(false); // the sender's nonce moved
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(encodeDagCbor([35]));
  });
});

describe('scenario steps installActor / createActor (docs/scenario-format.md)', () => {
  it('the counter scenario fixture runs headless: install, create, increment with JSON params, read', async () => {
    const scenario = parseScenario(JSON.parse(fixture('counter.scenario.json')));
    // The fixture carries the module as hex; it must be counter.wat as it is now.
    const installStep = scenario.steps[0] as { wasm: string };
    expect(installStep.wasm).toBe(`0x${bytesToHex(await wat(fixture('counter.wat')))}`);
    const outcome = runScenario(scenario);
    expect(outcome.passed).toBe(true);
    expect(outcome.steps[0]!.installed?.code).toMatch(/^bafk2bza/);
    expect(outcome.steps[1]!.created?.id).toMatch(/^f0\d+$/);
    expect(outcome.steps.slice(2).map((s) => s.returnValue)).toEqual([7, 10, 10]);
    const report = scenarioReport(outcome) as { steps: Array<Record<string, unknown>> };
    expect(report.steps[3]!.returnValue).toBe(10);
    expect(report.steps[0]!.installed).toMatchObject({ exports: ['memory (memory)', 'invoke (func)'] });
  });

  it('refuses malformed Wasm steps with errors naming the field', () => {
    const steps = (step: unknown) => ({ version: 1, steps: [step] });
    expect(() => parseScenario(steps({ kind: 'installActor' }))).toThrow(/steps\[0\]\.wasm: is required/);
    expect(() => parseScenario(steps({ kind: 'createActor', from: 'secp:0' }))).toThrow(/steps\[0\]\.code/);
    expect(() =>
      parseScenario(steps({ kind: 'send', from: 'secp:0', to: 'f01', params: '0x80', paramsJson: [] })),
    ).toThrow(/paramsJson/);
    expect(() => runScenario(parseScenario(steps({ kind: 'installActor', wasm: '0x0061736d' })))).toThrow(
      PlaygroundError,
    );
  });
});
